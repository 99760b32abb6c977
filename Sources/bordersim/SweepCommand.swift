import ArgumentParser
import BorderSim
import BorderSimIO
import Foundation

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Compare a scenario's patrol policies over many replicates, with confidence intervals.",
        discussion: """
            FILE is a scenario with a policies: block, or a sweep file (see
            docs/scenario-format.md); flags replace the sweep file's values.
            Replicate k of every policy runs with seed S+k (common random
            numbers), so differences from the baseline are paired. Prints the
            comparison; with --out, writes runs.csv, summary.csv, summary.md, summary.svg and
            provenance.json, all at once or not at all. Results do not depend
            on --threads.

            Examples:
              bordersim sweep scenarios/policy-demo.yaml --out out/demo
              bordersim sweep scenarios/policy-demo.yaml \\
                --policies baseline,no-turn-back --replicates 40 --seed 7
              bordersim sweep sweep.yaml --target-metric got_through \\
                --target-half-width 2 --max-replicates 200
              bordersim sweep scenarios/policy-demo.yaml --policies baseline \\
                --grid units.lt-patrol-west.size=2,4
              bordersim sweep sweeps/policy-demo.yaml --shard 3/8 --out out/s3
              bordersim sweep sweeps/policy-demo-morris.yaml --out out/morris
              bordersim sweep scenarios/policy-demo.yaml --target got_through=10±3

            A sweep file's design: (morris or sobol) runs a sensitivity design
            (docs/sensitivity.md); --shard K/N runs a 1/N of the runs for
            bordersim merge (docs/cluster.md); --target ranks the policies or
            design points by their distance to observed figures.
            """)

    @Argument(help: "A scenario file with policies, or a sweep file.", completion: .file(extensions: ["yaml", "yml"]))
    var file: String

    @Option(help: "Policies to compare, comma-separated (default: every policy of the scenario, or 'base').")
    var policies: String?

    @Option(help: "The policy differences are measured against (default: the first policy).")
    var baseline: String?

    @Option(help: "Replicates per policy (default 20; with a target, the size of each batch).")
    var replicates: Int?

    @Option(help: "Seed of replicate 0 (default: the sweep file's seed, else the scenario's world.seed).")
    var seed: UInt64?

    @Option(help: "Keep adding replicates until this metric's 95 % half-width is small enough for every policy.")
    var targetMetric: String?

    @Option(help: "The half-width to reach, in the metric's unit.")
    var targetHalfWidth: Double?

    @Option(help: "The most replicates per policy when aiming at a target.")
    var maxReplicates: Int?

    @Option(
        help:
            "An observed figure METRIC=VALUE±TOL (e.g. crossings=2882±432) to rank policies or design points by; repeatable."
    )
    var target: [String] = []

    @Option(help: "A grid axis KEY=V1,V2,… (e.g. units.lt-patrol.size=2,4); repeat for a factorial grid.")
    var grid: [String] = []

    @OptionGroup var threading: ThreadOptions

    @Option(name: .shortAndLong, help: "Output folder (created if missing; must be empty unless --force).")
    var out: String?

    @Flag(help: "Overwrite the files of a non-empty output folder.")
    var force = false

    @Option(help: "Run only shard K of N (e.g. 3/8) into --out, for bordersim merge (docs/cluster.md).")
    var shard: String?

    @Option(
        help: "With --shard and a target: the batch of replicates to run, 1, 2, … (merge says when another is needed).")
    var batch: Int?

    @OptionGroup var logging: LogOptions

    func validate() throws {
        if let replicates, !(2...replicateCeiling).contains(replicates) {
            throw ValidationError("--replicates must be between 2 and \(replicateCeiling); found \(replicates)")
        }
        if let maxReplicates, !(2...replicateCeiling).contains(maxReplicates) {
            throw ValidationError("--max-replicates must be between 2 and \(replicateCeiling); found \(maxReplicates)")
        }
        if let w = targetHalfWidth, !(w > 0 && w.isFinite) { throw ValidationError("--target-half-width must be > 0") }
        if (targetMetric == nil) != (targetHalfWidth == nil) {
            throw ValidationError("give --target-metric and --target-half-width together")
        }
        if let metric = targetMetric, !RunMetrics.names.contains(metric) {
            throw ValidationError(
                "--target-metric: no metric '\(metric)'; one of " + RunMetrics.names.joined(separator: ", "))
        }
        if let shard, case .failure(let error) = SweepShard.parse(shard) {
            throw ValidationError("--shard: \(error)")
        }
        if shard != nil && out == nil {
            throw ValidationError("--shard needs --out: the folder that bordersim merge reads")
        }
        if let batch {
            guard shard != nil else { throw ValidationError("--batch is for a sharded sweep; give --shard K/N too") }
            guard batch >= 1 else { throw ValidationError("--batch must be 1 or more; found \(batch)") }
        }
        if shard != nil && file == "-" {
            throw ValidationError("--shard needs the sweep in a file, not on standard input: merge reads it again")
        }
        for t in target {
            if case .failure(let error) = Observation.parse(t) { throw ValidationError("--target: \(error)") }
        }
        for axis in grid where !axis.contains("=") {
            throw ValidationError("--grid '\(axis)': expected KEY=V1,V2,…, e.g. units.lt-patrol.size=2,4")
        }
    }

    /// The plan from the sweep file (if FILE is one) with the flags on top.
    func plan() throws(ScenarioError) -> SweepPlan {
        var plan = SweepPlan.isSweepFile(path: file) ? try SweepPlan.read(path: file) : SweepPlan(scenarioPath: file)
        if let policies {
            plan.policies = policies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let baseline { plan.baseline = baseline }
        if let replicates { plan.replicates = replicates }
        if let seed { plan.seed = seed }
        if let metric = targetMetric, let width = targetHalfWidth {
            plan.target = SweepPlan.Target(
                metric: metric, halfWidth: width,
                maxReplicates: maxReplicates ?? max(plan.replicates, 10 * plan.replicates))
        } else if let maxReplicates, var target = plan.target {
            target.maxReplicates = maxReplicates
            plan.target = target
        }
        if let target = plan.target, target.maxReplicates < plan.replicates {
            throw ScenarioError(
                .invalidValue, file: plan.sweepFile ?? "command line", keyPath: "target.max_replicates",
                message: "expected at least as many as the \(plan.replicates) replicates of the first batch",
                found: "\(target.maxReplicates)")
        }
        if !target.isEmpty {
            plan.observed = target.compactMap { try? Observation.parse($0).get() }
        }
        if !grid.isEmpty {
            plan.grid = grid.map { axis in
                let parts = axis.split(separator: "=", maxSplits: 1).map(String.init)
                return SweepPlan.GridAxis(
                    key: parts[0],
                    values: parts[1].split(separator: ",").map {
                        $0.trimmingCharacters(in: .whitespaces)
                    })
            }
        }
        return plan
    }

    /// The flags that shape the plan, as given: a shard records them so `merge` loads the same sweep.
    var planArguments: [String] {
        var a = [String]()
        if let policies { a += ["--policies", policies] }
        if let baseline { a += ["--baseline", baseline] }
        if let replicates { a += ["--replicates", String(replicates)] }
        if let seed { a += ["--seed", String(seed)] }
        if let targetMetric { a += ["--target-metric", targetMetric] }
        if let targetHalfWidth { a += ["--target-half-width", "\(targetHalfWidth)"] }
        if let maxReplicates { a += ["--max-replicates", String(maxReplicates)] }
        for axis in grid { a += ["--grid", axis] }
        for t in target { a += ["--target", t] }
        return a
    }

    func run() throws {
        if shard != nil { return try runShard() }
        let log = logging.log
        let sweep: Sweep
        do {
            sweep = try Sweep.prepare(plan())
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
        if let out {
            do { try SweepWriter.check(directory: out, force: force) } catch {
                log.error("\(error)")
                throw ExitCode(2)
            }
        }
        let workers = threading.count(default: ThreadOptions.cores)
        let policyCount = sweep.policies.count
        log.info(
            "sweep of \(sweep.base.scenario.name): \(policyCount) policies × \(sweep.plan.replicates) replicates"
                + (sweep.plan.target.map { " (up to \($0.maxReplicates) for \($0.metric))" } ?? "")
                + ", seeds from \(sweep.seed), \(workers) threads")
        let progress = ProgressBar(enabled: !log.quiet)
        let shared = SerialProgress(progress)
        let result: SweepResult
        do {
            result = try sweep.run(workers: workers) { done, total in shared.bar.update(done, of: total) }
            progress.finish()
        } catch {
            progress.finish()
            log.error("\(error)")
            throw ExitCode(3)
        }
        if let out {
            do {
                let provenance = try SweepProvenance(
                    sweep, toolVersion: BorderSimCommand.version, toolRevision: buildRevision)
                let files = try SweepWriter.write(
                    result, sweep: sweep, provenance: provenance, to: out, force: force,
                    extra: SweepExtras.files(sweep, result))
                log.info("wrote \(files.count) files to \(out): \(files.joined(separator: ", "))")
                // Everything is written: an interrupt from here on must not turn the sweep into a failure.
                ignoreInterrupts()
            } catch {
                log.error("\(error)")
                throw ExitCode(2)
            }
        }
        for line in SweepExtras.printed(sweep, result) { print(line) }
        if let target = result.target, !result.meets(target) {
            log.info(
                "note: the target half-width \(target.halfWidth) of \(target.metric) was not reached within "
                    + "\(target.maxReplicates) replicates")
        }
    }
}

extension SweepCommand {
    /// `--shard K/N`: runs this shard's share of the sweep and writes it for `bordersim merge`.
    func runShard() throws {
        let log = logging.log
        guard let text = shard, let out, case .success(let (k, n)) = SweepShard.parse(text) else { return }
        let sweep: Sweep
        do {
            sweep = try Sweep.prepare(plan())
            try SweepWriter.check(directory: out, force: force)
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
        let batches = SweepShard.batches(of: sweep.plan)
        let b = batch ?? 1
        guard b <= batches else {
            log.error(
                "--batch \(b): this sweep has at most \(batches) batch\(batches == 1 ? "" : "es")"
                    + (sweep.plan.target == nil
                        ? " (it has no target)"
                        : " of \(sweep.plan.replicates) replicates "
                            + "up to \(sweep.plan.target!.maxReplicates)"))
            throw ExitCode(2)
        }
        let part = SweepShard(index: k, count: n, batch: b)
        let jobs = part.jobs(of: sweep)
        let workers = threading.count(default: ThreadOptions.cores)
        log.info(
            "shard \(part.label) of the sweep of \(sweep.base.scenario.name): \(jobs.count) runs, \(workers) threads")
        let progress = ProgressBar(enabled: !log.quiet)
        let shared = SerialProgress(progress)
        let metrics: [RunMetrics]
        do {
            metrics = try sweep.run(jobs, workers: workers) { done, total in shared.bar.update(done, of: total) }
            progress.finish()
        } catch {
            progress.finish()
            log.error("\(error)")
            throw ExitCode(3)
        }
        do {
            let provenance = try SweepProvenance(
                sweep, toolVersion: BorderSimCommand.version, toolRevision: buildRevision)
            let absolute = URL(
                fileURLWithPath: file, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            )
            .standardizedFileURL.path
            let output = ShardOutput(
                shard: part, identity: SweepIdentity(sweep, provenance: provenance), file: file,
                absoluteFile: absolute, arguments: planArguments,
                runs: Array(zip(jobs, metrics)).map { (job: $0.0, metrics: $0.1) })
            let files = try output.write(to: out, force: force, seed: sweep.seed)
            log.info("wrote shard \(part.label): \(files.joined(separator: ", "))")
            ignoreInterrupts()
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
    }
}

/// The progress bar handed to the sweep's workers; `Sweep.run` makes its progress calls one at a time.
private final class SerialProgress: @unchecked Sendable {
    let bar: ProgressBar
    init(_ bar: ProgressBar) { self.bar = bar }
}
