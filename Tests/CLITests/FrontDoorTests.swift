import Foundation
import Testing

/// What a new user runs into first: exit codes, the output folder, standard input, values far
/// out of range, and errors reported in the file (and line) where the mistake is.
@Suite("CLI: the front door")
struct FrontDoorTests {
    static let incursion = CLI.fixture("incursion.yaml")

    /// A copy of a fixture scenario with `replace` replaced by `with`, in the fixtures' folder
    /// (so its relative geodata path holds); removed by the caller.
    static func variant(of fixture: String, replacing old: String, with new: String) throws -> String {
        let text = try String(contentsOfFile: CLI.fixture(fixture), encoding: .utf8)
        #expect(text.contains(old), "the fixture no longer has '\(old)'")
        let url = URL(fileURLWithPath: CLI.fixture(fixture))
        let path = url.deletingLastPathComponent().appendingPathComponent(
            "tmp-\(UUID().uuidString.prefix(8))-"
                + url.lastPathComponent
        ).path
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The line (1-based) of the first line of `file` containing `text`.
    static func line(of text: String, in file: String) throws -> Int {
        let lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    // MARK: Exit codes

    @Test(arguments: [
        ["run", "--no-such-flag"],
        ["run", incursion, "--out", "/tmp/x", "--threads", "0"],
        ["run", incursion, "--out", "/tmp/x", "--threads", "100000000"],
        ["run", incursion, "--out", "/tmp/x", "--trajectory-interval", "1e308 s"],
        ["sweep", incursion, "--threads", "100000000"],
        ["sweep", incursion, "--replicates", "99999999"],
        ["check", incursion, "--seeds", "99999999999"],
        ["bench", incursion, "--steps", "0"],
        ["geodata", "--where", "25.8"],
        ["geodata", "--where", "254.1,25.8"],
        ["frobnicate"],
    ])
    func usageErrorsExitTwoAsDocumented(arguments: [String]) throws {
        let r = try CLI.run(arguments)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains("Error:") || r.stderr.contains("error:"))
        #expect(r.stdout.isEmpty)
    }

    @Test func eachClassOfOutcomeHasItsExitCode() throws {
        #expect(try CLI.run(["validate", Self.incursion]).status == 0)
        #expect(try CLI.run(["check", CLI.fixture("failing-expectation.yaml")]).status == 1)
        #expect(try CLI.run(["validate", CLI.fixture("bad-speed.yaml")]).status == 2)
        let file = try CLI.temporaryFolder().appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let blocked = try CLI.run(["run", Self.incursion, "--out", file.path])
        #expect(blocked.status == 2 && blocked.stderr.contains("exists and is not a folder"), "\(blocked.stderr)")
    }

    // MARK: The output folder

    @Test func aOneCharacterFolderInTheWorkingFolderIsWritten() throws {
        let cwd = try CLI.temporaryFolder()
        let r = try CLI.run(["run", Self.incursion, "--out", "a", "--quiet"], in: cwd)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd.path) == ["a"], "no staging folder left")
        #expect(FileManager.default.fileExists(atPath: cwd.appendingPathComponent("a/summary.json").path))
        let sweep = try CLI.run(
            ["sweep", CLI.fixture("sweep/sweep.yaml"), "--out", "b", "--quiet", "--replicates", "2"],
            in: cwd)
        #expect(sweep.status == 0, "\(sweep.stderr)")
        #expect(FileManager.default.fileExists(atPath: cwd.appendingPathComponent("b/runs.csv").path))
    }

    @Test func dashIsNotAnOutputFolder() throws {
        let cwd = try CLI.temporaryFolder()
        for command in [["run", Self.incursion], ["sweep", CLI.fixture("sweep/sweep.yaml")]] {
            let r = try CLI.run(command + ["--out", "-"], in: cwd)
            #expect(r.status == 2)
            #expect(r.stderr.contains("cannot go to standard output ('-')"), "\(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd.path).isEmpty)
    }

    @Test func theOutputFolderIsCheckedBeforeTheRun() throws {
        let out = try CLI.temporaryFolder()
        try Data("keep".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let r = try CLI.run(["run", Self.incursion, "--out", out.path])
        #expect(r.status == 2 && r.stderr.contains("is not empty; use --force"), "\(r.stderr)")
        #expect(!r.stderr.contains("running "), "refused before simulating")
    }

    @Test func aDeadWritersStagingFolderIsCleanedByTheNextRun() throws {
        // A process that has exited: its pid is in no staging folder of a live writer.
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let pid = dead.processIdentifier
        let root = try CLI.temporaryFolder()
        let fm = FileManager.default
        // Left inside an existing output folder, and beside a missing one.
        let existing = root.appendingPathComponent("existing")
        try fm.createDirectory(
            at: existing.appendingPathComponent(".bordersim-staging-\(pid)-AbC123/half"),
            withIntermediateDirectories: true)
        try fm.createDirectory(
            at: root.appendingPathComponent(".fresh.bordersim-staging-\(pid)-XyZ789"),
            withIntermediateDirectories: true)
        let first = try CLI.run(["run", Self.incursion, "--out", existing.path, "--quiet"])
        #expect(first.status == 0, "the stale folder does not make the folder 'not empty': \(first.stderr)")
        #expect(!(try fm.contentsOfDirectory(atPath: existing.path)).contains { $0.hasPrefix(".bordersim-staging") })
        let second = try CLI.run(["run", Self.incursion, "--out", root.appendingPathComponent("fresh").path, "--quiet"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: root.path).sorted() == ["existing", "fresh"])
    }

    // MARK: Standard input

    @Test func dashReadsTheScenarioFromStandardInput() throws {
        let text = try Data(contentsOf: URL(fileURLWithPath: Self.incursion))
        let folder = URL(fileURLWithPath: Self.incursion).deletingLastPathComponent()
        let valid = try CLI.run(["validate", "-"], in: folder, input: text)
        #expect(valid.status == 0 && valid.stdout.hasPrefix("<stdin>: valid"), "\(valid.stderr)")
        let out = try CLI.temporaryFolder().appendingPathComponent("out")
        let run = try CLI.run(["run", "-", "--out", out.path, "--quiet"], in: folder, input: text)
        #expect(run.status == 0, "\(run.stderr)")
        let broken = try CLI.run(["validate", "-"], in: folder, input: Data("version: 1\nworld: [\n".utf8))
        #expect(broken.status == 2 && broken.stderr.contains("<stdin>:"), "\(broken.stderr)")
    }

    // MARK: Values out of range

    @Test(arguments: [
        (
            "people_per_day: 2", "people_per_day: 99999999999999999999",
            "expected people per day, a number from 0 to 100000"
        ),
        ("people_per_day: 2", "people_per_day: 1e308", "expected people per day, a number from 0 to 100000"),
        ("people_per_day: 3}", "people_per_day: 99000}", "expected at most 1000000 people per flow over the run"),
        ("speed: 3 km/h", "speed: 1e308 km/h", "expected a speed of at most 100 m/s (360 km/h)"),
        ("duration: 480 h", "duration: 99999999 h", "expected a duration of at most 3660 days"),
    ])
    func hugeValuesAreRefusedAtTheirLine(old: String, new: String, message: String) throws {
        let path = try Self.variant(of: "arrivals.yaml", replacing: old, with: new)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let started = Date()
        let r = try CLI.run(["validate", path])
        #expect(Date().timeIntervalSince(started) < 20, "refused at once, not after building millions of groups")
        #expect(r.status == 2)
        let line = try Self.line(of: new, in: path)
        #expect(r.stderr.contains("\(path):\(line):") && r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func deepNestingIsASyntaxErrorInPlainWords() throws {
        let yaml = "version: 1\nworld: " + String(repeating: "[", count: 2_000) + "\n"
        let r = try CLI.run(["validate", "-"], input: Data(yaml.utf8))
        #expect(r.status == 2)
        #expect(
            r.stderr.contains("<stdin>:2:") && r.stderr.contains("nested more than 1,000 levels deep"), "\(r.stderr)")
        #expect(!r.stderr.contains("yaml_set_max_nest_level"))
    }

    // MARK: Errors in the sweep file

    @Test func sweepMistakesAreReportedInTheSweepFile() throws {
        let cases = [
            (
                "policies: [doubled, no-turn-back]", "policies: [doubled, no-turn-bak]", "no-turn-bak",
                "no policy 'no-turn-bak' in", "did you mean 'no-turn-back'?"
            ),
            (
                "baseline: baseline", "baseline: basline", "basline", "no policy 'basline' in",
                "did you mean 'baseline'?"
            ),
            ("scenario: scenario.yaml", "scenario: nope.yaml", "nope.yaml", "expected a scenario file", "nope.yaml"),
            (
                "scenario: scenario.yaml\n", "", "version", "missing required key 'scenario'",
                "relative to the sweep file"
            ),
        ]
        for (old, new, marker, message, detail) in cases {
            let path = try Self.variant(of: "sweep/sweep.yaml", replacing: old, with: new)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let r = try CLI.run(["sweep", path, "--quiet"])
            #expect(r.status == 2, "\(new): \(r.stderr)")
            let line = try Self.line(of: marker, in: path)
            #expect(
                r.stderr.contains("\(path):\(line):") && r.stderr.contains(message) && r.stderr.contains(detail),
                "\(new): \(r.stderr)")
        }
    }

    // MARK: bench and geodata

    /// A copy of the 1,000-walker workload with `edit` applied, and the WKT files beside it.
    static func workload(_ edit: (inout [String: Any]) -> Void, lt: String? = nil) throws -> String {
        let source = CLI.root.appendingPathComponent("Tests/BorderSimIOTests/Fixtures/bench")
        let folder = try CLI.temporaryFolder()
        var json = try #require(
            JSONSerialization.jsonObject(
                with: Data(contentsOf: source.appendingPathComponent("workload-1000.json"))) as? [String: Any])
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: folder.appendingPathComponent("workload.json"))
        try FileManager.default.copyItem(
            at: source.appendingPathComponent("border.wkt"),
            to: folder.appendingPathComponent("border.wkt"))
        if let lt {
            try Data(lt.utf8).write(to: folder.appendingPathComponent("lt.wkt"))
        } else {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent("lt.wkt"), to: folder.appendingPathComponent("lt.wkt"))
        }
        return folder.appendingPathComponent("workload.json").path
    }

    @Test func benchRefusesAWorkloadItDoesNotDefine() throws {
        let cases: [((inout [String: Any]) -> Void, String)] = [
            ({ $0["dt"] = 0 }, "dt: expected a step of more than 0"),
            ({ $0["detect_radius"] = -5 }, "detect_radius: expected 0 to 100000 m"),
            ({ $0["speed"] = [1.0] }, "speed: expected 1000 values"),
        ]
        for (edit, message) in cases {
            let path = try Self.workload(edit)
            let r = try CLI.run(["bench", path, "--steps", "2"])
            #expect(r.status == 2 && r.stderr.contains("\(path): \(message)"), "\(r.stderr)")
        }
        let badWKT = try Self.workload({ _ in }, lt: "POLYGON ((0 0, 1 0, 1 1")
        let r = try CLI.run(["bench", badWKT, "--steps", "2"])
        let lt = URL(fileURLWithPath: badWKT).deletingLastPathComponent().appendingPathComponent("lt.wkt").path
        #expect(r.status == 2 && r.stderr.contains("\(lt): expected the WKT of Lithuania's territory"), "\(r.stderr)")
    }

    /// The synthetic test border with Lithuania's ring replaced.
    static func geodata(lithuania ring: [[Double]]) throws -> String {
        let source = CLI.root.appendingPathComponent("Tests/BorderSimIOTests/Fixtures/geodata/test-border.geojson")
        var json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        var features = try #require(json["features"] as? [[String: Any]])
        let lt = try #require(features.firstIndex { ($0["properties"] as? [String: Any])?["state"] as? String == "LT" })
        features[lt]["geometry"] = ["type": "Polygon", "coordinates": [ring]]
        json["features"] = features
        let path = try CLI.temporaryFolder().appendingPathComponent("border.geojson")
        try JSONSerialization.data(withJSONObject: json).write(to: path)
        return path.path
    }

    @Test func geodataRefusesOpenRingsAndTerritoriesThatDoNotTile() throws {
        let cases: [([[Double]], String)] = [
            ([[24.9, 54.0], [25.0, 54.0], [25.0, 54.1], [24.9, 54.1]], "expected a closed ring (RFC 7946 §3.1.6)"),
            ([[24.9, 54.0], [25.01, 54.0], [25.01, 54.1], [24.9, 54.1], [24.9, 54.0]], "overlap over"),
            (
                [[24.9, 54.0], [24.99, 54.0], [24.99, 54.1], [24.9, 54.1], [24.9, 54.0]],
                "there is a gap between the territories"
            ),
        ]
        for (ring, message) in cases {
            let path = try Self.geodata(lithuania: ring)
            let r = try CLI.run(["geodata", path])
            #expect(r.status == 2 && r.stderr.contains(path) && r.stderr.contains(message), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        let sound = try CLI.run([
            "geodata",
            try Self.geodata(lithuania: [
                [24.9, 54.0], [25.0, 54.0], [25.0, 54.1],
                [24.9, 54.1], [24.9, 54.0],
            ]),
        ])
        #expect(sound.status == 0, "\(sound.stderr)")
    }

    // MARK: Provenance

    @Test func summaryRecordsTheToolAndIsTheSameForAnyPathToTheScenario() throws {
        let base = try CLI.temporaryFolder()
        let relative = try CLI.run([
            "run", "Tests/CLITests/Fixtures/incursion.yaml", "--out", base.appendingPathComponent("r").path,
            "--quiet",
        ])
        let absolute = try CLI.run(["run", Self.incursion, "--out", base.appendingPathComponent("a").path, "--quiet"])
        #expect(relative.status == 0 && absolute.status == 0)
        let one = try Data(contentsOf: base.appendingPathComponent("r/summary.json"))
        let two = try Data(contentsOf: base.appendingPathComponent("a/summary.json"))
        #expect(one == two, "the scenario's path on the command line changed summary.json")
        let summary = try #require(JSONSerialization.jsonObject(with: one) as? [String: Any])
        let provenance = try #require(summary["provenance"] as? [String: Any])
        let scenario = try #require(provenance["scenario"] as? [String: Any])
        #expect(scenario["path"] as? String == "Tests/CLITests/Fixtures/incursion.yaml")
        let libraries = try #require(provenance["libraries"] as? [String: String])
        #expect(libraries["GEOS"]?.first?.isNumber == true && libraries["PROJ"]?.first?.isNumber == true)
        let revision = try #require(provenance["tool_revision"] as? String)
        #expect(revision == "unknown" || revision.prefix(40).allSatisfy(\.isHexDigit), "\(revision)")
    }
}
