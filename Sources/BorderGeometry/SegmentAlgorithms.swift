import CGEOS

/// GEOS's robust algorithms on single segments: cheap where building geometries for an
/// overlay would cost far more than the answer (a move against the few segments near it).
extension GeometryContext {
    /// Where segments a0–a1 and b0–b1 meet, by GEOS's `LineIntersector`
    /// (`GEOSSegmentIntersection_r`: 1 meets, -1 does not, 0 on exception). Collinear segments
    /// that overlap meet along a stretch, of which this gives one point: check `orientation`.
    public func segmentIntersection(
        _ a0: Coordinate, _ a1: Coordinate, _ b0: Coordinate,
        _ b1: Coordinate
    ) throws(GeometryError) -> Coordinate? {
        var x = 0.0
        var y = 0.0
        switch GEOSSegmentIntersection_r(handle, a0.x, a0.y, a1.x, a1.y, b0.x, b0.y, b1.x, b1.y, &x, &y) {
        case 1: return Coordinate(x: x, y: y)
        case -1: return nil
        default: throw failure("segmentIntersection")
        }
    }

    /// Which side of the directed line a→b the point p is on: 1 left (counter-clockwise),
    /// -1 right, 0 on the line; robust (`GEOSOrientationIndex_r`, 2 on exception).
    public func orientation(_ a: Coordinate, _ b: Coordinate, _ p: Coordinate) throws(GeometryError) -> Int {
        let index = GEOSOrientationIndex_r(handle, a.x, a.y, b.x, b.y, p.x, p.y)
        guard index != 2 else { throw failure("orientationIndex") }
        return Int(index)
    }
}
