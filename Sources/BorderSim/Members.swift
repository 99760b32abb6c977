import BorderGeometry

/// Per-member state, stored by field so the step loop walks flat arrays.
struct Members {
    var position: [Coordinate] = []
    /// Metres per second this member walks at.
    var speed: [Double] = []
    /// Where in its unit's formation the member stands, relative to the unit's anchor: east and
    /// north metres for a cluster; (across, ahead) of the unit's heading for a line.
    var offset: [Coordinate] = []
    var unit: [Int] = []
    /// Index of the member within its unit.
    var index: [Int] = []

    var count: Int { position.count }
}

/// A unit's state during a run: its current order and what has happened to it.
struct UnitState {
    let spec: UnitSpec
    /// Members of this unit: `members` indices `first..<first + spec.size`.
    let first: Int
    /// The point the formation is centred on; it moves at the slowest member's speed.
    var anchor: Coordinate
    var anchorSpeed: Double
    /// Unit vector of the direction the unit faces: its last direction of travel.
    var heading: Coordinate
    /// Anchor and heading at the start of the current step, to tell who stood in formation.
    var previousAnchor: Coordinate
    var previousHeading: Coordinate
    var action: Order.Action = .hold
    var fired: [Bool]
    /// Orders not yet fired, so units with none left cost nothing in the order phase.
    var pending: Int
    /// False once the unit has left the simulated area.
    var present = true
    /// Progress along the route being followed, if any.
    var route: RouteProgress?
    var arrived = false
    var warningsReceived = 0
    /// Units this one has detected, in the order it detected them, and as a set for lookups.
    var detected: [Int] = []
    var detectedSet: Set<Int> = []
    /// Time of the last warning this unit gave to each other unit (by unit index).
    var lastWarning: [Int: Double] = [:]

    var members: Range<Int> { first..<(first + spec.size) }
}
