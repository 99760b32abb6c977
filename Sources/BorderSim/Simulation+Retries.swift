import BorderGeometry

/// Turn-back with retry: a group pushed back across the border is escorted (fences do not
/// hold it) to where it was sent. There, if its flow retries (`ArrivalSpec.RetryPolicy`) and
/// it has attempts left, it is taken away for the retry delay and then dropped off again
/// `shift` metres along the border from its last drop-off, either way (the other way, or the
/// same place, where there is no room beside the line), to walk across anew,
/// unseen by anyone; with no attempts left it gives up and leaves. A group whose flow does
/// not retry leaves there, as before.
///
/// The new drop-off is drawn from the group's own stream keyed by its id and attempt, so
/// every policy that turns the same group back on the same seed sends it to the same place.
extension Simulation {
    /// After sensing: groups pushed back in this step are from now on escorted.
    func watchTurnBacks() {
        guard !borderWide.fences.isEmpty || borderWide.retries else { return }
        while borderWide.eventsRead < events.count {
            let e = events[borderWide.eventsRead]
            borderWide.eventsRead += 1
            guard e.kind == .pushBack, let id = e.counterpart, let g = borderWide.unitIndex[id] else { continue }
            borderWide.escorted[g] = true
            borderWide.escortedGroups.insertInOrder(g)
            borderWide.climbing[g] = nil
            borderWide.detour[g] = nil
        }
    }

    /// Before the orders phase (so that getting where it was sent is not taken for arriving
    /// where it was going): escorted groups that got there are taken away or give up, and
    /// groups whose delay is over are dropped off again.
    func takeAwayAndReturn() throws(GeometryError) {
        guard borderWide.retries else { return }
        let now = scenario.clock.seconds(atTick: tick)
        for g in borderWide.escortedGroups where units[g].arrived && isPresent[g] {
            guard let retry = specs[g].retry else { continue }
            if borderWide.attempts[g] >= retry.policy.maxAttempts {
                borderWide.escorted[g] = false
                borderWide.escortedGroups.removeValue(g)
                events.append(Event(time: now, kind: .gaveUp, unit: specs[g].id, affiliation: specs[g].affiliation,
                                    position: units[g].anchor))
                continue  // its `leave` order fires now
            }
            setPresent(g, false)
            units[g].arrived = false
            units[g].action = .hold
            borderWide.awayUntil[g] = now + retry.policy.after
            borderWide.awayGroups.insertInOrder(g)
        }
        for g in borderWide.awayGroups {
            guard let until = borderWide.awayUntil[g], until <= now, let retry = specs[g].retry else { continue }
            borderWide.awayUntil[g] = nil
            borderWide.awayGroups.removeValue(g)
            try dropOffAgain(g, retry, at: now)
        }
    }

    private func dropOffAgain(_ g: Int, _ retry: ArrivalRetry, at now: Double) throws(GeometryError) {
        var rng = RandomStream(seed: seed, entity: "retry:" + specs[g].id, purpose: UInt64(borderWide.attempts[g]))
        let shift = retry.policy.shift.lowerBound + rng.unit() * (retry.policy.shift.upperBound - retry.policy.shift.lowerBound)
        let sign: Double = rng.unit() < 0.5 ? -1 : 1
        // That way along the border, else the other way, else where it was last dropped off:
        // near an end of the line (a tripoint) there may be no place beside it.
        let mapped = boundaries[0]
        var spot: (along: Double, start: Coordinate, goal: Coordinate)?
        for s in [sign * shift, -sign * shift, 0] where spot == nil {
            let along = min(max(retry.along + s, 0), borderWide.borderLength)
            do {
                spot = (along, try mapped.place(along: along, offset: retry.startOffset, into: retry.from),
                        try mapped.place(along: along, offset: retry.destinationOffset, into: retry.into))
            } catch .unsupported {
                continue
            }
        }
        guard let (along, start, goal) = spot else {
            throw .unsupported("no drop-off beside the line near \(retry.along) m along it for \(specs[g].id)")
        }
        specs[g].retry?.along = along
        borderWide.attempts[g] += 1

        // Moved while away: the boundary watches and every clearance start afresh.
        let nb = boundaries.count
        for m in units[g].members {
            let o = slot(members.offset[m], formation: specs[g].formation, heading: records[g].heading)
            members.position[m] = Coordinate(x: start.x + o.x, y: start.y + o.y)
            members.previous[m] = members.position[m]
            for b in 0..<nb { watches[m * nb + b].corridor = .none }
            borderWide.memberClearance[m] = 0
        }
        units[g].anchor = start
        units[g].previousAnchor = start
        units[g].action = .goTo(goal)
        units[g].arrived = false
        setPresent(g, true)
        borderWide.escorted[g] = false
        borderWide.escortedGroups.removeValue(g)
        borderWide.cleared[g] = []
        borderWide.anchorClearance[g] = 0
        // A new attempt: nobody has seen this group yet.
        for u in units.indices where records[u].detectedSet.contains(g) {
            units[u].detected.removeAll { $0 == g }
            records[u].detectedSet.remove(g)
            records[u].handled.remove(g)
        }
        for c in borderWide.cameras.indices {
            borderWide.cameras[c].seen.remove(g)
            borderWide.cameras[c].alerted.remove(g)
            borderWide.cameras[c].clearance[g] = 0
        }
        events.append(Event(time: now, kind: .retry, unit: specs[g].id, affiliation: specs[g].affiliation,
                            position: start))
    }
}
