import BorderGeometry

/// What a unit has done and keeps for the phases that respond to events: apart from
/// `UnitState`, so the movement phases, which visit every unit each step, read less memory.
struct UnitRecord {
    /// Unit vector of the direction the unit faces: its last direction of travel (kept up to
    /// date only for units whose heading anything reads, `UnitState.Traits.facesHeading`), and the
    /// heading at the start of the current step.
    var heading: Coordinate
    var previousHeading: Coordinate
    /// The order to take up again once the unit gets where it is going.
    var afterward: Order.Action?
    /// For a unit that keeps to its own side: where its anchor was last found on it, and how far
    /// that was from the line and every region's edge (0: not known).
    var sideCheck = (at: Coordinate(x: 0, y: 0), clearance: 0.0)
    /// Progress along the route being followed, if any.
    var route: RouteProgress?
    var fired: [Bool]
    var detectedSet: Set<Int> = []
    /// The last sample taken when it appeared, and the first taken once it had left.
    var appearedSample: Int?
    var leftSample: Int?
    /// What a responding unit does while it has no group to go after: the order it had before.
    var standing: Order.Action = .hold
    /// Groups this unit has turned back and that are still on its side: not gone after again
    /// until they have been back across the line.
    var handled: Set<Int> = []
    /// Time of the last warning this unit gave to each other unit (by unit index).
    var lastWarning: [Int: Double] = [:]
}
