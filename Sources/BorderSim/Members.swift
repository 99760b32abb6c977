import BorderGeometry

/// Per-member state, stored by field so the step loop walks flat arrays.
struct Members {
    /// Where each member is, and where it was at the start of the current step. The two swap
    /// at the start of each step's moves, which then write `position` of every member in the
    /// area; so members out of it must have both equal (`settle`).
    private(set) var position = InPlaceArray<Coordinate>()
    private(set) var previous = InPlaceArray<Coordinate>()
    /// Metres per second this member walks at.
    var speed: [Double] = []
    /// Where in its unit's formation the member stands, relative to the unit's anchor: east and
    /// north metres for a cluster; (across, ahead) of the unit's heading for a line.
    var offset: [Coordinate] = []
    var unit: [Int] = []
    /// Index of the member within its unit.
    var index: [Int] = []
    /// Metres walked so far.
    let walked = InPlaceArray<Double>()

    var count: Int { position.count }

    /// Makes where everyone stands where they start the step from: a swap, not a copy.
    mutating func startStep() { swap(&position, &previous) }

    /// Sets `previous` to `position` for `members`, who will not move for a while (they have left
    /// the area, or were put somewhere while away).
    func settle(_ members: Range<Int>) {
        for m in members { previous[m] = position[m] }
    }

    /// Makes room for `n` members, so a large crowd is stored without the slack of growing.
    mutating func reserve(_ n: Int) {
        position.reserve(n)
        previous.reserve(n)
        walked.reserve(n)
        speed.reserveCapacity(n)
        offset.reserveCapacity(n)
        unit.reserveCapacity(n)
        index.reserveCapacity(n)
    }
}

/// A unit's state during a run: what every step reads of it. (What was declared stays in
/// `Simulation.specs`, and what only some phases read in `UnitRecord`, so this struct stays
/// small for the step loop: 144 bytes. The one-byte fields sit together after `gate`, in
/// its padding.)
struct UnitState {
    /// Members of this unit: `members` indices `first..<first + size`.
    let first: Int
    let size: Int
    /// Copied from the unit's spec, which is large, to keep each step's reads together.
    let spacing: Double
    /// The point the formation is centred on; it moves at the slowest member's speed.
    var anchor: Coordinate
    var anchorSpeed: Double
    /// Anchor at the start of the current step, to tell who stood in formation.
    var previousAnchor: Coordinate
    /// Orders not yet fired, so units with none left cost nothing in the order phase.
    var pending: Int
    var warningsReceived = 0
    /// What the pending orders wait for, so most units are passed over without reading them.
    var gate: OrderGate
    let formation: UnitSpec.Formation
    let keepsToOwnSide: Bool
    /// Whether anything reads the unit's heading: a line's places turn with it, and a barrier
    /// holds people in front of it. Other units skip keeping it up to date.
    let facesHeading: Bool
    /// Whether the unit's members are watchers (`UnitSpec.detects`).
    let detects: Bool
    var arrived = false
    var action: Order.Action = .hold
    /// Units this one has detected, in the order it detected them (`UnitRecord.detectedSet` for lookups).
    var detected: [Int] = []

    /// False when no pending order's trigger can hold now.
    func mayFire(at now: Double) -> Bool {
        now >= gate.wake || (gate.arrival && arrived) || warningsReceived >= gate.warnings
            || (gate.detection && !detected.isEmpty)
    }

    var members: Range<Int> { first..<(first + size) }
}

/// What a unit has done and keeps for the phases that respond to events: apart from
/// `UnitState`, so the movement phases, which visit every unit each step, read less memory.
struct UnitRecord {
    /// Unit vector of the direction the unit faces: its last direction of travel (kept up to
    /// date only for units whose heading anything reads, `UnitState.facesHeading`), and the
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

/// A summary of a unit's pending triggers: the earliest time one fires by the clock, and
/// whether any waits for arrival, warnings or a detection.
struct OrderGate {
    var wake = Double.infinity
    var warnings = Int.max
    var arrival = false
    var detection = false

    init(_ orders: [Order], fired: [Bool]) {
        for (order, done) in zip(orders, fired) where !done {
            switch order.trigger {
            case .start: wake = min(wake, 0)
            case .at(let t): wake = min(wake, t)
            case .arrived: arrival = true
            case .warned(let times): warnings = min(warnings, times)
            case .detects: detection = true
            }
        }
    }
}
