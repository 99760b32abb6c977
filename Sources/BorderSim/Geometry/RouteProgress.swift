import BorderGeometry

/// Where a unit is along its route, as a distance from the route's start (arc length).
///
/// Walking a route is then one addition per step, with a reflection at the ends of a
/// back-and-forth route or a wrap-around on a loop, and the position is interpolated on the
/// segment that holds that distance. On a two-point route this is exactly the patrol rule of
/// the border-crossing benchmark (`../shared/bench/WORKLOAD.md`).
struct RouteProgress {
    let points: [Coordinate]
    /// `cumulative[i]`: distance along the route to `points[i]`.
    let cumulative: [Double]
    let loop: Bool
    /// Distance along the route, 0 ... length.
    private(set) var s: Double
    /// +1 toward the route's end, -1 toward its start.
    private(set) var direction: Double
    /// Segment holding `s`, kept so a step usually finds it at once.
    private var segment = 0

    var length: Double { cumulative.last ?? 0 }

    /// The leg holding the distance at the last `position()`: its index, how many legs the
    /// route has, and the leg's ends.
    var leg: (index: Int, count: Int, from: Coordinate, to: Coordinate)? {
        guard points.count > 1 else { return nil }
        return (segment, points.count - 1, points[segment], points[segment + 1])
    }

    /// - Parameters: `s`: where to join, clamped to the route; `towardEnd`: the first direction.
    init(points: [Coordinate], loop: Bool, s: Double, towardEnd: Bool) {
        var cumulative = [0.0]
        for (a, b) in zip(points, points.dropFirst()) {
            let ux = b.x - a.x
            let uy = b.y - a.y
            cumulative.append(cumulative[cumulative.count - 1] + (ux * ux + uy * uy).squareRoot())
        }
        if loop, let first = points.first, let last = points.last, first != last {
            let ux = first.x - last.x
            let uy = first.y - last.y
            cumulative.append(cumulative[cumulative.count - 1] + (ux * ux + uy * uy).squareRoot())
        }
        self.points = loop && points.first != points.last ? points + points.prefix(1) : points
        self.cumulative = cumulative
        self.loop = loop
        self.s = min(max(s, 0), cumulative.last ?? 0)
        direction = towardEnd ? 1 : -1
    }

    /// Moves `distance` metres along the route.
    mutating func advance(_ distance: Double) {
        let length = self.length
        guard length > 0 else { return }
        s = s + direction * distance
        if loop {
            s = s.truncatingRemainder(dividingBy: length)
            if s < 0 { s += length }
        } else {
            // Reflect at the ends (repeatedly only if a step is longer than the route).
            while s > length || s < 0 {
                if s > length {
                    s = length - (s - length)
                    direction = -1
                } else {
                    s = -s
                    direction = 1
                }
            }
        }
    }

    /// The point at the current distance along the route.
    mutating func position() -> Coordinate {
        guard points.count > 1 else { return points.first ?? Coordinate(x: 0, y: 0) }
        while segment > 0 && s < cumulative[segment] { segment -= 1 }
        while segment < points.count - 2 && s > cumulative[segment + 1] { segment += 1 }
        let a = points[segment]
        let b = points[segment + 1]
        let span = cumulative[segment + 1] - cumulative[segment]
        guard span > 0 else { return a }
        let f = (s - cumulative[segment]) / span
        return Coordinate(x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f)
    }
}
