import BorderGeometry

/// The phases of one run's tick, assembled once from the scenario: one phase per stage the
/// scenario needs, in `Stage` order, then fused where that is legal.
struct Pipeline {
    let phases: [any Phase]
    /// The border-wide state the phases share (fences, escorts, retries, shifts, cameras).
    let borderWide: BorderWide

    /// - Parameter fusing: whether to fuse (`fuse`); runs are the same either way, only faster fused.
    init(for state: RunState, fusing: Bool = true) throws(GeometryError) {
        let wide = try BorderWide(state)
        var phases = [any Phase]()
        for stage in Stage.allCases { phases += Self.phases(of: stage, state, wide) }
        borderWide = wide
        self.phases = fusing ? Self.fuse(phases, state) : phases
    }

    /// The phases a stage has in this run: none when the scenario has nothing for it to do.
    private static func phases(of stage: Stage, _ state: RunState, _ wide: BorderWide) -> [any Phase] {
        switch stage {
        case .shifts: wide.shifts.map { [ShiftsPhase($0)] } ?? []
        case .retries: wide.retries.map { [RetriesPhase($0, wide.escorts!, wide.fences!, wide.cameras)] } ?? []
        case .detours: wide.fenced.map { [DetoursPhase($0)] } ?? []
        case .orders: [OrdersPhase()]
        case .anchors: [AnchorsPhase(state)]
        case .offDuty: wide.shifts.map { [OffDutyPhase($0)] } ?? []
        case .fenceAnchors: wide.fenced.map { [FenceAnchorsPhase($0, wide.escorts!)] } ?? []
        case .members: [MembersPhase(state)]
        case .barriers: state.roster.barriers.isEmpty ? [] : [BarriersPhase(state)]
        case .fenceMembers: wide.fenced.map { [FenceMembersPhase($0, wide.escorts!)] } ?? []
        case .boundaries: [BoundariesPhase(state)]
        case .sensing: [SensingPhase()]
        case .turnBacks: wide.escorts.map { [TurnBacksPhase($0, wide.fences!)] } ?? []
        case .cameras: wide.cameras.map { [CamerasPhase($0, specs: state.specs)] } ?? []
        case .clock: [ClockPhase()]
        }
    }

    /// The fusion rule: a phase that only moves members (`members`), or only watches their
    /// moves and finds who sees them (`boundaries`), is folded into the anchors phase when it
    /// comes right after it in the assembled pipeline — nothing in between can move an anchor
    /// or a member, so each member's work done right after its own unit's anchor (while that
    /// unit is in cache, one pass instead of three) gives the same run. Sighting is folded
    /// with the watch: the units with watchers then move first, so every watcher is where it
    /// ends the step before anyone is sighted.
    static func fuse(_ phases: [any Phase], _ state: RunState) -> [any Phase] {
        guard let a = phases.firstIndex(where: { $0.stage == .anchors }), let anchors = phases[a] as? AnchorsPhase
        else { return phases }
        var fused = phases
        var fusion = AnchorsPhase.Fusion()
        if a + 1 < fused.count, fused[a + 1].stage == .members {
            fused.remove(at: a + 1)
            fusion.membersFollow = true
            if a + 1 < fused.count, fused[a + 1].stage == .boundaries {
                fused.remove(at: a + 1)
                fusion.watches = true
                fusion.sights = !state.roster.watchers.isEmpty
            }
        }
        anchors.fuse(fusion)
        return fused
    }

    /// Runs one tick: every phase in order.
    func step(_ state: RunState) throws(SimulationError) {
        do {
            for phase in phases { try phase.run(state) }
        } catch {
            throw .geometry(error, tick: state.tick, unit: nil)
        }
    }

    /// The phases as run, for the docs and `bordersim validate --pipeline`: each stage's name,
    /// and for the anchors phase what it fused.
    var description: [String] {
        phases.map { phase in
            guard let anchors = phase as? AnchorsPhase else { return phase.stage.rawValue }
            let fusion = anchors.fusion
            let fused = [
                ("members", fusion.membersFollow), ("boundaries", fusion.watches), ("sighting", fusion.sights),
            ]
            .filter(\.1).map(\.0)
            return fused.isEmpty ? "anchors" : "anchors (fused: " + fused.joined(separator: ", ") + ")"
        }
    }
}

extension BorderWide {
    /// The fence state, when the scenario has fences (retries alone keep one too, empty).
    var fenced: FenceState? { fences.flatMap { $0.fences.isEmpty ? nil : $0 } }
}
