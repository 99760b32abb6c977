import BorderGeometry

/// Migrants who would end a step behind a barrier line they were in front of are put back in
/// front of it, so an advancing line pushes them ahead and they cannot slip through; those
/// inside a barrier ring or arc stay inside (`contain`). A barrier whose order disengages it
/// (withdrawing) holds no one, but nobody walks through its members (`obstruct`).
final class BarriersPhase: Phase {
    let stage = Stage.barriers
    /// How far in front of the line (inside the ring, away from a withdrawing member) a held
    /// person stands, metres.
    static let margin = 0.5

    func run(_ state: RunState) throws(GeometryError) {
        for b in state.roster.barriers where state.presence.isPresent[b] {
            if state.units.read(b, { $0.action.disengages }) {
                obstruct(state, by: b)
                continue
            }
            switch state.units.read(b, { $0.traits.formation }) {
            case .ring, .arc: contain(state, within: b)
            case .cluster, .line, .column: hold(state, behind: b)
            }
        }
    }

    private func hold(_ state: RunState, behind b: Int) {
        let dt = state.scenario.clock.step, members = state.members
        let line = state.units[b], heading = state.records[b].heading
        let ends = (members.position[line.members.lowerBound], members.position[line.members.upperBound - 1])
        // Unit vectors along the line and toward its front.
        var along = Coordinate(x: ends.1.x - ends.0.x, y: ends.1.y - ends.0.y)
        let length = (along.x * along.x + along.y * along.y).squareRoot()
        along = length > 0 ? Coordinate(x: along.x / length, y: along.y / length)
            : Coordinate(x: heading.y, y: -heading.x)
        var front = Coordinate(x: -along.y, y: along.x)
        if front.x * heading.x + front.y * heading.y < 0 { front = Coordinate(x: -front.x, y: -front.y) }
        let margin = Self.margin, reach = state.specs[b].spacing
        for m in 0..<members.count
        where state.specs[members.unit[m]].kind == .migrants && state.presence.isPresent[members.unit[m]] {
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
