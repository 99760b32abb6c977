import BorderGeometry

// Fences: the people a fence holds (migrants, unless it says otherwise) whose move would cross
// it outside its gaps stop a few centimetres in front of it. When a unit's centre (its anchor)
// reaches a fence, the unit either waits the fence's climbing time and then gets over it, or,
// if it cannot be climbed, walks along it on its own side to the nearest gap (nearest by
// distance along the fence from where it met it; the fence's ends count, as a way round) and
// through, then takes up its way again.
//
// A group's members are held one by one until the group is past; then the whole group is
// (members follow their group through the gap or over the fence, without paths of their own).
//
// Each anchor and member keeps its clearance — the distance to the nearest fence at its last
// exact test less what it moved since — so a move shorter than that costs no GEOS call.

/// Anchors that would cross a fence stop in front of it and start climbing or walking round;
/// anchors climbing stay put until they are over.
final class FenceAnchorsPhase: Phase {
    let stage = Stage.fenceAnchors
    /// How far in front of a fence a stopped person stands, metres.
    static let margin = 0.05
    private let fences: FenceState, escorts: EscortState

    init(_ fences: FenceState, _ escorts: EscortState) {
        self.fences = fences
        self.escorts = escorts
    }

    func run(_ state: RunState) throws(GeometryError) {
        for u in state.presence.activeUnits where fences.held[u] && state.presence.isPresent[u] && !escorts.escorted[u]
        {
            if let climb = fences.climbing[u] {
                climbOn(state, u, climb)
                continue
            }
            if let d = fences.detour[u] {
                // On its way round, which keeps clear of the fence but for the gap it goes through.
                if state.units[u].action == .goTo(d.waypoints[d.next]) { continue }
                // An order replaced the way round: the fence holds the unit on its new way.
                fences.detour[u] = nil
            }
            let a = state.units[u].previousAnchor
            let z = state.units[u].anchor
            let moved = squaredDistance(a, z).squareRoot()
            guard moved > 0 else { continue }
            if moved < fences.anchorClearance[u] {
                fences.anchorClearance[u] -= moved
                continue
            }
            guard let (f, t) = try fences.firstFence(of: u, from: a, to: z) else {
                fences.anchorClearance[u] = try fences.clearance(of: u, at: z)
                continue
            }
            try stop(state, u, at: f, t: t, moved: moved)
        }
    }

    /// A climbing group holds until it is over, then walks only the rest of the step.
    private func climbOn(_ state: RunState, _ u: Int, _ climb: FenceState.Climb) {
        let units = state.units
        if climb.until >= state.time(1) {
            units[u].anchor = units[u].previousAnchor
            state.records[u].heading = state.records[u].previousHeading
            return
        }
        let a = units[u].previousAnchor
        let z = units[u].anchor
        let f = min(1, max(0, (state.time(1) - climb.until) / state.scenario.clock.step))
        units[u].anchor = Coordinate(x: a.x + (z.x - a.x) * f, y: a.y + (z.y - a.y) * f)
        fences.climbing[u] = nil
        fences.cleared[u].insert(climb.fence)
        fences.record(.fenceClimbed, state, u, climb.fence, at: climb.until, position: a)
    }

    /// Stops group `u` short of fence `f`, met at fraction `t` of its move; the time is when
    /// the group gets there. It then climbs, or walks round.
    private func stop(_ state: RunState, _ u: Int, at f: Int, t: Double, moved: Double) throws(GeometryError) {
        let units = state.units
        let a = units[u].previousAnchor
        let z = units[u].anchor
        let stop = max(0, t - Self.margin / moved)
        let at = Coordinate(x: a.x + (z.x - a.x) * stop, y: a.y + (z.y - a.y) * stop)
        units[u].anchor = at
        fences.anchorClearance[u] = 0
        let reached = state.time(0) + stop * moved / units[u].anchorSpeed
        fences.record(.fenceReached, state, u, f, at: reached, position: at)
        if let climb = fences.fences[f].spec.climb {
            fences.climbing[u] = .init(fence: f, until: reached + climb)
        } else {
            let detour = try fences.detour(round: f, from: at, toward: z, resume: units[u].action)
            fences.detour[u] = detour
            units[u].action = .goTo(detour.waypoints[0])
            units[u].arrived = false
        }
    }
}

/// Members whose move crossed a fence their group is not past stop in front of it.
final class FenceMembersPhase: Phase {
    let stage = Stage.fenceMembers
    private let fences: FenceState, escorts: EscortState

    init(_ fences: FenceState, _ escorts: EscortState) {
        self.fences = fences
        self.escorts = escorts
    }

    func run(_ state: RunState) throws(GeometryError) {
        let members = state.members
        for m in state.presence.activeMembers {
            let u = members.unit[m]
            guard fences.held[u], state.presence.isPresent[u], !escorts.escorted[u] else { continue }
            let a = members.previous[m]
            var z = members.position[m]
            let moved = squaredDistance(a, z).squareRoot()
            guard moved > 0 else { continue }
            if moved < fences.memberClearance[m] {
                fences.memberClearance[m] -= moved
                continue
            }
            if let (_, t) = try fences.firstFence(of: u, from: a, to: z) {
                let stop = max(0, t - FenceAnchorsPhase.margin / moved)
                z = Coordinate(x: a.x + (z.x - a.x) * stop, y: a.y + (z.y - a.y) * stop)
                members.position[m] = z
            }
            fences.memberClearance[m] = try fences.clearance(of: u, at: z)
        }
    }
}

/// Before the orders phase: a group on a detour that got to its waypoint heads for the next,
/// or, past the last, takes up its way again. (Before the orders, so that reaching a waypoint
/// is not taken for arriving where the group was going.)
final class DetoursPhase: Phase {
    let stage = Stage.detours
    private let fences: FenceState

    init(_ fences: FenceState) { self.fences = fences }

    func run(_ state: RunState) throws(GeometryError) {
        let units = state.units
        for u in units.indices where units[u].arrived {
            guard var d = fences.detour[u] else { continue }
            if d.next == d.passAt {
                fences.cleared[u].insert(d.fence)
                fences.record(
                    .fencePassed, state, u, d.fence, at: state.scenario.clock.seconds(atTick: state.tick),
                    position: units[u].anchor)
            }
            d.next += 1
            units[u].arrived = false
            if d.next < d.waypoints.count {
                units[u].action = .goTo(d.waypoints[d.next])
                fences.detour[u] = d
            } else {
                units[u].action = d.resume
                fences.detour[u] = nil
            }
        }
    }
}
