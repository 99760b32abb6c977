import BorderSim
import Foundation

/// Reads `expect:` entries: a metric, optional filters, and bounds.
///
/// Filters are checked against the scenario (a `unit` must be declared, a `boundary` must be
/// "mapped", a claim or a zone), so a typo fails at load time instead of matching nothing.
struct ExpectationReader {
    let places: PlaceResolver
    let unitIDs: [String]
    /// Cameras' ids: a camera is the `unit` of its detections.
    var cameraIDs: [String] = []
    /// The zones' names, for `while_in`.
    var zoneNames: [String] = []
    /// "mapped", then claim names, then zone names.
    let boundaries: [String]
    /// The scenario's start (seconds since 1970), for `until`.
    let start: Double

    /// The metrics the core can measure.
    static var metrics: [String] { RunResult.metrics }
    static let keys = [
        "metric", "affiliation", "unit", "target", "boundary", "direction", "beyond_tolerance", "until",
        "while_on", "while_in", "min", "max", "equals",
    ]

    func expectation(_ v: YAMLValue) throws(ScenarioError) -> Expectation {
        let m = try v.mapping("an expectation, e.g. {metric: incursions, affiliation: BY, max: 0}", keys: Self.keys)
        let metric = try m.required("metric", "one of " + Self.metrics.joined(separator: ", ")).choice(Self.metrics)

        var filter = [String: String]()
        if let node = m["affiliation"] { filter["affiliation"] = try places.state(node, allowing: ["migrants"]) }
        if let node = m["unit"] { filter["unit"] = try name(node, in: unitIDs + cameraIDs, what: "unit or camera") }
        if let node = m["while_on"] { filter["while_on"] = try places.state(node) }
        if let node = m["while_in"] {
            filter["while_in"] = try name(node, in: zoneNames, what: "zone")
        }
        if let node = m["target"] { filter["target"] = try name(node, in: unitIDs, what: "unit") }
        if let node = m["boundary"] { filter["boundary"] = try name(node, in: boundaries, what: "boundary") }
        if let node = m["direction"] { filter["direction"] = try direction(node) }
        if let node = m["beyond_tolerance"] { filter["beyond_tolerance"] = try node.bool() ? "true" : "false" }
        if let node = m["until"] {
            let text = try node.string("a date and time with its UTC offset, e.g. 2021-08-01T00:00:00+03:00")
            guard let when = try? Timestamp(iso8601: text) else {
                throw node.error(
                    .invalidValue,
                    "expected an ISO 8601 date and time with a UTC offset, "
                        + "e.g. 2021-08-01T00:00:00+03:00")
            }
            filter["until"] = String(when.start - start)
        }

        var low = try m["min"].map { (node) throws(ScenarioError) in try bound(node, metric: metric) }
        var high = try m["max"].map { (node) throws(ScenarioError) in try bound(node, metric: metric) }
        if let node = m["equals"] {
            if let other = m["min"] ?? m["max"] {
                throw other.error(
                    .invalidValue, "'equals' sets both bounds; remove 'min' and 'max' or 'equals'",
                    found: nil)
            }
            let value = try bound(node, metric: metric)
            (low, high) = (value, value)
        }
        guard low != nil || high != nil else {
            throw m.missing("max", "a bound: 'min', 'max' or 'equals'")
        }
        if let low, let high, low > high, let node = m["max"] {
            throw node.error(.invalidValue, "expected max ≥ min (\(low))")
        }
        return Expectation(metric: metric, filter: filter, min: low, max: high, source: v.location)
    }

    /// A count for count metrics, a distance (metres) for max_depth, a duration (seconds) for
    /// max_duration and warning_to_withdrawal.
    private func bound(_ v: YAMLValue, metric: String) throws(ScenarioError) -> Double {
        switch metric {
        case "max_depth": return try v.quantity(.distance, .nonNegative)
        case "max_duration", "warning_to_withdrawal": return try v.quantity(.duration, .nonNegative)
        default:
            let value = try v.number("a count, e.g. 0 or 3 (no unit)")
            guard value >= 0, value.rounded() == value else {
                throw v.error(.invalidValue, "expected a whole count ≥ 0")
            }
            return value
        }
    }

    private func name(_ v: YAMLValue, in names: [String], what: String) throws(ScenarioError) -> String {
        let text = try v.string("a \(what) name")
        guard names.contains(text) else {
            let hint =
                nearestName(to: text, in: names).map { "did you mean '\($0)'?" }
                ?? "expected one of: " + names.joined(separator: ", ")
            throw v.error(.unknownName, "no \(what) '\(text)' in this scenario; " + hint, found: nil)
        }
        return text
    }

    /// "BY->LT": from one state of the border into the other.
    private func direction(_ v: YAMLValue) throws(ScenarioError) -> String {
        let states = places.world.states
        let example = "\(states[1])->\(states[0])"
        let parts = try v.string("a direction, e.g. \(example)").components(separatedBy: "->").map(\.trimmingSpaces)
        guard parts.count == 2, parts[0] != parts[1] else {
            throw v.error(.invalidValue, "expected a direction between two states, e.g. \(example)")
        }
        for part in parts where !states.contains(part) {
            throw v.error(
                .unknownName,
                "unknown state '\(part)' in the direction: the border \(places.world.geodata.id) "
                    + "is between " + states.joined(separator: " and "), found: nil)
        }
        return parts[0] + "->" + parts[1]
    }
}
