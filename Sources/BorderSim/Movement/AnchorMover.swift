import BorderGeometry
import BorderSimKernel

/// Moves units' anchors: the point each formation is centred on, moving at its slowest
/// member's speed per the unit's action. A unit's move reads other units' members (whom it
/// follows or goes after) where they were at the start of the step (`Members.previous`) and
/// writes only its own state, so units move on several threads at once.
struct AnchorMover {
    let state: RunState
    // The arrays every move reads, held here so the per-unit loop reaches them directly.
    private let units: InPlaceArray<UnitState>, records: InPlaceArray<UnitRecord>

    init(state: RunState) {
        self.state = state
        units = state.units
        records = state.records
    }

    /// Metres from a group at which officers can take hold of it.
    static let contactRange = 5.0

    /// Moves unit `u`'s anchor for this step, and lists it if its orders may fire next.
    @inline(__always)
    func moveAnchor(_ u: Int, dt: Double, next: Double, _ worker: Worker) throws(GeometryError) {
        // Read at once; written field by field, since other threads read other fields of this
        // unit meanwhile (whom they follow), which a write of the whole element would race with.
        let (before, goal, speed, wasThere, traits, due) = units.read(u) { unit in
            var goal: Coordinate?
            if case .goTo(let point) = unit.action { goal = point }
            return (
                unit.anchor, goal, unit.anchorSpeed, unit.arrived, unit.traits,
                unit.gate.pending > 0 && unit.mayFire(at: next)
            )
        }
        units[u].previousAnchor = before
        var budget = speed * dt
        if let goal {
            // The commonest order. A unit still on its way with no side to keep and no heading
            // to face is done: its gate is as it was.
            var anchor = before
            let there = Self.walk(&anchor, toward: goal, budget: &budget)
            units[u].anchor = anchor
            if there { units[u].arrived = true }
            if !there && !wasThere && !traits.keepsToOwnSide && !traits.facesHeading {
                if due { worker.ordersDue.append(u) }
                return
            }
        } else if units.read(u, { if case .followRoute = $0.action { true } else { false } }) {
            // The patrols' order, matched in place: passing the action on would copy it and its payload.
            walkRoute(u, budget: &budget)
        } else {
            try move(u, per: units[u].action, budget: &budget, worker)
        }
        // A unit sent somewhere on the way (to the line after a push-back) takes up its order again.
        if units[u].arrived, let afterward = records[u].afterward {
            units[u].action = afterward
            records[u].afterward = nil
            units[u].arrived = false
        }
        if traits.keepsToOwnSide { try keepToOwnSide(u, from: before, worker) }
        if traits.facesHeading {
            records[u].previousHeading = records[u].heading
            turn(u, from: before)
        }
        // Arriving, or the clock, may open the unit's gate by the next order phase.
        if units.read(u, { $0.gate.pending > 0 && $0.mayFire(at: next) }) { worker.ordersDue.append(u) }
    }

    /// Moves unit `u`'s anchor as `action` says, spending up to `budget` metres.
    ///
    /// A response (intercept, push back, apprehend) with no group to go after carries on with
    /// the unit's standing order — its route, say — so a patrol responds to every group it
    /// sees, one after another, and goes back to patrolling in between.
    private func move(_ u: Int, per action: Order.Action, budget: inout Double, _ worker: Worker) throws(GeometryError)
    {
        switch action {
        case .hold, .leave:
            break
        case .goTo(let goal):
            if Self.walk(&units[u].anchor, toward: goal, budget: &budget) { units[u].arrived = true }
        case .followRoute:
            walkRoute(u, budget: &budget)
        case .intercept, .pushBack, .apprehend:
            let ownTerritory = action != .intercept
            guard
                let target = try Responses(state: state).nearestDetectedGroup(
                    of: u, onOwnTerritory: ownTerritory, startOfStep: true, worker)
            else {
                try move(u, per: records[u].standing, budget: &budget, worker)
                break
            }
            if Self.approach(
                u, state.centroid(of: target, startOfStep: true), within: Self.contactRange,
                budget: &budget, units: units)
            {
                units[u].arrived = true
            }
        case .order(let order):
            try order.base.advance(AnchorMove(state: state, unit: u, worker: worker), budget: &budget)
        }
    }

    /// Walks unit `u`'s anchor onto its route where it was joined, then along it (the route
    /// read and advanced in place, in the unit's record).
    private func walkRoute(_ u: Int, budget: inout Double) {
        guard let onRoute = records[u].route?.position(),
            Self.walk(&units[u].anchor, toward: onRoute, budget: &budget)
        else { return }
        records[u].route!.advance(budget)
        units[u].anchor = records[u].route!.position()
    }

    /// Moves unit `u`'s anchor toward `goal` until `within` metres of it; true once there.
    static func approach(
        _ u: Int, _ goal: Coordinate, within: Double, budget: inout Double,
        units: InPlaceArray<UnitState>
    ) -> Bool {
        let d = squaredDistance(goal, units[u].anchor).squareRoot()
        guard d > within else { return true }
        var step = min(budget, d - within)
        budget -= step
        _ = walk(&units[u].anchor, toward: goal, budget: &step)
        return budget > 0
    }

    /// Moves `from` toward `goal` by at most `budget` metres, spending it; true when it got there.
    static func walk(_ from: inout Coordinate, toward goal: Coordinate, budget: inout Double) -> Bool {
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

    /// Faces the unit the way its anchor just moved (a unit that holds keeps its heading).
    private func turn(_ u: Int, from before: Coordinate) {
        let anchor = state.units[u].anchor
        let d = squaredDistance(anchor, before).squareRoot()
        guard d > 1e-9 else { return }
        state.records[u].heading = Coordinate(x: (anchor.x - before.x) / d, y: (anchor.y - before.y) / d)
    }

    /// An anchor that has stepped within `UnitSpec.sideMargin` of the line, or over it, goes back.
    ///
    /// An anchor within `c − margin` of where it was last found on its own side, `c` metres from
    /// every region's edge and from the line, is still on it and at least the margin from the
    /// line: no GEOS call (a micrometre is kept for rounding).
    private func keepToOwnSide(_ u: Int, from before: Coordinate, _ worker: Worker) throws(GeometryError) {
        let a = state.units[u].anchor
        let check = state.records[u].sideCheck
        if squaredDistance(a, check.at).squareRoot() <= check.clearance - UnitSpec.sideMargin - 1e-6 { return }
        let mapped = worker.boundaries[0]
        let region = try mapped.region(at: a)
        let ownSide = region != Boundary.outside && mapped.regionNames[region] == state.specs[u].affiliation
        let clearance = ownSide ? try mapped.distance(from: a) : 0
        if clearance < UnitSpec.sideMargin {
            state.units[u].anchor = before
        } else {
            state.records[u].sideCheck = (a, min(clearance, try mapped.rimClearance(from: a)))
        }
    }
}
