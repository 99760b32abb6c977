import BorderGeometry

/// Setting up the border-wide behaviours, and their phases that run at the start of a step.
extension Simulation {
    /// Builds fences and cameras in the run's context and sizes the per-unit and per-member state.
    func setUpBorderWide() throws(GeometryError) {
        var state = BorderWideState()
        for fence in scenario.fences {
            if let built = try Fence(fence, in: context) { state.fences.append(built) }
        }
        for camera in scenario.cameras {
            let area = try context.make(camera.coverage)
            var hash = RandomStream(seed: 0, entity: "camera:" + camera.id, purpose: 0)
            state.cameras.append(CameraWatch(spec: camera, coverage: try PreparedGeometry(area),
                                             edge: try PreparedGeometry(area.boundary()), area: try area.area(),
                                             idHash: hash.next(), inside: Array(repeating: false, count: units.count),
                                             clearance: Array(repeating: 0, count: units.count)))
        }
        state.borderLength = try context.make(scenario.frames[0].line).length()
        state.retries = specs.contains { $0.retry != nil }
        // Per-unit state only for what the scenario has (100,000 units would take 14 MB).
        if !state.fences.isEmpty || state.retries {
            for (u, spec) in specs.enumerated() where state.unitIndex[spec.id] == nil { state.unitIndex[spec.id] = u }
            state.cleared = Array(repeating: [], count: units.count)
            state.climbing = Array(repeating: nil, count: units.count)
            state.detour = Array(repeating: nil, count: units.count)
            state.escorted = Array(repeating: false, count: units.count)
            state.anchorClearance = Array(repeating: 0, count: units.count)
            state.memberClearance = Array(repeating: 0, count: members.count)
            state.attempts = specs.map { $0.kind == .migrants ? 1 : 0 }
            state.awayUntil = Array(repeating: nil, count: units.count)
        }
        state.shiftUnits = specs.indices.filter { !specs[$0].shifts.isEmpty }
        if !state.shiftUnits.isEmpty { state.offDuty = Array(repeating: false, count: units.count) }
        borderWide = state
    }

    /// Phase 0, before positions are taken for the step: shifts change, groups taken away after
    /// a turn-back come back, and groups on a detour head for their next waypoint.
    func beginBorderWideStep() throws(GeometryError) {
        changeShifts()
        try takeAwayAndReturn()
        advanceDetours()
    }

    /// Units going off duty leave the field where they stand (not present: they neither see,
    /// respond, nor are seen, and no order fires), and come back there when on duty again.
    private func changeShifts() {
        guard !borderWide.shiftUnits.isEmpty else { return }
        let local = scenario.clock.start + Double(scenario.clock.utcOffset) + scenario.clock.seconds(atTick: tick)
        let secondOfDay = local - (local / 86_400).rounded(.down) * 86_400
        for u in borderWide.shiftUnits {
            let onDuty = specs[u].shifts.contains { $0.contains(secondOfDay) }
            if !onDuty && isPresent[u] {
                setPresent(u, false)
                borderWide.offDuty[u] = true
            } else if onDuty && borderWide.offDuty[u] {
                setPresent(u, true)
                borderWide.offDuty[u] = false
            }
        }
    }
}
