import Dispatch

/// How often each expectation of a scenario held across replicates with different seeds.
public struct ExpectationReport: Sendable {
    public var seeds: [UInt64]
    /// `outcomes[k][e]`: expectation e measured on the replicate with `seeds[k]`.
    public var outcomes: [[RunResult.ExpectationOutcome]]

    /// Runs one replicate per seed, in parallel on all cores; each replicate has its own GEOS
    /// context and results are stored by replicate index, so they do not depend on scheduling.
    public static func run(_ scenario: Scenario, seeds: [UInt64]) throws(SimulationError) -> ExpectationReport {
        let slots = ResultSlots(count: seeds.count)
        DispatchQueue.concurrentPerform(iterations: seeds.count) { k in
            // Tracks are not needed here: sample only the start and the end.
            let result = Result { () throws(SimulationError) in
                try Simulation(scenario: scenario, seed: seeds[k], sampleInterval: .infinity).run().checkExpectations()
            }
            slots.store(result, at: k)
        }
        var outcomes = [[RunResult.ExpectationOutcome]]()
        for r in slots.results { outcomes.append(try r!.get()) }
        return ExpectationReport(seeds: seeds, outcomes: outcomes)
    }

    /// For expectation `e`: in how many replicates it held, and the range of values measured.
    public func tally(_ e: Int) -> (held: Int, min: Double, max: Double) {
        let values = outcomes.map { $0[e].actual }
        return (outcomes.count { $0[e].holds }, values.min() ?? .nan, values.max() ?? .nan)
    }

    /// Whether every expectation held in at least `minRate` of the replicates.
    public func passes(minRate: Double) -> Bool {
        guard let first = outcomes.first else { return false }
        return first.indices.allSatisfy { Double(tally($0).held) >= minRate * Double(outcomes.count) - 1e-9 }
    }
}

/// Per-replicate results written from worker threads, each slot by exactly one worker.
private final class ResultSlots: @unchecked Sendable {
    private let lock = DispatchQueue(label: "bordersim.results")
    private(set) var results: [Result<[RunResult.ExpectationOutcome], SimulationError>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func store(_ r: Result<[RunResult.ExpectationOutcome], SimulationError>, at k: Int) {
        lock.sync { results[k] = r }
    }
}
