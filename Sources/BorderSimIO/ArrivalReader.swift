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
struct ArrivalReader {
    let places: PlaceResolver
    /// The scenario's start, to turn schedule dates into seconds since it.
    let start: Double

    static let keys = ["name", "from", "into", "people_per_day", "schedule", "group_size", "drop_off", "start_offset",
                       "destination_offset", "speed", "speed_variation", "spread"]

    func flow(_ v: YAMLValue) throws(ScenarioError) -> ArrivalSpec {
        let m = try v.mapping("an arrival flow: a mapping with name, from, into, people_per_day, group_size, "
                              + "drop_off and speed", keys: Self.keys)
        let name = try m.required("name", "the flow's name, e.g. summer-flow").string("the flow's name")
        let from = try places.state(m.required("from", "the state the groups come from"))
        let intoNode = try m.required("into", "the state the groups head for")
        let into = try places.state(intoNode)
        guard into != from else { throw intoNode.error(.invalidValue, "expected a state other than 'from' (\(from))") }

        var rates = [ArrivalSpec.Rate(from: 0, peoplePerDay: try perDay(m.required("people_per_day", "people per day")))]
        for item in try m["schedule"]?.list("a list of {from: date and time, people_per_day: n}") ?? [] {
            let s = try item.mapping("a change of rate: {from: 2021-07-01T00:00:00+03:00, people_per_day: 93}",
                                     keys: ["from", "people_per_day"])
            let whenNode = try s.required("from", "a date and time with its UTC offset")
            let text = try whenNode.string("a date and time with its UTC offset, e.g. 2021-07-01T00:00:00+03:00")
            guard let when = try? Timestamp(iso8601: text) else {
                throw whenNode.error(.invalidValue, "expected an ISO 8601 date and time with a UTC offset, "
                                     + "e.g. 2021-07-01T00:00:00+03:00")
            }
            let seconds = when.start - start
            guard seconds > rates[rates.count - 1].from else {
                throw whenNode.error(.invalidValue, "expected a time after the start and after the previous change")
            }
            rates.append(.init(from: seconds, peoplePerDay: try perDay(s.required("people_per_day", "people per day"))))
        }

        let sizeNode = try m.required("group_size", "{min: 5, max: 40}")
        let size = try sizeNode.mapping("the group size: {min: 5, max: 40}", keys: ["min", "max"])
        let low = try size.required("min", "the smallest group").integer("a whole number ≥ 1", in: 1...10_000)
        let high = try size.required("max", "the largest group").integer("a whole number ≥ 1", in: 1...10_000)
        guard low <= high else { throw sizeNode.error(.invalidValue, "expected min ≤ max") }

        var dropOffs = [ArrivalSpec.DropOff]()
        for item in try m.required("drop_off", "stretches of border: [{from: km 250, to: km 320, weight: 3}]")
            .list("a list of stretches of border") {
            let d = try item.mapping("a stretch of border: {from: km 250, to: km 320, weight: 3}",
                                     keys: ["from", "to", "weight"])
            let a = try places.distanceAlongBorder(d.required("from", "a km mark, e.g. \"km 250\""))
            let b = try places.distanceAlongBorder(d.required("to", "a km mark, e.g. \"km 320\""))
            let weightNode = d["weight"]
            let weight = try weightNode?.number("a weight, a number > 0") ?? 1
            if let weightNode, weight <= 0 { throw weightNode.error(.invalidValue, "expected a weight greater than 0") }
            dropOffs.append(.init(from: min(a, b), to: max(a, b), weight: weight))
        }
        return ArrivalSpec(
            name: name, from: from, into: into, rates: rates, groupSize: low...high, dropOffs: dropOffs,
            startOffset: try m["start_offset"]?.quantity(.distance, .positive) ?? 300,
            destinationOffset: try m["destination_offset"]?.quantity(.distance, .positive) ?? 2_000,
            speed: try m.required("speed", Quantity.Dimension.speed.expectation).quantity(.speed, .positive),
            speedVariation: try m["speed_variation"]?.number("a fraction, e.g. 0.15") ?? 0.15,
            spread: try m["spread"]?.quantity(.distance, .nonNegative) ?? 8)
    }

    private func perDay(_ v: YAMLValue) throws(ScenarioError) -> Double {
        let value = try v.number("people per day, a number ≥ 0 (no unit)")
        guard value >= 0 else { throw v.error(.invalidValue, "expected people per day ≥ 0") }
        return value
    }
}
