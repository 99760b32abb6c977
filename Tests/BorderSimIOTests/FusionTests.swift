import BorderGeometry
import BorderSimIO
import Foundation
import Testing

@testable import BorderSim

/// Fusing phases into the anchors pass (`Pipeline.fuse`) is a matter of speed only: every
/// shipped scenario and the benchmark workload give byte-identical output files with the
/// pipeline fused and unfused, and on two threads.
@Suite("Pipeline: fused and unfused runs write the same files")
struct FusionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scenarios =
        (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scenarios").path))?
        .filter { $0.hasSuffix(".yaml") }.sorted() ?? []

    /// Every output file of `scenario`'s run, by name.
    static func outputs(_ scenario: Scenario, fusing: Bool, threads: Int = 1) throws -> [String: Data] {
        let simulation = try Simulation(
            scenario: scenario, seed: nil, sampleInterval: nil, context: GeometryContext(),
            threads: threads, fusing: fusing)
        simulation.state.geometry.smallestChunk = 1
        let result = try simulation.run()
        let folder = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let written = try OutputWriter.write(
            result, provenance: OutputSample.provenance, to: folder + "/run",
            options: OutputOptions(positions: true, kepler: true))
        var files = [String: Data]()
        for path in written {
            files[URL(fileURLWithPath: path).lastPathComponent] = FileManager.default.contents(atPath: path)
        }
        return files
    }

    @Test func everyShippedScenarioIsShipped() {
        #expect(Self.scenarios.count >= 5)
    }

    @Test(arguments: scenarios)
    func fusedAndUnfusedRunsWriteTheSameFiles(file: String) throws {
        var scenario = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/" + file).path)
            .scenario
        // The 40-day scenario's first two days (a debug build would take minutes for the rest).
        scenario.clock.ticks = min(scenario.clock.ticks, Int(2 * 86_400 / scenario.clock.step))
        let fused = try Simulation(scenario: scenario)
        let unfused = try Simulation(
            scenario: scenario, seed: nil, sampleInterval: nil, context: GeometryContext(),
            threads: 1, fusing: false)
        // The unfused pipeline has each stage as a phase of its own.
        #expect(unfused.phases.contains("members") && unfused.phases.contains("boundaries"))
        #expect(fused.phases.count < unfused.phases.count)
        let reference = try Self.outputs(scenario, fusing: false)
        #expect(!reference.isEmpty)
        #expect(try Self.outputs(scenario, fusing: true) == reference)
        #expect(try Self.outputs(scenario, fusing: true, threads: 2) == reference)
    }

    @Test func theBenchmarkWorkloadRunsTheSameFusedAndUnfused() throws {
        let bench = try BenchWorkload(path: BenchWorkloadTests.workload, steps: 100)
        func outcome(fusing: Bool) throws -> BenchWorkload.Outcome {
            let simulation = try Simulation(
                scenario: bench.scenario, seed: nil, sampleInterval: .infinity,
                context: GeometryContext(), threads: 1, fusing: fusing)
            return bench.outcome(of: try simulation.run())
        }
        let fused = try outcome(fusing: true)
        let unfused = try outcome(fusing: false)
        #expect(fused.crossingsIntoLT > 0)
        #expect(fused == unfused)
    }
}
