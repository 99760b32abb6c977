import BorderGeometry

/// An order a unit can be given, as one type: how a scenario file names it and reads its
/// fields, what happens when it fires, and how it moves the unit's anchor every step.
///
/// Adding an order is adding one such type, listing it in `Order.family`, documenting its
/// fields in docs/scenario-format.md and testing it (docs/architecture.md shows the steps).
/// Every requirement must be written: none has a default that could hide a forgotten case.
public protocol UnitOrder: Sendable, Hashable {
    /// The key a scenario file gives it: `{follow: {…}}`.
    static var keyword: String { get }
    /// The keys its value takes when it is a mapping (empty: its value is not one).
    static var fields: [String] { get }
    /// An example of its value, for error messages.
    static var example: String { get }
    /// Reads the order's value; the reader locates any error it throws in the file.
    init(reading value: some OrderFields) throws
    /// Where the order first sends the unit, to face it that way at the start (nil: nowhere).
    var destination: Coordinate? { get }
    /// Whether it goes after detected groups, falling back meanwhile on the order it interrupted.
    var isResponse: Bool { get }
    /// Whether a barrier line under this order has disengaged and holds no one back.
    var disengages: Bool { get }
    /// What firing the order does beyond making it the unit's action (an event, say).
    func begin(_ start: OrderStart)
    /// Moves the unit's anchor for this step, spending up to `budget` metres.
    func advance(_ move: AnchorMove, budget: inout Double) throws(GeometryError)
}

/// What an order's value in a scenario file offers the order type reading it; the scenario
/// reader implements it, so the core reads no YAML.
public protocol OrderFields {
    /// The whole value, read as a place (coordinates or a named place).
    func place() throws -> Coordinate
    /// Field `key`, read as the id of another unit of the scenario.
    func otherUnit(_ key: String) throws -> String
    /// Field `key`, read as a positive distance in metres ("20 m").
    func distance(_ key: String) throws -> Double
    /// The whole value, read as a route's way points in order (places, or along the border).
    func route() throws -> [Coordinate]
}

/// Any `UnitOrder`, as `Order.Action.order` holds it: equal when the orders are. Boxed, so an
/// action stays two words and `UnitState` small for the step loop.
public struct AnyUnitOrder: Sendable, Hashable {
    private final class Box: Sendable {
        let order: any UnitOrder
        init(_ order: any UnitOrder) { self.order = order }
    }
    private let box: Box

    public var base: any UnitOrder { box.order }

    public init(_ base: any UnitOrder) { box = Box(base) }

    public static func == (a: AnyUnitOrder, b: AnyUnitOrder) -> Bool { AnyHashable(a.base) == AnyHashable(b.base) }
    public func hash(into hasher: inout Hasher) { hasher.combine(AnyHashable(base)) }
}

extension Order {
    /// The orders of the extensible family, by keyword, for the scenario reader.
    public static let family: [String: any UnitOrder.Type] = Dictionary(
        uniqueKeysWithValues: [FollowOrder.self, WithdrawOrder.self].map { ($0.keyword, $0 as any UnitOrder.Type) })
}

/// An order firing for unit `unit` at `now` (seconds since the start), in the order phase:
/// events go to the phase's worker.
public struct OrderStart {
    let state: RunState
    let unit: Int
    let now: Double
    let worker: Worker
}

/// A unit's anchor moving in the anchors phase: it may read anyone's position at the start of
/// the step (`Members.previous`) and write only its own unit's state.
public struct AnchorMove {
    let state: RunState
    let unit: Int
    let worker: Worker
}
