import BorderGeometry

/// People a barrier holds (`UnitSpec.holds`: migrants by default) who would end a step behind
/// a barrier line they were in front of are put back in front of it, so an advancing line
/// pushes them ahead and they cannot slip through; those inside a barrier ring or arc stay
/// inside (`contain`). A barrier never holds its own members; another barrier's members it
/// holds like anyone of their affiliation, the barriers acting in the order they are declared.
///
/// A barrier whose order disengages it (withdrawing) releases the units it has held: from
/// then on it does nothing to them, and they walk where they like, through it too. It is no
/// ghost to anyone else: a unit it never held is held by it as by any barrier, pushed ahead
/// of the line as it walks away into it, kept from slipping through it, kept inside a ring.
final class BarriersPhase: Phase {
    let stage = Stage.barriers
    /// How far in front of the line (or inside the ring) a held person stands, metres.
    static let margin = 0.5
    /// For each barrier (by unit index), the units it has put a member of back before
    /// withdrawing: the units it releases. Looked up only, never iterated.
    private var held: [Int: Set<Int>] = [:]
    /// For each barrier (by unit index), whether it holds each unit (by unit index): the unit's
    /// affiliation is one it `holds`, and the unit is not the barrier itself.
    private let holding: [Int: [Bool]]

    init(_ state: RunState) {
        holding = Self.holding(state.specs, barriers: state.roster.barriers)
    }

    func run(_ state: RunState) throws(GeometryError) {
        for b in state.roster.barriers where state.presence.isPresent[b] {
            let (disengaged, formation) = state.units.read(b) { ($0.action.disengages, $0.traits.formation) }
            let released = disengaged ? held[b, default: []] : []
            let holds = holding[b]!
            let moved =
                switch formation {
                case .ring, .arc: contain(state, within: b, holding: holds, except: released)
                case .cluster, .line, .column: hold(state, behind: b, holding: holds, except: released)
                }
            // Those a barrier holds while withdrawing are not released by it: it never let them go.
            if !disengaged && !moved.isEmpty { held[b, default: []].formUnion(moved) }
        }
    }

    /// Whether each barrier holds each unit: whom it `holds`, but never itself.
    static func holding(_ specs: [UnitSpec], barriers: [Int]) -> [Int: [Bool]] {
        var holding = [Int: [Bool]]()
        for b in barriers {
            let holds = specs[b].holds
            holding[b] = specs.indices.map { $0 != b && holds.contains(specs[$0].affiliation) }
        }
        return holding
    }

    /// Puts back the people of the units it is `holding` (but those of `released` units) caught
    /// behind line `b`; returns the units of those it put back.
    private func hold(_ state: RunState, behind b: Int, holding: [Bool], except released: Set<Int>) -> [Int] {
        let dt = state.scenario.clock.step
        let members = state.members
        let (range, anchorSpeed) = state.units.read(b) { ($0.members, $0.anchorSpeed) }
        let heading = state.records.read(b) { $0.heading }
        let ends = (members.position[range.lowerBound], members.position[range.upperBound - 1])
        // Unit vectors along the line and toward its front.
        var along = Coordinate(x: ends.1.x - ends.0.x, y: ends.1.y - ends.0.y)
        let length = (along.x * along.x + along.y * along.y).squareRoot()
        along =
            length > 0
            ? Coordinate(x: along.x / length, y: along.y / length)
            : Coordinate(x: heading.y, y: -heading.x)
        var front = Coordinate(x: -along.y, y: along.x)
        if front.x * heading.x + front.y * heading.y < 0 { front = Coordinate(x: -front.x, y: -front.y) }
        let margin = Self.margin
        let reach = state.specs[b].spacing
        var moved = [Int]()
        for m in 0..<members.count
        where holding[members.unit[m]]
            && state.presence.isPresent[members.unit[m]] && !released.contains(members.unit[m])
        {
            let p = members.position[m]
            let rx = p.x - ends.0.x
            let ry = p.y - ends.0.y
            let s = rx * along.x + ry * along.y
            guard s >= -reach && s <= length + reach else { continue }
            let ahead = rx * front.x + ry * front.y
            // Only people who were in front: those caught behind by at most this step's movement.
            let depth = (anchorSpeed + members.speed[m]) * dt + margin
            guard ahead < margin && ahead > -depth else { continue }
            let q = members.previous[m]
            let wasAhead = (q.x - ends.0.x) * front.x + (q.y - ends.0.y) * front.y > -anchorSpeed * dt - margin
            guard wasAhead else { continue }
            members.position[m] = Coordinate(x: p.x + front.x * (margin - ahead), y: p.y + front.y * (margin - ahead))
            if moved.last != members.unit[m] { moved.append(members.unit[m]) }
        }
        return moved
    }
}
