import BorderGeometry
import BorderSim

/// Reads `units:` entries and their orders into `UnitSpec`s with metric places.
///
/// Checks what the simulation would silently ignore: only officers detect (so only they
/// take `detection_range`, `detects` triggers, `intercept` and `push_back`), only officers
/// warn and are warned, and a unit to `follow` must exist.
struct UnitReader {
    let places: PlaceResolver
    /// Every unit id declared in the file, for `follow`.
    let unitIDs: [String]
    /// States with cameras: their units are sent after groups a camera detects, so they can
    /// respond to detections without a detection range of their own.
    var alertedStates: Set<String> = []
    /// Where each unit read so far starts, for a ring that surrounds one of them.
    private(set) var starts: [String: Coordinate] = [:]

    /// The most members a unit (or an arriving group) has. The core places a cluster's
    /// members one by one, each away from all placed before (`Simulation.formationPlace`),
    /// which is quadratic: 10,000 members took over 30 s to validate, 1,000,000 (the old
    /// ceiling) days. Summer 2021's groups were a few dozen to ~100 (../shared/facts-2021.md §3.4).
    static let maxSize = 2_000
    /// The most members all units have together: with units of `maxSize`, five of them take
    /// the fuzz build 10 s to place, and a few kilobytes of units would take minutes.
    static let maxPeople = 10_000

    static let keys = [
        "id", "kind", "size", "state", "role", "start", "spread", "speed", "speed_variation",
        "spacing", "formation", "barrier", "keeps_to_own_side", "detection_range", "detection_probability",
        "warning", "orders", "shifts", "surround", "radius", "tighten", "opening", "holds",
    ]

    /// Formation names, with `single_file` another name for `column`.
    static let formations: [String: UnitSpec.Formation] = [
        "cluster": .cluster, "line": .line, "column": .column,
        "single_file": .column, "ring": .ring, "arc": .arc,
    ]

    mutating func unit(_ v: YAMLValue) throws(ScenarioError) -> UnitSpec {
        let m = try v.mapping("a unit: a mapping with id, kind, size, start, speed and more", keys: Self.keys)
        let id = try m.required("id", "the unit's id, e.g. group-1").string("the unit's id")
        let kindText = try m.required("kind", "migrants or officers").choice(["migrants", "officers"])
        let kind: UnitSpec.Kind = kindText == "officers" ? .officers : .migrants

        let affiliation: String
        switch (kind, m["state"]) {
        case (.officers, let node?): affiliation = try places.state(node)
        case (.officers, nil):
            throw m.missing(
                "state", "the state the officers serve, one of " + places.world.states.joined(separator: ", "))
        case (.migrants, let node?):
            throw node.error(
                .invalidValue, "migrants have no state (their affiliation is \"migrants\"); remove 'state'",
                found: nil)
        case (.migrants, nil): affiliation = "migrants"
        }
        if kind == .migrants {
            for (key, what) in [
                ("warning", "warn"), ("detection_range", "detect others"),
                ("detection_probability", "detect others"),
                ("keeps_to_own_side", "have a side to keep to"),
            ] {
                guard let node = m[key] else { continue }
                throw node.error(
                    .invalidValue, "only officers \(what); remove '\(key)' or make the unit officers",
                    found: nil)
            }
        }
        let size = try m.required("size", "the number of members, a whole number ≥ 1")
            .integer(
                "a whole number of members from 1 to \(Self.maxSize) (split a larger crowd into several units)",
                in: 1...Self.maxSize)
        let formation = try Self.formations[
            m["formation"]?.choice([
                "cluster", "line", "column", "single_file",
                "ring", "arc",
            ]) ?? "cluster"]!
        let surround = try surroundedUnit(m, formation: formation, id: id)
        let start =
            if let surround, !m.has("start") { starts[surround]! } else {
                try places.place(m.required("start", PlaceResolver.placeHelp))
            }
        let speed = try m.required("speed", Quantity.Dimension.speed.expectation).quantity(.speed, .positive)
        let spread = try m["spread"]?.quantity(.distance, .nonNegative) ?? 5
        let spacing = try m["spacing"]?.quantity(.distance, .nonNegative) ?? 1.5
        let detectionRange = try m["detection_range"]?.quantity(.distance, .nonNegative) ?? 0
        var speedVariation = 0.1
        if let node = m["speed_variation"] {
            speedVariation = try node.number("a relative spread of speeds, e.g. 0.1 (10 %)")
            guard (0..<1).contains(speedVariation) else {
                throw node.error(.invalidValue, "expected a relative spread of speeds from 0 up to (not including) 1")
            }
        }
        let role = try m["role"]?.string("a role, e.g. border-guard") ?? (kind == .migrants ? "group" : "patrol")
        let isBarrier = try m["barrier"]?.bool() ?? false
        if isBarrier, ![.line, .ring, .arc].contains(formation), let node = m["barrier"] {
            throw node.error(
                .invalidValue,
                "a barrier is a line, ring or arc of people; add 'formation: line' "
                    + "(or ring, or arc)", found: nil)
        }
        let ring = try self.ring(m, formation: formation, surround: surround, size: size, spacing: spacing)
        let warning = try m["warning"].map { (node) throws(ScenarioError) in try self.warning(node) }
        var orders = [Order]()
        for item in try m["orders"]?.list("a list of orders, e.g. [{go_to: [25.6, 54.2]}]") ?? [] {
            let sees = detectionRange > 0 || (kind == .officers && alertedStates.contains(affiliation))
            orders.append(try order(item, unit: id, kind: kind, sees: sees))
        }
        var unit = UnitSpec(
            id: id, kind: kind, affiliation: affiliation, role: role, size: size, start: start,
            spread: spread, speed: speed, speedVariation: speedVariation, detectionRange: detectionRange,
            warning: warning, orders: orders, spacing: spacing, formation: formation,
            isBarrier: isBarrier, keepsToOwnSide: try m["keeps_to_own_side"]?.bool() ?? false)
        unit.ring = ring
        if let node = m["holds"] { unit.holds = try holds(node, barrier: m["barrier"], kind: kind, state: affiliation) }
        if let node = m["shifts"] {
            guard kind == .officers else {
                throw node.error(
                    .invalidValue, "only officers have shifts; remove 'shifts' or make the unit officers",
                    found: nil)
            }
            for item in try node.list("a list of on-duty windows, e.g. [{from: \"08:00\", to: \"20:00\"}]") {
                let w = try item.mapping(
                    "an on-duty window: {from: \"08:00\", to: \"20:00\"} (local time)",
                    keys: ["from", "to"])
                let from = try timeOfDay(w.required("from", "a local time of day, e.g. \"08:00\""))
                let toNode = try w.required("to", "a local time of day, e.g. \"20:00\"")
                let to = try timeOfDay(toNode)
                guard to != from else {
                    throw toNode.error(
                        .invalidValue,
                        "expected a time other than 'from' (a window of no time; leave "
                            + "'shifts' out for a unit always on duty)")
                }
                unit.shifts.append(DutyWindow(from: from, to: to))
            }
        }
        if let node = m["detection_probability"] {
            let p = try node.number("a probability per step, 0 < p ≤ 1")
            guard p > 0 && p <= 1 else { throw node.error(.invalidValue, "expected a probability per step, 0 < p ≤ 1") }
            unit.detectionProbability = p
        }
        starts[id] = start
        return unit
    }

    /// A barrier's `holds:` (`HoldsReader`), relative to its state; only with `barrier` (with
    /// `barrier: false` it is read and has no effect, as a switched-off fence's).
    private func holds(_ v: YAMLValue, barrier: YAMLValue?, kind: UnitSpec.Kind, state: String)
        throws(ScenarioError) -> Set<String>
    {
        guard barrier != nil else {
            throw v.error(
                .invalidValue, "'holds' is for a barrier; add 'barrier: true', or remove 'holds'", found: nil)
        }
        let hint =
            kind == .officers
            ? "" : "only officers have one, and this unit is migrants; list whom it holds by affiliation"
        return try HoldsReader(
            states: places.world.states, owner: kind == .officers ? state : nil, what: "barrier",
            nobodyHint: " (a barrier that holds nobody: 'barrier: false')", ownerHint: hint
        ).read(v)
    }

    /// `surround: <unit id>`: only for rings and arcs, a unit declared above (the ring starts
    /// centred on it unless it has a `start`), not the ring itself.
    private func surroundedUnit(_ m: YAMLMapping, formation: UnitSpec.Formation, id: String)
        throws(ScenarioError) -> String?
    {
        for key in ["surround", "radius", "tighten", "opening"] where formation != .ring && formation != .arc {
            guard let node = m[key] else { continue }
            throw node.error(
                .invalidValue,
                "'\(key)' is for a ring or an arc; add 'formation: ring' (or arc), or "
                    + "remove '\(key)'", found: nil)
        }
        if formation == .ring, let node = m["opening"] {
            throw node.error(.invalidValue, "a ring is closed; for a ring with a gap use 'formation: arc'", found: nil)
        }
        guard let node = m["surround"] else { return nil }
        let target = try node.string("the id of the unit the ring surrounds")
        guard target != id else { throw node.error(.invalidValue, "a ring cannot surround itself", found: target) }
        guard starts[target] != nil || m.has("start") else {
            let known =
                unitIDs.contains(target)
                ? "'\(target)' is declared below this unit; declare it above, or "
                    + "give this unit a 'start'"
                : "no unit above is called '\(target)'"
                    + (nearestName(to: target, in: Array(starts.keys).sorted()).map { "; did you mean '\($0)'?" } ?? "")
            throw node.error(.unknownName, "expected the id of a unit declared above: " + known, found: target)
        }
        guard unitIDs.contains(target) else {
            throw node.error(.unknownName, "expected the id of a unit in 'units'", found: target)
        }
        return target
    }

    /// A ring's or arc's circle: `radius` (default: members `spacing` apart round it),
    /// `tighten: {to: 4 m, rate: 0.5 km/h}`, and an arc's `opening` in degrees (default 90).
    private func ring(
        _ m: YAMLMapping, formation: UnitSpec.Formation, surround: String?, size: Int,
        spacing: Double
    ) throws(ScenarioError) -> RingShape? {
        guard formation == .ring || formation == .arc else { return nil }
        var opening = 0.0
        if formation == .arc {
            opening = Double.pi / 2
            if let node = m["opening"] {
                let degrees = try node.number("the arc's opening in degrees, more than 0 and less than 360, e.g. 90")
                guard degrees > 0 && degrees < 360 else {
                    throw node.error(.invalidValue, "expected an opening in degrees, more than 0 and less than 360")
                }
                opening = degrees * Double.pi / 180
            }
        }
        let radius =
            try m["radius"]?.quantity(.distance, .positive)
            ?? RingShape.fitting(size: size, spacing: spacing, opening: opening)
        var shape = RingShape(surround: surround, radius: radius, opening: opening)
        if let node = m["tighten"] {
            let t = try node.mapping("how the ring closes in: {to: 4 m, rate: 0.5 km/h}", keys: ["to", "rate"])
            shape.tightenTo = try t.required("to", "the radius it closes in to, e.g. 4 m").quantity(
                .distance, .positive)
            shape.rate = try t.required("rate", Quantity.Dimension.speed.expectation).quantity(.speed, .positive)
        }
        return shape
    }

    /// "08:00" or "8:30:15", local time → seconds since midnight; "24:00" is the end of the day.
    private func timeOfDay(_ v: YAMLValue) throws(ScenarioError) -> Double {
        let text = try v.string("a local time of day, e.g. \"08:00\"")
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }),
            let h = parts[0], let min = parts[1], (0...59).contains(min), (0...24).contains(h)
        else { throw v.error(.invalidValue, "expected a local time of day as hh:mm, e.g. \"08:00\" or \"20:30\"") }
        let sec = parts.count == 3 ? parts[2]! : 0
        // The seconds' range before the sum: "08:00:9223372036854775807" overflowed it (a trap).
        guard (0...59).contains(sec), h * 3600 + min * 60 + sec <= 86_400 else {
            throw v.error(.invalidValue, "expected a time of day from 00:00 to 24:00")
        }
        let seconds = Double(h * 3600 + min * 60 + sec)
        return seconds == 86_400 ? 0 : seconds
    }

    private func warning(_ v: YAMLValue) throws(ScenarioError) -> WarningPolicy {
        let m = try v.mapping("a warning policy, e.g. {interval: 1 min, range: 100 m}", keys: ["interval", "range"])
        let interval = try m.required("interval", Quantity.Dimension.duration.expectation).quantity(
            .duration, .positive)
        let range = try m.required("range", Quantity.Dimension.distance.expectation).quantity(.distance, .positive)
        return WarningPolicy(interval: interval, range: range)
    }

    /// The orders built into the reader, then those of the extensible family (`Order.family`),
    /// each of which reads its own value.
    static let actions =
        ["hold", "go_to", "follow_route", "intercept", "push_back", "apprehend", "leave"]
        + Order.family.keys.sorted()

    /// One order of unit `unit`: exactly one action key, and optionally `at: <duration>` or `when: <event>`.
    /// - Parameter sees: whether the unit learns of groups, by its own range or from a camera.
    func order(_ v: YAMLValue, unit: String, kind: UnitSpec.Kind, sees: Bool) throws(ScenarioError)
        -> Order
    {
        let m = try v.mapping("an order, e.g. {go_to: [25.6, 54.2], at: 5 min}", keys: Self.actions + ["at", "when"])
        let action = try m.exactlyOne(of: Self.actions, "an action")
        var trigger = Order.Trigger.start
        if m.has("at"), let when = m["when"] {
            throw when.error(.invalidValue, "an order has one trigger: 'at' or 'when', not both", found: nil)
        }
        if let at = m["at"] {
            trigger = .at(try at.quantity(.duration, .nonNegative))
        } else if let when = m["when"] {
            trigger = try self.trigger(when, kind: kind, sees: sees)
        }
        let a = action.value
        if ["intercept", "push_back", "apprehend"].contains(action.key) {
            try mustDetect(a, kind: kind, sees: sees, what: "'\(action.key)' goes after detected migrants")
        }
        if let family = Order.family[action.key] {
            return Order(try OrderFieldReader.read(family, a, unit: unit, reader: self), when: trigger)
        }
        switch action.key {
        case "hold":
            try empty(a)
            return Order(.hold, when: trigger)
        case "leave":
            try empty(a)
            return Order(.leave, when: trigger)
        case "intercept":
            try empty(a)
            return Order(.intercept, when: trigger)
        case "apprehend":
            try empty(a)
            return Order(.apprehend, when: trigger)
        case "go_to": return Order(.goTo(try places.place(a)), when: trigger)
        case "push_back":
            let m = try a.mapping("{beyond: 50 m}: how far past the mapped line the group is sent", keys: ["beyond"])
            let beyond = try m.required("beyond", Quantity.Dimension.distance.expectation).quantity(
                .distance, .positive)
            return Order(.pushBack(beyond: beyond), when: trigger)
        case "follow_route":
            let route = try places.route(a)
            if route.mode == .once {
                return Order(try OrderFieldReader.read(RouteOnceOrder.self, a, unit: unit, reader: self), when: trigger)
            }
            return Order(.followRoute(route.points, loop: route.mode == .loop), when: trigger)
        default:
            throw action.value.error(.unknownName, "'\(action.key)' is not an order", found: nil)
        }
    }

    /// Detection is done by officers with a range; anything waiting for it otherwise never happens.
    private func mustDetect(_ v: YAMLValue, kind: UnitSpec.Kind, sees: Bool, what: String)
        throws(ScenarioError)
    {
        guard kind == .officers else {
            throw v.error(
                .invalidValue, "only officers detect, and \(what); this could never happen for migrants",
                found: nil)
        }
        guard sees else {
            throw v.error(
                .invalidValue,
                "this unit never detects anyone (its detection_range is 0, and no camera of "
                    + "its state alerts it), and \(what); give it a detection_range, e.g. \"150 m\"", found: nil)
        }
    }

    /// `hold: {}` and `intercept: {}` take no parameters (an empty value is fine too).
    private func empty(_ v: YAMLValue) throws(ScenarioError) {
        guard !v.isNull else { return }
        _ = try v.mapping("{} (this action takes no parameters)", keys: [])
    }

    private func trigger(_ v: YAMLValue, kind: UnitSpec.Kind, sees: Bool) throws(ScenarioError)
        -> Order.Trigger
    {
        let help = "an event: arrived, {warned: N} or {detects: migrants|officers}"
        if !v.isMapping {
            let text = try v.string(help)
            guard text == "arrived" else {
                let hint = nearestName(to: text, in: ["arrived"]).map { "; did you mean '\($0)'?" } ?? ""
                throw v.error(.invalidValue, "expected " + help + hint)
            }
            return .arrived
        }
        let m = try v.mapping(help, keys: ["warned", "detects"])
        let entry = try m.exactlyOne(of: ["warned", "detects"], "an event")
        if entry.key == "warned" {
            guard kind == .officers else {
                throw entry.value.error(
                    .invalidValue,
                    "only officers are warned (warnings go to foreign officers); "
                        + "this trigger could never fire for migrants", found: nil)
            }
            return .warned(times: try entry.value.integer("a number of warnings, 1 or more", in: 1...1_000_000))
        }
        let detected = try entry.value.choice(["migrants", "officers"])
        try mustDetect(entry.value, kind: kind, sees: sees, what: "this trigger waits for a detection")
        return .detects(detected == "officers" ? .officers : .migrants)
    }
}
