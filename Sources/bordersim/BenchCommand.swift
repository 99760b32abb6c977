import ArgumentParser
import BorderSim
import BorderSimIO
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the simulation core on the benchmark workload or on a scenario.",
        discussion: """
            A workload of ../shared/bench (WORKLOAD.md) is loaded as an ordinary scenario and the
            benchmark's output line printed. A scenario file (.yaml) is run as `bordersim run` would
            run it, without writing files; the line gives member-steps per second (every member,
            present or not, each step) and a fingerprint of the final positions, which must not
            change with --threads. `seconds` covers the stepping loop only.

            Examples:
              bordersim bench ../shared/bench/data/workload-1000.json --steps 360 --threads 2
              bordersim bench scenarios/summer-2021-lt-by.yaml --threads 2
            """)

    @Argument(help: "A workload-N.json file (lt.wkt and border.wkt beside it), or a scenario file (.yaml).")
    var input: String

    @Option(help: "Number of steps S (required for a workload; a scenario runs its own span unless given).")
    var steps: Int?

    @OptionGroup var threading: ThreadOptions

    private var threads: Int { threading.count(default: 1) }

    @OptionGroup var logging: LogOptions

    private var isScenario: Bool { input.hasSuffix(".yaml") || input.hasSuffix(".yml") }

    func validate() throws {
        if let steps, !(1...BenchWorkload.maxSteps).contains(steps) {
            throw ValidationError("--steps must be between 1 and \(BenchWorkload.maxSteps); found \(steps)")
        }
        if steps == nil && !isScenario { throw ValidationError("--steps is required for a workload") }
    }

    func run() throws {
        let log = logging.log
        if isScenario { return try runScenario(log: log) }
        let steps = steps ?? 0
        let bench: BenchWorkload
        do { bench = try BenchWorkload(path: input, steps: steps) } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
        let (result, seconds) = try time(bench.scenario, log: log)
        let outcome = bench.outcome(of: result)
        let rate = Double(bench.walkers * steps) / seconds
        print(
            outcome.line(name: "bordersim", walkers: bench.walkers, patrols: bench.patrols, steps: steps)
                + String(format: " seconds=%.6f agent_steps_per_s=%.0f", seconds, rate))
    }

    private func runScenario(log: Log) throws {
        var scenario: Scenario
        do { scenario = try ScenarioLoader.load(path: input).scenario } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
        if let steps { scenario.clock.ticks = steps }
        let (result, seconds) = try time(scenario, log: log)
        let digest = BenchWorkload.digest(result.tracks.map { $0.positions.last! })
        let members = result.tracks.count
        let ticks = scenario.clock.ticks
        let hex = String(digest.poshash, radix: 16)
        print(
            "bordersim scenario=\(URL(fileURLWithPath: input).lastPathComponent) units=\(result.scenario.units.count) "
                + "members=\(members) steps=\(ticks) threads=\(threads) events=\(result.events.count) "
                + "incursions=\(result.incursions.count) checksum=\(digest.checksum) "
                + "poshash=\(String(repeating: "0", count: 16 - hex.count) + hex)"
                + String(format: " seconds=%.6f member_steps_per_s=%.0f", seconds, Double(members * ticks) / seconds))
    }

    /// Runs `scenario` with samples only at the start and end, timing the steps alone.
    private func time(_ scenario: Scenario, log: Log) throws -> (RunResult, seconds: Double) {
        do {
            let simulation = try Simulation(scenario: scenario, sampleInterval: .infinity, threads: threads)
            try simulation.start()
            let started = DispatchTime.now().uptimeNanoseconds
            while !simulation.isFinished { try simulation.step() }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            return (try simulation.finish(), seconds)
        } catch {
            log.error("\(error)")
            throw ExitCode(3)
        }
    }
}
