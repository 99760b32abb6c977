/// Measuring a run against the `expect:` block of its scenario.
extension RunResult {
    /// One expectation with the value the run gave.
    public struct ExpectationOutcome: Sendable, Hashable {
        public var expectation: Expectation
        public var actual: Double
        public var holds: Bool
    }

    /// Every expectation of the scenario, measured on this run.
    public func checkExpectations() -> [ExpectationOutcome] {
        scenario.expectations.map { e in
            let actual = measure(e)
            let holds = (e.min.map { actual >= $0 } ?? true) && (e.max.map { actual <= $0 } ?? true)
            return ExpectationOutcome(expectation: e, actual: actual, holds: holds)
        }
    }

    /// The value of an expectation's metric under its filters. Unknown metrics measure NaN,
    /// which holds for no bound (the loader rejects them first).
    public func measure(_ e: Expectation) -> Double {
        let f = e.filter
        // `until`: only what happened before this time (seconds since the start).
        let until = f["until"].flatMap(Double.init) ?? .infinity
        func matches(
            unit: String, affiliation: String, boundary: String?, from: String?, into: String?,
            counterpart: String? = nil
        ) -> Bool {
            if let v = f["unit"], v != unit { return false }
            if let v = f["target"], v != counterpart { return false }
            if let v = f["affiliation"], v != affiliation { return false }
            if let v = f["boundary"], v != boundary { return false }
            if let v = f["direction"], v != "\(from ?? "")->\(into ?? "")" { return false }
            // `while_on`: on that state's soil (an incursion or crossing into it, an officer seen there).
            if let v = f["while_on"], v != into { return false }
            // `while_in`: inside that zone (an incursion into it, an officer seen in it).
            if let v = f["while_in"], v != boundary { return false }
            return true
        }
        let selected = incursions.filter { i in
            i.entryTime < until
                && matches(
                    unit: i.unit, affiliation: i.affiliation, boundary: i.boundary, from: i.fromState, into: i.intoState
                )
                && (f["beyond_tolerance"].map { ($0 == "true") == i.isBeyond(tolerance: scenario.tolerance) } ?? true)
        }
        func selectedEvents(_ kind: Event.Kind) -> [Event] {
            events.filter {
                $0.kind == kind && $0.time < until
                    && matches(
                        unit: $0.unit, affiliation: $0.affiliation, boundary: $0.boundary,
                        from: $0.fromState, into: $0.intoState, counterpart: $0.counterpart)
            }
        }
        func count(_ kind: Event.Kind) -> Double { Double(selectedEvents(kind).count) }
        switch e.metric {
        case "incursions": return Double(selected.count)
        case "incursion_members": return Double(Set(selected.map { "\($0.unit)#\($0.member)" }).count)
        case "max_depth": return selected.map(\.maxDepth).max() ?? 0
        case "max_duration": return selected.map { $0.duration(runEnd: endTime) }.max() ?? 0
        case "crossings": return count(.crossing)
        case "crossing_members":
            return Double(Set(selectedEvents(.crossing).map { "\($0.unit)#\($0.member ?? -1)" }).count)
        case "warning_to_withdrawal": return warningToWithdrawal(unit: f["unit"], affiliation: f["affiliation"])
        case "detections": return count(.detection)
        case "warnings": return count(.warning)
        case "withdrawals": return count(.withdrawal)
        default: return .nan
        }
    }

    /// Seconds from the first warning a unit received to its withdrawal (to the end of the run if
    /// it never withdrew), the longest over the warned units matching the filters; 0 if none was warned.
    func warningToWithdrawal(unit: String?, affiliation: String?) -> Double {
        var longest = 0.0
        for spec in scenario.units
        where (unit ?? spec.id) == spec.id && (affiliation ?? spec.affiliation) == spec.affiliation {
            guard let warned = events.first(where: { $0.kind == .warning && $0.counterpart == spec.id }) else {
                continue
            }
            let left = events.first { $0.kind == .withdrawal && $0.unit == spec.id && $0.time >= warned.time }
            longest = max(longest, (left?.time ?? endTime) - warned.time)
        }
        return longest
    }

    /// The metric names `measure` understands.
    public static let metrics = [
        "incursions", "incursion_members", "max_depth", "max_duration", "crossings",
        "crossing_members", "detections", "warnings", "withdrawals", "warning_to_withdrawal",
    ]
}
