import BorderSim
import Foundation

/// An observed figure a sweep's policies or design points are compared with:
/// `metric=value±tolerance`, e.g. `crossings=2882±432` (`--target`, or `observed:` in a sweep file).
public struct Observation: Sendable, Hashable {
    public var metric: String
    public var value: Double
    public var tolerance: Double

    public init(metric: String, value: Double, tolerance: Double) {
        self.metric = metric
        self.value = value
        self.tolerance = tolerance
    }

    /// Reads `metric=value±tolerance` (`+-` or `+/-` for ±); the reason when it is not one.
    public static func parse(_ text: String) -> Result<Observation, ObservationError> {
        let help = "expected METRIC=VALUE±TOLERANCE, e.g. crossings=2882±432"
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty else { return .failure(.init("\(help); found '\(text)'")) }
        let metric = parts[0]
        guard RunMetrics.names.contains(metric) else {
            let hint =
                nearestName(to: metric, in: RunMetrics.names).map { "did you mean '\($0)'?" }
                ?? "one of " + RunMetrics.names.joined(separator: ", ")
            return .failure(.init("no metric '\(metric)' in '\(text)'; " + hint))
        }
        var rest = parts[1]
        for sign in ["+/-", "+-"] { rest = rest.replacingOccurrences(of: sign, with: "±") }
        let numbers = rest.split(separator: "±", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "") }
        guard numbers.count == 2, let value = Double(numbers[0]), let tolerance = Double(numbers[1]), value.isFinite
        else { return .failure(.init("\(help) (plain numbers in the metric's unit); found '\(text)'")) }
        guard tolerance > 0 && tolerance.isFinite else {
            return .failure(.init("expected a tolerance > 0 after ±; found '\(numbers[1])' in '\(text)'"))
        }
        return .success(Observation(metric: metric, value: value, tolerance: tolerance))
    }

    public struct ObservationError: Error, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    /// As written on the command line, e.g. `crossings=2882±432`.
    public var text: String {
        func f(_ v: Double) -> String {
            var bytes = [UInt8]()
            JSONText.appendDecimal(v, decimals: 6, fixed: false, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        return "\(metric)=\(f(value))±\(f(tolerance))"
    }
}

/// The policies or design points of a sweep ranked by their distance to observed figures:
/// for each observation the deviation z = (mean − value) / tolerance, and the distance
/// √(Σ z²); "within" when every |z| ≤ 1, the points a rejection-ABC step with these
/// tolerances would accept (docs/sensitivity.md). Written as `ranking.csv` and `ranking.md`.
public struct CalibrationRanking: Sendable {
    public struct Row: Sendable {
        public var policy: String
        public var means: [Double]
        public var deviations: [Double]
        public var distance: Double
        public var within: Bool
    }

    public var observations: [Observation]
    /// Nearest first; a policy with no value for an observed metric comes last, with distance ∞.
    public var rows: [Row]

    public static let fileNames = ["ranking.csv", "ranking.md"]

    public init(observations: [Observation], result: SweepResult) {
        self.observations = observations
        var rows = [Row]()
        for (p, policy) in result.policies.enumerated() {
            let means = observations.map { o in
                result.summary(policy: p, metric: RunMetrics.names.firstIndex(of: o.metric)!).mean
            }
            let z = zip(observations, means).map { o, mean in mean.isFinite ? (mean - o.value) / o.tolerance : .infinity
            }
            let distance = z.allSatisfy(\.isFinite) ? z.map { $0 * $0 }.reduce(0, +).squareRoot() : .infinity
            rows.append(
                Row(
                    policy: policy, means: means, deviations: z, distance: distance,
                    within: z.allSatisfy { abs($0) <= 1 }))
        }
        // Stable: equal distances keep the sweep's order.
        self.rows = rows.enumerated().sorted { a, b in
            a.element.distance != b.element.distance ? a.element.distance < b.element.distance : a.offset < b.offset
        }.map(\.element)
    }

    public var files: [SweepWriter.ExtraFile] {
        [
            SweepWriter.ExtraFile(name: "ranking.csv") { csv(to: $0) },
            SweepWriter.ExtraFile(name: "ranking.md") { file in for line in markdown() { file.raw(line + "\n") } },
        ]
    }

    func csv(to file: OutputFile) {
        func n(_ v: Double) -> Cell { v.isFinite ? .decimal(v, 6) : .null }
        file.csvRow(
            (["rank", "policy", "distance", "within"]
                + observations.flatMap { ["\($0.metric)_mean", "\($0.metric)_z"] }).map(Cell.string))
        for (i, row) in rows.enumerated() {
            file.csvRow(
                [.integer(i + 1), .string(row.policy), n(row.distance), .bool(row.within)]
                    + zip(row.means, row.deviations).flatMap { [n($0), n($1)] })
        }
    }

    /// The ranking as a Markdown table, nearest first.
    public func markdown() -> [String] {
        var lines = [
            "Ranked by distance to the observed figures "
                + observations.map { "`\($0.text)`" }.joined(separator: ", ")
                + " (distance √Σz², z = (mean − observed) / tolerance; within: every |z| ≤ 1):", "",
        ]
        lines.append(
            "| rank | policy | distance | within | "
                + observations.map { "\($0.metric) mean (z)" }
                .joined(separator: " | ") + " |")
        lines.append("| ---: | --- | ---: | --- |" + String(repeating: " ---: |", count: observations.count))
        for (i, row) in rows.enumerated() {
            lines.append(
                "| \(i + 1) | \(row.policy) | \(f(row.distance, 2, signed: false)) | \(row.within ? "yes" : "no") | "
                    + zip(row.means, row.deviations).map { "\(f($0, 1, signed: false)) (\(f($1, 2, signed: true)))" }
                    .joined(separator: " | ") + " |")
        }
        return lines
    }

    private func f(_ v: Double, _ d: Int, signed: Bool) -> String {
        v.isFinite ? SweepWriter.fixed(v, d, signed: signed) : "n/a"
    }
}

/// The files a sweep writes beside its four, and the tables it prints: a design's
/// sensitivity, the ranking against observed figures.
public enum SweepExtras {
    public static let fileNames = SensitivityReport.fileNames + CalibrationRanking.fileNames

    public static func files(_ sweep: Sweep, _ result: SweepResult) -> [SweepWriter.ExtraFile] {
        (sweep.sensitivity(result)?.files ?? []) + (ranking(sweep, result)?.files ?? [])
    }

    public static func ranking(_ sweep: Sweep, _ result: SweepResult) -> CalibrationRanking? {
        sweep.plan.observed.isEmpty ? nil : CalibrationRanking(observations: sweep.plan.observed, result: result)
    }

    /// What `sweep` and `merge` print: the sensitivity tables (or the policy tables), then the ranking.
    public static func printed(_ sweep: Sweep, _ result: SweepResult) -> [String] {
        var lines = sweep.sensitivity(result)?.markdown() ?? SweepWriter.table(result)
        if let ranking = ranking(sweep, result) { lines += [""] + ranking.markdown() }
        return lines
    }
}
