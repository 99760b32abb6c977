import BorderSim
import Foundation

/// Reads `arrivals:`, flows of migrant groups drawn per run (see `ArrivalSpec`):
///
///     arrivals:
///       - name: summer-flow
///         from: BY
///         into: LT
///         people_per_day: 95
///         schedule: [{from: 2021-07-01T00:00:00+03:00, people_per_day: 93}]
///         group_size: {min: 5, max: 40}
///         drop_off: [{from: km 250, to: km 320, weight: 3}, {from: km 100, to: km 150}]
///         start_offset: 300 m
///         destination_offset: 2 km
///         speed: 3 km/h
///         retry: {after: 6 h, shift: 0–20 km, max_attempts: 3}
struct ArrivalReader {
    let places: PlaceResolver
    /// The scenario's start, to turn schedule dates into seconds since it.
    let start: Double
    /// The run's length in seconds: arrivals are drawn up to its end.
    let span: Double

    /// The most people one flow may bring in one run: groups are drawn when the run is built,
    /// and this many already take a few GB.
    static let maxPeoplePerRun = 1_000_000.0

    /// Every crossing of summer 2021 on all three borders was a few hundred a day; this is
    /// far above that, and its groups, drawn at load, still fit in memory.
    static let maxPeoplePerDay = 100_000.0

    static let keys = [
        "name", "from", "into", "people_per_day", "schedule", "group_size", "drop_off", "start_offset",
        "destination_offset", "speed", "speed_variation", "spread", "retry",
    ]

    func flow(_ v: YAMLValue) throws(ScenarioError) -> ArrivalSpec {
        let m = try v.mapping(
            "an arrival flow: a mapping with name, from, into, people_per_day, group_size, "
                + "drop_off and speed", keys: Self.keys)
        let name = try m.required("name", "the flow's name, e.g. summer-flow").string("the flow's name")
        let from = try places.state(m.required("from", "the state the groups come from"))
        let intoNode = try m.required("into", "the state the groups head for")
        let into = try places.state(intoNode)
        guard into != from else { throw intoNode.error(.invalidValue, "expected a state other than 'from' (\(from))") }

        let rateNode = try m.required("people_per_day", "people per day")
        var rates = [ArrivalSpec.Rate(from: 0, peoplePerDay: try perDay(rateNode))]
        var rateNodes = [rateNode]
        for item in try m["schedule"]?.list("a list of {from: date and time, people_per_day: n}") ?? [] {
            let s = try item.mapping(
                "a change of rate: {from: 2021-07-01T00:00:00+03:00, people_per_day: 93}",
                keys: ["from", "people_per_day"])
            let whenNode = try s.required("from", "a date and time with its UTC offset")
            let text = try whenNode.string("a date and time with its UTC offset, e.g. 2021-07-01T00:00:00+03:00")
            guard let when = try? Timestamp(iso8601: text) else {
                throw whenNode.error(
                    .invalidValue,
                    "expected an ISO 8601 date and time with a UTC offset, "
                        + "e.g. 2021-07-01T00:00:00+03:00")
            }
            let seconds = when.start - start
            guard seconds > rates[rates.count - 1].from else {
                throw whenNode.error(.invalidValue, "expected a time after the start and after the previous change")
            }
            let node = try s.required("people_per_day", "people per day")
            rates.append(.init(from: seconds, peoplePerDay: try perDay(node)))
            rateNodes.append(node)
        }

        // The error points at the rate that brings the most people.
        var expected = 0.0
        var largest = (people: 0.0, node: rateNode)
        for (k, rate) in rates.enumerated() where rate.from < span {
            let until = k + 1 < rates.count ? min(rates[k + 1].from, span) : span
            let people = rate.peoplePerDay / 86_400 * (until - rate.from)
            expected += people
            if people > largest.people { largest = (people, rateNodes[k]) }
        }
        if expected > Self.maxPeoplePerRun {
            throw largest.node.error(
                .invalidValue,
                "expected at most \(Int(Self.maxPeoplePerRun)) people per flow over the run; "
                    + "these rates bring about \(Int(expected.rounded())) in \(Int(span / 86_400)) days")
        }

        let sizeNode = try m.required("group_size", "{min: 5, max: 40}")
        let size = try sizeNode.mapping("the group size: {min: 5, max: 40}", keys: ["min", "max"])
        let sizes = "a whole number from 1 to \(UnitReader.maxSize)"
        let low = try size.required("min", "the smallest group").integer(sizes, in: 1...UnitReader.maxSize)
        let high = try size.required("max", "the largest group").integer(sizes, in: 1...UnitReader.maxSize)
        guard low <= high else { throw sizeNode.error(.invalidValue, "expected min ≤ max") }

        var dropOffs = [ArrivalSpec.DropOff]()
        for item in try m.required("drop_off", "stretches of border: [{from: km 250, to: km 320, weight: 3}]")
            .list("a list of stretches of border")
        {
            let d = try item.mapping(
                "a stretch of border: {from: km 250, to: km 320, weight: 3}",
                keys: ["from", "to", "weight"])
            let a = try places.distanceAlongBorder(d.required("from", "a km mark, e.g. \"km 250\""))
            let b = try places.distanceAlongBorder(d.required("to", "a km mark, e.g. \"km 320\""))
            let weightNode = d["weight"]
            let weight = try weightNode?.number("a weight, a number > 0 and at most 1000000", in: 0...1e6) ?? 1
            if let weightNode, weight <= 0 { throw weightNode.error(.invalidValue, "expected a weight greater than 0") }
            dropOffs.append(.init(from: min(a, b), to: max(a, b), weight: weight))
        }
        var flow = ArrivalSpec(
            name: name, from: from, into: into, rates: rates, groupSize: low...high, dropOffs: dropOffs,
            startOffset: try m["start_offset"]?.quantity(.distance, .positive) ?? 300,
            destinationOffset: try m["destination_offset"]?.quantity(.distance, .positive) ?? 2_000,
            speed: try m.required("speed", Quantity.Dimension.speed.expectation).quantity(.speed, .positive),
            speedVariation: try m["speed_variation"]?.number(
                "a relative spread of speeds from 0 up to 0.99, e.g. 0.15",
                in: 0...0.99) ?? 0.15,
            spread: try m["spread"]?.quantity(.distance, .nonNegative) ?? 8)
        flow.retry = try m["retry"].map { (node) throws(ScenarioError) in try retry(node) }
        return flow
    }

    /// `{after: 6 h, shift: 0–20 km, max_attempts: 3}`; `shift` is a distance, a range
    /// "0–20 km" (or "0-20 km"), or `{min: 0 km, max: 20 km}`.
    private func retry(_ v: YAMLValue) throws(ScenarioError) -> ArrivalSpec.RetryPolicy {
        let m = try v.mapping(
            "a retry: {after: 6 h, shift: 0–20 km, max_attempts: 3}",
            keys: ["after", "shift", "max_attempts"])
        let after = try m.required("after", Quantity.Dimension.duration.expectation).quantity(.duration, .nonNegative)
        let shift = try m["shift"].map { (node) throws(ScenarioError) in try distanceRange(node) } ?? 0...0
        let attempts = try m.required("max_attempts", "the number of attempts in all, e.g. 3")
            .integer("a whole number of attempts in all, 1 or more", in: 1...1_000)
        return .init(after: after, shift: shift, maxAttempts: attempts)
    }

    private func distanceRange(_ v: YAMLValue) throws(ScenarioError) -> ClosedRange<Double> {
        let help = "a distance or a range of distances, e.g. \"0–20 km\" or {min: 0 km, max: 20 km}"
        if v.isMapping {
            let m = try v.mapping(help, keys: ["min", "max"])
            let low = try m.required("min", Quantity.Dimension.distance.expectation).quantity(.distance, .nonNegative)
            let high = try m.required("max", Quantity.Dimension.distance.expectation).quantity(.distance, .nonNegative)
            guard low <= high else { throw v.error(.invalidValue, "expected min ≤ max") }
            return low...high
        }
        let text = try v.string(help)
        // "0–20 km": the unit after the second number applies to both.
        if let dash = text.firstIndex(where: { $0 == "–" || $0 == "-" }), dash != text.startIndex {
            let first = text[..<dash].trimmingCharacters(in: .whitespaces)
            let second = text[text.index(after: dash)...].trimmingCharacters(in: .whitespaces)
            let unit = second.drop { $0.isNumber || $0 == "." || $0 == " " }
            guard
                let low = try? Quantity.parse(
                    first.contains(where: \.isLetter) ? first : first + " " + unit, as: .distance),
                let high = try? Quantity.parse(second, as: .distance)
            else { throw v.error(.unit, "expected " + help) }
            guard low <= high else { throw v.error(.invalidValue, "expected the smaller distance first") }
            return low...high
        }
        let d = try v.quantity(.distance, .nonNegative)
        return d...d
    }

    private func perDay(_ v: YAMLValue) throws(ScenarioError) -> Double {
        try v.number(
            "people per day, a number from 0 to \(Int(Self.maxPeoplePerDay)) (no unit)",
            in: 0...Self.maxPeoplePerDay)
    }
}
