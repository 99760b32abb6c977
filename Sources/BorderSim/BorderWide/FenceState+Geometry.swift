import BorderGeometry

extension FenceState {
    /// The first fence unit `u` is not past that the move from `a` to `b` meets, and the
    /// fraction of the move where it does.
    func firstFence(of u: Int, from a: Coordinate, to b: Coordinate) throws(GeometryError) -> (Int, Double)? {
        var best: (Int, Double)?
        for (f, fence) in fences.enumerated() where !cleared[u].contains(f) {
            if let t = try fence.firstTouch(from: a, to: b), t < (best?.1 ?? .infinity) { best = (f, t) }
        }
        return best
    }

    /// Metres from `c` to the nearest fence unit `u` is not past (infinity: none left).
    func clearance(of u: Int, at c: Coordinate) throws(GeometryError) -> Double {
        var d = Double.infinity
        for (f, fence) in fences.enumerated() where !cleared[u].contains(f) {
            d = min(d, try fence.clearance(from: c))
        }
        return d
    }

    /// The way round fence `f` for a group that met it at `at` heading for `toward`: along the
    /// fence on the group's side, `clear` metres off it, to the nearest pass, through it, and
    /// `clear` metres beyond on the far side.
    func detour(round f: Int, from at: Coordinate, toward: Coordinate, resume: Order.Action)
        throws(GeometryError) -> Detour
    {
        let fence = fences[f]
        let s0 = try fence.along(at)
        let pass = fence.passes.min { (abs($0 - s0), -$0) < (abs($1 - s0), -$1) }!
        let n0 = try fence.leftNormal(along: s0)
        // +1: the group is on the fence's left.
        let side: Double = (at.x - toward.x) * n0.x + (at.y - toward.y) * n0.y >= 0 ? 1 : -1
        let clear = 5.0
        var waypoints = [Coordinate]()
        let spacing = 25.0
        let count = Int((abs(pass - s0) / spacing).rounded(.up))
        for k in 1...max(1, count) {
            let s = s0 + (pass - s0) * Double(k) / Double(max(1, count))
            let p = try fence.point(along: s)
            let n = try fence.leftNormal(along: s)
            waypoints.append(Coordinate(x: p.x + side * clear * n.x, y: p.y + side * clear * n.y))
        }
        let p = try fence.point(along: pass)
        let n = try fence.leftNormal(along: pass)
        if pass <= 0 || pass >= fence.length {
            // Round an end: out past it along the fence's direction there, then to the far side.
            let inward = try fence.point(along: pass <= 0 ? 1 : fence.length - 1)
            let d = max(1e-9, squaredDistance(p, inward).squareRoot())
            waypoints.append(Coordinate(x: p.x + (p.x - inward.x) / d * clear, y: p.y + (p.y - inward.y) / d * clear))
        } else {
            waypoints.append(p)
        }
        let passAt = waypoints.count - 1
        waypoints.append(Coordinate(x: p.x - side * clear * n.x, y: p.y - side * clear * n.y))
        return .init(fence: f, waypoints: waypoints, next: 0, passAt: passAt, resume: resume)
    }

    func record(_ kind: Event.Kind, _ state: RunState, _ u: Int, _ f: Int, at time: Double, position: Coordinate) {
        state.record(kind, of: u, at: position, time: time, boundary: fences[f].spec.name)
    }
}
