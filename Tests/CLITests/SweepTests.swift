import Foundation
import Testing

/// `bordersim sweep` run as a user would, on `Fixtures/sweep/` (a scenario with three
/// policies on the real LT–BY border, and a sweep file naming it).
@Suite("bordersim sweep", .serialized)
struct SweepCommandTests {
    static let sweepFile = CLI.fixture("sweep/sweep.yaml")
    static let scenario = CLI.fixture("sweep/scenario.yaml")

    func files(in folder: URL) throws -> [String: Data] {
        var contents = [String: Data]()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            contents[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return contents
    }

    /// SHA-256 of a file by the system's `sha256sum`, independent of bordersim's own.
    func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: output, as: UTF8.self).prefix(64))
    }

    @Test func sweepFileRunWritesTheFourFilesAndPrintsTheTables() throws {
        let out = try CLI.temporaryFolder().appendingPathComponent("out")
        let r = try CLI.run(["sweep", Self.sweepFile, "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.contains("over 4 replicates per policy (seeds 20–23)"))
        #expect(r.stdout.contains("| metric | baseline | doubled | no-turn-back |"))
        #expect(r.stdout.contains("| metric | doubled − baseline | no-turn-back − baseline |"))
        #expect(r.stdout.contains("| arrivals (people) | 6.00 [6.00, 6.00] | 6.00 [6.00, 6.00] | 6.00 [6.00, 6.00] |"))

        let contents = try files(in: out)
        #expect(contents.keys.sorted() == ["provenance.json", "runs.csv", "summary.csv", "summary.md", "summary.svg"])
        let runs = String(decoding: try #require(contents["runs.csv"]), as: UTF8.self).split(separator: "\r\n")
        #expect(runs.count == 1 + 3 * 4)
        #expect(runs[0].hasPrefix("policy,replicate,seed,arrivals,crossings,detections,got_through,"))
        #expect(runs[1].hasPrefix("baseline,0,20,6,6,") && runs[5].hasPrefix("doubled,0,20,6,6,"))
        // The printed tables are summary.md's.
        let markdown = String(decoding: try #require(contents["summary.md"]), as: UTF8.self)
        #expect(markdown.contains(r.stdout.trimmingCharacters(in: .newlines)))
        #expect(markdown.contains("## Provenance"))
        // summary.svg: well-formed, one group per metric with a value, a dot per policy in each.
        let svg = String(decoding: try #require(contents["summary.svg"]), as: UTF8.self)
        #expect(svg.hasPrefix("<?xml") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("data-metric=\"arrivals\"") && svg.contains("difference from baseline"))
        #expect(svg.components(separatedBy: "data-policy=\"doubled\"").count - 1 >= 2, "mean and difference")
        #expect(!svg.contains("nan") && !svg.contains("inf"))

        let provenanceData = try #require(contents["provenance.json"])
        let provenance = try #require(JSONSerialization.jsonObject(with: provenanceData) as? [String: Any])
        let scenario = try #require(provenance["scenario"] as? [String: Any])
        #expect(scenario["sha256"] as? String == (try sha256sum(Self.scenario)))
        let sweep = try #require(provenance["sweep_file"] as? [String: Any])
        #expect(sweep["sha256"] as? String == (try sha256sum(Self.sweepFile)))
        #expect(provenance["seeds"] as? [Int] == [20, 21, 22, 23])
        #expect(provenance["policies"] as? [String] == ["baseline", "doubled", "no-turn-back"])
        #expect(markdown.contains(try sha256sum(Self.scenario)))
    }

    @Test func outputsDoNotDependOnTheNumberOfWorkers() throws {
        let base = try CLI.temporaryFolder()
        var outputs = [[String: Data]]()
        for workers in ["1", "2"] {
            let out = base.appendingPathComponent("w\(workers)")
            let r = try CLI.run(["sweep", Self.sweepFile, "--out", out.path, "--threads", workers, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(try files(in: out))
        }
        #expect(outputs[0].keys.sorted() == outputs[1].keys.sorted())
        for (name, data) in outputs[0] { #expect(outputs[1][name] == data, "\(name) differs between 1 and 2 workers") }
    }

    @Test func flagsSelectPoliciesReplicatesAndSeedOnAScenario() throws {
        let r = try CLI.run([
            "sweep", Self.scenario, "--policies", "no-turn-back", "--baseline", "baseline",
            "--replicates", "3", "--seed", "9", "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("over 3 replicates per policy (seeds 9–11)"))
        #expect(r.stdout.contains("| metric | baseline | no-turn-back |"))
        // Without turn-back nothing is pushed back: the difference is minus the baseline's push-backs.
        #expect(r.stdout.contains("| push_backs (events) |"))
        #expect(!r.stdout.contains("doubled"))
    }

    @Test func aGridAddsOnePolicyPerCombination() throws {
        let r = try CLI.run([
            "sweep", Self.scenario, "--policies", "baseline", "--replicates", "2",
            "--grid", "units.lt-patrol.size=1,3", "--grid", "world.tolerance=1 m", "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "| metric | baseline | units.lt-patrol.size=1; world.tolerance=1 m | "
                    + "units.lt-patrol.size=3; world.tolerance=1 m |"))
    }

    @Test func anUnknownPolicyIsABadInputWithItsLocation() throws {
        // The mistake is in the flag, so the flag is named, with the scenario it was looked for in.
        let r = try CLI.run(["sweep", Self.scenario, "--policies", "baseline,dubled", "--quiet"])
        #expect(r.status == 2)
        #expect(
            r.stderr.contains(
                "error: command line: --policies: no policy 'dubled' in \(Self.scenario); "
                    + "did you mean 'doubled'?"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func refusesANonEmptyOutputFolderWithoutForce() throws {
        let out = try CLI.temporaryFolder()
        try Data("keep me".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let r = try CLI.run(["sweep", Self.sweepFile, "--out", out.path, "--replicates", "2", "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("is not empty; use --force"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["notes.txt"])
        let forced = try CLI.run([
            "sweep", Self.sweepFile, "--out", out.path, "--replicates", "2", "--force", "--quiet",
        ])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
                == ["notes.txt", "provenance.json", "runs.csv", "summary.csv", "summary.md", "summary.svg"])
    }

    @Test func helpListsSweep() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0 && r.stdout.contains("sweep"))
    }
}
