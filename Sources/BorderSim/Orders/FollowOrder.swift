import BorderGeometry

/// `follow: {unit: group-1, distance: 20 m}`: keep within `distance` metres of another unit's
/// centre, escorting it or being led by it.
public struct FollowOrder: UnitOrder {
    public static let keyword = "follow"
    public static let fields = ["unit", "distance"]
    public static let example = "{unit: group-1, distance: 20 m}: the unit to keep close to, and how close"

    public var unit: String
    public var distance: Double

    public init(unit: String, distance: Double) {
        self.unit = unit
        self.distance = distance
    }

    public init(reading value: some OrderFields) throws {
        unit = try value.otherUnit("unit")
        distance = try value.distance("distance")
    }

    public var destination: Coordinate? { nil }
    public var isResponse: Bool { false }
    public var disengages: Bool { false }

    public func begin(_ start: OrderStart) {}

    /// Toward the other unit's centre where it stood at the start of the step.
    public func advance(_ move: AnchorMove, budget: inout Double) throws(GeometryError) {
        let state = move.state
        guard let target = state.roster.index[unit] else { return }
        _ = AnchorMover.approach(
            move.unit, state.centroid(of: target, startOfStep: true), within: distance,
            budget: &budget, units: state.units)
    }
}
