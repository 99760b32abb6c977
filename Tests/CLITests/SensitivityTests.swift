import Foundation
import Testing

/// Sweep files with `design: morris` and `design: sobol`, run as a user would.
@Suite("sweep design: morris and sobol", .serialized)
struct SensitivityCommandTests {
    static let files = [
        "design.csv", "provenance.json", "runs.csv", "sensitivity.csv", "sensitivity.md",
        "sensitivity.svg", "summary.csv", "summary.md", "summary.svg",
    ]

    func contents(_ folder: URL) throws -> [String: Data] {
        var out = [String: Data]()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            out[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return out
    }

    @Test func aMorrisDesignWritesTablesAndAChartAndRanksWhatDrivesPatrolDistance() throws {
        let out = try CLI.temporaryFolder().appendingPathComponent("morris")
        let r = try CLI.run(["sweep", CLI.fixture("sweep/morris.yaml"), "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let c = try contents(out)
        #expect(c.keys.sorted() == Self.files)
        #expect(r.stdout.hasPrefix("# Sensitivity: Morris elementary effects"))
        #expect(r.stdout == String(decoding: try #require(c["sensitivity.md"]), as: UTF8.self))
        // How far the officers walk depends on their speed and numbers, not on how far they see.
        let section = try #require(r.stdout.components(separatedBy: "## patrol_distance (m)").last)
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| `") }
        #expect(rows.count == 4)
        #expect(
            rows.prefix(2).allSatisfy { $0.contains("lt-patrol.speed") || $0.contains("lt-patrol.size") }, "\(rows)")
        #expect(rows.last?.contains("detection_range") == true || rows.last?.contains("group.speed") == true)
        // 6 trajectories × 5 points, each with 3 replicates.
        let design = String(decoding: try #require(c["design.csv"]), as: UTF8.self).split(separator: "\r\n")
        #expect(design.count == 1 + 30)
        #expect(
            design[0]
                == "point,units.lt-patrol.detection_range,units.lt-patrol.speed,units.group.speed,units.lt-patrol.size")
        let runs = String(decoding: try #require(c["runs.csv"]), as: UTF8.self).split(separator: "\r\n")
        #expect(runs.count == 1 + 30 * 3)
        let svg = String(decoding: try #require(c["sensitivity.svg"]), as: UTF8.self)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "<rect x=").count - 1 == 3 * 4)
    }

    @Test func aSobolDesignShardedAndMergedIsByteIdenticalWithOneMachineWhateverTheThreads() throws {
        let folder = try CLI.temporaryFolder()
        let file = CLI.fixture("sweep/sobol.yaml")
        let whole = folder.appendingPathComponent("whole")
        let r = try CLI.run(["sweep", file, "--out", whole.path, "--quiet", "--threads", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Saltelli sampling, N = 8 (32 points = N × (2 + 2)) × 2 replicates"))
        #expect(r.stdout.contains("| parameter | range | S1 [95 %] | ST [95 %] |"))
        var shards = [String]()
        for k in [3, 1, 2] {
            let out = folder.appendingPathComponent("shard-\(k)").path
            let s = try CLI.run(["sweep", file, "--shard", "\(k)/3", "--out", out, "--quiet", "--threads", "2"])
            #expect(s.status == 0, "\(s.stderr)")
            shards.append(out)
        }
        let merged = folder.appendingPathComponent("merged")
        let m = try CLI.run(["merge"] + shards + ["--out", merged.path, "--quiet"])
        #expect(m.status == 0, "\(m.stderr)")
        #expect(m.stdout == r.stdout)
        let a = try contents(whole)
        let b = try contents(merged)
        #expect(a.keys.sorted() == Self.files)
        for name in Self.files { #expect(a[name] == b[name], "\(name) differs") }
        // The patrol's speed decides how far it walks: its total index dominates.
        let csv = String(decoding: try #require(a["sensitivity.csv"]), as: UTF8.self).split(separator: "\r\n")
        let speed = try #require(csv.first { $0.hasPrefix("patrol_distance,units.lt-patrol.speed,") })
        let st = try #require(Double(speed.split(separator: ",", omittingEmptySubsequences: false)[8]))
        #expect(st > 0.8, "\(speed)")
    }

    @Test(arguments: [
        ("method: morriss", "design.method: expected morris (elementary effects) or sobol", 7),
        ("method: morris\n  levels: 3", "design.levels: expected an even number of levels", 8),
        ("method: sobol\n  trajectories: 4", "trajectories and levels are for design morris", 8),
        (
            "method: morris\n  parameters:\n    units.lt-patrol.speed: {range: [2 km/h, 6 m]}",
            "expected the unit of LOW, 'km/h', in HIGH too", 9
        ),
        (
            "method: morris\n  parameters:\n    units.lt-patrol.speed: {range: [6 km/h, 2 km/h]}",
            "expected LOW < HIGH", 9
        ),
        (
            "method: morris\n  parameters:\n    units.lt-patrol.size: {range: [1, 2.5], integer: true}",
            "expected whole numbers for an integer parameter", 9
        ),
        ("method: morris\n  metrics: [got_thru]", "design.metrics[0]: no metric 'got_thru'; one of arrivals", 8),
    ])
    func designMistakesAreReportedAtTheirLineInTheSweepFile(design: String, message: String, line: Int) throws {
        let folder = try CLI.temporaryFolder()
        var text =
            "version: 1\nscenario: \(CLI.fixture("sweep/scenario.yaml"))\nreplicates: 2\n# a comment\n# another\ndesign:\n  "
            + design
        if !design.contains("parameters") {
            text += "\n  parameters:\n    units.lt-patrol.speed: {range: [2 km/h, 6 km/h]}"
        }
        let file = folder.appendingPathComponent("design.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["sweep", file.path, "--out", folder.appendingPathComponent("out").path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(file.path):\(line):"), "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func aDesignWithAGridOrPoliciesIsRefused() throws {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("design.yaml")
        try """
        version: 1
        scenario: \(CLI.fixture("sweep/scenario.yaml"))
        grid: {units.lt-patrol.size: [2, 3]}
        design:
          method: morris
          parameters: {units.lt-patrol.speed: {range: [2 km/h, 6 km/h]}}
        """.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["sweep", file.path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(file.path):3:7: grid: a sweep has a grid or a design, not both"), "\(r.stderr)")
        let p = try CLI.run(["sweep", CLI.fixture("sweep/morris.yaml"), "--policies", "doubled", "--quiet"])
        #expect(p.status == 2)
        #expect(p.stderr.contains("--policies: a design sweep runs the design's points, not policies"), "\(p.stderr)")
    }

    @Test func aDesignOfTooManyPointsIsRefusedBeforeAnythingLoads() throws {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("huge.yaml")
        try """
        version: 1
        scenario: \(CLI.fixture("sweep/scenario.yaml"))
        design:
          method: sobol
          samples: 65536
          parameters: {units.lt-patrol.speed: {range: [2 km/h, 6 km/h]}}
        """.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["sweep", file.path, "--quiet"])
        #expect(r.status == 2)
        #expect(
            r.stderr.contains("\(file.path):4:3: design: expected at most 20000 design points; this design has 196608"),
            "\(r.stderr)")
    }
}

/// Grid and design key paths reach arrival flows, fences and cameras too.
@Suite("sweep key paths beyond units and zones", .serialized)
struct SweepKeyPathTests {
    @Test func anArrivalRateVariesWithTheGridAndChangesWhoArrives() throws {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("rate.yaml")
        var scenario = try String(contentsOfFile: CLI.fixture("arrivals.yaml"), encoding: .utf8)
        scenario = scenario.replacingOccurrences(of: "../../../geodata/", with: CLI.root.path + "/geodata/")
            .replacingOccurrences(of: "duration: 480 h", with: "duration: 48 h")
            .replacingOccurrences(
                of: "    schedule:\n      - {from: 2021-08-02T00:00:00+03:00, people_per_day: 3}\n", with: "")
        try scenario.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        try """
        version: 1
        scenario: scenario.yaml
        replicates: 2
        grid: {arrivals.flow.people_per_day: [2, 40]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let r = try CLI.run(["sweep", file.path, "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
            .split(separator: "\r\n").filter { $0.contains(",arrivals,") }
            .map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(
            rows.map { String($0[0]) } == ["base", "arrivals.flow.people_per_day=2", "arrivals.flow.people_per_day=40"])
        let means = rows.map { Double($0[4]) ?? -1 }
        #expect(means[2] > 5 * means[1], "\(means)")
        // An unknown flow is refused where the grid names it.
        try """
        version: 1
        scenario: scenario.yaml
        replicates: 2
        grid: {arrivals.flwo.people_per_day: [2]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["sweep", file.path, "--quiet"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("\(file.path):4:8"), "\(bad.stderr)")
        #expect(bad.stderr.contains("flwo"), "\(bad.stderr)")
    }
}
