import BorderGeometry

/// Units going off duty leave the field where they stand (not present: they neither see,
/// respond, nor are seen, and no order fires), and come back there when on duty again.
final class ShiftsPhase: Phase {
    let stage = Stage.shifts
    private let shifts: ShiftState

    init(_ shifts: ShiftState) { self.shifts = shifts }

    func run(_ state: RunState) throws(GeometryError) {
        let clock = state.scenario.clock
        let local = clock.start + Double(clock.utcOffset) + clock.seconds(atTick: state.tick)
        let secondOfDay = local - (local / 86_400).rounded(.down) * 86_400
        for u in shifts.units {
            let onDuty = state.specs[u].shifts.contains { $0.contains(secondOfDay) }
            if !onDuty && state.presence.isPresent[u] {
                state.setPresent(u, false)
                shifts.offDuty[u] = true
            } else if onDuty && shifts.offDuty[u] {
                state.setPresent(u, true)
                shifts.offDuty[u] = false
            }
        }
    }
}

/// Off-duty units stay where they were at the start of the step.
final class OffDutyPhase: Phase {
    let stage = Stage.offDuty
    private let shifts: ShiftState

    init(_ shifts: ShiftState) { self.shifts = shifts }

    func run(_ state: RunState) throws(GeometryError) {
        for u in shifts.units where shifts.offDuty[u] {
            state.units[u].anchor = state.units[u].previousAnchor
            state.records[u].heading = state.records[u].previousHeading
        }
    }
}
