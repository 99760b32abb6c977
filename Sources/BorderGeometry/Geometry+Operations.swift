import CGEOS

/// Measures and constructive operations. Units are those of the coordinates: use a
/// metric CRS (e.g. EPSG:3346) for metres.
extension Geometry {
    /// Area of the polygonal parts. Wraps `GEOSArea_r` (0 on exception).
    public func area() throws(GeometryError) -> Double { try measure("area", GEOSArea_r) }

    /// Length of lines, or perimeter of polygons. Wraps `GEOSLength_r` (0 on exception).
    public func length() throws(GeometryError) -> Double { try measure("length", GEOSLength_r) }

    /// Minimum Cartesian distance between the two. Wraps `GEOSDistance_r` (0 on exception).
    public func distance(to other: Geometry) throws(GeometryError) -> Double {
        try other.checkSameContext(as: self)
        return try measure("distance") { GEOSDistance_r($0, $1, other.handle, $2) }
    }

    /// Discrete Hausdorff distance: how far the two shapes are from being the same.
    /// Wraps `GEOSHausdorffDistance_r` (0 on exception).
    public func hausdorffDistance(to other: Geometry) throws(GeometryError) -> Double {
        try other.checkSameContext(as: self)
        return try measure("hausdorffDistance") { GEOSHausdorffDistance_r($0, $1, other.handle, $2) }
    }

    /// Discrete Fréchet distance: how far apart two paths are when both are walked forward,
    /// vertex by vertex, neither going back (the leash between a walker and a dog).
    /// Wraps `GEOSFrechetDistance_r` (0 on exception).
    public func frechetDistance(to other: Geometry) throws(GeometryError) -> Double {
        try other.checkSameContext(as: self)
        return try measure("frechetDistance") { GEOSFrechetDistance_r($0, $1, other.handle, $2) }
    }

    /// The closest pair of points, the first on this geometry, the second on `other`.
    /// Wraps `GEOSNearestPoints_r` (NULL on exception).
    public func nearestPoints(to other: Geometry) throws(GeometryError) -> (Coordinate, Coordinate) {
        try other.checkSameContext(as: self)
        guard let seq = GEOSNearestPoints_r(context.handle, handle, other.handle) else {
            throw context.failure("nearestPoints")
        }
        return context.pair(seq)
    }

    /// The area within `width` of this geometry (negative widths shrink polygons).
    /// Wraps `GEOSBuffer_r` (NULL on exception).
    public func buffer(_ width: Double, quadrantSegments: Int = 8) throws(GeometryError) -> Geometry {
        try derive("buffer") { GEOSBuffer_r($0, $1, width, Int32(quadrantSegments)) }
    }

    /// A buffer with flat ends, for corridors along a line that must stop at its end points.
    /// Wraps `GEOSBufferWithStyle_r`.
    public func flatBuffer(_ width: Double, quadrantSegments: Int = 8) throws(GeometryError) -> Geometry {
        try derive("buffer") {
            GEOSBufferWithStyle_r(
                $0, $1, width, Int32(quadrantSegments),
                Int32(GEOSBUF_CAP_FLAT.rawValue), Int32(GEOSBUF_JOIN_ROUND.rawValue), 5)
        }
    }

    /// The line parallel to this one at `distance`: positive to the left of its direction,
    /// negative to the right. Wraps `GEOSOffsetCurve_r` (NULL on exception).
    public func offsetCurve(_ distance: Double, quadrantSegments: Int = 8) throws(GeometryError) -> Geometry {
        try derive("offsetCurve") {
            GEOSOffsetCurve_r($0, $1, distance, Int32(quadrantSegments), Int32(GEOSBUF_JOIN_ROUND.rawValue), 5)
        }
    }

    /// Wraps `GEOSIntersection_r` (NULL on exception).
    public func intersection(_ other: Geometry) throws(GeometryError) -> Geometry {
        try other.checkSameContext(as: self)
        return try derive("intersection") { GEOSIntersection_r($0, $1, other.handle) }
    }

    /// Wraps `GEOSDifference_r` (NULL on exception).
    public func difference(_ other: Geometry) throws(GeometryError) -> Geometry {
        try other.checkSameContext(as: self)
        return try derive("difference") { GEOSDifference_r($0, $1, other.handle) }
    }

    /// Wraps `GEOSUnion_r` (NULL on exception).
    public func union(_ other: Geometry) throws(GeometryError) -> Geometry {
        try other.checkSameContext(as: self)
        return try derive("union") { GEOSUnion_r($0, $1, other.handle) }
    }

    /// Dissolves the parts of a collection into one geometry. Wraps `GEOSUnaryUnion_r`.
    public func unaryUnion() throws(GeometryError) -> Geometry { try derive("unaryUnion", GEOSUnaryUnion_r) }

    /// Joins touching line parts into the longest possible lines. Wraps `GEOSLineMerge_r`.
    public func lineMerge() throws(GeometryError) -> Geometry { try derive("lineMerge", GEOSLineMerge_r) }

    /// The topological boundary (a polygon's rings, a line's end points). Wraps `GEOSBoundary_r`.
    public func boundary() throws(GeometryError) -> Geometry { try derive("boundary", GEOSBoundary_r) }

    /// Wraps `GEOSGetCentroid_r`.
    public func centroid() throws(GeometryError) -> Geometry { try derive("centroid", GEOSGetCentroid_r) }

    /// Simplifies within `tolerance` without creating self-intersections or collapsing rings.
    /// Wraps `GEOSTopologyPreserveSimplify_r`.
    public func simplify(tolerance: Double) throws(GeometryError) -> Geometry {
        try derive("simplify") { GEOSTopologyPreserveSimplify_r($0, $1, tolerance) }
    }

    /// True when the geometry is valid per OGC rules. Wraps `GEOSisValid_r` (2 on exception).
    public func isValid() throws(GeometryError) -> Bool {
        let result = GEOSisValid_r(context.handle, handle)
        guard result != 2 else { throw context.failure("isValid") }
        return result == 1
    }

    /// "Valid Geometry", or why not and where, e.g. "Self-intersection[1 1]".
    /// Wraps `GEOSisValidReason_r` (NULL on exception).
    public func validityReason() throws(GeometryError) -> String {
        guard let text = GEOSisValidReason_r(context.handle, handle) else { throw context.failure("isValidReason") }
        defer { GEOSFree_r(context.handle, text) }
        return String(cString: text)
    }

    /// Repairs an invalid geometry without losing any of its points. Wraps `GEOSMakeValid_r`.
    public func makeValid() throws(GeometryError) -> Geometry { try derive("makeValid", GEOSMakeValid_r) }

    /// Snaps every coordinate to a grid of `gridSize` and repairs the topology that results.
    /// Wraps `GEOSGeom_setPrecision_r`.
    public func withPrecision(_ gridSize: Double) throws(GeometryError) -> Geometry {
        try derive("setPrecision") { GEOSGeom_setPrecision_r($0, $1, gridSize, 0) }
    }

    /// The bounding box (min x, min y, max x, max y). Throws for an empty geometry.
    public func bounds() throws(GeometryError) -> (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        var minX = 0.0
        var minY = 0.0
        var maxX = 0.0
        var maxY = 0.0
        // returns 0 on exception (and for an empty geometry)
        guard GEOSGeom_getExtent_r(context.handle, handle, &minX, &minY, &maxX, &maxY) != 0 else {
            throw context.failure("getExtent")
        }
        return (minX, minY, maxX, maxY)
    }
}

extension GeometryContext {
    /// Reads and frees a two-point coordinate sequence that GEOS handed over.
    func pair(_ seq: OpaquePointer) -> (Coordinate, Coordinate) {
        defer { GEOSCoordSeq_destroy_r(handle, seq) }
        var a = Coordinate(x: 0, y: 0)
        var b = Coordinate(x: 0, y: 0)
        GEOSCoordSeq_getXY_r(handle, seq, 0, &a.x, &a.y)
        GEOSCoordSeq_getXY_r(handle, seq, 1, &b.x, &b.y)
        return (a, b)
    }
}
