import CGEOS

/// A geometry indexed by GEOS for repeated predicates against it (`GEOSPrepare_r`).
///
/// Prepare each static shape (a territory, the border line, a zone) once per context and
/// test moving things against it; preparation pays off after a handful of tests.
public final class PreparedGeometry {
    public let base: Geometry
    let handle: OpaquePointer

    public init(_ base: Geometry) throws(GeometryError) {
        // returns NULL on exception
        guard let handle = GEOSPrepare_r(base.context.handle, base.handle) else {
            throw base.context.failure("prepare")
        }
        self.base = base
        self.handle = handle
    }

    deinit { GEOSPreparedGeom_destroy_r(base.context.handle, handle) }

    private func test(
        _ operation: String, _ other: Geometry,
        _ body: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar
    ) throws(GeometryError) -> Bool {
        try other.checkSameContext(as: base)
        let result = body(base.context.handle, handle, other.handle)
        // returns 2 on exception
        guard result != 2 else { throw base.context.failure(operation) }
        return result == 1
    }

    /// Wraps `GEOSPreparedContains_r`.
    public func contains(_ other: Geometry) throws(GeometryError) -> Bool {
        try test("prepared contains", other, GEOSPreparedContains_r)
    }

    /// Wraps `GEOSPreparedCovers_r`: boundary points count as inside.
    public func covers(_ other: Geometry) throws(GeometryError) -> Bool {
        try test("prepared covers", other, GEOSPreparedCovers_r)
    }

    /// Wraps `GEOSPreparedIntersects_r`.
    public func intersects(_ other: Geometry) throws(GeometryError) -> Bool {
        try test("prepared intersects", other, GEOSPreparedIntersects_r)
    }

    /// Wraps `GEOSPreparedCrosses_r`.
    public func crosses(_ other: Geometry) throws(GeometryError) -> Bool {
        try test("prepared crosses", other, GEOSPreparedCrosses_r)
    }

    /// Minimum distance, using the prepared index. Wraps `GEOSPreparedDistance_r` (0 on exception).
    public func distance(to other: Geometry) throws(GeometryError) -> Double {
        try other.checkSameContext(as: base)
        var d = 0.0
        guard GEOSPreparedDistance_r(base.context.handle, handle, other.handle, &d) != 0 else {
            throw base.context.failure("prepared distance")
        }
        return d
    }

    /// The closest pair, the first on the prepared geometry. Wraps `GEOSPreparedNearestPoints_r`.
    public func nearestPoints(to other: Geometry) throws(GeometryError) -> (Coordinate, Coordinate) {
        try other.checkSameContext(as: base)
        guard let seq = GEOSPreparedNearestPoints_r(base.context.handle, handle, other.handle) else {
            throw base.context.failure("prepared nearestPoints")
        }
        return base.context.pair(seq)
    }
}
