import Foundation

extension TrackComparison {
    private static func number(_ v: Double?, _ decimals: Int = 3) -> String {
        v.map { String(format: "%.\(decimals)f", $0) } ?? ""
    }

    /// The table `bordersim compare` prints, then its summary.
    public var lines: [String] {
        var out = ["observed            simulated           fréchet_m   mean_m  fixes  crossing_offset_s"]
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(1, n - s.count)) }
        func left(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(1, n - s.count)) + s }
        for m in matches {
            out.append(
                pad(m.observed, 20) + pad(m.simulated, 20) + left(Self.number(m.frechet, 1), 9)
                    + left(Self.number(m.meanDistance, 1), 9) + left(String(m.fixes), 7)
                    + left(m.crossingOffset.map { Self.number($0, 1) } ?? "-", 19))
        }
        out.append(summary)
        if !unmatched.isEmpty { out.append("not in the run: " + unmatched.joined(separator: ", ")) }
        return out
    }

    /// One line: how far the run is from what was seen, over every match.
    public var summary: String {
        guard !matches.isEmpty else { return "no observed track matches a simulated person or unit" }
        let means = matches.compactMap(\.meanDistance)
        let offsets = matches.compactMap(\.crossingOffset)
        var text = "\(matches.count) matched; Fréchet \(Self.number(matches.map(\.frechet).max(), 1)) m at most"
        if !means.isEmpty {
            text += ", mean distance \(Self.number(means.reduce(0, +) / Double(means.count), 1)) m on average"
        }
        if !offsets.isEmpty {
            text +=
                ", first crossing observed \(Self.number(offsets.reduce(0, +) / Double(offsets.count), 1)) s after "
                + "the simulated one on average (\(offsets.count) with both)"
        }
        return text
    }

    /// The comparison as JSON: the matches, the unmatched ids and the summary line.
    public var json: String {
        func value(_ v: Double?) -> String { v.map { Self.number($0) } ?? "null" }
        func quoted(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let rows = matches.map { m in
            "    {\"observed\": \(quoted(m.observed)), \"simulated\": \(quoted(m.simulated)), \"frechet_m\": \(value(m.frechet)), "
                + "\"mean_distance_m\": \(value(m.meanDistance)), \"fixes\": \(m.fixes), "
                + "\"simulated_first_crossing_s\": \(value(m.simulatedCrossing)), "
                + "\"observed_first_crossing_s\": \(value(m.observedCrossing)), \"crossing_offset_s\": \(value(m.crossingOffset))}"
        }
        return "{\n  \"matches\": [\n" + rows.joined(separator: ",\n") + (rows.isEmpty ? "" : "\n") + "  ],\n"
            + "  \"unmatched\": [" + unmatched.map(quoted).joined(separator: ", ") + "],\n"
            + "  \"summary\": \(quoted(summary))\n}\n"
    }

    /// The matches as CSV, one row each.
    public var csv: String {
        func cell(_ s: String) -> String {
            s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out =
            "observed,simulated,frechet_m,mean_distance_m,fixes,simulated_first_crossing_s,observed_first_crossing_s,crossing_offset_s\n"
        for m in matches {
            out +=
                [
                    cell(m.observed), cell(m.simulated), Self.number(m.frechet), Self.number(m.meanDistance),
                    String(m.fixes),
                    Self.number(m.simulatedCrossing), Self.number(m.observedCrossing), Self.number(m.crossingOffset),
                ]
                .joined(separator: ",") + "\n"
        }
        return out
    }
}
