import CGEOS

/// Binary spatial predicates (DE-9IM), exact: GEOS uses robust orientation tests.
extension Geometry {
    /// True when no point of `other` lies outside this geometry and their interiors meet.
    /// Wraps `GEOSContains_r`.
    public func contains(_ other: Geometry) throws(GeometryError) -> Bool {
        try predicate("contains", other, GEOSContains_r)
    }

    /// True when no point of `other` lies outside this geometry; unlike `contains`,
    /// a point on the boundary is covered. Wraps `GEOSCovers_r`.
    public func covers(_ other: Geometry) throws(GeometryError) -> Bool {
        try predicate("covers", other, GEOSCovers_r)
    }

    /// True when the two share at least one point. Wraps `GEOSIntersects_r`.
    public func intersects(_ other: Geometry) throws(GeometryError) -> Bool {
        try predicate("intersects", other, GEOSIntersects_r)
    }

    /// True when the interiors meet in a lower dimension (a line passing through another line
    /// or across a polygon's boundary). Wraps `GEOSCrosses_r`.
    public func crosses(_ other: Geometry) throws(GeometryError) -> Bool {
        try predicate("crosses", other, GEOSCrosses_r)
    }

    /// True when the two share points only on their boundaries. Wraps `GEOSTouches_r`.
    public func touches(_ other: Geometry) throws(GeometryError) -> Bool {
        try predicate("touches", other, GEOSTouches_r)
    }

    /// Topological equality: the same point set, whatever the vertex order. Wraps `GEOSEquals_r`.
    public func topologicallyEquals(_ other: Geometry) throws(GeometryError) -> Bool {
        try predicate("equals", other, GEOSEquals_r)
    }
}
