import BorderGeometry

extension Boundary {
    /// The deepest point of the straight move from `a` to `b`: where it is farthest from the
    /// line (a frame's line, or a zone's edge), and that distance, the incursion's depth.
    ///
    /// Exact over the continuous path, not only at its ends: inside a zone a walk across the
    /// strip is deepest between two step positions. `b` is measured with GEOS as before; the
    /// path's peak is found among the segments that can be nearest to any of its points
    /// (`PathDistance`). A peak counts only if it beats both ends, so a move deepest at an end
    /// keeps the end's GEOS measure.
    /// `end` is `b`'s own distance from the line.
    func deepest(from a: Coordinate, to b: Coordinate) throws(GeometryError)
        -> (point: Coordinate, depth: Double, end: Double)
    {
        let end = try distance(from: b)
        let dx = b.x - a.x
        let dy = b.y - a.y
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else { return (b, end, end) }
        // Every point of the move is within `end + length` of the line, so only segments that
        // near the move's box can be the nearest to one of its points.
        let reach = (end + length) * (1 + 1e-9) + 1e-6
        let lo = Coordinate(x: min(a.x, b.x) - reach, y: min(a.y, b.y) - reach)
        let hi = Coordinate(x: max(a.x, b.x) + reach, y: max(a.y, b.y) + reach)
        guard let peak = PathDistance.farthest(from: a, to: b, segments: pieces.segments(within: lo, hi)),
            peak.t > 0, peak.t < 1, peak.distance > max(peak.start, peak.end, end) + Self.peakMargin
        else { return (b, end, end) }
        return (Coordinate(x: a.x + dx * peak.t, y: a.y + dy * peak.t), peak.distance, end)
    }

    /// Metres by which a peak between a move's ends must beat them to count: below it the
    /// difference is rounding.
    static let peakMargin = 1e-9
}

extension Boundary.Pieces {
    /// The segments of every piece whose box meets the box from `lo` to `hi`, and that do themselves.
    func segments(within lo: Coordinate, _ hi: Coordinate) -> [(Coordinate, Coordinate)] {
        var found = [(Coordinate, Coordinate)]()
        for (i, box) in boxes.enumerated()
        where box.1.x >= lo.x && box.0.x <= hi.x && box.1.y >= lo.y && box.0.y <= hi.y {
            let vs = vertices[i]
            for k in 0..<max(0, vs.count - 1) {
                let p = vs[k]
                let q = vs[k + 1]
                if max(p.x, q.x) < lo.x || min(p.x, q.x) > hi.x || max(p.y, q.y) < lo.y || min(p.y, q.y) > hi.y {
                    continue
                }
                found.append((p, q))
            }
        }
        return found
    }
}
