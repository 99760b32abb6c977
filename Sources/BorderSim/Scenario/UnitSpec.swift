import BorderGeometry

/// A unit as declared: a migrant group or an officer unit, with its members and orders.
public struct UnitSpec: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case migrants, officers }

    public var id: String
    public var kind: Kind
    /// Whose unit it is: a state id ("LT", "BY") for officers, "migrants" for migrant groups.
    public var affiliation: String
    /// Free text carried to the outputs, e.g. "border-guard", "riot-police", "group".
    public var role: String
    public var size: Int
    /// Where the members start (metric), spread around this point.
    public var start: Coordinate
    /// Radius of the area the members start in, metres.
    public var spread: Double
    /// Mean walking speed, m/s; each member draws its own speed around it.
    public var speed: Double
    /// Relative spread of member speeds (standard deviation / mean).
    public var speedVariation: Double
    /// Officers see migrants and foreign officers within this distance, metres (0: never).
    public var detectionRange: Double
    /// Whether the unit's members watch for others: officers with a detection range.
    var detects: Bool { kind == .officers && detectionRange > 0 }
    /// How this unit warns foreign officers found on its state's territory, if it does.
    public var warning: WarningPolicy?
    public var orders: [Order]
    /// Members keep this distance from each other, metres.
    public var spacing: Double
    /// How members stand around the unit's anchor.
    public var formation: Formation
    /// For a `ring` or `arc`: the circle it stands on, whom it closes round, how it tightens.
    public var ring: RingShape?
    /// A line, ring or arc that those it `holds` cannot walk through: those in front of a line
    /// are pushed ahead as it advances and cannot slip back behind it; those inside a ring or
    /// arc cannot leave through it, and are pushed as it advances or tightens. Withdrawing, it
    /// releases the units it held, and holds the others as before (`BarriersPhase`).
    public var isBarrier: Bool
    /// Whom a barrier holds: the affiliations (`migrants`, state ids for their officers) whose
    /// units it stops, as a fence's `FenceSpec.holds`; migrants by default, as barriers always
    /// did. Its own members it never holds.
    public var holds: Set<String> = ["migrants"]
    /// The unit never steps onto another state's territory (on the mapped border): it stops
    /// `UnitSpec.sideMargin` metres short of the line, whatever its orders.
    public var keepsToOwnSide: Bool

    /// The chance, each step, that this unit notices a unit of another side that is within its
    /// detection range (1: always). A per-glimpse probability in the sense of search theory
    /// (Koopman; Washburn): over n steps in range, P(detected) = 1 − (1 − p)^n.
    public var detectionProbability: Double = 1

    /// When the unit enters the simulated area, seconds since the start (0: from the start).
    /// Before that it neither moves nor sees nor is seen, and no order fires.
    public var appearsAt: Double = 0

    /// Where the unit joins its route, if not at the route's point nearest to it.
    public var routeStart: RouteStart?

    /// When the unit is on duty, by local time of day; empty: always. Off duty it stays where
    /// it is, neither detects nor responds, and no order fires.
    public var shifts: [DutyWindow] = []

    /// For a group drawn from an arrival flow: where it was dropped off and how it tries again
    /// after being turned back (nil: it does not).
    public var retry: ArrivalRetry?

    public struct RouteStart: Sendable, Hashable {
        /// Metres along the route from its first point.
        public var distance: Double
        /// Whether it first walks toward the route's last point.
        public var towardEnd: Bool

        public init(distance: Double, towardEnd: Bool) {
            self.distance = distance
            self.towardEnd = towardEnd
        }
    }

    /// How far short of the line a unit that keeps to its own side stops, metres.
    public static let sideMargin = 1.0

    public enum Formation: Sendable, Hashable {
        /// Scattered at random in a disc of radius `spread`, at least `spacing` apart.
        case cluster
        /// Abreast, `spacing` apart, across the direction the unit faces.
        case line
        /// Single file: one behind the other, `spacing` apart, the first at the anchor; along
        /// the route behind the anchor when it walks one, else straight back from its heading.
        case column
        /// Evenly round the circle of `UnitSpec.ring`, facing inward, whatever the heading.
        case ring
        /// Evenly round the circle of `UnitSpec.ring` but for a gap of `RingShape.opening`
        /// centred on the direction the unit faces.
        case arc

        /// Whether the members' places turn with the unit's heading.
        var turns: Bool { self == .line || self == .column || self == .arc }
        /// Whether members stand on places apart by construction, so keep no distance of their own.
        var isFormed: Bool { self == .column || self == .ring || self == .arc }
    }

    public init(
        id: String, kind: Kind, affiliation: String, role: String, size: Int, start: Coordinate,
        spread: Double = 5, speed: Double, speedVariation: Double = 0.1, detectionRange: Double = 0,
        warning: WarningPolicy? = nil, orders: [Order] = [], spacing: Double = 1.5,
        formation: Formation = .cluster, isBarrier: Bool = false, keepsToOwnSide: Bool = false,
        routeStart: RouteStart? = nil
    ) {
        self.id = id
        self.kind = kind
        self.affiliation = affiliation
        self.role = role
        self.size = size
        self.start = start
        self.spread = spread
        self.speed = speed
        self.speedVariation = speedVariation
        self.detectionRange = detectionRange
        self.warning = warning
        self.orders = orders
        self.spacing = spacing
        self.formation = formation
        self.isBarrier = isBarrier
        self.keepsToOwnSide = keepsToOwnSide
        self.routeStart = routeStart
    }
}

/// Officers of a state warn foreign officers who are on that state's territory within range.
public struct WarningPolicy: Sendable, Hashable {
    /// Seconds between two warnings to the same unit.
    public var interval: Double
    /// Metres within which a foreign officer can be warned.
    public var range: Double

    public init(interval: Double, range: Double) {
        self.interval = interval
        self.range = range
    }
}

/// An order: what a unit does from the moment its trigger fires until another order replaces it.
public struct Order: Sendable, Hashable {
    public var trigger: Trigger
    public var action: Action

    public init(_ action: Action, when trigger: Trigger = .start) {
        self.trigger = trigger
        self.action = action
    }

    public enum Trigger: Sendable, Hashable {
        /// From the start of the run.
        case start
        /// At a time, seconds since the start.
        case at(Double)
        /// When the unit has received this many warnings.
        case warned(times: Int)
        /// When the unit first detects a unit of the given kind.
        case detects(UnitSpec.Kind)
        /// When the unit has reached the end of its previous order's movement (a place, a route's end).
        case arrived
    }

    public enum Action: Sendable, Hashable {
        /// Stay where it is.
        case hold
        /// Walk to a place, then hold.
        case goTo(Coordinate)
        /// Walk a route: round and round (`loop`) or back and forth.
        case followRoute([Coordinate], loop: Bool)
        /// Leave the simulated area where it stands (got through, or gave up): from then on the
        /// unit neither moves nor sees nor is seen, and crosses nothing.
        case leave
        /// Walk toward the nearest detected migrant group and stop next to it.
        case intercept
        /// Reach the nearest detected migrant group once it is on this unit's state's territory and
        /// apprehend it: the group leaves the simulated area (for asylum processing, say).
        case apprehend
        /// Reach the nearest detected migrant group once it is on this unit's state's territory, then
        /// send it back across the mapped border to `beyond` metres past the line, and stand at the
        /// line on this unit's own side (3 m plus the unit's spread back from it).
        case pushBack(beyond: Double)
        /// An order of the extensible family (`UnitOrder`): `follow`, `withdraw`.
        case order(AnyUnitOrder)

        /// Walk to a place and hold, recorded as a withdrawal (`WithdrawOrder`).
        public static func withdraw(to place: Coordinate) -> Action { .order(AnyUnitOrder(WithdrawOrder(to: place))) }
        /// Keep within `distance` metres of another unit's centre (`FollowOrder`).
        public static func follow(unit: String, distance: Double) -> Action {
            .order(AnyUnitOrder(FollowOrder(unit: unit, distance: distance)))
        }
    }
}

/// An assertion on a run's outcome, checked by `bordersim check`.
public struct Expectation: Sendable, Hashable {
    /// What is measured, e.g. "incursions", "crossings", "detections", "warnings", "max_depth".
    public var metric: String
    /// Filters: affiliation, unit, target, boundary (a frame's or a zone's name), direction
    /// (e.g. "BY->LT"), beyond_tolerance ("true" / "false"), until (seconds since the start:
    /// only what happened before).
    public var filter: [String: String]
    /// Inclusive bounds; nil means unbounded on that side.
    public var min: Double?
    public var max: Double?
    /// Where in the scenario file this came from, for the report ("file:line:col").
    public var source: String

    public init(metric: String, filter: [String: String] = [:], min: Double?, max: Double?, source: String = "") {
        self.metric = metric
        self.filter = filter
        self.min = min
        self.max = max
        self.source = source
    }
}
