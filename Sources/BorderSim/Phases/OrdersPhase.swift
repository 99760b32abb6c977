import BorderGeometry

/// Units due appear, and orders whose trigger now holds replace their unit's action. A unit's
/// orders read and change only its own state, so units are visited on several threads at once.
final class OrdersPhase: Phase {
    let stage = Stage.orders

    func run(_ state: RunState) throws(GeometryError) {
        let now = state.scenario.clock.seconds(atTick: state.tick)
        appear(state, now: now)
        state.refreshActive()
        let due = dueUnits(state)
        try state.inParallel(due) { (chunk, worker) throws(GeometryError) in
            for u in state.presence.ordersDue[chunk] { try fire(state, unit: u, now: now, worker) }
        }
        state.presence.ordersDue.removeAll(keepingCapacity: true)
        state.refreshActive()
    }

    /// Units appear in order of their time; `nextAppearance` walks that list once per run.
    private func appear(_ state: RunState, now: Double) {
        let presence = state.presence
        while presence.nextAppearance < presence.appearances.count
            && state.specs[presence.appearances[presence.nextAppearance]].appearsAt <= now
        {
            let u = presence.appearances[presence.nextAppearance]
            presence.nextAppearance += 1
            state.setPresent(u, true)
            state.records[u].appearedSample = state.samples.ticks.count - 1
            state.record(.appearance, of: u, at: state.units[u].anchor, time: now)
        }
    }

    /// Present units whose gate may have opened, in order, each once: sorted and thinned in
    /// place, so the list keeps its storage from step to step. Returns how many.
    private func dueUnits(_ state: RunState) -> Int {
        let presence = state.presence
        for worker in state.geometry.pool.workers {
            presence.ordersDue += worker.ordersDue
            worker.ordersDue.removeAll(keepingCapacity: true)
        }
        presence.ordersDue.sort()
        var due = 0
        for k in presence.ordersDue.indices
        where presence.isPresent[presence.ordersDue[k]]
            && (due == 0 || presence.ordersDue[due - 1] != presence.ordersDue[k])
        {
            presence.ordersDue[due] = presence.ordersDue[k]
            due += 1
        }
        presence.ordersDue.removeLast(presence.ordersDue.count - due)
        return due
    }

    /// Fires every pending order of unit `u` whose trigger holds, in the order declared.
    private func fire(_ state: RunState, unit u: Int, now: Double, _ worker: Worker) throws(GeometryError) {
        let units = state.units
        let records = state.records
        let orders = state.specs[u].orders
        guard units[u].gate.pending > 0 && units[u].mayFire(at: now) else { return }
        for i in 0..<records[u].fired.count where !records[u].fired[i] && holds(orders[i].trigger, state, u, now) {
            records[u].fired[i] = true
            try start(orders[i].action, state, unit: u, at: now, worker)
        }
        units[u].gate = OrderGate(orders, fired: records[u].fired)
    }

    private func holds(_ trigger: Order.Trigger, _ state: RunState, _ u: Int, _ now: Double) -> Bool {
        switch trigger {
        case .start: true
        case .at(let t): now >= t
        case .warned(let times): state.units[u].warningsReceived >= times
        case .detects(let kind): state.units[u].detected.contains { state.specs[$0].kind == kind }
        case .arrived: state.units[u].arrived
        }
    }

    private func start(
        _ action: Order.Action, _ state: RunState, unit u: Int, at now: Double,
        _ worker: Worker
    ) throws(GeometryError) {
        let units = state.units
        let records = state.records
        // A response keeps the order it interrupts (and its place on a route) to fall back on.
        if action.isResponse {
            if !units[u].action.isResponse { records[u].standing = units[u].action }
        } else {
            records[u].route = nil
        }
        units[u].action = action
        units[u].arrived = false
        records[u].afterward = nil
        switch action {
        case .followRoute(let route, let loop) where !route.isEmpty:
            // Join where the spec says, else at the point of the route nearest to the unit.
            let join = state.specs[u].routeStart
            let s =
                if let join { join.distance } else {
                    try nearestDistanceAlong(route, to: units[u].anchor, in: worker.context)
                }
            records[u].route = RouteProgress(points: route, loop: loop, s: s, towardEnd: join?.towardEnd ?? true)
        case .leave:
            state.presence.isPresent[u] = false
            worker.departed.append(u)
            records[u].leftSample = state.samples.ticks.count
            let spec = state.specs[u]
            worker.events.append(
                Event(
                    time: now, kind: .departure, unit: spec.id, affiliation: spec.affiliation,
                    position: units[u].anchor))
        case .order(let order):
            order.base.begin(OrderStart(state: state, unit: u, now: now, worker: worker))
        case .hold, .goTo, .followRoute, .intercept, .apprehend, .pushBack:
            break
        }
    }

    /// Distance along a route to its point nearest to `c` (GEOS linear referencing).
    private func nearestDistanceAlong(
        _ route: [Coordinate], to c: Coordinate,
        in context: GeometryContext
    ) throws(GeometryError) -> Double {
        guard route.count > 1 else { return 0 }
        return try context.lineString(route).project(context.point(c))
    }
}
