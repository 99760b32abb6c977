import ArgumentParser
import BorderSim
import Testing

@testable import bordersim

/// Exit code 3, "the simulation failed": no scenario file reaches it (the loader refuses what the
/// simulation cannot run, exit 2), so the failure is made in code, below the loader.
@Suite("CLI: a failed simulation exits 3")
struct SimulationFailureTests {
    @Test func aSimulationThatCannotStartExitsThree() throws {
        // No frame: the loader never lets this through; the simulation refuses it.
        let scenario = Scenario(
            name: "no-frame", clock: Clock(start: 0, utcOffset: 0, step: 1, ticks: 10), seed: 1,
            crs: "EPSG:3346", states: [], frames: [], zones: [], tolerance: 0.5, units: [])
        #expect(throws: ExitCode(3)) {
            _ = try simulate(scenario, seed: nil, sampleInterval: nil, threads: 1, log: Log(quiet: true))
        }
    }
}
