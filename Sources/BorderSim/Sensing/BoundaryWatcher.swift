import BorderGeometry
import BorderSimKernel

/// Watches every member's moves against every boundary, and records the crossings,
/// incursions and zone entries they make at the instant they happen.
///
/// A member still inside the corridor its last exact test found clear of the boundary
/// (`Corridor`) cannot have reached it, so most moves cost no GEOS call; the rest are split
/// exactly where they meet the boundary (`Boundary.stretches`), which catches a member that
/// crosses and comes back within one step and times entry and exit to a fraction of the step.
struct BoundaryWatcher {
    let state: RunState
    // What every move's watch reads, held here so the per-member loop reaches it directly.
    let members: Members, watches: InPlaceArray<Findings.Watch>, specs: [UnitSpec], boundaries: [Boundary]

    init(state: RunState) {
        self.state = state
        members = state.members
        watches = state.findings.watches
        specs = state.specs
        boundaries = state.geometry.boundaries
    }

    /// Locates every member against every boundary, before the first step; incursions at the
    /// start open there.
    func start() throws(SimulationError) {
        let worker = state.geometry.pool.workers[0]
        defer { state.mergeFindings() }
        for m in 0..<members.count {
            let p = members.position[m]
            for b in boundaries {
                do {
                    let region = try b.region(at: p)
                    // The first corridor lies the way the unit faces: toward where its first order sends it.
                    let u = members.unit[m]
                    let corridor = try b.corridor(
                        from: p, heading: state.records[u].heading,
                        reach: members.speed[m] * state.scenario.clock.step * Self.corridorSteps)
                    watches.append(Findings.Watch(region: region, corridor: corridor, incursion: nil))
                    state.findings.legs.append([])
                } catch {
                    throw .geometry(error, tick: 0, unit: specs[members.unit[m]].id)
                }
                let w = watches.count - 1
                if watches[w].region != Boundary.outside, isIncursion(into: watches[w].region, of: b, member: m) {
                    open(watchIndex: w, boundary: b, member: m, from: homeState(of: m), at: p, time: 0, worker)
                    do { try deepen(watchIndex: w, boundary: b, at: p, worker) } catch {
                        throw .geometry(error, tick: 0, unit: specs[members.unit[m]].id)
                    }
                }
            }
        }
    }

    /// How many moves like the last one a corridor reaches ahead, at most: longer ones spare
    /// more tests of a member walking straight but cost more to find.
    static let corridorSteps = 200.0

    /// Tests member `m`'s move of this step against every boundary.
    @inline(__always) func watch(member m: Int, _ worker: Worker) throws(GeometryError) {
        try watch(member: m, from: members.previous[m], to: members.position[m], worker)
    }

    /// The same for a move at hand, from `a` to `z`: most stay inside their corridor and cost a
    /// few arithmetic operations here, inlined into the loop; the rest go to `test`.
    @inline(__always)
    func watch(member m: Int, from a: Coordinate, to z: Coordinate, _ worker: Worker) throws(GeometryError) {
        let d2 = squaredDistance(a, z)
        guard d2 > 0 else { return }
        members.walked[m] += d2.squareRoot()
        let nb = boundaries.count
        for bi in 0..<nb {
            let w = m * nb + bi
            if watches[w].incursion == nil && watches[w].corridor.holds(z) { continue }
            try test(member: m, boundaryIndex: bi, worker)
        }
    }

    /// The exact test of member `m`'s move of this step against boundary `bi`, after which a new
    /// corridor is laid ahead; or, within the corridor, the depth of an open incursion.
    @inline(never)
    private func test(member m: Int, boundaryIndex bi: Int, _ worker: Worker) throws(GeometryError) {
        let a = members.previous[m]
        let z = members.position[m]
        let moved = squaredDistance(a, z).squareRoot()
        let w = m * boundaries.count + bi
        let b = worker.boundaries[bi]
        if watches[w].corridor.holds(z) {
            try walk(watchIndex: w, boundary: b, from: a, to: z, worker)
            return
        }
        func at(_ t: Double) -> Coordinate { Coordinate(x: a.x + (z.x - a.x) * t, y: a.y + (z.y - a.y) * t) }
        switch b.rule {
        case .continuous:
            guard let stretches = try b.stretches(from: a, to: z, hint: watches[w].region) else {
                try deepen(watchIndex: w, boundary: b, from: a, to: z, worker)
                break
            }
            for (k, s) in stretches.enumerated() {
                try enter(
                    region: s.region, watchIndex: w, boundary: b, boundaryIndex: bi, member: m, at: at(s.t), t: s.t,
                    touchedLine: true, worker)
                // The deepest point of each stretch inside, over its whole length.
                let next = k + 1 < stretches.count ? stretches[k + 1].t : 1
                if next > s.t {
                    try deepen(watchIndex: w, boundary: b, from: at(s.t), to: at(next), worker)
                } else {
                    try deepen(watchIndex: w, boundary: b, at: at(s.t), worker)
                }
            }
        case .stepEnd:
            let region = try b.region(at: z, hint: watches[w].region)
            guard region != watches[w].region else {
                try deepen(watchIndex: w, boundary: b, from: a, to: z, worker)
                break
            }
            // The change is dated where the move first touches the line, else at the step's end.
            let touch = try b.firstTouch(from: a, to: z)
            let t = touch ?? 1
            if t > 0 { try deepen(watchIndex: w, boundary: b, from: a, to: at(t), worker) }
            try enter(
                region: region, watchIndex: w, boundary: b, boundaryIndex: bi, member: m, at: at(t), t: t,
                touchedLine: touch != nil, worker)
            if t < 1 { try deepen(watchIndex: w, boundary: b, from: at(t), to: z, worker) }
        }
        let heading = Coordinate(x: (z.x - a.x) / moved, y: (z.y - a.y) / moved)
        if let leg = try legCorridor(member: m, at: z, watchIndex: w, b) {
            watches[w].corridor = leg
        } else {
            watches[w].corridor = try b.corridor(from: z, heading: heading, reach: moved * Self.corridorSteps)
        }
    }

    /// For a member of a cluster at its place while its unit walks a route: the corridor along
    /// the route's leg the unit is on, shifted by the member's place. It holds the member both
    /// ways along the leg, so a patrol turning at the leg's end keeps it, and it is found once
    /// per leg and kept (`Findings.legs`), so walking the route again costs no GEOS call. Nil
    /// when the member is not on that corridor, or the leg meets an edge.
    private func legCorridor(
        member m: Int, at z: Coordinate, watchIndex w: Int, _ b: Boundary
    ) throws(GeometryError) -> Corridor? {
        let u = members.unit[m]
        guard state.units.read(u, { $0.traits.formation == .cluster }),
            let leg = state.records.read(u, { $0.route?.leg })
        else { return nil }
        let place = members.offset[m]
        let axis = Corridor.along(
            Coordinate(x: leg.from.x + place.x, y: leg.from.y + place.y),
            Coordinate(x: leg.to.x + place.x, y: leg.to.y + place.y), radius: Self.onLeg)
        guard axis.holds(z) else { return nil }
        let legs = state.findings.legs
        if legs[w].count != leg.count { legs[w] = Array(repeating: .none, count: leg.count) }
        var corridor = legs[w][leg.index]
        if !corridor.hasAxis(of: axis) {
            corridor = try b.corridor(
                along: axis.start,
                to: Coordinate(x: leg.to.x + place.x, y: leg.to.y + place.y))
            legs[w][leg.index] = corridor
        }
        return corridor.holds(z) ? corridor : nil
    }

    /// Metres from a leg within which a member counts as walking it.
    static let onLeg = 1e-3

    /// The member's move has entered `region` of boundary `b` at fraction `t` of the step.
    private func enter(
        region: Int, watchIndex w: Int, boundary b: Boundary, boundaryIndex bi: Int, member m: Int,
        at point: Coordinate, t: Double, touchedLine: Bool, _ worker: Worker
    ) throws(GeometryError) {
        let old = watches[w].region
        // On a frame's line a member is still where it was: only reaching the other side changes state.
        if !b.isZone && region == Boundary.outside { return }
        guard region != old else { return }
        let spec = specs[members.unit[m]]
        let now = state.time(t)
        if b.isZone {
            worker.events.append(
                Event(
                    time: now, kind: region == Boundary.outside ? .zoneExit : .zoneEntry, unit: spec.id,
                    member: members.index[m], affiliation: spec.affiliation, position: point,
                    boundary: b.name))
        } else if bi == 0 && spec.kind == .migrants && old != Boundary.outside && touchedLine {
            worker.events.append(
                Event(
                    time: now, kind: .crossing, unit: spec.id, member: members.index[m],
                    affiliation: spec.affiliation, position: point, boundary: b.name,
                    fromState: b.regionNames[old], intoState: b.regionNames[region]))
        }
        if watches[w].incursion != nil {
            try close(watchIndex: w, boundary: b, member: m, at: point, time: now, worker)
        }
        let from = old == Boundary.outside || b.isZone ? homeState(of: m) : b.regionNames[old]
        watches[w].region = region
        if region != Boundary.outside && isIncursion(into: region, of: b, member: m) {
            open(watchIndex: w, boundary: b, member: m, from: from, at: point, time: now, worker)
        }
    }

    /// Whether being in `region` of `b` is an incursion for member `m`: a state's officer in
    /// another state's territory, or anyone in a zone forbidden to their affiliation.
    private func isIncursion(into region: Int, of b: Boundary, member m: Int) -> Bool {
        let spec = specs[members.unit[m]]
        if b.isZone { return b.forbiddenTo.contains(spec.affiliation) }
        return spec.kind == .officers && b.regionNames[region] != spec.affiliation
    }

    /// The state whose territory the member is in on the mapped border, or its own affiliation.
    private func homeState(of m: Int) -> String {
        let region = m * boundaries.count < watches.count ? watches[m * boundaries.count].region : Boundary.outside
        return region == Boundary.outside ? specs[members.unit[m]].affiliation : state.mapped.regionNames[region]
    }

    /// Opens an incursion in the worker's buffer; the watch refers to it as `-(i + 1)` until the merge.
    private func open(
        watchIndex w: Int, boundary b: Boundary, member m: Int, from: String, at point: Coordinate,
        time now: Double, _ worker: Worker
    ) {
        let spec = specs[members.unit[m]]
        let into = b.regionNames[watches[w].region]
        worker.incursions.append(
            Incursion(
                unit: spec.id, member: members.index[m], affiliation: spec.affiliation,
                boundary: b.name, isZone: b.isZone, fromState: from, intoState: into,
                entryTime: now, exitTime: nil, maxDepth: 0, entryPoint: point,
                deepestPoint: point, exitPoint: nil))
        watches[w].incursion = -worker.incursions.count
        worker.opened.append(w)
        worker.events.append(
            Event(
                time: now, kind: .incursionStart, unit: spec.id, member: members.index[m],
                affiliation: spec.affiliation, position: point, boundary: b.name, fromState: from,
                intoState: into, depth: 0))
    }

    /// The open incursion of watch `w`, wherever it is kept: `incursions`, or the worker's buffer.
    func withIncursion<R>(of w: Int, _ worker: Worker, _ body: (inout Incursion) -> R) -> R? {
        guard let i = watches[w].incursion else { return nil }
        return i >= 0 ? body(&state.findings.incursions[i]) : body(&worker.incursions[-i - 1])
    }

    private func close(
        watchIndex w: Int, boundary b: Boundary, member m: Int, at point: Coordinate, time now: Double,
        _ worker: Worker
    ) throws(GeometryError) {
        if let i = watches[w].incursion, i >= 0 { try settle(incursion: i, boundary: b) }
        guard
            let record = withIncursion(
                of: w, worker,
                { incursion in
                    incursion.exitTime = now
                    incursion.exitPoint = point
                    return incursion
                })
        else { return }
        watches[w].incursion = nil
        worker.events.append(
            Event(
                time: now, kind: .incursionEnd, unit: record.unit, member: record.member,
                affiliation: record.affiliation, position: point, boundary: b.name,
                fromState: record.intoState, intoState: record.fromState, depth: record.maxDepth))
    }
}
