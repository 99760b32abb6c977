import BorderGeometry
import BorderSimKernel

/// Officers detect whom they sighted, warn foreign officers found on their state's territory,
/// and push back or apprehend the groups they reached. All act on the positions at the end of
/// the step.
final class SensingPhase: Phase {
    let stage = Stage.sensing

    func run(_ state: RunState) throws(GeometryError) {
        let now = state.time(1)
        if !state.roster.watchers.isEmpty { detect(state, now: now) }
        let responses = Responses(state: state)
        for u in state.roster.officers where state.presence.isPresent[u] {
            if let policy = state.specs[u].warning { warn(state, by: u, policy: policy, now: now) }
            switch state.units[u].action {
            case .pushBack(let beyond): try responses.push(by: u, beyond: beyond, now: now)
            case .apprehend: try responses.apprehend(by: u, now: now)
            case .hold, .goTo, .followRoute, .leave, .intercept, .order: break
            }
        }
    }

    /// Every person within range of an officer of another side: the officer's unit detects the
    /// person's unit, once per pair of units, at the first such moment. The workers have listed
    /// the pairs within range (`Sighter.sight`); here they are taken in member order.
    private func detect(_ state: RunState, now: Double) {
        let members = state.members
        let units = state.units
        let records = state.records
        for worker in state.geometry.pool.workers {
            for (o, m) in worker.sightings {
                let u = members.unit[o]
                let v = members.unit[m]
                guard !records[u].detectedSet.contains(v) else { continue }
                units[u].detected.append(v)
                state.presence.ordersDue.append(u)
                records[u].detectedSet.insert(v)
                state.record(
                    .detection, of: u, at: members.position[m], time: now, member: members.index[o],
                    counterpart: state.specs[v].id)
            }
            worker.sightings.removeAll(keepingCapacity: true)
        }
    }

    /// Warnings to foreign officer units with a member on `u`'s state's territory (mapped border)
    /// within the policy's range, at most one per unit per interval.
    private func warn(_ state: RunState, by u: Int, policy: WarningPolicy, now: Double) {
        let spec = state.specs[u]
        let units = state.units
        let records = state.records
        guard let home = state.mapped.regionNames.firstIndex(of: spec.affiliation) else { return }
        let nb = state.geometry.boundaries.count
        let watches = state.findings.watches
        for v in state.roster.officers
        where state.presence.isPresent[v] && state.specs[v].affiliation != spec.affiliation {
            if let last = records[u].lastWarning[v], now - last < policy.interval - 1e-9 { continue }
            let intruders = units[v].members.filter { watches[$0 * nb].region == home }
            guard
                let pair = Self.firstPair(
                    units[u].members, intruders, within: policy.range * policy.range,
                    positions: state.members.position)
            else { continue }
            records[u].lastWarning[v] = now
            units[v].warningsReceived += 1
            state.presence.ordersDue.append(v)
            state.record(
                .warning, of: u, at: state.members.position[pair.1], time: now,
                member: state.members.index[pair.0], counterpart: state.specs[v].id)
        }
    }

    /// The first (a, b) pair, in member order, no farther apart than √r2; nil if none.
    private static func firstPair<A: Sequence<Int>, B: Collection<Int>>(
        _ a: A, _ b: B, within r2: Double, positions: InPlaceArray<Coordinate>
    ) -> (Int, Int)? {
        for i in a {
            for j in b where squaredDistance(positions[i], positions[j]) <= r2 { return (i, j) }
        }
        return nil
    }
}
