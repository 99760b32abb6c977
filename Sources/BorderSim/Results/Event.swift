import BorderGeometry

/// Something that happened at a moment of the run, with sub-step precision.
public struct Event: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case incursionStart = "incursion_start"
        case incursionEnd = "incursion_end"
        case zoneEntry = "zone_entry"
        case zoneExit = "zone_exit"
        case crossing
        case detection
        case warning
        case withdrawal
        case pushBack = "push_back"
        case apprehension
        case departure
        case appearance
        /// A migrant group's centre reached a fence outside its gaps.
        case fenceReached = "fence_reached"
        /// The group got over the fence, after its climbing time.
        case fenceClimbed = "fence_climbed"
        /// The group, unable to climb, got past the fence at a gap or its end.
        case fencePassed = "fence_passed"
        /// A camera's detection sent this unit after the group (`counterpart`).
        case alert
        /// A group turned back tries again from a new drop-off (its n-th retry is its (n+1)-th attempt).
        case retry
        /// A group turned back for the last time leaves on the side it came from.
        case gaveUp = "gave_up"
    }

    /// Seconds since the scenario's start.
    public var time: Double
    public var kind: Kind
    public var unit: String
    /// Index of the member within its unit, for events of one person.
    public var member: Int?
    public var affiliation: String
    /// Where it happened (metric CRS).
    public var position: Coordinate
    /// The frame ("mapped" or a claim) or zone the event is about.
    public var boundary: String?
    public var fromState: String?
    public var intoState: String?
    /// The other unit involved: the one detected, or warned.
    public var counterpart: String?
    /// Metres beyond the line (incursion end: the maximum reached).
    public var depth: Double?

    public init(
        time: Double, kind: Kind, unit: String, member: Int? = nil, affiliation: String, position: Coordinate,
        boundary: String? = nil, fromState: String? = nil, intoState: String? = nil,
        counterpart: String? = nil, depth: Double? = nil
    ) {
        self.time = time
        self.kind = kind
        self.unit = unit
        self.member = member
        self.affiliation = affiliation
        self.position = position
        self.boundary = boundary
        self.fromState = fromState
        self.intoState = intoState
        self.counterpart = counterpart
        self.depth = depth
    }
}

/// One member's stay on the wrong side of a line or inside a forbidden zone.
public struct Incursion: Sendable, Hashable {
    public var unit: String
    public var member: Int
    public var affiliation: String
    /// The frame ("mapped" or a claim's name) or the zone entered.
    public var boundary: String
    public var isZone: Bool
    public var fromState: String
    /// The state entered, or the zone's name for a zone.
    public var intoState: String
    /// Seconds since the start.
    public var entryTime: Double
    /// Nil while the member was still inside when the run ended.
    public var exitTime: Double?
    /// Metres beyond the line (or inside the zone's edge) at the deepest point reached.
    public var maxDepth: Double
    public var entryPoint: Coordinate
    public var deepestPoint: Coordinate
    public var exitPoint: Coordinate?

    /// Seconds inside, up to the end of the run if it never left.
    public func duration(runEnd: Double) -> Double { (exitTime ?? runEnd) - entryTime }

    /// Deeper than the mapping tolerance: an incursion whatever the line's uncertainty.
    public func isBeyond(tolerance: Double) -> Bool { maxDepth > tolerance }
}
