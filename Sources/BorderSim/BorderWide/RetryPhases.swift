import BorderGeometry
import BorderSimKernel

// Turn-back with retry: a group pushed back across the border is escorted (fences do not
// hold it) to where it was sent. There, if its flow retries (`ArrivalSpec.RetryPolicy`) and
// it has attempts left, it is taken away for the retry delay and then dropped off again
// `shift` metres along the border from its last drop-off, either way (the other way, or the
// same place, where there is no room beside the line), to walk across anew, unseen by anyone;
// with no attempts left it gives up and leaves. A group whose flow does not retry leaves
// there, as before.
//
// The new drop-off is drawn from the group's own stream keyed by its id and attempt, so
// every policy that turns the same group back on the same seed sends it to the same place.

/// After sensing: groups pushed back in this step are from now on escorted.
final class TurnBacksPhase: Phase {
    let stage = Stage.turnBacks
    private let escorts: EscortState, fences: FenceState

    init(_ escorts: EscortState, _ fences: FenceState) {
        self.escorts = escorts
        self.fences = fences
    }

    func run(_ state: RunState) throws(GeometryError) {
        let events = state.findings.events
        while escorts.eventsRead < events.count {
            let e = events[escorts.eventsRead]
            escorts.eventsRead += 1
            guard e.kind == .pushBack, let id = e.counterpart, let g = escorts.unitIndex[id] else { continue }
            escorts.escorted[g] = true
            escorts.escortedGroups.insertInOrder(g)
            fences.climbing[g] = nil
            fences.detour[g] = nil
        }
    }
}

/// Before the orders phase (so that getting where it was sent is not taken for arriving where
/// it was going): escorted groups that got there are taken away or give up, and groups whose
/// delay is over are dropped off again.
final class RetriesPhase: Phase {
    let stage = Stage.retries
    private let retries: RetryState, escorts: EscortState, fences: FenceState, cameras: CameraState?

    init(_ retries: RetryState, _ escorts: EscortState, _ fences: FenceState, _ cameras: CameraState?) {
        self.retries = retries
        self.escorts = escorts
        self.fences = fences
        self.cameras = cameras
    }

    func run(_ state: RunState) throws(GeometryError) {
        let now = state.scenario.clock.seconds(atTick: state.tick)
        let units = state.units
        for g in escorts.escortedGroups where units[g].arrived && state.presence.isPresent[g] {
            guard let retry = state.specs[g].retry else { continue }
            if retries.attempts[g] >= retry.policy.maxAttempts {
                escorts.escorted[g] = false
                escorts.escortedGroups.removeValue(g)
                state.record(.gaveUp, of: g, at: units[g].anchor, time: now)
                continue  // its `leave` order fires now
            }
            state.setPresent(g, false)
            units[g].arrived = false
            units[g].action = .hold
            retries.awayUntil[g] = now + retry.policy.after
            retries.awayGroups.insertInOrder(g)
        }
        for g in retries.awayGroups {
            guard let until = retries.awayUntil[g], until <= now, let retry = state.specs[g].retry else { continue }
            retries.awayUntil[g] = nil
            retries.awayGroups.removeValue(g)
            let start = try dropOffAgain(state, g, retry)
            restart(state, g, at: start.start, toward: start.goal)
            state.record(.retry, of: g, at: start.start, time: now)
        }
    }

    /// The next drop-off of group `g`: that way along the border, else the other way, else
    /// where it was last dropped off (near an end of the line, a tripoint, there may be no
    /// place beside it).
    private func dropOffAgain(_ state: RunState, _ g: Int, _ retry: ArrivalRetry)
        throws(GeometryError) -> (start: Coordinate, goal: Coordinate)
    {
        let id = state.specs[g].id
        var rng = RandomStream(seed: state.seed, entity: "retry:" + id, purpose: UInt64(retries.attempts[g]))
        let shift =
            retry.policy.shift.lowerBound + rng.unit() * (retry.policy.shift.upperBound - retry.policy.shift.lowerBound)
        let sign: Double = rng.unit() < 0.5 ? -1 : 1
        let last = retries.along[g] ?? retry.along
        var spot: (along: Double, start: Coordinate, goal: Coordinate)?
        for s in [sign * shift, -sign * shift, 0] where spot == nil {
            let along = min(max(last + s, 0), retries.borderLength)
            do {
                spot = (
                    along, try state.mapped.place(along: along, offset: retry.startOffset, into: retry.from),
                    try state.mapped.place(along: along, offset: retry.destinationOffset, into: retry.into)
                )
            } catch .unsupported {
                continue
            }
        }
        guard let (along, start, goal) = spot else {
            throw .unsupported("no drop-off beside the line near \(last) m along it for \(id)")
        }
        retries.along[g] = along
        retries.attempts[g] += 1
        return (start, goal)
    }

    /// Group `g`, moved while away, starts afresh at `start`: its boundary watches and every
    /// clearance, and nobody has seen it yet.
    private func restart(_ state: RunState, _ g: Int, at start: Coordinate, toward goal: Coordinate) {
        let members = state.members
        let units = state.units
        let records = state.records
        let nb = state.geometry.boundaries.count
        for m in units[g].members {
            let o = Formation.slot(members.offset[m], formation: state.specs[g].formation, heading: records[g].heading)
            members.position[m] = Coordinate(x: start.x + o.x, y: start.y + o.y)
            members.previous[m] = members.position[m]
            for b in 0..<nb { state.findings.watches[m * nb + b].corridor = .none }
            fences.memberClearance[m] = 0
        }
        units[g].anchor = start
        units[g].previousAnchor = start
        units[g].action = .goTo(goal)
        units[g].arrived = false
        state.setPresent(g, true)
        escorts.escorted[g] = false
        escorts.escortedGroups.removeValue(g)
        fences.cleared[g] = FenceState.unheld(fences.fences, by: state.specs[g].affiliation)
        fences.anchorClearance[g] = 0
        for u in units.indices where records[u].detectedSet.contains(g) {
            units[u].detected.removeAll { $0 == g }
            records[u].detectedSet.remove(g)
            records[u].handled.remove(g)
        }
        for c in cameras?.cameras.indices ?? 0..<0 {
            cameras!.cameras[c].seen.remove(g)
            cameras!.cameras[c].alerted.remove(g)
            cameras!.cameras[c].clearance[g] = 0
        }
    }
}
