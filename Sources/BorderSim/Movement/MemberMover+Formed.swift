import BorderGeometry

extension MemberMover {
    /// Moves member `m` of a column, ring or arc toward its place. The places are `spacing`
    /// apart by construction, so members keep no distance of their own; a member within its
    /// reach of its place (and a micrometre for rounding) stands exactly on it, so one that
    /// stood on its place keeps to it: the anchor moves no faster than the slowest member, less
    /// a ring's rate of tightening.
    func moveFormed(_ m: Int, of u: Int, _ formation: UnitSpec.Formation, dt: Double) {
        let p = members.previous[m]
        let goal = place(of: m, in: u, formation)
        let dx = goal.x - p.x
        let dy = goal.y - p.y
        let length = (dx * dx + dy * dy).squareRoot()
        let reach = members.speed[m] * dt
        members.position[m] =
            length <= reach + 1e-6
            ? goal
            : Coordinate(x: p.x + dx * (reach / length), y: p.y + dy * (reach / length))
    }

    /// Where member `m` of unit `u` stands at the end of the step.
    private func place(of m: Int, in u: Int, _ formation: UnitSpec.Formation) -> Coordinate {
        let anchor = units.read(u) { $0.anchor }
        let offset = members.offset[m]
        switch formation {
        case .column:
            // On a route, the column walks where its head walked.
            let ends = units.read(u) { unit -> RouteProgress.Ends? in
                switch unit.action {
                case .followRoute(_, let loop): loop ? .wrap : .reflect
                case .order(let order) where order.base is RouteOnceOrder: .extend
                default: nil
                }
            }
            if let ends,
                let onRoute = records.read(
                    u,
                    { unit in
                        unit.route.flatMap { route -> Coordinate? in
                            let head = route.trail(back: 0, ends: ends)
                            guard squaredDistance(head, anchor) < 1e-12 else { return nil }
                            return route.trail(back: -offset.y, ends: ends)
                        }
                    })
            {
                return onRoute
            }
            let slot = Formation.slot(offset, formation: .column, heading: records.read(u) { $0.heading })
            return Coordinate(x: anchor.x + slot.x, y: anchor.y + slot.y)
        case .ring, .arc:
            let ring = rings[u]!
            let now = state.scenario.clock.seconds(atTick: state.tick + 1)
            let radius = ring.shape.radius(after: now - ring.appears)
            let slot = Formation.slot(
                offset, formation: formation, heading: records.read(u) { $0.heading },
                radius: radius)
            return Coordinate(x: anchor.x + slot.x, y: anchor.y + slot.y)
        case .cluster, .line:
            let slot = Formation.slot(offset, formation: formation, heading: records.read(u) { $0.heading })
            return Coordinate(x: anchor.x + slot.x, y: anchor.y + slot.y)
        }
    }
}
