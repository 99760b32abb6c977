import BorderGeometry

/// Phase 5: officers detect units within their range, and warn foreign officers found on
/// their state's territory. Both act on the positions at the end of the step.
extension Simulation {
    func sense() throws(GeometryError) {
        let now = time(1)
        if !watchers.isEmpty { detect(now: now) }
        for u in officers where isPresent[u] {
            let spec = specs[u]
            if let policy = spec.warning { warn(by: u, policy: policy, now: now) }
            if case .pushBack(let beyond) = units[u].action { try push(by: u, beyond: beyond, now: now) }
            if case .apprehend = units[u].action { try apprehend(by: u, now: now) }
        }
    }

    /// Once officers of `u` are in contact with the group they are after, it is apprehended: it
    /// leaves the simulated area, and the officers go after the next group or back to their
    /// standing order.
    private func apprehend(by u: Int, now: Double) throws(GeometryError) {
        guard units[u].arrived, let g = try nearestDetectedGroup(of: u, onOwnTerritory: true, workers[0]) else { return }
        setPresent(g, false)
        records[g].leftSample = sampleTicks.count
        records[u].handled.insert(g)
        units[u].arrived = false
        events.append(Event(time: now, kind: .apprehension, unit: specs[u].id, affiliation: specs[u].affiliation,
                            position: centroid(of: g), counterpart: specs[g].id))
    }

    /// Once officers of `u` are in contact with the group they are after, the group is sent
    /// across the mapped border to `beyond` metres past the nearest point of the line, and the
    /// officers take position at that point, a few metres back on their own side, before going
    /// after the next group or back to their standing order.
    private func push(by u: Int, beyond: Double, now: Double) throws(GeometryError) {
        // Contact is made in the anchor phase (the group may have walked on a little since).
        guard units[u].arrived, let g = try nearestDetectedGroup(of: u, onOwnTerritory: true, workers[0]) else { return }
        let centre = centroid(of: g)
        let line = try boundaries[0].nearestPoint(to: centre)
        let d = squaredDistance(line, centre).squareRoot()
        guard d > 0 else { return }
        let ux = (line.x - centre.x) / d, uy = (line.y - centre.y) / d
        // Far enough back that the whole unit, not only its centre, stays on its own side.
        let standBack = 3.0 + specs[u].spread
        units[g].action = .goTo(Coordinate(x: line.x + ux * beyond, y: line.y + uy * beyond))
        units[g].arrived = false
        records[u].handled.insert(g)
        records[u].afterward = units[u].action
        units[u].action = .goTo(Coordinate(x: line.x - ux * standBack, y: line.y - uy * standBack))
        units[u].arrived = false
        let spec = specs[u]
        events.append(Event(time: now, kind: .pushBack, unit: spec.id, affiliation: spec.affiliation, position: centre,
                            counterpart: specs[g].id))
    }

    /// Every person within range of an officer of another side: the officer's unit detects the
    /// person's unit, once per pair of units, at the first such moment. The workers have listed
    /// the pairs within range (`sight`); here they are taken in member order.
    private func detect(now: Double) {
        for worker in workers {
            for (o, m) in worker.sightings {
                let u = members.unit[o], v = members.unit[m]
                guard !records[u].detectedSet.contains(v) else { continue }
                units[u].detected.append(v)
                ordersDue.append(u)
                records[u].detectedSet.insert(v)
                let spec = specs[u]
                events.append(Event(time: now, kind: .detection, unit: spec.id, member: members.index[o],
                                    affiliation: spec.affiliation, position: members.position[m],
                                    counterpart: specs[v].id))
            }
            worker.sightings.removeAll(keepingCapacity: true)
        }
    }

    /// Whether a watcher is present with anyone of another side, the only case in which anyone
    /// can be seen: when not (no group in the area, say), the step skips the watcher grid and
    /// the look-ups.
    func anyoneToSee() -> Bool {
        var watching: UInt64 = 0, present: UInt64 = 0
        for u in watcherUnits where isPresent[u] {
            guard side[u] < 64 else { return true }
            watching |= 1 << side[u]
        }
        guard watching != 0 else { return false }
        for u in activeUnits {
            guard side[u] < 64 else { return true }
            present |= 1 << side[u]
            if (watching | present).nonzeroBitCount > 1 { return true }
        }
        return false
    }

    /// Lists the watchers that see member `m` this step and whose unit had not yet detected
    /// `m`'s unit when the step began (the merge drops pairs detected earlier in the step). Most
    /// people are where no watcher can see: one look-up in the grid, inlined into the loop.
    @inline(__always)
    func sight(_ m: Int, _ worker: Worker) {
        let p = members.position[m]
        let near = grid.near(p)
        if !near.isEmpty { sight(m, at: p, by: near, worker) }
    }

    @inline(never)
    private func sight(_ m: Int, at p: Coordinate, by near: Range<Int>, _ worker: Worker) {
        let v = members.unit[m]
        for n in near {
            let o = grid.items[n]
            let u = members.unit[o]
            guard isPresent[u] else { continue }
            let range = specs[u].detectionRange
            guard side[u] != side[v], squaredDistance(members.position[o], p) <= range * range,
                  !records[u].detectedSet.contains(v), glimpse(u, v)
            else { continue }
            worker.sightings.append((o, m))
        }
    }

    /// Warnings to foreign officer units with a member on `u`'s state's territory (mapped border)
    /// within the policy's range, at most one per unit per interval.
    private func warn(by u: Int, policy: WarningPolicy, now: Double) {
        let spec = specs[u]
        guard let home = boundaries[0].regionNames.firstIndex(of: spec.affiliation) else { return }
        let nb = boundaries.count
        for v in officers where isPresent[v] && specs[v].affiliation != spec.affiliation {
            if let last = records[u].lastWarning[v], now - last < policy.interval - 1e-9 { continue }
            let intruders = units[v].members.filter { watches[$0 * nb].region == home }
            guard let pair = firstPair(units[u].members, intruders, within: policy.range * policy.range) else { continue }
            records[u].lastWarning[v] = now
            units[v].warningsReceived += 1
            ordersDue.append(v)
            events.append(Event(time: now, kind: .warning, unit: spec.id, member: members.index[pair.0],
                                affiliation: spec.affiliation, position: members.position[pair.1],
                                counterpart: specs[v].id))
        }
    }

    /// The first (a, b) pair, in member order, no farther apart than √r2; nil if none.
    private func firstPair<A: Sequence<Int>, B: Collection<Int>>(_ a: A, _ b: B, within r2: Double) -> (Int, Int)? {
        for i in a {
            for j in b where squaredDistance(members.position[i], members.position[j]) <= r2 { return (i, j) }
        }
        return nil
    }

    /// Whether unit `u` notices unit `v` this step, with `u`'s detection probability. The draw
    /// is a hash of (seed, both units' ids, tick): the same for every pair of their members in
    /// a step, whatever order they are met in, and the same in every policy run on this seed.
    private func glimpse(_ u: Int, _ v: Int) -> Bool {
        let p = specs[u].detectionProbability
        guard p < 1 else { return true }
        var draw = RandomStream(seed: seed ^ idHash[u] &* 0x9E37_79B9_7F4A_7C15 ^ idHash[v] &* 0xC2B2_AE3D_27D4_EB4F,
                                entity: "", purpose: UInt64(tick))
        return draw.unit() < p
    }
}
