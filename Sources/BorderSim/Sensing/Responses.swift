import BorderGeometry

/// What officers do to groups they have detected and reached: push them back across the line,
/// or apprehend them; and which detected group a responding unit goes after.
struct Responses {
    let state: RunState

    /// The nearest group `u` has detected that it may go after, measured from where groups stand
    /// now, or where they stood at the start of the step (for the anchors phase); the first such
    /// in the order they were detected if several are as near. One pass, no list built: it runs
    /// for every responding unit every step.
    func nearestDetectedGroup(
        of u: Int, onOwnTerritory: Bool, startOfStep: Bool = false,
        _ worker: Worker
    ) throws(GeometryError) -> Int? {
        let mapped = worker.boundaries[0]
        let specs = state.specs
        let records = state.records
        let anchor = state.units[u].anchor
        var nearest: Int?
        var least = Double.infinity
        for g in state.units[u].detected where specs[g].kind == .migrants && state.presence.isPresent[g] {
            let centre = state.centroid(of: g, startOfStep: startOfStep)
            if onOwnTerritory {
                let region = try mapped.region(at: centre)
                guard region != Boundary.outside && mapped.regionNames[region] == specs[u].affiliation else {
                    // Back across the line: if it comes again, it is gone after again.
                    records[u].handled.remove(g)
                    continue
                }
            }
            guard !records[u].handled.contains(g) else { continue }
            let d = squaredDistance(centre, anchor)
            if d < least {
                nearest = g
                least = d
            }
        }
        return nearest
    }

    /// Once officers of `u` are in contact with the group they are after, it is apprehended: it
    /// leaves the simulated area, and the officers go after the next group or back to their
    /// standing order.
    func apprehend(by u: Int, now: Double) throws(GeometryError) {
        guard state.units[u].arrived,
            let g = try nearestDetectedGroup(of: u, onOwnTerritory: true, state.geometry.pool.workers[0])
        else { return }
        state.setPresent(g, false)
        state.records[g].leftSample = state.samples.ticks.count
        state.records[u].handled.insert(g)
        state.units[u].arrived = false
        state.record(.apprehension, of: u, at: state.centroid(of: g), time: now, counterpart: state.specs[g].id)
    }

    /// Once officers of `u` are in contact with the group they are after, the group is sent
    /// across the mapped border to `beyond` metres past the nearest point of the line, and the
    /// officers take position at that point, a few metres back on their own side, before going
    /// after the next group or back to their standing order.
    func push(by u: Int, beyond: Double, now: Double) throws(GeometryError) {
        // Contact is made in the anchor phase (the group may have walked on a little since).
        guard state.units[u].arrived,
            let g = try nearestDetectedGroup(of: u, onOwnTerritory: true, state.geometry.pool.workers[0])
        else { return }
        let centre = state.centroid(of: g)
        let line = try state.mapped.nearestPoint(to: centre)
        let d = squaredDistance(line, centre).squareRoot()
        guard d > 0 else { return }
        let ux = (line.x - centre.x) / d
        let uy = (line.y - centre.y) / d
        // Far enough back that the whole unit, not only its centre, stays on its own side.
        let standBack = 3.0 + state.specs[u].spread
        let units = state.units
        units[g].action = .goTo(Coordinate(x: line.x + ux * beyond, y: line.y + uy * beyond))
        units[g].arrived = false
        state.records[u].handled.insert(g)
        state.records[u].afterward = units[u].action
        units[u].action = .goTo(Coordinate(x: line.x - ux * standBack, y: line.y - uy * standBack))
        units[u].arrived = false
        state.record(.pushBack, of: u, at: centre, time: now, counterpart: state.specs[g].id)
    }
}
