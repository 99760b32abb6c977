import BorderGeometry

/// What the border-wide behaviours (fences, cameras, turn-back with retry, shifts) keep
/// during a run, apart from the core's unit and member state. Per-unit arrays are indexed
/// like `Simulation.units`, per-member ones like `Simulation.members`.
struct BorderWideState {
    var fences: [Fence] = []
    /// Unit index by id, and the mapped line's length in metres.
    var unitIndex: [String: Int] = [:]
    var borderLength = 0.0
    var cameras: [CameraWatch] = []

    /// Fences each unit has got past (climbed, or gone round), not held by again until the
    /// group is turned back.
    var cleared: [Set<Int>] = []
    var climbing: [Climb?] = []
    var detour: [Detour?] = []
    /// Groups being escorted back across the border after a push-back: fences do not hold them.
    /// Also listed, ascending, so the retry phase visits only these.
    var escorted: [Bool] = []
    var escortedGroups: [Int] = []
    /// Metres a unit's anchor, or a member, can still move before it could reach a fence
    /// (the distance at the last exact test, less what was moved since).
    var anchorClearance: [Double] = []
    var memberClearance: [Double] = []

    /// Attempts so far of each group (1 once it has appeared), and when one taken away after a
    /// turn-back comes back.
    var attempts: [Int] = []
    var awayUntil: [Double?] = []
    /// The groups taken away, ascending.
    var awayGroups: [Int] = []
    /// How many events the turn-back watch has read.
    var eventsRead = 0
    /// Whether any group retries after a turn-back (else that phase has nothing to do).
    var retries = false

    /// Units with shifts, and which of them were taken off the field for being off duty.
    var shiftUnits: [Int] = []
    var offDuty: [Bool] = []

    /// A group waiting at a fence until `until` (seconds since the start), then past it.
    struct Climb {
        var fence: Int
        var until: Double
    }

    /// A group walking along an unclimbable fence to get past it: its anchor goes through
    /// `waypoints` in order, is past the fence once it reaches `waypoints[passAt]`, and then
    /// takes up `resume` again.
    struct Detour {
        var fence: Int
        var waypoints: [Coordinate]
        var next: Int
        var passAt: Int
        var resume: Order.Action
    }
}

/// A camera built in a run: its coverage prepared, and for each migrant unit whether its
/// anchor is inside and how far it can move before that could change.
struct CameraWatch {
    let spec: CameraSpec
    let coverage: PreparedGeometry
    let edge: PreparedGeometry
    let area: Double
    let idHash: UInt64
    var inside: [Bool]
    var clearance: [Double]
    /// Groups this camera has detected (and not lost since: a retry makes a group new again).
    var seen: Set<Int> = []
    /// Groups a responder was sent after (or its state already knew of): not alerted again.
    var alerted: Set<Int> = []
}

extension [Int] {
    /// Puts `value` into this ascending list, unless it is there already.
    mutating func insertInOrder(_ value: Int) {
        let i = firstIndex { $0 >= value } ?? count
        if i == count || self[i] != value { insert(value, at: i) }
    }

    /// Takes `value` out of this list, if it is there.
    mutating func removeValue(_ value: Int) {
        if let i = firstIndex(of: value) { remove(at: i) }
    }
}
