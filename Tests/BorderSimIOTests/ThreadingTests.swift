import BorderSimIO
import Foundation
import Testing

@testable import BorderSim

/// A run must not depend on how many workers share its phases: every shipped scenario (bar
/// the 40-day one, too slow for a debug build) gives identical events, incursions and tracks
/// on 1, 2 and 3 threads, with every phase split however small.
@Suite("Simulation: the same run on any number of threads")
struct ThreadingTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios")

    static func run(_ scenario: Scenario, threads: Int) throws -> RunResult {
        let simulation = try Simulation(scenario: scenario, threads: threads)
        simulation.state.geometry.smallestChunk = 1
        return try simulation.run()
    }

    @Test(arguments: [
        "2021-08-17-dieveniskes.yaml", "2021-08-17-dieveniskes-belarusian-account.yaml",
        "example-patrol.yaml", "policy-demo.yaml",
    ])
    func shippedScenariosGiveTheSameRun(file: String) throws {
        let scenario = try ScenarioLoader.load(path: Self.scenarios.appendingPathComponent(file).path).scenario
        let one = try Self.run(scenario, threads: 1)
        #expect(!one.events.isEmpty)
        for threads in [2, 3] {
            let many = try Self.run(scenario, threads: threads)
            #expect(many.events == one.events)
            #expect(many.incursions == one.incursions)
            #expect(many.tracks == one.tracks)
        }
    }

    @Test func theBenchmarkGivesItsReferenceOnTwoThreads() throws {
        let bench = try BenchWorkload(path: BenchWorkloadTests.workload, steps: 100)
        let simulation = try Simulation(scenario: bench.scenario, sampleInterval: .infinity, threads: 2)
        let outcome = bench.outcome(of: try simulation.run())
        // WORKLOAD.md's row for 1,000 walkers and 100 steps.
        #expect(outcome.crossingsIntoLT == 136 && outcome.crossingsOutOfLT == 3)
        #expect(outcome.detected == 6 && outcome.arrived == 0)
        #expect("\(outcome.checksum)" == "6642294321.838411")
        #expect(String(outcome.poshash, radix: 16) == "da1c69a1541e81f8")
    }
}
