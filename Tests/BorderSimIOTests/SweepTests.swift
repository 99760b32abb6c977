import BorderSim
import Foundation
import Testing

@testable import BorderSimIO

/// A folder with the policy fixture scenario (pointing at the fixture geodata by absolute
/// path) and, optionally, a sweep file beside it.
struct SweepFolder {
    let url: URL
    var scenario: String { url.appendingPathComponent("scenario.yaml").path }
    var sweepFile: String { url.appendingPathComponent("sweep.yaml").path }

    init(sweep: String? = nil) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("bordersim-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let geodata = try LoaderFixtures.path("geodata/test-border.geojson")
        let yaml = PolicyFixture.yaml.replacingOccurrences(of: "../geodata/test-border.geojson", with: geodata)
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: scenario))
        if let sweep { try Data(sweep.utf8).write(to: URL(fileURLWithPath: sweepFile)) }
    }

    func output(_ name: String) -> String { url.appendingPathComponent(name).path }
}

@Suite("Sweep: plans, parallel replicates, outputs")
struct SweepTests {
    static let sweepFile = """
        version: 1
        scenario: scenario.yaml
        policies: [doubled, quiet]
        baseline: baseline
        replicates: 3
        seed: 40
        grid:
          units.lt-patrol.size: [1, 3]
          world.tolerance: ["0.5 m"]
        """

    @Test func aSweepFileNamesPoliciesBaselineFirstThenGridPoints() throws {
        let folder = try SweepFolder(sweep: Self.sweepFile)
        #expect(SweepPlan.isSweepFile(path: folder.sweepFile) && !SweepPlan.isSweepFile(path: folder.scenario))
        let plan = try SweepPlan.read(path: folder.sweepFile)
        #expect(plan.replicates == 3 && plan.seed == 40 && plan.baseline == "baseline")
        #expect(
            URL(fileURLWithPath: plan.scenarioPath).standardizedFileURL.path
                == URL(fileURLWithPath: folder.scenario).standardizedFileURL.path)
        let sweep = try Sweep.prepare(plan)
        #expect(
            sweep.policies.map(\.name) == [
                "baseline", "doubled", "quiet",
                "units.lt-patrol.size=1; world.tolerance=0.5 m",
                "units.lt-patrol.size=3; world.tolerance=0.5 m",
            ])
        #expect(sweep.baseline == 0 && sweep.seed == 40 && sweep.origin == "BY")
        let grid = sweep.policies[4].loaded.scenario
        #expect(grid.units.first { $0.id == "lt-patrol" }?.size == 3 && grid.tolerance == 0.5)
        // Without a list, every policy of the scenario, the baseline moved first.
        var all = SweepPlan(scenarioPath: folder.scenario, baseline: "quiet")
        #expect(try Sweep.prepare(all).policies.map(\.name) == ["quiet", "baseline", "doubled"])
        all.baseline = nil
        #expect(try Sweep.prepare(all).policies.map(\.name) == ["baseline", "doubled", "quiet"])
    }

    @Test func gridAndPlanErrorsPointIntoTheSweepFile() throws {
        let badUnit = try SweepFolder(
            sweep: Self.sweepFile.replacingOccurrences(of: "units.lt-patrol.size", with: "units.lt-patrl.size"))
        let e = try #require(throws: ScenarioError.self) { try Sweep.prepare(SweepPlan.read(path: badUnit.sweepFile)) }
        #expect(e.file == badUnit.sweepFile && e.line == 8 && e.column == 3)
        #expect(
            e.description.contains("names no unit 'lt-patrl'") && e.description.contains("did you mean 'lt-patrol'?"))

        let badValue = try SweepFolder(sweep: Self.sweepFile.replacingOccurrences(of: "[1, 3]", with: "[1, lots]"))
        let v = try #require(throws: ScenarioError.self) { try Sweep.prepare(SweepPlan.read(path: badValue.sweepFile)) }
        #expect(v.file == badValue.sweepFile && v.line == 8 && v.column == 29)
        #expect(v.keyPath == "grid.units.lt-patrol.size[1]")

        let badMetric = try SweepFolder(
            sweep: Self.sweepFile + "\ntarget: {metric: crosings, half_width: 1, max_replicates: 9}")
        let m = try #require(throws: ScenarioError.self) { try SweepPlan.read(path: badMetric.sweepFile) }
        #expect(m.kind == .unknownName && m.description.contains("did you mean 'crossings'?"))

        let badPolicy = try SweepFolder(
            sweep: Self.sweepFile.replacingOccurrences(of: "[doubled, quiet]", with: "[doubled, loud]"))
        let p = try #require(throws: ScenarioError.self) {
            try Sweep.prepare(SweepPlan.read(path: badPolicy.sweepFile))
        }
        #expect(p.kind == .unknownName && p.description.contains("no policy 'loud'"))
    }

    /// Found while writing the fuzz target: 20 × 20 × 20 values loaded 8,000 policies, for
    /// over a minute, before refusing or running anything.
    @Test func aGridOfMoreThan256PointsIsRefusedAtTheAxisThatTakesItOver() throws {
        let values = { (unit: String) in "[" + (1...20).map { "\"\($0) \(unit)\"" }.joined(separator: ", ") + "]" }
        let folder = try SweepFolder(
            sweep: """
                version: 1
                scenario: scenario.yaml
                grid:
                  units.lt-patrol.size: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
                  world.tolerance: \(values("m"))
                  units.lt-patrol.spread: \(values("cm"))
                """)
        let start = Date()
        let e = try #require(throws: ScenarioError.self) { try Sweep.prepare(SweepPlan.read(path: folder.sweepFile)) }
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(
            e.file == folder.sweepFile && e.line == 6 && e.column == 3 && e.keyPath == "grid.units.lt-patrol.spread")
        #expect(e.message.contains("at most 256 grid points") && e.message.contains("has 4800 (12 × 20 × 20 values)"))
        var command = SweepPlan(scenarioPath: folder.scenario)
        command.grid = [.init(key: "world.tolerance", values: (1...300).map { "\($0) m" })]
        let c = try #require(throws: ScenarioError.self) { try Sweep.prepare(command) }
        #expect(c.file == "command line" && c.message.contains("has 300"))
    }

    @Test func oneWorkerAndTwoWorkersWriteByteIdenticalFiles() throws {
        let folder = try SweepFolder(sweep: Self.sweepFile)
        let sweep = try Sweep.prepare(SweepPlan.read(path: folder.sweepFile))
        let provenance = try SweepProvenance(sweep, toolVersion: "test")
        var outputs = [[String: Data]]()
        for workers in [1, 2] {
            let result = try sweep.run(workers: workers)
            let out = folder.output("out-\(workers)")
            let files = try SweepWriter.write(result, sweep: sweep, provenance: provenance, to: out, force: false)
            #expect(files.map { URL(fileURLWithPath: $0).lastPathComponent } == SweepWriter.fileNames)
            var contents = [String: Data]()
            for name in SweepWriter.fileNames {
                contents[name] = try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
            }
            outputs.append(contents)
        }
        for name in SweepWriter.fileNames { #expect(outputs[0][name] == outputs[1][name], "\(name) differs") }

        let rows = String(decoding: try #require(outputs[0]["runs.csv"]), as: UTF8.self)
            .split(separator: "\r\n").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
        #expect(rows[0] == ["policy", "replicate", "seed"] + RunMetrics.names)
        #expect(rows.count == 1 + 5 * 3)
        // Replicate k of every policy runs with seed 40 + k.
        for row in rows.dropFirst() { #expect(Int(row[2]) == 40 + Int(row[1])!, "\(row)") }
        // The runs really vary between replicates (a varying metric), and the baseline's
        // differences from itself are not written.
        let distance = try #require(rows[0].firstIndex(of: "patrol_distance"))
        #expect(Set(rows.dropFirst().prefix(3).map { $0[distance] }).count == 3)
        let summary = String(decoding: try #require(outputs[0]["summary.csv"]), as: UTF8.self).split(separator: "\r\n")
        #expect(summary.count == 1 + 5 * RunMetrics.names.count)
        #expect(summary[1].hasPrefix("baseline,arrivals,people,3,10,0,10,10,0,,,,"))
        let provenanceText = String(decoding: try #require(outputs[0]["provenance.json"]), as: UTF8.self)
        let scenarioBytes = try Data(contentsOf: URL(fileURLWithPath: folder.scenario))
        #expect(provenanceText.contains(SHA256.hex(of: scenarioBytes)))
        #expect(!provenanceText.contains("worker"))
    }

    @Test func aTargetAddsBatchesUntilItIsMetOrTheMostIsReached() throws {
        let folder = try SweepFolder()
        var plan = SweepPlan(scenarioPath: folder.scenario, policies: ["baseline", "doubled"], replicates: 2, seed: 5)
        // Arrivals never vary: met after the first batch.
        plan.target = SweepPlan.Target(metric: "arrivals", halfWidth: 0.1, maxReplicates: 6)
        let met = try Sweep.prepare(plan).run(workers: 2)
        let metTarget = try #require(met.target)
        #expect(met.replicates == 2 && met.meets(metTarget))
        // Patrol distance varies: batches of 2 up to the most, 5.
        plan.target = SweepPlan.Target(metric: "patrol_distance", halfWidth: 1e-9, maxReplicates: 5)
        let most = try Sweep.prepare(plan).run(workers: 2)
        #expect(most.replicates == 5 && most.seeds == [5, 6, 7, 8, 9])
        let mostTarget = try #require(most.target)
        #expect(!most.meets(mostTarget))
        // The first replicates are the ones a plain run of 2 gives.
        plan.target = nil
        let plain = try Sweep.prepare(plan).run(workers: 1)
        #expect(most.runs.map { Array($0.prefix(2)) } == plain.runs)
    }

    @Test func theSummaryHasPairedDifferencesFromTheBaseline() throws {
        let folder = try SweepFolder()
        let plan = SweepPlan(scenarioPath: folder.scenario, policies: ["baseline", "doubled"], replicates: 4, seed: 1)
        let sweep = try Sweep.prepare(plan)
        let result = try sweep.run(workers: 2)
        let m = try #require(RunMetrics.names.firstIndex(of: "patrol_distance"))
        let d = result.difference(policy: 1, metric: m)
        let a = result.values(policy: 1, metric: m).map { $0! }
        let b = result.values(policy: 0, metric: m).map { $0! }
        #expect(abs(d.mean - (Statistics.mean(a) - Statistics.mean(b))) < 1e-9)
        let table = SweepWriter.table(result)
        #expect(table.contains { $0.hasPrefix("| metric | baseline | doubled |") })
        #expect(table.contains { $0.hasPrefix("| metric | doubled − baseline |") })
        #expect(table.contains { $0.hasPrefix("| arrivals (people) | 10.0 [10.0, 10.0] | 10.0 [10.0, 10.0] |") })
    }

    @Test func fixedDecimalsAreDeterministicAndSigned() {
        #expect(SweepWriter.fixed(1.25, 1) == "1.3")
        #expect(SweepWriter.fixed(-0.0001, 2, signed: true) == "0.00")
        #expect(SweepWriter.fixed(2, 2, signed: true) == "+2.00")
        #expect(SweepWriter.fixed(-12.345, 0) == "-12")
    }
}
