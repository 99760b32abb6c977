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
            Every policy the scenario declares is checked as well. With --pipeline, also lists the
            phases each tick of its run goes through, in order, and which the anchors phase fuses
            (docs/architecture.md).

            Example: bordersim validate scenarios/example-patrol.yaml
            """)

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var logging: LogOptions
    @Flag(help: "List the phases of a tick of this scenario's run, in order.")
    var pipeline = false

    func run() throws {
        let log = logging.log
        let loaded = try scenario.load(log: log)
        let s = loaded.scenario
        // Building the run prepares every geometry with GEOS and locates every member.
        let phases: [String]
        do { phases = try Simulation(scenario: s, seed: scenario.seed).phases } catch {
            log.error("\(loaded.path): \(error)")
            throw ExitCode(2)
        }
        // Every policy is a scenario of its own: each must load and build too.
        let policies: [String]
        do {
            policies = try ScenarioLoader.policyNames(contents: loaded.contents, path: loaded.path)
            for policy in policies {
                let variant = try ScenarioLoader.load(contents: loaded.contents, path: loaded.path, policy: policy)
                do { _ = try Simulation(scenario: variant.scenario, seed: scenario.seed) } catch {
                    log.error("\(loaded.path): with policy '\(policy)': \(error)")
                    throw ExitCode(2)
                }
            }
        } catch let error as ScenarioError {
            log.error("\(error)")
            throw ExitCode(2)
        }
        print("\(loaded.path): valid")
        print(
            "  \(s.name): \(s.units.count) units (\(s.units.map(\.size).reduce(0, +)) people), "
                + "\(s.zones.count) zones, \(s.frames.count) frames (\(s.frames.map(\.name).joined(separator: ", "))), "
                + "\(s.clock.ticks) steps of \(s.clock.step) s, \(s.expectations.count) expectations"
                + (policies.isEmpty ? "" : "; policies \(policies.joined(separator: ", ")) valid too"))
        if pipeline { print("  phases of a tick: " + phases.joined(separator: " → ")) }
    }
}
