import BorderGeometry

/// A unit's state during a run: what every step reads of it. (What was declared stays in
/// `RunState.specs`, and what only some phases read in `UnitRecord`, so this struct stays
/// small for the step loop: 120 bytes, what a walker's move reads in the first 106. Counts
/// and member indices are 32-bit; the one-byte fields sit together after `gate`, in its
/// padding.)
struct UnitState {
    /// The point the formation is centred on; it moves at the slowest member's speed.
    var anchor: Coordinate
    /// Anchor at the start of the current step, to tell who stood in formation.
    var previousAnchor: Coordinate
    var anchorSpeed: Double
    /// Copied from the unit's spec, which is large, to keep each step's reads together.
    let spacing: Double
    private let firstMember: Int32, memberCount: Int32
    /// What the pending orders wait for, so most units are passed over without reading them.
    var gate: OrderGate
    let traits: Traits
    var arrived = false
    private var warnings: Int32 = 0
    var action: Order.Action = .hold
    /// Units this one has detected, in the order it detected them (`UnitRecord.detectedSet` for lookups).
    var detected: [Int] = []

    init(
        members: Range<Int>, spacing: Double, anchor: Coordinate, anchorSpeed: Double,
        previousAnchor: Coordinate, gate: OrderGate, traits: Traits
    ) {
        firstMember = Int32(members.lowerBound)
        memberCount = Int32(members.count)
        self.spacing = spacing
        self.anchor = anchor
        self.anchorSpeed = anchorSpeed
        self.previousAnchor = previousAnchor
        self.gate = gate
        self.traits = traits
    }

    /// Members of this unit: indices into `Members`.
    var members: Range<Int> {
        let first = Int(firstMember)
        return Range(uncheckedBounds: (first, first + Int(memberCount)))
    }

    var warningsReceived: Int {
        get { Int(warnings) }
        set { warnings = Int32(clamping: newValue) }
    }

    /// False when no pending order's trigger can hold now.
    func mayFire(at now: Double) -> Bool {
        now >= gate.wake || (gate.arrival && arrived) || warnings >= gate.warnings
            || (gate.detection && !detected.isEmpty)
    }

    /// What the movement phases ask of a unit's spec, copied here to keep each step's reads together.
    struct Traits {
        let formation: UnitSpec.Formation
        let keepsToOwnSide: Bool
        /// Whether anything reads the unit's heading: a line's places turn with it, and a barrier
        /// holds people in front of it. Other units skip keeping it up to date.
        let facesHeading: Bool
        /// Whether the unit's members are watchers (`UnitSpec.detects`).
        let detects: Bool
    }
}

/// A summary of a unit's pending triggers: the earliest time one fires by the clock, and
/// whether any waits for arrival, warnings or a detection.
struct OrderGate {
    var wake = Double.infinity
    /// Orders not yet fired, so units with none left cost nothing in the order phase.
    var pending: Int32 = 0
    /// The fewest warnings a pending order waits for (`Int32.max`: none waits for any).
    var warnings = Int32.max
    var arrival = false
    var detection = false

    init(_ orders: [Order], fired: [Bool]) {
        for (order, done) in zip(orders, fired) where !done {
            pending += 1
            switch order.trigger {
            case .start: wake = min(wake, 0)
            case .at(let t): wake = min(wake, t)
            case .arrived: arrival = true
            case .warned(let times): warnings = min(warnings, Int32(clamping: times))
            case .detects: detection = true
            }
        }
    }
}
