import CGEOS

/// Positions along a line by distance from its start: "km 143.2 along the border".
extension Geometry {
    /// The distance along this line of the point on it closest to `point`.
    /// Wraps `GEOSProject_r` (-1 on exception).
    public func project(_ point: Geometry) throws(GeometryError) -> Double {
        try point.checkSameContext(as: self)
        let d = GEOSProject_r(context.handle, handle, point.handle)
        guard d >= 0 else { throw context.failure("project") }
        return d
    }

    /// The point at `distance` along this line, clamped to its ends.
    /// Wraps `GEOSInterpolate_r` (NULL on exception).
    public func interpolate(_ distance: Double) throws(GeometryError) -> Coordinate {
        let point = try derive("interpolate") { GEOSInterpolate_r($0, $1, distance) }
        guard case .point(let c) = point.value else { throw .unsupported("interpolate gave no point") }
        return c
    }

    /// The unit vector perpendicular to this line at `distance` along it, pointing left of the
    /// line's direction.
    ///
    /// Taken across a 2 m chord centred on the point rather than from one segment, so a point
    /// on a vertex gets the mean of the two directions.
    public func leftNormal(atDistance distance: Double) throws(GeometryError) -> Coordinate {
        let a = try interpolate(max(0, distance - 1))
        let b = try interpolate(distance + 1)
        let (dx, dy) = (b.x - a.x, b.y - a.y)
        let norm = (dx * dx + dy * dy).squareRoot()
        guard norm > 0 else { throw .unsupported("the line has no direction at \(distance) m along it") }
        return Coordinate(x: -dy / norm, y: dx / norm)
    }

    /// The part of this line between two distances along it, in the order given.
    ///
    /// Built from `interpolate` and the line's own vertices, so its vertices lie exactly
    /// on the line. Requires a single line string.
    public func substring(from start: Double, to end: Double) throws(GeometryError) -> Geometry {
        guard case .lineString(let cs) = value else { throw .unsupported("substring needs a LineString, not \(kind)") }
        let (a, b) = (min(start, end), max(start, end))
        var out = [try interpolate(a)]
        var along = 0.0
        for i in 1..<cs.count {
            let prev = cs[i - 1]
            let next = cs[i]
            along += ((next.x - prev.x) * (next.x - prev.x) + (next.y - prev.y) * (next.y - prev.y)).squareRoot()
            if along > a && along < b { out.append(next) }
        }
        out.append(try interpolate(b))
        return try context.lineString(start <= end ? out : out.reversed())
    }
}
