import BorderGeometry
import BorderSimKernel

/// Moves members toward their place in the formation around their unit's anchor, keeping
/// apart from the others of their unit. A member's move reads where its unit's members stood
/// at the start of the step and writes only its own position.
struct MemberMover {
    // The arrays a move reads, held here so the per-member loop reaches them directly.
    let members: Members, units: InPlaceArray<UnitState>, records: InPlaceArray<UnitRecord>
    /// Each unit's ring (nil: none) and when it appeared, for the places of rings and arcs.
    let rings: [(shape: RingShape, appears: Double)?]
    /// The run, for the clock that sizes a tightening ring.
    let state: RunState

    init(state: RunState) {
        members = state.members
        units = state.units
        records = state.records
        rings = state.specs.map { spec in spec.ring.map { ($0, spec.appearsAt) } }
        self.state = state
    }

    /// Moves member `m` toward its place in the formation. Inlined into the movement loops for
    /// its commonest case; the rest is `moveInFormation`.
    @inline(__always)
    func moveMember(_ m: Int, dt: Double) { moveMember(m, of: members.unit[m], dt: dt) }

    /// Where a member stood at the start of the step, and where its move took it.
    typealias Move = (from: Coordinate, to: Coordinate)

    /// Moves member `m` of unit `u`, for loops that walk the members unit by unit.
    /// Returns the move, so the fused pass watches and sights it without reading it back.
    @inline(__always) @discardableResult
    func moveMember(_ m: Int, of u: Int, dt: Double) -> Move {
        let (formation, single, spacing, before, anchor) = units.read(u) {
            ($0.traits.formation, $0.members.count == 1, $0.spacing, $0.previousAnchor, $0.anchor)
        }
        // A cluster's places do not turn, so a member who stood at its place, with nobody of its
        // unit to keep apart from, has only to move as the anchor did (within its reach).
        if formation == .cluster && (single || spacing == 0) {
            let p = members.previous[m]
            let offset = members.offset[m]
            if p.x == before.x + offset.x && p.y == before.y + offset.y {
                let goal = Coordinate(x: anchor.x + offset.x, y: anchor.y + offset.y)
                let dx = goal.x - p.x
                let dy = goal.y - p.y
                let reach = members.speed[m] * dt
                if (dx * dx + dy * dy).squareRoot() <= reach + 1e-6 {
                    members.position[m] = goal
                    return (p, goal)
                }
            }
        }
        return moveInFormation(m, dt: dt)
    }

    /// Moves member `m` toward its place in the formation, kept apart from the others of its unit.
    @inline(never)
    private func moveInFormation(_ m: Int, dt: Double) -> Move {
        let u = members.unit[m]
        let formation = units[u].traits.formation
        if formation.isFormed {
            moveFormed(m, of: u, formation, dt: dt)
            return (members.previous[m], members.position[m])
        }
        let p = members.previous[m]
        let place = Formation.slot(members.offset[m], formation: formation, heading: records[u].heading)
        let anchor = units[u].anchor
        let goal = Coordinate(x: anchor.x + place.x, y: anchor.y + place.y)
        // Separation: the place shifts away from members of the same unit closer than its spacing.
        var target = goal
        let spacing = units[u].spacing
        for other in units[u].members where other != m {
            let q = members.previous[other]
            let ox = p.x - q.x
            let oy = p.y - q.y
            let d2 = ox * ox + oy * oy
            if d2 < spacing * spacing && d2 > 0 {
                let d = d2.squareRoot()
                target.x += ox / d * (spacing - d) / 2
                target.y += oy / d * (spacing - d) / 2
            }
        }
        let dx = target.x - p.x
        let dy = target.y - p.y
        let length = (dx * dx + dy * dy).squareRoot()
        let reach = members.speed[m] * dt
        // A member that stood at its place keeps to it as the formation moves: the anchor moves
        // no faster than the slowest member, so only rounding of the coordinates (≈ 1e-9 m at
        // metric-grid magnitudes) could put the place out of reach.
        let old = Formation.slot(members.offset[m], formation: formation, heading: records[u].previousHeading)
        let before = units[u].previousAnchor
        let inFormation = target == goal && p.x == before.x + old.x && p.y == before.y + old.y
        let within = inFormation ? reach + 1e-6 : reach
        // Within reach, the member stands exactly at its place.
        let z =
            length <= within
            ? target
            : Coordinate(x: p.x + dx * (reach / length), y: p.y + dy * (reach / length))
        members.position[m] = z
        return (p, z)
    }
}
