import Foundation
import Testing

/// `bordersim view`, `bordersim map` and `run --view`, as a user runs them.
@Suite("CLI: view and map", .serialized)
struct ViewCommandTests {
    /// A run of the incursion fixture, with its viewer.
    static func run() throws -> URL {
        let out = try CLI.temporaryFolder().appendingPathComponent("run")
        let r = try CLI.run(["run", CLI.fixture("incursion.yaml"), "--out", out.path, "--view", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        return out
    }

    @Test func runWithViewWritesTheViewerAndMapWritesSVGAndPNG() throws {
        let out = try Self.run()
        let html = try String(contentsOf: out.appendingPathComponent("view.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("bordersim-data"))
        // view -o writes elsewhere, the same bytes.
        let other = out.deletingLastPathComponent().appendingPathComponent("other.html")
        let v = try CLI.run(["view", out.path, "-o", other.path, "--quiet"])
        #expect(v.status == 0 && v.stderr.isEmpty, "\(v.stderr)")
        #expect(try Data(contentsOf: other) == Data(contentsOf: out.appendingPathComponent("view.html")))

        let svg = out.deletingLastPathComponent().appendingPathComponent("map.svg")
        let m = try CLI.run(["map", out.path, "-o", svg.path, "--at", "15:03:00", "--quiet"])
        #expect(m.status == 0, "\(m.stderr)")
        let text = try String(contentsOf: svg, encoding: .utf8)
        #expect(
            text.contains("<svg") && text.contains("at 2021-08-17 15:03:00 +03:00") && text.contains("data-person="))

        // A rerun into the folder without --view removes the earlier run's viewer.
        let again = try CLI.run(["run", CLI.fixture("incursion.yaml"), "--out", out.path, "--force", "--quiet"])
        #expect(
            again.status == 0 && !FileManager.default.fileExists(atPath: out.appendingPathComponent("view.html").path))

        let png = out.deletingLastPathComponent().appendingPathComponent("map.png")
        let p = try CLI.run(["map", out.path, "-o", png.path, "--quiet"])
        #expect(p.status == 0, "\(p.stderr)")
        #expect(try Data(contentsOf: png).prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }

    @Test func aFolderThatIsNotARunExitsTwoNamingTheFileAndWritesNothing() throws {
        let empty = try CLI.temporaryFolder()
        let v = try CLI.run(["view", empty.path])
        #expect(v.status == 2)
        #expect(v.stderr.contains("summary.json") && v.stderr.contains("bordersim run"), "\(v.stderr)")
        let m = try CLI.run(["map", empty.path, "-o", empty.appendingPathComponent("x.svg").path])
        #expect(m.status == 2 && m.stderr.contains("summary.json"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty)
        let missing = try CLI.run(["view", empty.appendingPathComponent("nope").path])
        #expect(missing.status == 2 && missing.stderr.contains("no such folder"), "\(missing.stderr)")
    }

    @Test func badMapOptionsAreRefusedSayingWhatWasExpected() throws {
        let out = try Self.run()
        let dir = out.deletingLastPathComponent()
        let ext = try CLI.run(["map", out.path, "-o", dir.appendingPathComponent("x.jpg").path])
        #expect(ext.status == 2 && ext.stderr.contains("ending in .svg or .png"), "\(ext.stderr)")
        let unit = try CLI.run(["map", out.path, "-o", dir.appendingPathComponent("x.svg").path, "--around", "nobody"])
        #expect(
            unit.status == 2 && unit.stderr.contains("no unit 'nobody'") && unit.stderr.contains("its units are"),
            "\(unit.stderr)")
        let time = try CLI.run(["map", out.path, "-o", dir.appendingPathComponent("x.svg").path, "--at", "yesterday"])
        #expect(time.status == 2 && time.stderr.contains("expected a time as ISO 8601"), "\(time.stderr)")
        let late = try CLI.run([
            "map", out.path, "-o", dir.appendingPathComponent("x.svg").path, "--at", "2021-08-18T00:00:00+03:00",
        ])
        #expect(late.status == 2 && late.stderr.contains("outside the run"), "\(late.stderr)")
        let bbox = try CLI.run(["map", out.path, "-o", dir.appendingPathComponent("x.svg").path, "--bbox", "1,2,3"])
        #expect(bbox.status == 2 && bbox.stderr.contains("minlon,minlat,maxlon,maxlat"), "\(bbox.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.svg").path))
    }
}
