import ArgumentParser
import BorderSim
import BorderSimIO

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario without running it: schema, units, geometry, places and times.",
        discussion: """
            Reports the first problem as FILE:LINE:COLUMN: KEY: what was expected and what was found,
            and exits with code 2; prints a short description of the scenario and exits 0 when it is sound.

            Example: bordersim validate scenarios/example-patrol.yaml
            """)

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var logging: LogOptions

    func run() throws {
        let log = logging.log
        let loaded = try scenario.load(log: log)
        let s = loaded.scenario
        // Building the run prepares every geometry with GEOS and locates every member.
        do { _ = try Simulation(scenario: s, seed: scenario.seed) } catch {
            log.error("\(scenario.scenario): \(error)")
            throw ExitCode(2)
        }
        print("\(scenario.scenario): valid")
        print("  \(s.name): \(s.units.count) units (\(s.units.map(\.size).reduce(0, +)) people), "
              + "\(s.zones.count) zones, \(s.frames.count) frames (\(s.frames.map(\.name).joined(separator: ", "))), "
              + "\(s.clock.ticks) steps of \(s.clock.step) s, \(s.expectations.count) expectations")
    }
}
