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
    var action: Order.Action = .hold
    var fired: [Bool]
    /// Next waypoint of a route, and the direction of travel along it (+1 / -1).
    var waypoint = 0
    var direction = 1
    var arrived = false
    var warningsReceived = 0
    /// Units this one has detected, in the order it detected them, and as a set for lookups.
    var detected: [Int] = []
    var detectedSet: Set<Int> = []
    /// Time of the last warning this unit gave to each other unit (by unit index).
    var lastWarning: [Int: Double] = [:]

    var members: Range<Int> { first..<(first + spec.size) }
}
