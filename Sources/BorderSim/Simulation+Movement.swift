import BorderGeometry

/// Phases 2 and 3: each unit's anchor moves per its action, then members follow their
/// place in the formation around it, keeping apart from each other.
extension Simulation {
    /// A unit's move reads other units' members (whom it follows or goes after) where they were
    /// at the start of the step (`Members.previous`), and writes only its own state. When nothing
    /// can hold anchors back before members follow (no fences, no shifts), each unit's members
    /// move right after its anchor, while its state is in cache, else in `moveMembers`; and if
    /// nothing can move them after that (no barriers either), their moves are watched here too,
    /// and who sees them (`sightsWithAnchors`): the units with watchers then move first, so the
    /// grid holds where every watcher ends the step before anyone is sighted.
    func moveAnchors() throws(GeometryError) {
        // Where everyone stands becomes where they started the step; this step's moves overwrite `position`.
        members.startStep()
        let dt = scenario.clock.step
        let next = scenario.clock.seconds(atTick: tick + 1)
        let sights = sightsWithAnchors && anyoneToSee()
        if sights {
            try inParallel(watcherUnits.count) { (chunk, worker) throws(GeometryError) in
                for u in watcherUnits[chunk] where isPresent[u] {
                    try moveAnchor(u, dt: dt, next: next, worker)
                    for m in units[u].members { moveMember(m, dt: dt) }
                }
            }
            grid.rebuild(watchers) { members.position[$0] }
        }
        let watches = watchesWithAnchors
        try inParallel(activeUnits.count) { (chunk, worker) throws(GeometryError) in
            for u in activeUnits[chunk] {
                let unit = units.address(u)
                let moved = sights && unit.pointee.detects
                if !moved { try moveAnchor(u, dt: dt, next: next, worker) }
                guard membersMoveWithAnchors else { continue }
                for m in unit.pointee.members {
                    if !moved { moveMember(m, dt: dt) }
                    if watches { try watch(member: m, worker) }
                    if sights { sight(m, worker) }
                }
            }
        }
    }

    /// Moves unit `u`'s anchor for this step, and lists it if its orders may fire next.
    @inline(__always)
    private func moveAnchor(_ u: Int, dt: Double, next: Double, _ worker: Worker) throws(GeometryError) {
        let unit = units.address(u)
        let before = unit.pointee.anchor
        unit.pointee.previousAnchor = before
        var budget = unit.pointee.anchorSpeed * dt
        // The commonest orders, read in place rather than through a copy of the order.
        switch unit.pointee.action {
        case .goTo(let goal), .withdraw(let goal):
            if walk(&unit.pointee.anchor, toward: goal, budget: &budget) { unit.pointee.arrived = true }
        default:
            try move(u, per: unit.pointee.action, budget: &budget, worker)
        }
        // A unit sent somewhere on the way (to the line after a push-back) takes up its order again.
        if unit.pointee.arrived, let afterward = records[u].afterward {
            unit.pointee.action = afterward
            records[u].afterward = nil
            unit.pointee.arrived = false
        }
        if unit.pointee.keepsToOwnSide { try keepToOwnSide(u, from: before, worker) }
        if unit.pointee.facesHeading {
            records[u].previousHeading = records[u].heading
            turn(u, from: before)
        }
        // Arriving, or the clock, may open the unit's gate by the next order phase.
        if unit.pointee.pending > 0 && unit.pointee.mayFire(at: next) { worker.ordersDue.append(u) }
    }

    /// Moves unit `u`'s anchor as `action` says, spending up to `budget` metres.
    ///
    /// A response (intercept, push back, apprehend) with no group to go after carries on with
    /// the unit's standing order — its route, say — so a patrol responds to every group it
    /// sees, one after another, and goes back to patrolling in between.
    private func move(_ u: Int, per action: Order.Action, budget: inout Double, _ worker: Worker) throws(GeometryError) {
        switch action {
        case .hold, .leave:
            break
        case .goTo(let goal), .withdraw(let goal):
            if walk(&units[u].anchor, toward: goal, budget: &budget) { units[u].arrived = true }
        case .followRoute:
            guard records[u].route != nil else { break }
            // Walk onto the route where it was joined, then along it.
            let onRoute = records[u].route!.position()
            guard walk(&units[u].anchor, toward: onRoute, budget: &budget) else { break }
            records[u].route!.advance(budget)
            units[u].anchor = records[u].route!.position()
        case .intercept, .pushBack, .apprehend:
            let ownTerritory = action != .intercept
            guard let target = try nearestDetectedGroup(of: u, onOwnTerritory: ownTerritory, startOfStep: true, worker)
            else {
                try move(u, per: records[u].standing, budget: &budget, worker)
                break
            }
            if approach(u, centroid(of: target, startOfStep: true), within: Self.contactRange, budget: &budget) {
                units[u].arrived = true
            }
        case .follow(let id, let distance):
            guard let target = specs.firstIndex(where: { $0.id == id }) else { break }
            _ = approach(u, centroid(of: target, startOfStep: true), within: distance, budget: &budget)
        }
    }

    /// Each member moves from where everyone stood at the start of the step (unless they moved
    /// with their anchors).
    func moveMembers() throws(GeometryError) {
        guard !membersMoveWithAnchors else { return }
        let dt = scenario.clock.step
        try inParallel(activeMembers.count) { (chunk, _) in
            for m in activeMembers[chunk] { moveMember(m, dt: dt) }
        }
    }

    /// Moves member `m` toward its place in the formation. Inlined into the movement loops for
    /// its commonest case; the rest is `moveInFormation`.
    @inline(__always)
    private func moveMember(_ m: Int, dt: Double) {
        let u = members.unit[m]
        let unit = units.address(u)
        // A cluster's places do not turn, so a member who stood at its place, with nobody of its
        // unit to keep apart from, has only to move as the anchor did (within its reach).
        if unit.pointee.formation == .cluster && (unit.pointee.size == 1 || unit.pointee.spacing == 0) {
            let p = members.previous[m]
            let offset = members.offset[m], before = unit.pointee.previousAnchor
            if p.x == before.x + offset.x && p.y == before.y + offset.y {
                let anchor = unit.pointee.anchor
                let goal = Coordinate(x: anchor.x + offset.x, y: anchor.y + offset.y)
                let dx = goal.x - p.x, dy = goal.y - p.y
                let reach = members.speed[m] * dt
                if (dx * dx + dy * dy).squareRoot() <= reach + 1e-6 {
                    members.position[m] = goal
                    return
                }
            }
        }
        moveInFormation(m, dt: dt)
    }

    /// Moves member `m` toward its place in the formation, kept apart from the others of its unit.
    @inline(never)
    private func moveInFormation(_ m: Int, dt: Double) {
        let u = members.unit[m]
        let p = members.previous[m]
        let formation = units[u].formation
        let place = slot(members.offset[m], formation: formation, heading: records[u].heading)
        let anchor = units[u].anchor
        let goal = Coordinate(x: anchor.x + place.x, y: anchor.y + place.y)
        // Separation: the place shifts away from members of the same unit closer than its spacing.
        var target = goal
        let spacing = units[u].spacing
        for other in units[u].members where other != m {
            let q = members.previous[other]
            let ox = p.x - q.x, oy = p.y - q.y
            let d2 = ox * ox + oy * oy
            if d2 < spacing * spacing && d2 > 0 {
                let d = d2.squareRoot()
                target.x += ox / d * (spacing - d) / 2
                target.y += oy / d * (spacing - d) / 2
            }
        }
        let dx = target.x - p.x, dy = target.y - p.y
        let length = (dx * dx + dy * dy).squareRoot()
        let reach = members.speed[m] * dt
        // A member that stood at its place keeps to it as the formation moves: the anchor moves
        // no faster than the slowest member, so only rounding of the coordinates (≈ 1e-9 m at
        // metric-grid magnitudes) could put the place out of reach.
        let old = slot(members.offset[m], formation: formation, heading: records[u].previousHeading)
        let before = units[u].previousAnchor
        let inFormation = target == goal && p.x == before.x + old.x && p.y == before.y + old.y
        let within = inFormation ? reach + 1e-6 : reach
        // Within reach, the member stands exactly at its place.
        members.position[m] = length <= within ? target
            : Coordinate(x: p.x + dx * (reach / length), y: p.y + dy * (reach / length))
    }

    /// Faces the unit the way its anchor just moved (a unit that holds keeps its heading).
    private func turn(_ u: Int, from before: Coordinate) {
        let d = squaredDistance(units[u].anchor, before).squareRoot()
        guard d > 1e-9 else { return }
        records[u].heading = Coordinate(x: (units[u].anchor.x - before.x) / d, y: (units[u].anchor.y - before.y) / d)
    }

    /// Phase 3b: migrants who would end a step behind a barrier line they were in front of are put
    /// back in front of it, so an advancing line pushes them ahead and they cannot slip through.
    /// A line that is withdrawing has disengaged and holds no one.
    func holdBarriers() {
        let dt = scenario.clock.step
        for b in barriers where isPresent[b] {
            if case .withdraw = units[b].action { continue }
            let line = units[b], heading = records[b].heading
            let ends = (members.position[line.first], members.position[line.members.upperBound - 1])
            // Unit vectors along the line and toward its front.
            var along = Coordinate(x: ends.1.x - ends.0.x, y: ends.1.y - ends.0.y)
            let length = (along.x * along.x + along.y * along.y).squareRoot()
            along = length > 0 ? Coordinate(x: along.x / length, y: along.y / length)
                : Coordinate(x: heading.y, y: -heading.x)
            var front = Coordinate(x: -along.y, y: along.x)
            if front.x * heading.x + front.y * heading.y < 0 { front = Coordinate(x: -front.x, y: -front.y) }
            let margin = 0.5, reach = specs[b].spacing
            for m in 0..<members.count where specs[members.unit[m]].kind == .migrants && isPresent[members.unit[m]] {
                let p = members.position[m]
                let rx = p.x - ends.0.x, ry = p.y - ends.0.y
                let s = rx * along.x + ry * along.y
                guard s >= -reach && s <= length + reach else { continue }
                let ahead = rx * front.x + ry * front.y
                // Only people who were in front: those caught behind by at most this step's movement.
                let depth = (line.anchorSpeed + members.speed[m]) * dt + margin
                guard ahead < margin && ahead > -depth else { continue }
                let q = members.previous[m]
                let wasAhead = (q.x - ends.0.x) * front.x + (q.y - ends.0.y) * front.y > -line.anchorSpeed * dt - margin
                guard wasAhead else { continue }
                members.position[m] = Coordinate(x: p.x + front.x * (margin - ahead), y: p.y + front.y * (margin - ahead))
            }
        }
    }

    /// Metres from a group at which officers can take hold of it.
    static let contactRange = 5.0

    /// Moves unit `u`'s anchor toward `goal` until `within` metres of it; true once there.
    private func approach(_ u: Int, _ goal: Coordinate, within: Double, budget: inout Double) -> Bool {
        let d = squaredDistance(goal, units[u].anchor).squareRoot()
        guard d > within else { return true }
        var step = min(budget, d - within)
        budget -= step
        _ = walk(&units[u].anchor, toward: goal, budget: &step)
        return budget > 0
    }

    /// Moves `from` toward `goal` by at most `budget` metres, spending it; true when it got there.
    private func walk(_ from: inout Coordinate, toward goal: Coordinate, budget: inout Double) -> Bool {
        let d = squaredDistance(from, goal).squareRoot()
        if d <= budget {
            from = goal
            budget -= d
            return true
        }
        let f = budget / d
        from = Coordinate(x: from.x + (goal.x - from.x) * f, y: from.y + (goal.y - from.y) * f)
        budget = 0
        return false
    }

    /// An anchor that has stepped within `UnitSpec.sideMargin` of the line, or over it, goes back.
    ///
    /// An anchor within `c − margin` of where it was last found on its own side, `c` metres from
    /// every region's edge and from the line, is still on it and at least the margin from the
    /// line: no GEOS call (a micrometre is kept for rounding).
    private func keepToOwnSide(_ u: Int, from before: Coordinate, _ worker: Worker) throws(GeometryError) {
        let a = units[u].anchor
        let check = records[u].sideCheck
        if squaredDistance(a, check.at).squareRoot() <= check.clearance - UnitSpec.sideMargin - 1e-6 { return }
        let mapped = worker.boundaries[0]
        let region = try mapped.region(at: a)
        let ownSide = region != Boundary.outside && mapped.regionNames[region] == specs[u].affiliation
        let clearance = ownSide ? try mapped.distance(from: a) : 0
        if clearance < UnitSpec.sideMargin {
            units[u].anchor = before
        } else {
            records[u].sideCheck = (a, min(clearance, try mapped.rimClearance(from: a)))
        }
    }

    /// The nearest group `u` has detected that it may go after, measured from where groups stand
    /// now, or where they stood at the start of the step (for the anchors phase); the first such
    /// in the order they were detected if several are as near. One pass, no list built: it runs
    /// for every responding unit every step.
    func nearestDetectedGroup(of u: Int, onOwnTerritory: Bool, startOfStep: Bool = false,
                              _ worker: Worker) throws(GeometryError) -> Int? {
        let mapped = worker.boundaries[0]
        let anchor = units[u].anchor
        var nearest: Int?, least = Double.infinity
        for g in units[u].detected where specs[g].kind == .migrants && isPresent[g] {
            let centre = centroid(of: g, startOfStep: startOfStep)
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

    /// The centre of unit `u`'s members, now or at the start of the step.
    func centroid(of u: Int, startOfStep: Bool = false) -> Coordinate {
        let positions = startOfStep ? members.previous : members.position
        var x = 0.0, y = 0.0
        for m in units[u].members {
            x += positions[m].x
            y += positions[m].y
        }
        let n = Double(max(1, specs[u].size))
        return Coordinate(x: x / n, y: y / n)
    }
}
