import BorderGeometry

/// `follow_route: {…, mode: once}`: walk to the route's first point, along it once to its last
/// point, and stop there; `when: arrived` orders then fire. Its progress is the unit's
/// `RouteProgress`, joined at the route's start whatever the unit's position.
public struct RouteOnceOrder: UnitOrder {
    public static let keyword = "follow_route"
    public static let fields: [String] = []
    public static let example =
        "{places: [[25.6, 54.2], [25.61, 54.2]], mode: once} or {along_border: "
        + "{from: km 10, to: km 20, offset: 200 m, side: LT}, mode: once}"

    public var points: [Coordinate]

    public init(points: [Coordinate]) { self.points = points }

    public init(reading value: some OrderFields) throws { points = try value.route() }

    public var destination: Coordinate? { points.first }
    public var isResponse: Bool { false }
    public var disengages: Bool { false }

    public func begin(_ start: OrderStart) {
        start.state.records[start.unit].route = RouteProgress(points: points, loop: false, s: 0, towardEnd: true)
    }

    /// Onto the route's start, then along it, stopping at its end (a back-and-forth route
    /// would turn there).
    public func advance(_ move: AnchorMove, budget: inout Double) throws(GeometryError) {
        let records = move.state.records
        let units = move.state.units
        let u = move.unit
        guard records[u].route != nil else { return }
        let onRoute = records[u].route!.position()
        guard AnchorMover.walk(&units[u].anchor, toward: onRoute, budget: &budget) else { return }
        let left = records[u].route!.length - records[u].route!.s
        if budget >= left {
            records[u].route!.advance(left)
            budget -= left
            units[u].arrived = true
        } else {
            records[u].route!.advance(budget)
            budget = 0
        }
        units[u].anchor = records[u].route!.position()
    }
}
