import ArgumentParser
import BorderSim
import BorderSimIO
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the border-crossing benchmark workload through the simulation core.",
        discussion: """
            Loads a workload of ../shared/bench (WORKLOAD.md) as an ordinary scenario and prints the
            benchmark's output line; `seconds` covers the stepping loop only.

            Example: bordersim bench ../shared/bench/data/workload-1000.json --steps 360 --threads 2
            """)

    @Argument(help: "A workload-N.json file; lt.wkt and border.wkt must lie beside it.")
    var workload: String

    @Option(help: "Number of steps S.")
    var steps: Int

    @Option(help: "Worker threads for the phases that touch every walker; the output is the same for any number.")
    var threads = 1

    @OptionGroup var logging: LogOptions

    func validate() throws {
        guard steps >= 0 else { throw ValidationError("--steps must be 0 or more") }
        guard threads >= 1 else { throw ValidationError("--threads must be 1 or more") }
    }

    func run() throws {
        let log = logging.log
        let bench: BenchWorkload
        do { bench = try BenchWorkload(path: workload, steps: steps) } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
        let result: RunResult
        let seconds: Double
        do {
            let simulation = try Simulation(scenario: bench.scenario, sampleInterval: .infinity, threads: threads)
            try simulation.start()
            let started = DispatchTime.now().uptimeNanoseconds
            while !simulation.isFinished { try simulation.step() }
            seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            result = simulation.finish()
        } catch {
            log.error("\(error)")
            throw ExitCode(3)
        }
        let outcome = bench.outcome(of: result)
        let rate = Double(bench.walkers * steps) / seconds
        print(outcome.line(name: "bordersim", walkers: bench.walkers, patrols: bench.patrols, steps: steps)
              + String(format: " seconds=%.6f agent_steps_per_s=%.0f", seconds, rate))
    }
}
