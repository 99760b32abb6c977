import ArgumentParser
import BorderSim
import BorderSimIO
import Foundation

/// The scenario file and how to run it, shared by `run`, `validate` and `check`.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "The scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(help: "Seed to run with, instead of the scenario's world.seed.")
    var seed: UInt64?

    @Option(help: "Apply one of the scenario's policies (its name under `policies:`).")
    var policy: String?

    /// Loads the scenario, with the policy if one is given, or exits with its located error.
    func load(log: Log) throws -> LoadedScenario {
        do {
            return try ScenarioLoader.load(path: scenario, policy: policy)
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
    }
}

/// Where logs go: stderr, silenced by --quiet (errors always shown).
struct LogOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print nothing but errors on stderr.")
    var quiet = false

    var log: Log { Log(quiet: quiet) }
}

struct Log {
    let quiet: Bool

    func info(_ message: String) {
        if !quiet { FileHandle.standardError.write(Data((message + "\n").utf8)) }
    }

    func error(_ message: String) {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    }
}

/// Runs one simulation with a progress bar, exiting with code 3 and the reason if it fails.
func simulate(_ scenario: Scenario, seed: UInt64?, sampleInterval: Double?, threads: Int, log: Log) throws -> RunResult {
    let progress = ProgressBar(enabled: !log.quiet)
    defer { progress.finish() }
    do {
        return try Simulation(scenario: scenario, seed: seed, sampleInterval: sampleInterval, threads: threads)
            .run { done, total in progress.update(done, of: total) }
    } catch {
        log.error("\(error)")
        throw ExitCode(3)
    }
}
