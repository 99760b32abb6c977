import BorderGeometry

extension RouteProgress {
    /// How a route's trail runs past its ends: round a loop, back along a back-and-forth route
    /// (the way it was walked), straight on along the end segments of a route walked once.
    enum Ends { case wrap, reflect, extend }

    /// The point `back` metres behind the current position, the way it was walked: where a
    /// member of a column that far behind the unit's head stands.
    ///
    /// - Complexity: O(log n) in the route's points; nothing is copied or stored.
    func trail(back: Double, ends: Ends) -> Coordinate {
        let length = self.length
        guard points.count > 1, length > 0 else { return points.first ?? Coordinate(x: 0, y: 0) }
        var t = s - direction * back
        switch ends {
        case .wrap:
            t = t.truncatingRemainder(dividingBy: length)
            if t < 0 { t += length }
        case .reflect:
            while t > length || t < 0 { t = t > length ? 2 * length - t : -t }
        case .extend:
            break
        }
        return point(at: t)
    }

    /// The point at distance `t` along the route; before its start or past its end, on the
    /// first or last segment carried on.
    func point(at t: Double) -> Coordinate {
        // The last segment whose start is at or before t (the first when t < 0).
        var lo = 0
        var hi = points.count - 2
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if cumulative[mid] <= t { lo = mid } else { hi = mid - 1 }
        }
        let a = points[lo]
        let b = points[lo + 1]
        let span = cumulative[lo + 1] - cumulative[lo]
        guard span > 0 else { return a }
        let f = (t - cumulative[lo]) / span
        return Coordinate(x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f)
    }
}
