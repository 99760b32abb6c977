import BorderGeometry

/// One part of a tick: reads the run state the phases before it left and changes it.
///
/// A phase exists in a run only when the scenario has what it deals with (fences, cameras,
/// shifts, retries, barrier lines): the pipeline is assembled once per run (`Pipeline.build`),
/// so no phase checks on every tick whether it has anything to do.
protocol Phase: AnyObject {
    var stage: Stage { get }
    func run(_ state: RunState) throws(GeometryError)
}

/// The stages of a tick, in the order they run: written here once. `docs/architecture.md` lists
/// them (a test checks the list against this one), and `bordersim validate --pipeline` prints
/// the phases a scenario's run assembles.
enum Stage: String, CaseIterable, Sendable {
    /// Units going off duty leave the field, those coming on duty come back (`UnitSpec.shifts`).
    case shifts
    /// Groups turned back and escorted to where they were sent are taken away, or dropped off
    /// again for another attempt once their delay is over (`ArrivalSpec.RetryPolicy`).
    case retries
    /// Groups on a detour round a fence head for their next waypoint.
    case detours
    /// Units appear on time, and orders whose trigger now holds replace a unit's action.
    case orders
    /// Each unit's anchor moves per its action (and, fused, its members follow, are watched
    /// against every boundary and sighted: see `Pipeline.fuse`).
    case anchors
    /// Off-duty units stay where they were.
    case offDuty
    /// Anchors that would cross a fence stop in front of it, and start climbing or walking round.
    case fenceAnchors
    /// Each member moves toward its place in the formation around its anchor.
    case members
    /// Migrants who would end the step behind an advancing barrier line are put back in front of it.
    case barriers
    /// Members whose move crossed a fence their group is not past stop in front of it.
    case fenceMembers
    /// Every member's move is tested against every boundary (crossings, incursions, zone
    /// entries, timed within the step), and the watchers within range of each person are found.
    case boundaries
    /// Officers detect whom they sighted, warn foreign officers on their territory, push back
    /// and apprehend groups they reached.
    case sensing
    /// Groups pushed back in this step are from now on escorted (fences do not hold them).
    case turnBacks
    /// Cameras detect groups in their coverage and alert their state's nearest free unit.
    case cameras
    /// The clock advances, and positions are sampled for the tracks.
    case clock
}
