import BorderSim
import Foundation

/// One of N parts of a sweep, run on its own machine (`bordersim sweep … --shard K/N`), and
/// merged with the others by `SweepMerge` into the files a one-machine sweep writes.
///
/// The runs of a batch are numbered in the order of `runs.csv` (policy by policy, replicate by
/// replicate); run *i* belongs to shard `i mod N + 1`, so every shard gets about the same
/// number of runs of every policy. A sweep with a target runs in batches of `replicates`
/// (batch *b* holds replicates `(b − 1)·replicates ..< b·replicates`, at most `max_replicates`);
/// each batch is sharded on its own, and `merge` says whether another is needed.
public struct SweepShard: Sendable, Hashable {
    /// 1-based shard number, `1...count`.
    public var index: Int
    public var count: Int
    /// 1-based batch number; 1 for a sweep without a target.
    public var batch: Int

    public init(index: Int, count: Int, batch: Int = 1) {
        self.index = index
        self.count = count
        self.batch = batch
    }

    /// Reads `K/N`, e.g. `3/8`; nil with the reason when it is not one.
    public static func parse(_ text: String) -> Result<(index: Int, count: Int), ShardTextError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            return .failure(ShardTextError("expected K/N, e.g. 3/8 (shard 3 of 8); found '\(text)'"))
        }
        guard (1...maxShards).contains(n) else {
            return .failure(ShardTextError("expected between 1 and \(maxShards) shards; found \(n) in '\(text)'"))
        }
        guard (1...n).contains(k) else {
            return .failure(ShardTextError("expected a shard number from 1 to \(n); found \(k) in '\(text)'"))
        }
        return .success((k, n))
    }

    public struct ShardTextError: Error, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    public static let maxShards = 100_000
    /// The files a shard's folder holds.
    public static let manifestName = "shard.json"
    public static let runsName = "shard-runs.csv"
    static let format = "bordersim-sweep-shard"

    /// Replicates of batch `batch` of a plan: all of them without a target.
    public static func replicates(batch: Int, of plan: SweepPlan) -> Range<Int> {
        let lower = (batch - 1) * plan.replicates
        let upper = batch * plan.replicates
        guard let target = plan.target else { return lower..<upper }
        return min(lower, target.maxReplicates)..<min(upper, target.maxReplicates)
    }

    /// The batches a plan can have: 1 without a target, up to `max_replicates / replicates` (rounded up) with one.
    public static func batches(of plan: SweepPlan) -> Int {
        guard let target = plan.target else { return 1 }
        return (target.maxReplicates + plan.replicates - 1) / plan.replicates
    }

    /// Every run of batch `batch`, in the order of `runs.csv`.
    static func batchJobs(policies: Int, replicates: Range<Int>) -> [Sweep.Job] {
        (0..<policies).flatMap { p in replicates.map { Sweep.Job(policy: p, replicate: $0) } }
    }

    /// This shard's runs of `sweep`.
    public func jobs(of sweep: Sweep) -> [Sweep.Job] {
        jobs(policies: sweep.policies.count, replicates: Self.replicates(batch: batch, of: sweep.plan))
    }

    func jobs(policies: Int, replicates: Range<Int>) -> [Sweep.Job] {
        Self.batchJobs(policies: policies, replicates: replicates).enumerated()
            .filter { $0.offset % count == index - 1 }.map(\.element)
    }

    public var label: String { batch == 1 ? "\(index)/\(count)" : "\(index)/\(count) of batch \(batch)" }
}

/// What makes two shards parts of the same sweep: every input and setting that changes a
/// result or a byte of the merged files. Compared field by field, so a foreign shard is
/// reported with the field that differs.
public struct SweepIdentity: Sendable, Equatable {
    public var fields: [(name: String, value: String)]

    public static func == (a: SweepIdentity, b: SweepIdentity) -> Bool {
        a.fields.map(\.name) == b.fields.map(\.name) && a.fields.map(\.value) == b.fields.map(\.value)
    }

    public init(fields: [(name: String, value: String)]) { self.fields = fields }

    /// The identity of `sweep` run by the tool described in `provenance`.
    public init(_ sweep: Sweep, provenance: SweepProvenance) {
        let p = provenance.scenario
        let plan = sweep.plan
        fields = [
            ("tool_version", provenance.toolVersion),
            ("tool_revision", provenance.toolRevision),
            ("libraries", p.libraries.map { "\($0.name) \($0.version)" }.joined(separator: ", ")),
            ("scenario", "\(p.scenarioPath) \(p.scenarioSHA256)"),
            ("geodata", p.geodata.map { "\($0.path) \($0.sha256)" }.joined(separator: ", ")),
            ("sweep_file", provenance.sweepFile.map { "\($0.path) \($0.sha256)" } ?? "none"),
            ("policies", sweep.policies.map(\.name).joined(separator: " | ")),
            ("baseline", sweep.policies[sweep.baseline].name),
            ("grid", plan.grid.map { "\($0.key)=\($0.values.joined(separator: ","))" }.joined(separator: " ")),
            ("design", sweep.designDescription),
            ("seed", String(sweep.seed)),
            ("replicates", String(plan.replicates)),
            (
                "target",
                plan.target.map { "\($0.metric) half_width \($0.halfWidth) max_replicates \($0.maxReplicates)" }
                    ?? "none"
            ),
            ("observed", plan.observed.map(\.text).joined(separator: " ")),
        ]
    }

    public subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// The first field that differs from `other`, with both values.
    public func difference(from other: SweepIdentity) -> (name: String, mine: String, theirs: String)? {
        for (mine, theirs) in zip(fields, other.fields) where mine != theirs {
            return (mine.name, mine.value, theirs.value)
        }
        guard fields.count == other.fields.count else {
            return (
                "fields", fields.map(\.name).joined(separator: ","), other.fields.map(\.name).joined(separator: ",")
            )
        }
        return nil
    }
}

extension Sweep {
    /// The sensitivity design as one line for the shard identity; "none" for a policy sweep.
    var designDescription: String { plan.design?.identity ?? "none" }
}

/// A shard's folder: `shard.json` (which sweep, which shard, and how to load the sweep again)
/// and `shard-runs.csv` (its runs, every metric at full precision, so the merged statistics are
/// exactly those of a one-machine sweep).
public struct ShardOutput: Sendable {
    public var shard: SweepShard
    public var identity: SweepIdentity
    /// The sweep file or scenario as given on the command line, its absolute path, and the
    /// flags that shape the plan, so `merge` can load the same sweep again.
    public var file: String
    public var absoluteFile: String
    public var arguments: [String]
    public var runs: [(job: Sweep.Job, metrics: RunMetrics)]
    /// The folder it was read from (empty for one not read).
    public var folder: String = ""

    public init(
        shard: SweepShard, identity: SweepIdentity, file: String, absoluteFile: String, arguments: [String],
        runs: [(job: Sweep.Job, metrics: RunMetrics)]
    ) {
        self.shard = shard
        self.identity = identity
        self.file = file
        self.absoluteFile = absoluteFile
        self.arguments = arguments
        self.runs = runs
    }

    /// Writes `shard.json` and `shard-runs.csv` into `directory`, all at once or not at all.
    public func write(to directory: String, force: Bool, seed: UInt64) throws(OutputError) -> [String] {
        let folder = try OutputDirectory(path: directory, force: force)
        var written = [String]()
        let policies = identity["policies"]?.components(separatedBy: " | ") ?? []
        do {
            func stage(_ name: String, _ body: (OutputFile) -> Void) throws(OutputError) {
                try folder.stage(name, body)
                written.append(name)
            }
            try stage(SweepShard.manifestName) { file in
                OrderedJSON.object([
                    ("format", .string(SweepShard.format)),
                    ("format_version", .integer(1)),
                    ("shard", .integer(shard.index)),
                    ("shards", .integer(shard.count)),
                    ("batch", .integer(shard.batch)),
                    ("runs", .integer(runs.count)),
                    ("sweep", .object(identity.fields.map { ($0.name, .string($0.value)) })),
                    (
                        "invocation",
                        .object([
                            ("file", .string(self.file)),
                            ("absolute_file", .string(absoluteFile)),
                            ("arguments", .array(arguments.map(OrderedJSON.string))),
                        ])
                    ),
                ]).write(to: file)
            }
            try stage(SweepShard.runsName) { file in
                file.csvRow((["policy", "replicate", "seed"] + RunMetrics.names).map(Cell.string))
                for (job, metrics) in runs {
                    // Shortest text that reads back to the same Double: the merge sees the exact values.
                    file.csvRow(
                        [
                            .string(policies[job.policy]), .integer(job.replicate),
                            .string(String(seed &+ UInt64(job.replicate))),
                        ]
                            + metrics.values.map { $0.map { Cell.string("\($0)") } ?? .null })
                }
            }
            try folder.commit(written, removingStale: [SweepShard.manifestName, SweepShard.runsName])
        } catch {
            folder.abandon()
            throw error
        }
        return written.map { folder.path + "/" + $0 }
    }
}
