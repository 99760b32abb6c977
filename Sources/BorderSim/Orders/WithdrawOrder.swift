import BorderGeometry

/// `withdraw: [lon, lat]`: walk to a place and hold there, recorded as a withdrawal. A barrier
/// line withdrawing has disengaged: it holds no one back.
public struct WithdrawOrder: UnitOrder {
    public static let keyword = "withdraw"
    public static let fields: [String] = []
    public static let example = "[25.63, 54.27] or a named place: where the unit withdraws to"

    public var to: Coordinate

    public init(to place: Coordinate) { to = place }

    public init(reading value: some OrderFields) throws { to = try value.place() }

    public var destination: Coordinate? { to }
    public var isResponse: Bool { false }
    public var disengages: Bool { true }

    public func begin(_ start: OrderStart) {
        let spec = start.state.specs[start.unit]
        start.worker.events.append(
            Event(
                time: start.now, kind: .withdrawal, unit: spec.id, affiliation: spec.affiliation,
                position: start.state.units[start.unit].anchor))
    }

    public func advance(_ move: AnchorMove, budget: inout Double) throws(GeometryError) {
        if AnchorMover.walk(&move.state.units[move.unit].anchor, toward: to, budget: &budget) {
            move.state.units[move.unit].arrived = true
        }
    }
}
