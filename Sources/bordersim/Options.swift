import ArgumentParser
import BorderSim
import BorderSimIO
import Foundation

/// The scenario file and how to run it, shared by `run`, `validate` and `check`.
struct ScenarioOptions: ParsableArguments {
    @Argument(
        help: "The scenario file (YAML); '-' reads it from standard input.",
        completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(help: "Seed to run with, instead of the scenario's world.seed.")
    var seed: UInt64?

    @Option(help: "Apply one of the scenario's policies (its name under `policies:`).")
    var policy: String?

    /// Loads the scenario (`-`: standard input), with the policy if one is given, or exits with its located error.
    func load(log: Log) throws -> LoadedScenario {
        do {
            return try ScenarioLoader.load(path: scenario, policy: policy)
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
    }
}

/// How many threads a command may use: `--threads`, the same name in every command.
struct ThreadOptions: ParsableArguments {
    /// More threads than this only cost memory (a GEOS context and buffers each) on any machine we know.
    static let ceiling = 256

    @Option(
        help:
            "Worker threads, 1 to \(ceiling) (default: 1 for run and bench, every core for sweep). The outputs are the same for any number."
    )
    var threads: Int?

    func validate() throws {
        if let threads, !(1...Self.ceiling).contains(threads) {
            throw ValidationError("--threads must be between 1 and \(Self.ceiling); found \(threads)")
        }
    }

    /// The thread count given, or `fallback` (capped at the ceiling).
    func count(default fallback: Int) -> Int { threads ?? min(max(1, fallback), Self.ceiling) }

    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }
}

/// The most replicates or seeds one command runs: enough for any interval we report, and
/// few enough that the per-run results fit in memory.
let replicateCeiling = 100_000

/// Where logs go: stderr, silenced by --quiet (errors always shown). A command's results on
/// stdout (a sweep's table, check's report) stay: they are what the command is for.
struct LogOptions: ParsableArguments {
    @Flag(
        name: .shortAndLong,
        help:
            "No progress bar or notes on stderr, only errors; `run` prints no timeline either (its results are the files). Other commands still print their results on stdout."
    )
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

/// Lets SIGINT and SIGTERM pass unheeded: called once every output is written, so a late
/// interrupt cannot turn a finished run into a failure (exit 130).
func ignoreInterrupts() {
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
}

/// Runs one simulation with a progress bar, exiting with code 3 and the reason if it fails.
func simulate(_ scenario: Scenario, seed: UInt64?, sampleInterval: Double?, threads: Int, log: Log) throws -> RunResult
{
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
