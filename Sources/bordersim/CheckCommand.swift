import ArgumentParser
import BorderSim
import BorderSimIO
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run a scenario and verify its expect: block, over one seed or many.",
        discussion: """
            With --seeds N, runs replicates with seeds S, S+1, ..., S+N-1 (S: --seed or world.seed) in
            parallel and reports in how many each expectation held. Exits 1 unless every expectation held
            in at least --min-rate of them.

            Example: bordersim check scenarios/example-patrol.yaml --seeds 100 --min-rate 0.95
            """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: "How many seeds to run.")
    var seeds = 1

    @Option(help: "Fraction of seeds in which every expectation must hold (0 to 1).")
    var minRate = 1.0

    @OptionGroup var logging: LogOptions

    func validate() throws {
        guard (1...replicateCeiling).contains(seeds) else {
            throw ValidationError("--seeds must be between 1 and \(replicateCeiling); found \(seeds)")
        }
        guard (0...1).contains(minRate) else { throw ValidationError("--min-rate must be between 0 and 1") }
    }

    func run() throws {
        let log = logging.log
        let loaded = try scenario.load(log: log)
        guard !loaded.scenario.expectations.isEmpty else {
            log.error("\(loaded.path) has no expect: block; nothing to check")
            throw ExitCode(2)
        }
        let base = scenario.seed ?? loaded.scenario.seed
        let report: ExpectationReport
        do {
            report = try ExpectationReport.run(loaded.scenario, seeds: (0..<UInt64(seeds)).map { base &+ $0 })
        } catch {
            log.error("\(error)")
            throw ExitCode(3)
        }
        for line in Self.lines(report, expectations: loaded.scenario.expectations, minRate: minRate) { print(line) }
        if !report.passes(minRate: minRate) { throw ExitCode(1) }
    }

    /// The expected-versus-actual table: one line per expectation, with where it was written.
    static func lines(_ report: ExpectationReport, expectations: [Expectation], minRate: Double) -> [String] {
        let runs = report.seeds.count
        var out = [
            "\(runs == 1 ? "seed \(report.seeds[0])" : "\(runs) seeds from \(report.seeds[0])"): "
                + "\(expectations.count) expectations"
        ]
        for (e, expectation) in expectations.enumerated() {
            let t = report.tally(e)
            let ok = Double(t.held) >= minRate * Double(runs) - 1e-9
            let filters = expectation.filter.keys.sorted().map { "\($0)=\(expectation.filter[$0]!)" }.joined(
                separator: " ")
            let actual = t.min == t.max ? format(t.min) : "\(format(t.min))…\(format(t.max))"
            out.append(
                "\(ok ? "PASS" : "FAIL")  \(t.held)/\(runs)  \(expectation.metric)\(filters.isEmpty ? "" : " [\(filters)]")"
                    + "  expected \(bounds(expectation)), got \(actual)  (\(expectation.source))")
        }
        return out
    }

    private static func bounds(_ e: Expectation) -> String {
        switch (e.min, e.max) {
        case (let lo?, let hi?) where lo == hi: "= \(format(lo))"
        case (let lo?, let hi?): "in [\(format(lo)), \(format(hi))]"
        case (let lo?, nil): "≥ \(format(lo))"
        case (nil, let hi?): "≤ \(format(hi))"
        case (nil, nil): "anything"
        }
    }

    private static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(format: "%.2f", v)
    }
}
