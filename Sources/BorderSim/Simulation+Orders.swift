import BorderGeometry

/// Phase 1: orders whose trigger now holds replace the unit's current action.
extension Simulation {
    func fireOrders() {
        let now = scenario.clock.seconds(atTick: tick)
        for u in units.indices {
            for (i, order) in units[u].spec.orders.enumerated() where !units[u].fired[i] && holds(order.trigger, u, now) {
                units[u].fired[i] = true
                start(order.action, unit: u, at: now)
            }
        }
    }

    private func holds(_ trigger: Order.Trigger, _ u: Int, _ now: Double) -> Bool {
        switch trigger {
        case .start: true
        case .at(let t): now >= t
        case .warned(let times): units[u].warningsReceived >= times
        case .detects(let kind): units[u].detected.contains { units[$0].spec.kind == kind }
        case .arrived: units[u].arrived
        }
    }

    private func start(_ action: Order.Action, unit u: Int, at now: Double) {
        units[u].action = action
        units[u].arrived = false
        units[u].direction = 1
        if case .followRoute(let route, _) = action {
            // Join the route at its nearest waypoint rather than walking back to its start.
            let a = units[u].anchor
            units[u].waypoint = route.indices.min { squaredDistance(route[$0], a) < squaredDistance(route[$1], a) } ?? 0
        }
        if case .withdraw = action {
            let spec = units[u].spec
            events.append(Event(time: now, kind: .withdrawal, unit: spec.id, affiliation: spec.affiliation,
                                position: units[u].anchor))
        }
    }
}

func squaredDistance(_ a: Coordinate, _ b: Coordinate) -> Double {
    let dx = a.x - b.x, dy = a.y - b.y
    return dx * dx + dy * dy
}
