import BorderGeometry
import BorderSim
import Dispatch
import Foundation

/// A policy sweep ready to run: every policy's scenario loaded and resolved, the baseline,
/// and the seeds.
///
/// Replicate k of every policy runs with seed `seed + k`. Units draw from random streams
/// keyed by their ids (`RandomStream`), so replicate k of two policies shares everything the
/// policies do not change — the same migrants at the same speeds — and differences between
/// policies are paired (common random numbers).
public struct Sweep: Sendable {
    /// A policy to compare and its resolved scenario.
    public struct Policy: Sendable {
        public var name: String
        public var loaded: LoadedScenario
    }

    public var plan: SweepPlan
    /// The scenario as written (no policy applied), for provenance.
    public var base: LoadedScenario
    /// The policies in the order they are reported: the listed ones, then the grid points.
    public var policies: [Policy]
    /// Index in `policies` of the one differences are measured against.
    public var baseline: Int
    /// Seed of replicate 0.
    public var seed: UInt64
    /// The state the migrants come from, for `RunMetrics` (the same for every policy).
    public var origin: String

    /// Loads the scenario under every policy of the plan, so a mistake in any policy shows before anything runs.
    public static func prepare(_ plan: SweepPlan) throws(ScenarioError) -> Sweep {
        let contents: Data
        do { contents = try ScenarioLoader.scenarioBytes(plan.scenarioPath) } catch {
            // Missing: the mistake is in the sweep file's `scenario:`, so point there.
            guard let written = plan.writtenScenario else { throw error }
            throw written.value.error(
                .fileNotFound,
                "expected a scenario file, relative to the sweep file; "
                    + error.message)
        }
        let path = plan.scenarioPath
        let root = try ScenarioLoader.document(contents, path: path)
        let declared = try ScenarioLoader.policyBlocks(in: root).map(\.name)
        let sweepSource = plan.sweepFile ?? "command line"
        try plan.checkPolicyNames(declared: declared, scenario: path)
        guard plan.replicates >= 2 else {
            throw ScenarioError(
                .invalidValue, file: sweepSource, keyPath: "replicates",
                message: "expected at least 2 replicates: one run gives no interval", found: "\(plan.replicates)")
        }
        var names = plan.policies ?? (declared.isEmpty ? [ScenarioLoader.basePolicy] : declared)
        let baselineName = plan.baseline ?? names[0]
        names.removeAll { $0 == baselineName }
        names.insert(baselineName, at: 0)
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw ScenarioError(
                .duplicate, file: sweepSource, keyPath: "policies",
                message: "policy '\(name)' is listed twice; list each policy once")
        }

        let base = try ScenarioLoader.load(root: root, contents: contents, path: path, patches: [])
        var policies = [Policy]()
        var patches = [String: PolicyPatch]()
        for name in names {
            let patch = name == ScenarioLoader.basePolicy ? nil : try ScenarioLoader.policyPatch(name, in: root)
            patches[name] = patch
            let loaded = try ScenarioLoader.load(
                root: root, contents: contents, path: path,
                patches: patch.map { [$0] } ?? [])
            policies.append(Policy(name: name, loaded: loaded))
        }
        try plan.checkGridSize()
        // Grid points: every combination of the axes' values (the last axis varying fastest),
        // each on top of the baseline.
        if !plan.grid.isEmpty {
            var combination = [Int](repeating: 0, count: plan.grid.count)
            while true {
                let name = zip(plan.grid, combination).map { "\($0.key)=\($0.values[$1])" }.joined(separator: "; ")
                var point = PolicyPatch(label: "grid point '\(name)'")
                point.mustExist = true
                for (axis, index) in zip(plan.grid, combination) { try axis.change(index, into: &point) }
                guard seen.insert(name).inserted else {
                    throw ScenarioError(
                        .duplicate, file: sweepSource, keyPath: "grid",
                        message: "grid point '\(name)' appears twice; give each value once")
                }
                let loaded = try ScenarioLoader.load(
                    root: root, contents: contents, path: path,
                    patches: (patches[baselineName].map { [$0] } ?? []) + [point])
                policies.append(Policy(name: name, loaded: loaded))
                var axis = plan.grid.count - 1
                while axis >= 0 {
                    combination[axis] += 1
                    if combination[axis] < plan.grid[axis].values.count { break }
                    combination[axis] = 0
                    axis -= 1
                }
                if axis < 0 { break }
            }
        }
        // Design points: each a policy on top of the baseline, replacing the policies.
        if let design = plan.design {
            guard plan.grid.isEmpty else {
                throw ScenarioError(
                    .invalidValue, file: sweepSource, keyPath: "design",
                    message: "a sweep has a grid or a design, not both")
            }
            guard plan.policies == nil else {
                throw ScenarioError(
                    .invalidValue, file: "command line", keyPath: "--policies",
                    message: "a design sweep runs the design's points, not policies; name the policy "
                        + "the points are applied to with --baseline")
            }
            let points = design.unitPoints
            let width = String(points.count).count
            policies = []
            for (i, x) in points.enumerated() {
                let number = String(i + 1)
                let name = "point " + String(repeating: "0", count: width - number.count) + number
                let loaded = try ScenarioLoader.load(
                    root: root, contents: contents, path: path,
                    patches: (patches[baselineName].map { [$0] } ?? [])
                        + [design.patch(x, name: name)])
                policies.append(Policy(name: name, loaded: loaded))
            }
        }
        let origin: String
        do {
            origin = try RunMetrics.origin(of: policies[0].loaded.scenario) ?? ""
        } catch {
            throw ScenarioError(.invalidGeometry, file: path, message: "cannot locate the migrants' start: \(error)")
        }
        return Sweep(
            plan: plan, base: base, policies: policies, baseline: 0,
            seed: plan.seed ?? base.scenario.seed, origin: origin)
    }

    /// Runs every policy's replicates on `workers` threads; then, with a target, further
    /// batches of `plan.replicates` until the target's interval is narrow enough for every
    /// policy or `maxReplicates` is reached.
    ///
    /// Each run is fixed by its policy and seed, and results are stored by (policy, replicate),
    /// so they do not depend on the number of workers or on scheduling.
    ///
    /// - Parameter progress: called from worker threads, one at a time, with (runs done, runs planned so far).
    public func run(workers: Int, progress: (@Sendable (Int, Int) -> Void)? = nil) throws(SimulationError)
        -> SweepResult
    {
        var runs = [[RunMetrics]](repeating: [], count: policies.count)
        var n = 0
        var next = plan.replicates
        let tally = Tally(progress: progress)
        while true {
            tally.planned = policies.count * next
            let batch = try runBatch(replicates: n..<next, workers: workers, tally: tally)
            for p in policies.indices { runs[p] += batch[p] }
            n = next
            let result = SweepResult(sweep: self, runs: runs)
            guard let target = plan.target, n < target.maxReplicates, !result.meets(target) else { return result }
            next = min(target.maxReplicates, n + plan.replicates)
        }
    }

    /// Runs replicates `range` of every policy; `[policy][replicate - range.lowerBound]`.
    private func runBatch(replicates range: Range<Int>, workers: Int, tally: Tally) throws(SimulationError)
        -> [[RunMetrics]]
    {
        let jobs = policies.indices.flatMap { p in range.map { k in Job(policy: p, replicate: k) } }
        let results = try run(jobs, workers: workers, tally: tally)
        var out = [[RunMetrics]](repeating: [], count: policies.count)
        for (job, result) in zip(jobs, results) { out[job.policy].append(result) }
        return out
    }

    /// One run of a sweep: policy index and replicate (seed `seed + replicate`).
    public struct Job: Sendable, Hashable {
        public var policy: Int
        public var replicate: Int
        public init(policy: Int, replicate: Int) {
            self.policy = policy
            self.replicate = replicate
        }
    }

    /// Runs `jobs` on `workers` threads; the results in the order of `jobs`, whatever the scheduling.
    /// A shard of a sweep (`SweepShard`) runs its share of the jobs through this.
    public func run(_ jobs: [Job], workers: Int, progress: (@Sendable (Int, Int) -> Void)? = nil)
        throws(SimulationError) -> [RunMetrics]
    {
        let tally = Tally(progress: progress)
        tally.planned = jobs.count
        return try run(jobs, workers: workers, tally: tally)
    }

    private func run(_ jobs: [Job], workers: Int, tally: Tally) throws(SimulationError) -> [RunMetrics] {
        let slots = Slots(count: jobs.count)
        let origin = origin
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, jobs.count))) { _ in
            while let j = slots.claim() {
                let job = jobs[j]
                let scenario = policies[job.policy].loaded.scenario
                let seed = self.seed &+ UInt64(job.replicate)
                let result = Result { () throws(SimulationError) in
                    // Every tick is sampled: the patrol distance is measured along the tracks.
                    // Metrics need no tracks (distances are summed every step): sample start and end only.
                    RunMetrics(
                        try Simulation(scenario: scenario, seed: seed, sampleInterval: .infinity).run(),
                        origin: origin)
                }
                slots.store(result, at: j)
                tally.done()
            }
        }
        var out = [RunMetrics]()
        out.reserveCapacity(jobs.count)
        for j in jobs.indices {
            // A job left unrun comes after a failure, which is thrown first.
            guard let result = slots.results[j] else { continue }
            out.append(try result.get())
        }
        return out
    }
}

/// The runs of a sweep and their statistics.
public struct SweepResult: Sendable {
    public var policies: [String]
    /// Index of the baseline in `policies`.
    public var baseline: Int
    /// `seeds[k]`: the seed of replicate k, the same for every policy.
    public var seeds: [UInt64]
    /// `runs[p][k]`: policy p, replicate k.
    public var runs: [[RunMetrics]]
    public var target: SweepPlan.Target?

    init(sweep: Sweep, runs: [[RunMetrics]]) {
        policies = sweep.policies.map(\.name)
        baseline = sweep.baseline
        let n = runs.first?.count ?? 0
        seeds = (0..<n).map { sweep.seed &+ UInt64($0) }
        self.runs = runs
        target = sweep.plan.target
    }

    public init(policies: [String], baseline: Int, seeds: [UInt64], runs: [[RunMetrics]], target: SweepPlan.Target?) {
        self.policies = policies
        self.baseline = baseline
        self.seeds = seeds
        self.runs = runs
        self.target = target
    }

    /// Replicates per policy.
    public var replicates: Int { seeds.count }

    /// Metric `m` of policy `p` in every replicate (nil where it has no value).
    public func values(policy p: Int, metric m: Int) -> [Double?] { runs[p].map { $0.values[m] } }

    /// Mean and 95 % interval of metric `m` under policy `p`, over the replicates where it has a value.
    public func summary(policy p: Int, metric m: Int) -> Statistics.Summary {
        Statistics.summary(values(policy: p, metric: m).compactMap { $0 })
    }

    /// Policy `p` minus the baseline, paired by replicate, over the replicates where both have a value.
    public func difference(policy p: Int, metric m: Int) -> Statistics.Summary {
        Statistics.pairedDifference(values(policy: p, metric: m), values(policy: baseline, metric: m))
    }

    /// Whether the target metric's interval is at most the target half-width under every policy.
    public func meets(_ target: SweepPlan.Target) -> Bool {
        guard let m = RunMetrics.names.firstIndex(of: target.metric) else { return true }
        return policies.indices.allSatisfy { summary(policy: $0, metric: m).halfWidth <= target.halfWidth }
    }
}

/// Counts finished runs for the progress callback, one call at a time.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private let progress: (@Sendable (Int, Int) -> Void)?
    private var finished = 0
    /// Runs planned so far (grows with each batch); set between batches only.
    var planned = 0

    init(progress: (@Sendable (Int, Int) -> Void)?) { self.progress = progress }

    func done() {
        lock.lock()
        defer { lock.unlock() }
        finished += 1
        progress?(finished, planned)
    }
}

/// Jobs handed out to workers in order, and their results stored by job index.
private final class Slots: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private(set) var results: [Result<RunMetrics, SimulationError>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    /// The next job to run, or nil when all are taken or one has failed.
    ///
    /// Jobs are handed out in order, so every job before a failed one has been run: the
    /// failure with the lowest index, which `run` reports, is the same whatever the scheduling.
    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < results.count, !failed else { return nil }
        next += 1
        return next - 1
    }

    private var failed = false

    func store(_ r: Result<RunMetrics, SimulationError>, at j: Int) {
        lock.lock()
        defer { lock.unlock() }
        results[j] = r
        if case .failure = r { failed = true }
    }
}
