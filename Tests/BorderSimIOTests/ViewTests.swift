import BorderGeometry
import BorderSim
import Foundation
import Testing

@testable import BorderSimIO

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The viewer and map pictures of the 17 August 2021 run: what they say matches the run's files.
@Suite("Views: viewer and map of the 17 Aug 2021 run")
struct ViewTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Runs the scenario as `bordersim run` does and writes its outputs into a new folder.
    static func runAug17() throws -> String {
        let loaded = try ScenarioLoader.load(path: root + "/scenarios/2021-08-17-dieveniskes.yaml", policy: nil)
        let result = try Simulation(scenario: loaded.scenario).run()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("bordersim-view-\(UUID().uuidString)")
            .path
        _ = try OutputWriter.write(
            result, provenance: try loaded.provenance(seed: result.seed, toolVersion: "test"),
            to: out, options: OutputOptions())
        return out
    }

    /// One run shared by the tests that only read it.
    static let aug17: Result<String, any Error> = Result(catching: { try runAug17() })

    static func folder() throws -> String { try aug17.get() }

    /// Every element's name and attributes, in document order; fails on anything XMLParser rejects.
    final class Elements: NSObject, XMLParserDelegate {
        var list = [(name: String, attributes: [String: String])]()
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            list.append((name, attributes))
        }
    }

    static func parse(_ bytes: [UInt8]) throws -> [(name: String, attributes: [String: String])] {
        let parser = XMLParser(data: Data(bytes))
        let elements = Elements()
        parser.delegate = elements
        #expect(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
        return elements.list
    }

    @Test func atHalfPastThreeOhSevenTwelveBYOfficersAndThirtyFiveMigrantsAreOnLithuanianSoil() throws {
        let analysis = try RunAnalysis(RunFolder.load(Self.folder()))
        let t = try analysis.run.time("2021-08-17T15:07:30+03:00")
        #expect(t == 450)
        let lt = analysis.countsOnSoil(at: t)["LT"] ?? [:]
        #expect(lt["BY officers"] == 12)
        #expect(lt["migrants"] == 35)
        // Before the crossing everyone is on their own side.
        #expect(analysis.countsOnSoil(at: 60)["LT"]?["BY officers"] == nil)
        #expect(try analysis.run.time("15:07:30") == 450, "a clock time is read on the run's first day, in its zone")
    }

    @Test func theSVGIsValidXMLAndAKnownPointIsWhereTheRunPutIt() throws {
        let folder = try Self.folder()
        let analysis = try RunAnalysis(RunFolder.load(folder))
        let elements = try Self.parse(try MapPicture.svg(analysis, at: 450, extent: .around(unit: "by-shield-line")))
        let svg = try #require(elements.first)
        #expect(svg.name == "svg" && svg.attributes["data-crs"] == "EPSG:3346")
        let x0 = try #require(Double(svg.attributes["data-x0"] ?? ""))
        let y0 = try #require(Double(svg.attributes["data-y0"] ?? ""))
        let scale = try #require(Double(svg.attributes["data-scale"] ?? ""))
        let top = try #require(Double(svg.attributes["data-top"] ?? ""))

        // The run's own record of by-shield-line#0 at 15:07:30, read straight from trajectories.geojson.
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/trajectories.geojson"))
        let features = try #require(
            (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["features"] as? [[String: Any]])
        let track = try #require(
            features.first { ($0["properties"] as? [String: Any])?["person"] as? String == "by-shield-line#0" })
        let times = try #require((track["properties"] as? [String: Any])?["times"] as? [String])
        let i = try #require(times.firstIndex(of: "2021-08-17T15:07:30.000+03:00"))
        let lonLat = try #require(((track["geometry"] as? [String: Any])?["coordinates"] as? [[Double]])?[i])
        let expected = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3346").apply(
            Coordinate(x: lonLat[0], y: lonLat[1]))

        let marker = try #require(elements.first { $0.attributes["data-person"] == "by-shield-line#0" })
        let e = try #require(Double(marker.attributes["data-e"] ?? ""))
        let n = try #require(Double(marker.attributes["data-n"] ?? ""))
        #expect(abs(e - expected.x) < 0.01 && abs(n - expected.y) < 0.01, "marker at (\(e), \(n)), run at \(expected)")
        // Drawn where the georeference says: a 9-px square centred on the point.
        let x = try #require(Double(marker.attributes["x"] ?? "")) + 4.5
        let y = try #require(Double(marker.attributes["y"] ?? "")) + 4.5
        #expect(abs(x - (expected.x - x0) * scale) < 0.1 && abs(y - (top + (y0 - expected.y) * scale)) < 0.1)
        // 53 people at the instant, a scale bar and a north arrow.
        #expect(elements.filter { $0.attributes["data-person"] != nil }.count == 53)
        #expect(
            elements.contains { $0.attributes["data-scale-bar"] != nil }
                && elements.contains { $0.attributes["data-north"] != nil })
    }

    @Test func theSameRunGivesByteIdenticalSVGAndHTML() throws {
        let first = try Self.folder()
        let second = try Self.runAug17()
        defer { try? FileManager.default.removeItem(atPath: second) }
        let a = try RunAnalysis(RunFolder.load(first))
        let b = try RunAnalysis(RunFolder.load(second))
        #expect(try MapPicture.svg(a, at: 450) == MapPicture.svg(b, at: 450))
        #expect(try MapPicture.svg(a, at: nil) == MapPicture.svg(b, at: nil))
        let html = try ViewerWriter.html(a)
        #expect(html == (try ViewerWriter.html(b)))
        #expect(html.count < 3_000_000, "view.html of the 17 Aug run is \(html.count) bytes")
    }

    @Test func theViewerHoldsLeafletAndTheRunAndNothingToFetch() throws {
        let html = String(decoding: try ViewerWriter.html(RunAnalysis(RunFolder.load(Self.folder()))), as: UTF8.self)
        #expect(html.contains("default-src 'none'"))
        #expect(html.contains("window.L=") || html.contains("window.L ="), "Leaflet inlined")
        #expect(!html.contains("sourceMappingURL") && !html.contains("url(images/"))
        #expect(!html.contains("<script src") && !html.contains("<link "))
        #expect(html.contains("\"p\":\"by-shield-line#0\"") && html.contains("window.bordersim"))
    }

    @Test func thinnedTracksStayWithinTheToleranceOfEveryRecordedPosition() throws {
        let analysis = try RunAnalysis(RunFolder.load(Self.folder()))
        var kept = 0
        var total = 0
        for i in analysis.run.tracks.indices {
            let keep = analysis.thinned(i, tolerance: 0.25)
            let cs = analysis.metricTracks[i]
            let ts = analysis.run.tracks[i].times
            #expect(keep.first == 0 && keep.last == cs.count - 1)
            for (a, b) in zip(keep, keep.dropFirst()) where b > a + 1 {
                for m in (a + 1)..<b {
                    let f = (ts[m] - ts[a]) / (ts[b] - ts[a])
                    let x = cs[a].x + (cs[b].x - cs[a].x) * f
                    let y = cs[a].y + (cs[b].y - cs[a].y) * f
                    #expect(hypot(cs[m].x - x, cs[m].y - y) <= 0.25 + 1e-9, "track \(i) vertex \(m)")
                }
            }
            kept += keep.count
            total += cs.count
        }
        #expect(kept < total / 10, "straight walks thin well: \(kept) of \(total)")
    }

    @Test func overTheVertexBudgetTheToleranceDoublesAndThePageSaysSo() throws {
        let analysis = try RunAnalysis(RunFolder.load(Self.folder()))
        let data =
            try JSONSerialization.jsonObject(with: Data(try ViewerWriter.dataJSON(analysis, vertexBudget: 800)))
            as? [String: Any]
        let thinning = try #require(data?["thinning"] as? [String: Any])
        let kept = try #require(thinning["kept"] as? Int)
        let tolerance = try #require(thinning["tolerance_m"] as? Double)
        #expect(kept <= 800 && tolerance > 0.25, "\(thinning)")
        #expect(thinning["vertices"] as? Int == analysis.run.tracks.reduce(0) { $0 + $1.points.count })
        // The soil changes are not thinned: still 12 BY officers in Lithuania at 15:07:30.
        let people = try #require(data?["people"] as? [[String: Any]])
        #expect(people.count == 53)
    }

    @Test func deepestIsWhileAllTwelveOfficersAreAcross() throws {
        let analysis = try RunAnalysis(RunFolder.load(Self.folder()))
        let t = try #require(analysis.deepestIncursion())
        #expect(analysis.countsOnSoil(at: t)["LT"]?["BY officers"] == 12)
    }

    @Test func aFolderThatIsNotARunIsRefusedNamingTheFileAndNothingIsWritten() throws {
        let folder = try Self.folder()
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bordersim-badview-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: bad, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let missing = #expect(throws: ViewError.self) { try RunFolder.load(bad) }
        #expect(missing.map { "\($0)".contains("summary.json") && "\($0)".contains("no such file") } == true)
        for name in RunFolder.requiredFiles {
            try FileManager.default.copyItem(atPath: folder + "/" + name, toPath: bad + "/" + name)
        }
        #expect(throws: Never.self) { try RunFolder.load(bad) }
        try Data(
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"person\":\"x#0\"},\"geometry\":null}]}"
                .utf8
        )
        .write(to: URL(fileURLWithPath: bad + "/trajectories.geojson"))
        let target = bad + "/view.html"
        let malformed = #expect(throws: ViewError.self) { try ViewerWriter.write(folder: bad, to: target) }
        #expect(
            malformed.map { "\($0)".contains("trajectories.geojson") && "\($0)".contains("expected feature 0") }
                == true,
            "\(String(describing: malformed))")
        #expect(!FileManager.default.fileExists(atPath: target))
        try Data("not json".utf8).write(to: URL(fileURLWithPath: bad + "/summary.json"))
        let notJSON = #expect(throws: ViewError.self) { try RunFolder.load(bad) }
        #expect(notJSON.map { "\($0)".contains("summary.json': expected a JSON object") } == true)
        let names = try FileManager.default.contentsOfDirectory(atPath: bad)
        #expect(!names.contains { $0.hasPrefix(".") }, "no temporary file left: \(names)")
    }

    @Test func numbersZeroAndOneAreReadAsNumbers() throws {
        // JSONSerialization on Linux casts 0 and 1 to Bool too; a tolerance of 1 m must stay 1 m.
        let folder = try Self.folder()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("bordersim-tol-\(UUID().uuidString)")
            .path
        try FileManager.default.copyItem(atPath: folder, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let summary = try String(contentsOfFile: copy + "/summary.json", encoding: .utf8)
        try summary.replacingOccurrences(of: "\"tolerance_m\": 2,", with: "\"tolerance_m\": 1,")
            .write(toFile: copy + "/summary.json", atomically: true, encoding: .utf8)
        #expect(try RunFolder.load(copy).tolerance == 1)
    }

    @Test func withoutLeafletTheErrorSaysWhatToInstall() throws {
        let analysis = try RunAnalysis(RunFolder.load(Self.folder()))
        let error = #expect(throws: ViewError.self) { try ViewerWriter.html(analysis, leafletFolder: "/nonexistent") }
        #expect(error.map { "\($0)".contains("libjs-leaflet") } == true)
    }
}
