import BorderGeometry
import Foundation

extension BarriersPhase {
    /// People of the units it is `holding` (but those of `released` units) who started the step
    /// inside barrier ring `b` end it at least `margin` inside the ring's circle as it is now
    /// (centred on its anchor, of its radius at the end of the step), so the ring pushes them as
    /// it moves and tightens; an arc lets them out through its opening. Someone pulled back
    /// stands on the ray from the centre they tried to leave by. Returns the units of those it
    /// pulled back.
    ///
    /// The circle is the one the members stand on (`Formation.slot`); it is tested by distance
    /// from the centre, exactly, rather than as a GEOS polygon round the members, which would
    /// cost a GEOS point per person per step.
    func contain(_ state: RunState, within b: Int, holding: [Bool], except released: Set<Int>) -> [Int] {
        let members = state.members
        let clock = state.scenario.clock
        guard let ring = state.specs[b].ring else { return [] }
        let appears = state.specs[b].appearsAt
        let before = ring.radius(after: clock.seconds(atTick: state.tick) - appears)
        let limit = max(ring.radius(after: clock.seconds(atTick: state.tick + 1) - appears) - Self.margin, 0)
        let (centre, previousCentre) = state.units.read(b) { ($0.anchor, $0.previousAnchor) }
        let heading = state.records.read(b) { $0.heading }
        let arc = state.units.read(b) { $0.traits.formation } == .arc
        // The opening's edges are at `opening / 2` either side of the heading.
        let openingCosine = arc ? cos(ring.opening / 2) : 2
        var moved = [Int]()
        for m in 0..<members.count
        where holding[members.unit[m]]
            && state.presence.isPresent[members.unit[m]] && !released.contains(members.unit[m])
        {
            guard squaredDistance(members.previous[m], previousCentre) < before * before else { continue }
            let p = members.position[m]
            let rx = p.x - centre.x
            let ry = p.y - centre.y
            let d = (rx * rx + ry * ry).squareRoot()
            guard d > limit else { continue }
            if (rx * heading.x + ry * heading.y) / d > openingCosine { continue }
            members.position[m] = Coordinate(x: centre.x + rx * (limit / d), y: centre.y + ry * (limit / d))
            if moved.last != members.unit[m] { moved.append(members.unit[m]) }
        }
        return moved
    }
}
