import BorderSim
import Foundation

/// Where a sweep came from: tool, scenario and geodata checksums, the sweep file, the seeds.
///
/// The number of workers is left out on purpose: it changes nothing in the results, so it
/// must not change the files either.
public struct SweepProvenance: Sendable {
    public var toolVersion: String
    public var toolRevision: String
    public var scenario: Provenance
    public var sweepFile: (path: String, sha256: String)?

    /// The provenance of `sweep`, written by bordersim `toolVersion`.
    public init(_ sweep: Sweep, toolVersion: String, toolRevision: String = "unknown") throws(OutputError) {
        self.toolVersion = toolVersion
        self.toolRevision = toolRevision
        scenario = try sweep.base.provenance(seed: sweep.seed, toolVersion: toolVersion, toolRevision: toolRevision)
        if let path = sweep.plan.sweepFile, let data = sweep.plan.sweepFileContents {
            sweepFile = (Provenance.provenancePath(path), SHA256.hex(of: data))
        }
    }
}

/// The files of a sweep: `runs.csv`, `summary.csv`, `summary.md`, `summary.svg` and `provenance.json`,
/// written all at once or not at all (`OutputDirectory`), byte-identical for the same inputs.
///
/// - `runs.csv`: one row per run: `policy,replicate,seed`, then every metric of
///   `RunMetrics.names` (empty where a run has no value).
/// - `summary.csv`: one row per policy and metric: `n`, `mean`, `sd`, the 95 % interval
///   (`ci_low`, `ci_high`, `half_width`), then the paired difference from the baseline
///   (`diff_n`, `diff_mean`, `diff_ci_low`, `diff_ci_high`; empty for the baseline itself).
/// - `summary.md`: the two tables `table(_:)` prints, and the provenance.
/// - `summary.svg`: the comparison as a picture (`SweepPicture`): per metric, each policy's mean
///   and 95 % interval, and each policy's paired difference from the baseline.
/// - `provenance.json`: tool version, scenario and geodata SHA-256, sweep file, policies,
///   seeds, replicates, target, metrics.
public enum SweepWriter {
    public static let fileNames = ["runs.csv", "summary.csv", "summary.md", "summary.svg", "provenance.json"]

    /// Decimals in the CSV files.
    static let csvDecimals = 6

    /// A further file written with the sweep's, in the same all-or-nothing step (a design's sensitivity tables).
    public struct ExtraFile: Sendable {
        public var name: String
        let body: @Sendable (OutputFile) -> Void
        init(name: String, body: @escaping @Sendable (OutputFile) -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Writes the sweep's files into `directory` (created if missing; refused if it holds files, unless `force`),
    /// then the `extra` files, all at once or not at all.
    /// - Returns: The paths written, in `fileNames` order, then the extra files'.
    public static func write(
        _ result: SweepResult, sweep: Sweep, provenance: SweepProvenance, to directory: String,
        force: Bool, extra: [ExtraFile] = []
    ) throws(OutputError) -> [String] {
        let folder = try OutputDirectory(path: directory, force: force)
        var written = [String]()
        do {
            func stage(_ name: String, _ body: (OutputFile) -> Void) throws(OutputError) {
                try folder.stage(name, body)
                written.append(name)
            }
            try stage("runs.csv") { runsCSV(result, to: $0) }
            try stage("summary.csv") { summaryCSV(result, to: $0) }
            try stage("summary.md") { file in
                for line in markdown(result, sweep: sweep, provenance: provenance) { file.raw(line + "\n") }
            }
            try stage("summary.svg") {
                $0.raw(SweepPicture.svg(result, title: "Policy sweep: " + sweep.base.scenario.name))
            }
            try stage("provenance.json") { provenanceJSON(result, sweep: sweep, provenance: provenance).write(to: $0) }
            for file in extra { try stage(file.name, file.body) }
            try folder.commit(written, removingStale: fileNames + SweepExtras.fileNames)
        } catch {
            folder.abandon()
            throw error
        }
        return written.map { folder.path + "/" + $0 }
    }

    /// Refuses an output folder the sweep could not write into (a file, or a folder with files
    /// and no `force`) before any run starts; `write` checks again when it writes.
    public static func check(directory: String, force: Bool) throws(OutputError) {
        try OutputDirectory.check(path: directory, force: force)
    }

    static func runsCSV(_ result: SweepResult, to file: OutputFile) {
        file.csvRow((["policy", "replicate", "seed"] + RunMetrics.names).map(Cell.string))
        for (p, policy) in result.policies.enumerated() {
            for (k, run) in result.runs[p].enumerated() {
                file.csvRow(
                    [.string(policy), .integer(k), .string(String(result.seeds[k]))]
                        + run.values.map { Cell.optional($0, csvDecimals) })
            }
        }
    }

    static func summaryCSV(_ result: SweepResult, to file: OutputFile) {
        file.csvRow(
            [
                "policy", "metric", "unit", "n", "mean", "sd", "ci_low", "ci_high", "half_width",
                "diff_n", "diff_mean", "diff_ci_low", "diff_ci_high",
            ].map(Cell.string))
        func number(_ v: Double) -> Cell { v.isFinite ? .decimal(v, csvDecimals) : .null }
        for (p, policy) in result.policies.enumerated() {
            for (m, metric) in RunMetrics.metrics.enumerated() {
                let s = result.summary(policy: p, metric: m)
                var row: [Cell] = [
                    .string(policy), .string(metric.name), .string(metric.unit), .integer(s.n),
                    number(s.mean), number(s.standardDeviation), number(s.lower), number(s.upper),
                    number(s.halfWidth),
                ]
                if p == result.baseline {
                    row += [.null, .null, .null, .null]
                } else {
                    let d = result.difference(policy: p, metric: m)
                    row += [.integer(d.n), number(d.mean), number(d.lower), number(d.upper)]
                }
                file.csvRow(row)
            }
        }
    }

    /// The comparison as Markdown tables: per metric, each policy's mean and 95 % interval;
    /// then each policy's paired difference from the baseline. Printed by `bordersim sweep`.
    public static func table(_ result: SweepResult) -> [String] {
        let metrics = RunMetrics.metrics
        let n = result.replicates
        let baselineName = result.policies[result.baseline]
        var lines = [
            "Mean and 95 % confidence interval over \(n) replicates per policy (seeds "
                + "\(result.seeds.first.map(String.init) ?? "")–\(result.seeds.last.map(String.init) ?? "")):", "",
        ]
        lines.append(row(["metric"] + result.policies))
        lines.append(row(["---"] + result.policies.map { _ in "---:" }))
        for (m, metric) in metrics.enumerated() {
            let summaries = result.policies.indices.map { result.summary(policy: $0, metric: m) }
            let d = decimals(metric, summaries.map(\.mean))
            lines.append(row([label(metric)] + summaries.map { interval($0, d, signed: false) }))
        }
        let others = result.policies.indices.filter { $0 != result.baseline }
        guard !others.isEmpty else { return lines }
        lines += [
            "",
            "Paired difference from \(baselineName) (same seeds, common random numbers), mean and 95 % "
                + "confidence interval:", "",
        ]
        lines.append(row(["metric"] + others.map { "\(result.policies[$0]) − \(baselineName)" }))
        lines.append(row(["---"] + others.map { _ in "---:" }))
        for (m, metric) in metrics.enumerated() {
            let differences = others.map { result.difference(policy: $0, metric: m) }
            let d = decimals(metric, result.policies.indices.map { result.summary(policy: $0, metric: m).mean })
            lines.append(row([label(metric)] + differences.map { interval($0, d, signed: true) }))
        }
        return lines
    }

    static func markdown(_ result: SweepResult, sweep: Sweep, provenance: SweepProvenance) -> [String] {
        var lines = ["# Policy sweep: \(sweep.base.scenario.name)", ""]
        lines += table(result)
        let first = result.seeds.first ?? sweep.seed
        let last = result.seeds.last ?? sweep.seed
        lines += [
            "", "## Provenance", "",
            "- tool: bordersim \(provenance.toolVersion) (revision \(provenance.toolRevision)), "
                + provenance.scenario.libraries.map { "\($0.name) \($0.version)" }.joined(separator: ", "),
            "- scenario: `\(provenance.scenario.scenarioPath)`, SHA-256 `\(provenance.scenario.scenarioSHA256)`",
        ]
        for g in provenance.scenario.geodata { lines.append("- geodata: `\(g.path)`, SHA-256 `\(g.sha256)`") }
        if let s = provenance.sweepFile { lines.append("- sweep file: `\(s.path)`, SHA-256 `\(s.sha256)`") }
        lines.append(
            "- policies: " + result.policies.map { "`\($0)`" }.joined(separator: ", ")
                + "; baseline `\(result.policies[result.baseline])`")
        lines.append(
            "- replicates: \(result.replicates) per policy; replicate k of every policy runs with seed "
                + "\(sweep.seed) + k (seeds \(first)–\(last))")
        if let t = result.target {
            lines.append(
                "- target: 95 % half-width of `\(t.metric)` ≤ \(t.halfWidth) for every policy, at most "
                    + "\(t.maxReplicates) replicates: " + (result.meets(t) ? "met" : "not met"))
        }
        lines.append("- migrants' origin: \(sweep.origin.isEmpty ? "none (no migrants)" : sweep.origin)")
        lines += ["", "Metrics (docs/scenario-format.md, \"Sweep files\"):", ""]
        for metric in RunMetrics.metrics {
            lines.append("- `\(metric.name)`\(metric.unit.isEmpty ? "" : " (\(metric.unit))"): \(metric.meaning)")
        }
        return lines
    }

    static func provenanceJSON(_ result: SweepResult, sweep: Sweep, provenance: SweepProvenance) -> OrderedJSON {
        let p = provenance.scenario
        var members: [(String, OrderedJSON)] = [
            ("tool_version", .string(provenance.toolVersion)),
            ("tool_revision", .string(provenance.toolRevision)),
            ("libraries", .object(p.libraries.map { ($0.name, .string($0.version)) })),
            ("scenario", .object([("path", .string(p.scenarioPath)), ("sha256", .string(p.scenarioSHA256))])),
            (
                "geodata",
                .array(p.geodata.map { .object([("path", .string($0.path)), ("sha256", .string($0.sha256))]) })
            ),
        ]
        if let s = provenance.sweepFile {
            members.append(("sweep_file", .object([("path", .string(s.path)), ("sha256", .string(s.sha256))])))
        }
        members += [
            ("policies", .array(result.policies.map(OrderedJSON.string))),
            ("baseline", .string(result.policies[result.baseline])),
            (
                "grid",
                .array(
                    sweep.plan.grid.map { axis in
                        .object([("key", .string(axis.key)), ("values", .array(axis.values.map(OrderedJSON.string)))])
                    })
            ),
            ("seed", .unsigned(sweep.seed)),
            ("replicates", .integer(result.replicates)),
            ("seeds", .array(result.seeds.map(OrderedJSON.unsigned))),
            (
                "target",
                result.target.map { t in
                    .object([
                        ("metric", .string(t.metric)), ("half_width", .decimal(t.halfWidth, csvDecimals)),
                        ("max_replicates", .integer(t.maxReplicates)), ("met", .bool(result.meets(t))),
                    ])
                } ?? .null
            ),
            ("origin", .string(sweep.origin)),
            ("confidence", .decimal(Statistics.confidence, 3)),
            (
                "metrics",
                .array(
                    RunMetrics.metrics.map { m in
                        .object([("name", .string(m.name)), ("unit", .string(m.unit)), ("meaning", .string(m.meaning))])
                    })
            ),
            ("crs_chain", .array(p.crsChain.map(OrderedJSON.string))),
        ]
        return .object(members)
    }

    // MARK: Formatting

    private static func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }

    private static func label(_ metric: RunMetrics.Metric) -> String {
        metric.unit.isEmpty ? metric.name : "\(metric.name) (\(metric.unit))"
    }

    /// Decimals for a metric's row: a ratio gets 3; otherwise fewer the larger the values.
    private static func decimals(_ metric: RunMetrics.Metric, _ means: [Double]) -> Int {
        if metric.unit.isEmpty { return 3 }
        let largest = means.filter(\.isFinite).map(abs).max() ?? 0
        return largest >= 1000 ? 0 : largest >= 10 ? 1 : 2
    }

    /// "12.3 [11.1, 13.5]"; "n/a" without values; "12.3 (n = 1)" when one value gives no interval.
    private static func interval(_ s: Statistics.Summary, _ decimals: Int, signed: Bool) -> String {
        guard s.n > 0, s.mean.isFinite else { return "n/a" }
        func f(_ v: Double) -> String { fixed(v, decimals, signed: signed) }
        guard s.halfWidth.isFinite else { return "\(f(s.mean)) (n = \(s.n))" }
        return "\(f(s.mean)) [\(f(s.lower)), \(f(s.upper))]"
    }

    /// `v` with exactly `decimals` decimals (half away from zero), "+" before positive values if `signed`.
    static func fixed(_ v: Double, _ decimals: Int, signed: Bool = false) -> String {
        var bytes = [UInt8]()
        JSONText.appendDecimal(v, decimals: decimals, fixed: true, to: &bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        let zero = text.allSatisfy { $0 == "0" || $0 == "." || $0 == "-" }
        if zero { return text.hasPrefix("-") ? String(text.dropFirst()) : text }
        return signed && !text.hasPrefix("-") ? "+" + text : text
    }
}
