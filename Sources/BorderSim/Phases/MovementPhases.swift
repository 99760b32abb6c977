import BorderGeometry

/// Each unit's anchor moves per its action. Fused (`Pipeline.fuse`), the same pass over the
/// units also moves each unit's members right after its anchor, while its state is in cache,
/// watches their moves against every boundary, and finds who sees them: the phases that would
/// otherwise do so each in a pass of their own.
final class AnchorsPhase: Phase {
    let stage = Stage.anchors
    /// What the pass does for each member of a unit after moving its anchor.
    struct Fusion: Equatable {
        var membersFollow = false
        var watches = false
        var sights = false
    }
    private(set) var fusion = Fusion()
    private let anchors: AnchorMover, mover: MemberMover, watcher: BoundaryWatcher, sighter: Sighter

    init(_ state: RunState) {
        anchors = AnchorMover(state: state)
        mover = MemberMover(state: state)
        watcher = BoundaryWatcher(state: state)
        sighter = Sighter(state: state)
    }

    /// Folds the members' moves, their boundary watch, and sighting into this pass.
    func fuse(_ fusion: Fusion) { self.fusion = fusion }

    func run(_ state: RunState) throws(GeometryError) {
        // Where everyone stands becomes where they started the step; this step's moves overwrite `position`.
        state.members.startStep()
        let dt = state.scenario.clock.step
        let next = state.scenario.clock.seconds(atTick: state.tick + 1)
        let units = state.units
        let previous = state.members.previous
        let position = state.members.position
        // Held in locals, so the loops read them from the closures' context rather than from `self`.
        let fusion = self.fusion
        let anchors = self.anchors
        let mover = self.mover
        let watcher = self.watcher
        let sighter = self.sighter
        let sights = fusion.sights && sighter.anyoneToSee()
        // The units with watchers move first, so the grid holds where every watcher ends the
        // step before anyone is sighted.
        if sights {
            try state.inParallel(state.roster.watcherUnits.count) { (chunk, worker) throws(GeometryError) in
                for u in state.roster.watcherUnits[chunk] where state.presence.isPresent[u] {
                    try anchors.moveAnchor(u, dt: dt, next: next, worker)
                    for m in units[u].members { mover.moveMember(m, of: u, dt: dt) }
                }
            }
            sighter.placeWatchers()
        }
        try state.inParallel(state.presence.activeUnits.count) { (chunk, worker) throws(GeometryError) in
            for u in state.presence.activeUnits[chunk] {
                let (detects, members) = units.read(u) { ($0.traits.detects, $0.members) }
                let moved = sights && detects
                if !moved { try anchors.moveAnchor(u, dt: dt, next: next, worker) }
                guard fusion.membersFollow else { continue }
                for m in members {
                    // The move at hand, so the watch and the look-up do not read it back.
                    let move = moved ? (from: previous[m], to: position[m]) : mover.moveMember(m, of: u, dt: dt)
                    if fusion.watches { try watcher.watch(member: m, from: move.from, to: move.to, worker) }
                    if sights { sighter.sight(m, at: move.to, worker) }
                }
            }
        }
    }
}

/// Each member moves toward its place around its anchor, from where everyone stood at the
/// start of the step.
final class MembersPhase: Phase {
    let stage = Stage.members
    private let mover: MemberMover

    init(_ state: RunState) { mover = MemberMover(state: state) }

    func run(_ state: RunState) throws(GeometryError) {
        let dt = state.scenario.clock.step
        try state.inParallel(state.presence.activeMembers.count) { (chunk, _) in
            for m in state.presence.activeMembers[chunk] { mover.moveMember(m, dt: dt) }
        }
    }
}

/// Every member's move against every boundary, and the watchers within range of each person
/// (merged in the sensing phase), in one pass over the members.
final class BoundariesPhase: Phase {
    let stage = Stage.boundaries
    private let watcher: BoundaryWatcher, sighter: Sighter

    init(_ state: RunState) {
        watcher = BoundaryWatcher(state: state)
        sighter = Sighter(state: state)
    }

    func run(_ state: RunState) throws(GeometryError) {
        let sees = !state.roster.watchers.isEmpty && sighter.anyoneToSee()
        if sees { sighter.placeWatchers() }
        try state.inParallel(state.presence.activeMembers.count) { (chunk, worker) throws(GeometryError) in
            for m in state.presence.activeMembers[chunk] {
                try watcher.watch(member: m, worker)
                if sees { sighter.sight(m, worker) }
            }
        }
    }
}

/// The clock advances one step, and every member's position is sampled for the tracks every
/// `Samples.every` ticks and at the last.
final class ClockPhase: Phase {
    let stage = Stage.clock

    func run(_ state: RunState) throws(GeometryError) {
        state.tick += 1
        if state.tick % state.samples.every == 0 || state.tick == state.scenario.clock.ticks {
            state.samples.take(state.members, tick: state.tick)
        }
    }
}
