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

    /// How many people of each affiliation went deeper than each tolerance across each boundary:
    /// the answer to "what if the line is uncertain by this much?". Rows in the scenario's order
    /// of frames, then zones; `counts[k]` is for `bands[k]`.
    public func membersBeyond(bands: [Double]) -> [(boundary: String, affiliation: String, counts: [Int])] {
        var rows = [(boundary: String, affiliation: String, counts: [Int])]()
        for i in incursions
        where !rows.contains(where: { $0.boundary == i.boundary && $0.affiliation == i.affiliation }) {
            let list = incursions.filter { $0.boundary == i.boundary && $0.affiliation == i.affiliation }
            let counts = bands.map { band in
                Set(list.filter { $0.isBeyond(tolerance: band) }.map { "\($0.unit)#\($0.member)" }).count
            }
            rows.append((i.boundary, i.affiliation, counts))
        }
        let order = scenario.frames.map(\.name) + scenario.zones.map(\.name)
        return rows.enumerated().sorted {
            (order.firstIndex(of: $0.element.boundary) ?? order.count, $0.offset)
                < (order.firstIndex(of: $1.element.boundary) ?? order.count, $1.offset)
        }.map(\.element)
    }

    /// The tolerance bands reported by default, metres: none, the scenario's, and a few wider.
    public var toleranceBands: [Double] { Array(Set([0, 1, 2, 5, 10, scenario.tolerance])).sorted() }
}
