import BorderGeometry
import BorderSimKernel

/// What the border-wide behaviours keep during a run, each part built only when the scenario
/// has that behaviour and shared by the phases that need it. Per-unit arrays are indexed like
/// `RunState.units`, per-member ones like `RunState.members`.
struct BorderWide {
    let fences: FenceState?
    let escorts: EscortState?
    let retries: RetryState?
    let shifts: ShiftState?
    let cameras: CameraState?

    /// Builds fences and cameras in the run's first context and sizes their state.
    init(_ state: RunState) throws(GeometryError) {
        let scenario = state.scenario
        let specs = state.specs
        let context = state.geometry.context
        var built = [Fence]()
        for fence in scenario.fences {
            if let fence = try Fence(fence, in: context) { built.append(fence) }
        }
        let retrying = specs.contains { $0.retry != nil }
        // Per-unit state only for what the scenario has (100,000 units would take 14 MB).
        let units = state.units.count
        let members = state.members.count
        let held = !built.isEmpty || retrying
        fences = held ? FenceState(built, specs: specs, members: members) : nil
        escorts = held ? EscortState(specs) : nil
        retries = retrying ? RetryState(specs, borderLength: try context.make(scenario.frames[0].line).length()) : nil
        let shiftUnits = specs.indices.filter { !specs[$0].shifts.isEmpty }
        shifts = shiftUnits.isEmpty ? nil : ShiftState(shiftUnits, units: units)
        var watches = [CameraWatch]()
        for camera in scenario.cameras { watches.append(try CameraWatch(camera, units: units, in: context)) }
        cameras = watches.isEmpty ? nil : CameraState(watches)
    }
}

/// Fences and how far each unit has got with them.
final class FenceState {
    let fences: [Fence]
    /// Whether any fence holds the unit's affiliation: the fence phases pass over the others.
    let held: [Bool]
    /// Fences each unit is past: those that do not hold it, and those it has climbed or gone
    /// round, not held by again until the group is turned back (`unheld`).
    var cleared: [Set<Int>]
    var climbing: [Climb?]
    var detour: [Detour?]
    /// Metres a unit's anchor, or a member, can still move before it could reach a fence
    /// (the distance at the last exact test, less what was moved since).
    var anchorClearance: [Double]
    var memberClearance: [Double]

    init(_ fences: [Fence], specs: [UnitSpec], members: Int) {
        let units = specs.count
        self.fences = fences
        held = specs.map { spec in fences.contains { $0.spec.holds.contains(spec.affiliation) } }
        cleared = specs.map { Self.unheld(fences, by: $0.affiliation) }
        climbing = Array(repeating: nil, count: units)
        detour = Array(repeating: nil, count: units)
        anchorClearance = Array(repeating: 0, count: units)
        memberClearance = Array(repeating: 0, count: members)
    }

    /// The fences that do not hold `affiliation`: a unit of it starts past them.
    static func unheld(_ fences: [Fence], by affiliation: String) -> Set<Int> {
        Set(fences.indices.filter { !fences[$0].spec.holds.contains(affiliation) })
    }

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

/// Groups being escorted back across the border after a push-back: fences do not hold them.
final class EscortState {
    var escorted: [Bool]
    /// The escorted groups, ascending, so the retry phase visits only these.
    var escortedGroups: [Int] = []
    /// Unit index by id, to find the group a push-back event names.
    let unitIndex: [String: Int]
    /// How many events the turn-back watch has read.
    var eventsRead = 0

    init(_ specs: [UnitSpec]) {
        var index = [String: Int]()
        for (u, spec) in specs.enumerated() where index[spec.id] == nil { index[spec.id] = u }
        unitIndex = index
        escorted = Array(repeating: false, count: specs.count)
    }
}

/// Retries after a turn-back: attempts, and groups taken away until they come back.
final class RetryState {
    /// Attempts so far of each group (1 once it has appeared), and when one taken away comes back.
    var attempts: [Int]
    var awayUntil: [Double?]
    /// The groups taken away, ascending.
    var awayGroups: [Int] = []
    /// Metres along the border of each group's last drop-off (its spec's, until it retries).
    var along: [Double?]
    /// The mapped line's length in metres.
    let borderLength: Double

    init(_ specs: [UnitSpec], borderLength: Double) {
        attempts = specs.map { $0.kind == .migrants ? 1 : 0 }
        awayUntil = Array(repeating: nil, count: specs.count)
        along = specs.map { $0.retry?.along }
        self.borderLength = borderLength
    }
}

/// Units with shifts, and which of them were taken off the field for being off duty.
final class ShiftState {
    let units: [Int]
    var offDuty: [Bool]

    init(_ units: [Int], units count: Int) {
        self.units = units
        offDuty = Array(repeating: false, count: count)
    }
}

/// The run's cameras.
final class CameraState {
    var cameras: [CameraWatch]

    init(_ cameras: [CameraWatch]) { self.cameras = cameras }
}

/// A camera built in a run: its coverage prepared, and for each unit it watches whether its
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
    /// Officer units this camera has detected, with the soil they were on ("unit soil").
    var seenOn: Set<String> = []

    init(_ spec: CameraSpec, units: Int, in context: GeometryContext) throws(GeometryError) {
        let area = try context.make(spec.coverage)
        var hash = RandomStream(seed: 0, entity: "camera:" + spec.id, purpose: 0)
        self.spec = spec
        coverage = try PreparedGeometry(area)
        edge = try PreparedGeometry(area.boundary())
        self.area = try area.area()
        idHash = hash.next()
        inside = Array(repeating: false, count: units)
        clearance = Array(repeating: 0, count: units)
    }
}
