import BorderSim
import Foundation

/// The sensitivity of a design sweep's metrics to its parameters: Morris μ, μ*, σ, or Sobol'
/// first-order and total indices with bootstrap intervals, from each point's mean over its
/// replicates; and the files that show them: `sensitivity.csv`, `sensitivity.md`,
/// `sensitivity.svg` and `design.csv` (docs/sensitivity.md).
public struct SensitivityReport: Sendable {
    public struct Entry: Sendable {
        public var parameter: SensitivityDesign.Parameter
        public var morris: SensitivityEstimators.MorrisIndices?
        public var sobol: SensitivityEstimators.SobolIndices?
    }

    /// One metric's indices, or why there are none.
    public struct Metric: Sendable {
        public var name: String
        public var unit: String
        public var entries: [Entry]
        public var missing: String?
    }

    public var design: SensitivityDesign
    public var metrics: [Metric]
    public var replicates: Int
    let points: [[Double]]

    public static let fileNames = ["sensitivity.csv", "sensitivity.md", "sensitivity.svg", "design.csv"]

    public init(design: SensitivityDesign, result: SweepResult, seed: UInt64) {
        self.design = design
        replicates = result.replicates
        let points = design.unitPoints
        self.points = points
        let d = design.parameters.count
        metrics = design.metrics.map { name in
            let m = RunMetrics.names.firstIndex(of: name)!
            let unit = RunMetrics.metrics[m].unit
            var y = [Double]()
            for p in result.policies.indices {
                let values = result.values(policy: p, metric: m).compactMap { $0 }
                guard !values.isEmpty else {
                    return Metric(
                        name: name, unit: unit, entries: [],
                        missing: "no value at \(result.policies[p]) in any replicate")
                }
                y.append(values.reduce(0, +) / Double(values.count))
            }
            switch design.method {
            case .morris:
                let indices = SensitivityEstimators.morris(points: points, outputs: y, parameters: d)
                return Metric(
                    name: name, unit: unit,
                    entries: zip(design.parameters, indices).map { Entry(parameter: $0, morris: $1, sobol: nil) })
            case .sobol:
                guard
                    let indices = SensitivityEstimators.sobol(
                        outputs: y, parameters: d, samples: design.samples,
                        bootstrap: design.bootstrap, seed: seed)
                else { return Metric(name: name, unit: unit, entries: [], missing: "the same at every point") }
                return Metric(
                    name: name, unit: unit,
                    entries: zip(design.parameters, indices).map { Entry(parameter: $0, morris: nil, sobol: $1) })
            }
        }
    }

    /// The files, for `SweepWriter.write(extra:)`.
    public var files: [SweepWriter.ExtraFile] {
        [
            SweepWriter.ExtraFile(name: "sensitivity.csv") { csv(to: $0) },
            SweepWriter.ExtraFile(name: "sensitivity.md") { file in for line in markdown() { file.raw(line + "\n") } },
            SweepWriter.ExtraFile(name: "sensitivity.svg") { file in file.raw(svg()) },
            SweepWriter.ExtraFile(name: "design.csv") { designCSV(to: $0) },
        ]
    }

    static let decimals = 6

    func csv(to file: OutputFile) {
        func n(_ v: Double) -> Cell { v.isFinite ? .decimal(v, Self.decimals) : .null }
        let head = ["metric", "parameter", "low", "high", "unit"]
        switch design.method {
        case .morris: file.csvRow((head + ["mu", "mu_star", "sigma"]).map(Cell.string))
        case .sobol: file.csvRow((head + ["s1", "s1_low", "s1_high", "st", "st_low", "st_high"]).map(Cell.string))
        }
        for metric in metrics {
            for e in metric.entries {
                var row: [Cell] = [
                    .string(metric.name), .string(e.parameter.key), n(e.parameter.low), n(e.parameter.high),
                    .string(e.parameter.unit),
                ]
                if let m = e.morris { row += [n(m.mu), n(m.muStar), n(m.sigma)] }
                if let s = e.sobol {
                    row += [
                        n(s.firstOrder.value), n(s.firstOrder.low), n(s.firstOrder.high),
                        n(s.total.value), n(s.total.low), n(s.total.high),
                    ]
                }
                file.csvRow(row)
            }
        }
    }

    func designCSV(to file: OutputFile) {
        file.csvRow((["point"] + design.parameters.map(\.key)).map(Cell.string))
        let width = String(points.count).count
        for (i, x) in points.enumerated() {
            let number = String(i + 1)
            file.csvRow(
                [.string("point " + String(repeating: "0", count: width - number.count) + number)]
                    + zip(design.parameters, x).map { Cell.string($0.text(at: $1)) })
        }
    }

    /// The tables: one per metric, a row per parameter, most influential first.
    public func markdown() -> [String] {
        let d = design.parameters.count
        var lines = [String]()
        switch design.method {
        case .morris:
            lines += [
                "# Sensitivity: Morris elementary effects", "",
                "\(design.trajectories) trajectories on \(design.levels) levels, \(points.count) points × "
                    + "\(replicates) replicates (common random numbers); effects in the metric's unit per whole "
                    + "range of the parameter, from each point's mean.", "",
            ]
        case .sobol:
            lines += [
                "# Sensitivity: Sobol' indices", "",
                "Saltelli sampling, N = \(design.samples) (\(points.count) points = N × (\(d) + 2)) × \(replicates) "
                    + "replicates (common random numbers); first-order S1 and total ST with 95 % bootstrap intervals "
                    + "(\(design.bootstrap) resamples), from each point's mean.", "",
            ]
        }
        func f(_ v: Double) -> String { v.isFinite ? SweepWriter.fixed(v, 3) : "n/a" }
        for metric in metrics {
            lines.append("## \(metric.name)" + (metric.unit.isEmpty ? "" : " (\(metric.unit))"))
            lines.append("")
            if let missing = metric.missing {
                lines += ["No indices: the metric has \(missing).", ""]
                continue
            }
            switch design.method {
            case .morris:
                lines += ["| parameter | range | μ* | μ | σ |", "| --- | --- | ---: | ---: | ---: |"]
                for e in ordered(metric) {
                    let m = e.morris!
                    lines.append(
                        "| `\(e.parameter.key)` | \(range(e.parameter)) | \(f(m.muStar)) | \(f(m.mu)) | \(f(m.sigma)) |"
                    )
                }
            case .sobol:
                lines += ["| parameter | range | S1 [95 %] | ST [95 %] |", "| --- | --- | ---: | ---: |"]
                for e in ordered(metric) {
                    let s = e.sobol!
                    lines.append(
                        "| `\(e.parameter.key)` | \(range(e.parameter)) | \(f(s.firstOrder.value)) "
                            + "[\(f(s.firstOrder.low)), \(f(s.firstOrder.high))] | \(f(s.total.value)) "
                            + "[\(f(s.total.low)), \(f(s.total.high))] |")
                }
            }
            lines.append("")
        }
        lines.append("References: docs/sensitivity.md.")
        return lines
    }

    private func range(_ p: SensitivityDesign.Parameter) -> String { "\(p.text(at: 0)) – \(p.text(at: 1))" }

    /// A metric's entries, largest μ* (Morris) or ST (Sobol') first; ties in the design's order.
    func ordered(_ metric: Metric) -> [Entry] {
        func size(_ e: Entry) -> Double { e.morris?.muStar ?? e.sobol?.total.value ?? 0 }
        return metric.entries.enumerated().sorted { a, b in
            size(a.element) != size(b.element) ? size(a.element) > size(b.element) : a.offset < b.offset
        }.map(\.element)
    }

    /// A chart per metric: a tornado of μ* (with σ marked) for Morris; S1 and ST bars with
    /// their intervals for Sobol'.
    func svg() -> String {
        // Room on the left for the longest parameter name (about 7.5 px a character at 13 px), on
        // the right for the value labels.
        let longest = design.parameters.map(\.key.count).max() ?? 10
        let left = Double(longest) * 7.5 + 20
        let plot = 400.0
        let right = 90.0
        let rowHeight = 26.0
        let top = 40.0
        let width = left + plot + right
        var body = ""
        var y = 10.0
        func t(_ v: Double) -> String { SweepWriter.fixed(v, 1) }
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        for metric in metrics {
            let title =
                design.method == .morris
                ? "μ* (bar) and σ (tick): \(metric.name)" : "S1 (dark) and ST (light), 95 % intervals: \(metric.name)"
            body += "<text x=\"10\" y=\"\(t(y + 16))\" font-weight=\"bold\">\(escape(title))</text>\n"
            let entries = ordered(metric)
            if metric.missing != nil || entries.isEmpty {
                body += "<text x=\"\(t(left))\" y=\"\(t(y + 36))\">no indices: \(escape(metric.missing ?? ""))</text>\n"
                y += top + rowHeight
                continue
            }
            let scale: Double
            switch design.method {
            case .morris:
                let largest = entries.map { max($0.morris!.muStar, $0.morris!.sigma) }.max() ?? 0
                scale = largest > 0 ? plot / largest : 0
            case .sobol: scale = plot
            }
            func x(_ v: Double) -> Double { left + max(0, min(v, design.method == .sobol ? 1 : .infinity)) * scale }
            for (i, e) in entries.enumerated() {
                let row = y + top + Double(i) * rowHeight
                body +=
                    "<text x=\"\(t(left - 8))\" y=\"\(t(row + 14))\" text-anchor=\"end\">\(escape(e.parameter.key))</text>\n"
                if let m = e.morris {
                    body +=
                        "<rect x=\"\(t(left))\" y=\"\(t(row + 3))\" width=\"\(t(x(m.muStar) - left))\" height=\"14\" fill=\"#3b6ea5\"/>\n"
                    body +=
                        "<line x1=\"\(t(x(m.sigma)))\" x2=\"\(t(x(m.sigma)))\" y1=\"\(t(row))\" y2=\"\(t(row + 20))\" stroke=\"#c0392b\" stroke-width=\"2\"/>\n"
                    body +=
                        "<text x=\"\(t(x(m.muStar) + 4))\" y=\"\(t(row + 14))\" font-size=\"11\">\(SweepWriter.fixed(m.muStar, 3))</text>\n"
                }
                if let s = e.sobol {
                    for (k, est) in [s.firstOrder, s.total].enumerated() {
                        let barY = row + 2 + Double(k) * 10
                        body +=
                            "<rect x=\"\(t(left))\" y=\"\(t(barY))\" width=\"\(t(x(est.value) - left))\" height=\"8\" fill=\"\(k == 0 ? "#1f4e79" : "#9dc3e6")\"/>\n"
                        if est.low.isFinite && est.high.isFinite {
                            body +=
                                "<line x1=\"\(t(x(est.low)))\" x2=\"\(t(x(est.high)))\" y1=\"\(t(barY + 4))\" y2=\"\(t(barY + 4))\" stroke=\"black\"/>\n"
                        }
                    }
                }
            }
            let axisY = y + top + Double(entries.count) * rowHeight
            body +=
                "<line x1=\"\(t(left))\" x2=\"\(t(left + plot))\" y1=\"\(t(axisY))\" y2=\"\(t(axisY))\" stroke=\"#888\"/>\n"
            if design.method == .sobol {
                for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
                    body +=
                        "<text x=\"\(t(x(tick)))\" y=\"\(t(axisY + 14))\" font-size=\"11\" text-anchor=\"middle\">\(SweepWriter.fixed(tick, 2))</text>\n"
                }
            } else {
                body +=
                    "<text x=\"\(t(left))\" y=\"\(t(axisY + 14))\" font-size=\"11\">0 (\(escape(metric.unit.isEmpty ? "ratio" : metric.unit)) per whole range)</text>\n"
            }
            y = axisY + 30
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(t(width))\" height=\"\(t(y))\" "
            + "font-family=\"sans-serif\" font-size=\"13\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
            + body + "</svg>\n"
    }
}

extension Sweep {
    /// The sensitivity report of a design sweep's result; nil for a policy sweep.
    public func sensitivity(_ result: SweepResult) -> SensitivityReport? {
        plan.design.map { SensitivityReport(design: $0, result: result, seed: seed) }
    }
}
