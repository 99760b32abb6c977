import BorderSim

/// A sweep's `summary.svg`: per metric, each policy's mean and 95 % interval (left) and its
/// paired difference from the baseline (right, with the zero line), each metric on its own
/// scale. Metrics no policy has a value for are left out. Fixed decimals: same sweep, same bytes.
enum SweepPicture {
    static func svg(_ result: SweepResult, title: String) -> [UInt8] {
        let metrics = RunMetrics.metrics.enumerated().filter { m, _ in
            result.policies.indices.contains { result.summary(policy: $0, metric: m).n > 0 }
        }
        let policies = result.policies
        let others = policies.indices.filter { $0 != result.baseline }
        let rowH = 16.0
        let gap = 36.0
        let blockH = gap + rowH * Double(policies.count)
        let width = 1100.0
        let labelW = 250.0
        let panelW = 390.0
        let leftX = labelW + 10
        let rightX = leftX + panelW + 40
        let top = 70.0
        let height = top + blockH * Double(metrics.count) + 40

        var s = ""
        func n(_ v: Double, _ d: Int = 1) -> String { SweepWriter.fixed(v, d) }
        func esc(_ t: String) -> String { ViewerWriter.escapeHTML(t) }
        s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width, 0))\" height=\"\(n(height, 0))\" viewBox=\"0 0 \(n(width, 0)) \(n(height, 0))\" font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\" font-size=\"11\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        s += "<text x=\"10\" y=\"22\" font-size=\"16\" font-weight=\"bold\">\(esc(title))</text>\n"
        let seeds = result.seeds.first.map { "seeds \($0)–\(result.seeds.last!)" } ?? "no seeds"
        s +=
            "<text x=\"10\" y=\"40\">Mean and 95 % confidence interval over \(result.replicates) replicates per policy (\(seeds)); paired differences use the same seeds.</text>\n"
        s += "<text x=\"\(n(leftX))\" y=\"60\" font-weight=\"bold\">each policy</text>\n"
        if !others.isEmpty {
            s +=
                "<text x=\"\(n(rightX))\" y=\"60\" font-weight=\"bold\">difference from \(esc(policies[result.baseline]))</text>\n"
        }
        let colours = ["#37474f", "#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037"]

        for (row, (m, metric)) in metrics.enumerated() {
            let y0 = top + blockH * Double(row)
            let label = metric.unit.isEmpty ? metric.name : "\(metric.name) (\(metric.unit))"
            s += "<g data-metric=\"\(esc(metric.name))\">\n"
            s +=
                "<line x1=\"10\" x2=\"\(n(width - 10))\" y1=\"\(n(y0 + 4))\" y2=\"\(n(y0 + 4))\" stroke=\"#dddddd\"/>\n"
            s += "<text x=\"10\" y=\"\(n(y0 + 18))\" font-weight=\"bold\">\(esc(label))</text>\n"
            func panel(_ x: Double, _ values: [(Int, Statistics.Summary)], zero: Bool) {
                let finite = values.flatMap { _, v in [v.mean, v.lower, v.upper] }.filter(\.isFinite)
                guard var lo = finite.min(), var hi = finite.max() else { return }
                if zero {
                    lo = min(lo, 0)
                    hi = max(hi, 0)
                }
                if hi - lo < 1e-9 {
                    lo -= 1
                    hi += 1
                }
                let pad = (hi - lo) * 0.05
                lo -= pad
                hi += pad
                func px(_ v: Double) -> Double { x + (v - lo) / (hi - lo) * panelW }
                let digits = hi - lo >= 100 ? 0 : hi - lo >= 1 ? 1 : 3
                s += "<text x=\"\(n(x))\" y=\"\(n(y0 + 18))\" fill=\"#777777\">\(n(lo, digits))</text>"
                s +=
                    "<text x=\"\(n(x + panelW))\" y=\"\(n(y0 + 18))\" fill=\"#777777\" text-anchor=\"end\">\(n(hi, digits))</text>\n"
                if zero {
                    s +=
                        "<line x1=\"\(n(px(0)))\" x2=\"\(n(px(0)))\" y1=\"\(n(y0 + 20))\" y2=\"\(n(y0 + blockH - 4))\" stroke=\"#999999\" stroke-dasharray=\"3 2\"/>\n"
                }
                for (p, v) in values {
                    guard v.n > 0, v.mean.isFinite else { continue }
                    let y = y0 + gap + rowH * Double(p) - 4
                    let c = colours[p % colours.count]
                    if v.halfWidth.isFinite {
                        s +=
                            "<line x1=\"\(n(px(v.lower)))\" x2=\"\(n(px(v.upper)))\" y1=\"\(n(y))\" y2=\"\(n(y))\" stroke=\"\(c)\" stroke-width=\"3\"/>"
                    }
                    s +=
                        "<circle data-policy=\"\(esc(policies[p]))\" data-mean=\"\(n(v.mean, 6))\" cx=\"\(n(px(v.mean)))\" cy=\"\(n(y))\" r=\"4\" fill=\"\(c)\"/>\n"
                }
            }
            for (p, name) in policies.enumerated() {
                let y = y0 + gap + rowH * Double(p)
                s +=
                    "<text x=\"24\" y=\"\(n(y))\" fill=\"\(colours[p % colours.count])\">\(esc(name))\(p == result.baseline ? " (baseline)" : "")</text>\n"
            }
            panel(leftX, policies.indices.map { ($0, result.summary(policy: $0, metric: m)) }, zero: false)
            if !others.isEmpty {
                panel(rightX, others.map { ($0, result.difference(policy: $0, metric: m)) }, zero: true)
            }
            s += "</g>\n"
        }
        s +=
            "<text x=\"10\" y=\"\(n(height - 14))\" fill=\"#555555\">Dot: mean; bar: 95 % confidence interval (Student t). Each metric has its own scale; the dashed line is no difference. bordersim sweep.</text>\n"
        s += "</svg>\n"
        return Array(s.utf8)
    }
}
