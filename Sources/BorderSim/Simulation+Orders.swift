import BorderGeometry

/// Phase 1: orders whose trigger now holds replace the unit's current action.
extension Simulation {
    func fireOrders() throws(GeometryError) {
        let now = scenario.clock.seconds(atTick: tick)
        // Units appear in order of their time; `nextAppearance` walks that list once per run.
        while nextAppearance < appearances.count && specs[appearances[nextAppearance]].appearsAt <= now {
            let u = appearances[nextAppearance]
            nextAppearance += 1
            setPresent(u, true)
            records[u].appearedSample = sampleTicks.count - 1
            events.append(Event(time: now, kind: .appearance, unit: specs[u].id, affiliation: specs[u].affiliation,
                                position: units[u].anchor))
        }
        refreshActive()
        // Present units whose gate may have opened, in order, each once.
        for worker in workers {
            ordersDue += worker.ordersDue
            worker.ordersDue.removeAll(keepingCapacity: true)
        }
        // Sorted and thinned in place: the list keeps its storage from step to step.
        ordersDue.sort()
        var due = 0
        for k in ordersDue.indices where isPresent[ordersDue[k]] && (due == 0 || ordersDue[due - 1] != ordersDue[k]) {
            ordersDue[due] = ordersDue[k]
            due += 1
        }
        ordersDue.removeLast(ordersDue.count - due)
        // A unit's orders read and change only its own state (nothing adds to `ordersDue` meanwhile).
        try inParallel(due) { (chunk, worker) throws(GeometryError) in
            for u in ordersDue[chunk] {
                guard units[u].pending > 0 && units[u].mayFire(at: now) else { continue }
                for i in 0..<records[u].fired.count
                where !records[u].fired[i] && holds(specs[u].orders[i].trigger, u, now) {
                    records[u].fired[i] = true
                    units[u].pending -= 1
                    try start(specs[u].orders[i].action, unit: u, at: now, worker)
                }
                units[u].gate = OrderGate(specs[u].orders, fired: records[u].fired)
            }
        }
        ordersDue.removeAll(keepingCapacity: true)
        refreshActive()
    }

    /// Distance along a route to its point nearest to `c` (GEOS linear referencing).
    private func nearestDistanceAlong(_ route: [Coordinate], to c: Coordinate,
                                      in context: GeometryContext) throws(GeometryError) -> Double {
        guard route.count > 1 else { return 0 }
        return try context.lineString(route).project(context.point(c))
    }

    private func holds(_ trigger: Order.Trigger, _ u: Int, _ now: Double) -> Bool {
        switch trigger {
        case .start: true
        case .at(let t): now >= t
        case .warned(let times): units[u].warningsReceived >= times
        case .detects(let kind): units[u].detected.contains { specs[$0].kind == kind }
        case .arrived: units[u].arrived
        }
    }

    private func start(_ action: Order.Action, unit u: Int, at now: Double, _ worker: Worker) throws(GeometryError) {
        // A response keeps the order it interrupts (and its place on a route) to fall back on.
        if action.isResponse {
            if !units[u].action.isResponse { records[u].standing = units[u].action }
        } else {
            records[u].route = nil
        }
        units[u].action = action
        units[u].arrived = false
        records[u].afterward = nil
        if case .followRoute(let route, let loop) = action, !route.isEmpty {
            // Join where the spec says, else at the point of the route nearest to the unit.
            let join = specs[u].routeStart
            let s = if let join { join.distance } else { try nearestDistanceAlong(route, to: units[u].anchor, in: worker.context) }
            records[u].route = RouteProgress(points: route, loop: loop, s: s, towardEnd: join?.towardEnd ?? true)
        }
        if case .leave = action {
            isPresent[u] = false
            worker.departed.append(u)
            records[u].leftSample = sampleTicks.count
            let spec = specs[u]
            worker.events.append(Event(time: now, kind: .departure, unit: spec.id, affiliation: spec.affiliation,
                                position: units[u].anchor))
        }
        if case .withdraw = action {
            let spec = specs[u]
            worker.events.append(Event(time: now, kind: .withdrawal, unit: spec.id, affiliation: spec.affiliation,
                                position: units[u].anchor))
        }
    }
}

func squaredDistance(_ a: Coordinate, _ b: Coordinate) -> Double {
    let dx = a.x - b.x, dy = a.y - b.y
    return dx * dx + dy * dy
}

extension Order.Action {
    /// Orders that go after detected groups, and fall back on a standing order meanwhile.
    var isResponse: Bool {
        switch self {
        case .intercept, .pushBack, .apprehend: true
        default: false
        }
    }
}
