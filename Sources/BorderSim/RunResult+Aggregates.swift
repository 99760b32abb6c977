/// Per-unit and per-kind totals of a run, shared by the summary writer and by expectations.
extension RunResult {
    /// One unit's incursions across one boundary (frame or zone), aggregated over its members.
    public struct UnitIncursions: Sendable, Hashable {
        public var unit: String
        public var affiliation: String
        public var boundary: String
        public var intoState: String
        /// Incursion records (a member entering twice counts twice).
        public var incursions: Int
        /// Distinct members who entered.
        public var members: Int
        public var firstEntry: Double
        /// Nil when someone was still inside at the end.
        public var lastExit: Double?
        public var maxDepth: Double
        /// Incursion records deeper than the scenario's tolerance.
        public var beyondTolerance: Int
    }

    /// Incursions grouped by (unit, boundary), in the order units and boundaries first appear.
    public func incursionsByUnit() -> [UnitIncursions] {
        var order = [String]()
        var groups = [String: [Incursion]]()
        for i in incursions {
            let key = "\(i.unit)\u{0}\(i.boundary)\u{0}\(i.intoState)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(i)
        }
        return order.map { key in
            let list = groups[key]!
            let stillInside = list.contains { $0.exitTime == nil }
            return UnitIncursions(
                unit: list[0].unit, affiliation: list[0].affiliation, boundary: list[0].boundary,
                intoState: list[0].intoState, incursions: list.count,
                members: Set(list.map(\.member)).count,
                firstEntry: list.map(\.entryTime).min()!,
                lastExit: stillInside ? nil : list.compactMap(\.exitTime).max(),
                maxDepth: list.map(\.maxDepth).max()!,
                beyondTolerance: list.filter { $0.isBeyond(tolerance: scenario.tolerance) }.count)
        }
    }

    /// How many events of each kind, in the fixed order of `Event.Kind.allCases`.
    public func eventCounts() -> [(kind: Event.Kind, count: Int)] {
        Event.Kind.allCases.map { kind in (kind, events.count { $0.kind == kind }) }
    }
}
