import Foundation
import BorderGeometry

extension BarriersPhase {
    /// Migrants who started the step inside barrier ring `b` end it at least `margin` inside
    /// the ring's circle as it is now (centred on its anchor, of its radius at the end of the
    /// step), so the ring pushes them as it moves and tightens; an arc lets them out through
    /// its opening. Someone pulled back stands on the ray from the centre they tried to leave by.
    ///
    /// The circle is the one the members stand on (`Formation.slot`); it is tested by distance
    /// from the centre, exactly, rather than as a GEOS polygon round the members, which would
    /// cost a GEOS point per person per step.
    func contain(_ state: RunState, within b: Int) {
        let members = state.members, clock = state.scenario.clock
        guard let ring = state.specs[b].ring else { return }
        let appears = state.specs[b].appearsAt
        let before = ring.radius(after: clock.seconds(atTick: state.tick) - appears)
        let limit = max(ring.radius(after: clock.seconds(atTick: state.tick + 1) - appears) - Self.margin, 0)
        let (centre, previousCentre) = state.units.read(b) { ($0.anchor, $0.previousAnchor) }
        let heading = state.records.read(b) { $0.heading }
        let arc = state.units.read(b) { $0.traits.formation } == .arc
        // The opening's edges are at `opening / 2` either side of the heading.
        let openingCosine = arc ? cos(ring.opening / 2) : 2
        for m in 0..<members.count
        where state.specs[members.unit[m]].kind == .migrants && state.presence.isPresent[members.unit[m]] {
            guard squaredDistance(members.previous[m], previousCentre) < before * before else { continue }
            let p = members.position[m]
            let rx = p.x - centre.x, ry = p.y - centre.y
            let d = (rx * rx + ry * ry).squareRoot()
            guard d > limit else { continue }
            if (rx * heading.x + ry * heading.y) / d > openingCosine { continue }
            members.position[m] = Coordinate(x: centre.x + rx * (limit / d), y: centre.y + ry * (limit / d))
        }
    }

    /// A withdrawing barrier holds no one, but its members are still people in the way: a
    /// migrant whose move would come within `margin` of one of them (where that member ends the
    /// step) stops where it first would, or, overtaken by the member, steps back out to `margin`
    /// from it. So the people it held walk off through the gaps (those wider than twice the
    /// margin) and round its ends, but not through its members.
    func obstruct(_ state: RunState, by b: Int) {
        let members = state.members, r = Self.margin
        let officers = state.units.read(b) { $0.members }
        var low = Coordinate(x: Double.infinity, y: Double.infinity), high = Coordinate(x: -Double.infinity, y: -Double.infinity)
        for o in officers {
            let c = members.position[o]
            low = Coordinate(x: min(low.x, c.x), y: min(low.y, c.y))
            high = Coordinate(x: max(high.x, c.x), y: max(high.y, c.y))
        }
        for m in 0..<members.count
        where state.specs[members.unit[m]].kind == .migrants && state.presence.isPresent[members.unit[m]] {
            let q = members.previous[m]
            var p = members.position[m]
            // Only moves that come near the barrier's box.
            guard max(p.x, q.x) > low.x - r && min(p.x, q.x) < high.x + r
                && max(p.y, q.y) > low.y - r && min(p.y, q.y) < high.y + r else { continue }
            for o in officers { p = Self.stop(from: q, to: p, before: members.position[o], r) }
            members.position[m] = p
        }
    }

    /// The end of the move from `q` to `p` held `r` away from `c`: where the move first comes
    /// within `r` of it, or, when it starts within `r`, `r` out from `c` toward where it started.
    static func stop(from q: Coordinate, to p: Coordinate, before c: Coordinate, _ r: Double) -> Coordinate {
        let fx = q.x - c.x, fy = q.y - c.y
        let start = fx * fx + fy * fy
        if start < r * r {
            let d = start.squareRoot()
            return d > 0 ? Coordinate(x: c.x + fx * (r / d), y: c.y + fy * (r / d)) : p
        }
        // |q + t (p − q) − c| = r, smallest t in [0, 1].
        let dx = p.x - q.x, dy = p.y - q.y
        let a = dx * dx + dy * dy
        guard a > 0 else { return p }
        let half = fx * dx + fy * dy
        let disc = half * half - a * (start - r * r)
        guard disc > 0 else { return p }
        let t = (-half - disc.squareRoot()) / a
        guard t >= 0 && t < 1 else { return p }
        return Coordinate(x: q.x + dx * t, y: q.y + dy * t)
    }
}
