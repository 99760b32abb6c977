import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A sweep's `summary.svg` says what `summary.csv` says: for every metric, each policy's dot is
/// at its mean and its bar spans its 95 % interval, and each other policy's second dot is its
/// paired difference from the baseline.
@Suite("sweep summary.svg", .serialized)
struct SweepPictureTests {
    /// Every element's name and attributes, in document order, with the metric group it is in.
    final class Elements: NSObject, XMLParserDelegate {
        var list = [(name: String, attributes: [String: String], metric: String?)]()
        var metric: String?
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if name == "g" { metric = attributes["data-metric"] }
            list.append((name, attributes, metric))
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "g" { metric = nil }
        }
    }

    @Test func eachDotIsAPolicysMeanOrDifferenceAndEachBarItsInterval() throws {
        let out = try CLI.temporaryFolder().appendingPathComponent("out")
        let r = try CLI.run(["sweep", CLI.fixture("sweep/sweep.yaml"), "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let parser = XMLParser(data: try Data(contentsOf: out.appendingPathComponent("summary.svg")))
        let elements = Elements()
        parser.delegate = elements
        #expect(parser.parse(), "summary.svg is not well-formed XML: \(String(describing: parser.parserError))")

        // summary.csv: policy, metric, unit, n, mean, sd, ci_low, ci_high, half_width, diff_n, diff_mean, diff_ci_low, diff_ci_high
        let rows = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
            .split(separator: "\r\n").dropFirst().map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
        var checkedMeans = 0
        var checkedDifferences = 0
        var checkedBars = 0
        for row in rows where Int(row[3]) ?? 0 > 0 {
            let (policy, metric) = (row[0], row[1])
            // The dots of this policy in this metric's group, each after its interval bar (if any).
            let inGroup = elements.list.filter { $0.metric == metric }
            let dots = inGroup.enumerated().filter {
                $0.element.name == "circle" && $0.element.attributes["data-policy"] == policy
            }
            try #require(!dots.isEmpty, "no dot for \(policy) in \(metric)")
            func value(_ i: Int, _ key: String) -> Double? { Double(inGroup[i].attributes[key] ?? "") }
            func checkBar(dot i: Int, low: Double, mean: Double, high: Double) {
                guard high - low > 1e-6, i > 0, inGroup[i - 1].name == "line",
                    let x1 = value(i - 1, "x1"), let x2 = value(i - 1, "x2"), let cx = value(i, "cx")
                else { return }
                #expect(value(i - 1, "y1") == value(i, "cy"), "\(policy) \(metric): the bar is on the dot's row")
                // Positions are rounded to 0.1 px: the dot divides the bar as the mean divides the interval.
                let drawn = (cx - x1) / (x2 - x1)
                let expected = (mean - low) / (high - low)
                #expect(
                    abs(drawn - expected) < 0.2 / (x2 - x1) + 1e-9,
                    "\(policy) \(metric): dot at \(drawn) of the bar, mean at \(expected)")
                checkedBars += 1
            }
            let mean = try #require(Double(row[4]))
            let first = try #require(value(dots[0].offset, "data-mean"))
            #expect(abs(first - mean) < 1e-6, "\(policy) \(metric): dot at \(first), summary.csv mean \(mean)")
            checkBar(dot: dots[0].offset, low: Double(row[6]) ?? mean, mean: mean, high: Double(row[7]) ?? mean)
            checkedMeans += 1
            if let difference = Double(row[10]) {
                try #require(dots.count == 2, "\(policy) \(metric): a mean and a difference")
                let second = try #require(value(dots[1].offset, "data-mean"))
                #expect(
                    abs(second - difference) < 1e-6,
                    "\(policy) \(metric): difference dot at \(second), summary.csv \(difference)")
                checkBar(
                    dot: dots[1].offset, low: Double(row[11]) ?? difference, mean: difference,
                    high: Double(row[12]) ?? difference)
                checkedDifferences += 1
            } else {
                #expect(dots.count == 1, "\(policy) \(metric): the baseline has no difference")
            }
        }
        // Three policies, every metric: the baseline's means and the two others' means and differences.
        #expect(checkedMeans == rows.filter { Int($0[3]) ?? 0 > 0 }.count && checkedMeans >= 30)
        #expect(checkedDifferences * 3 == checkedMeans * 2)
        #expect(checkedBars >= 10, "only \(checkedBars) intervals wider than zero were checked")
    }
}
