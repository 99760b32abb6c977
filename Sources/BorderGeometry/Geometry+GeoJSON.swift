import CGEOS

extension Geometry {
    /// This geometry as a GeoJSON value that follows RFC 7946's right-hand rule:
    /// exterior rings counter-clockwise, holes clockwise (orientation decided by GEOS,
    /// `GEOSCoordSeq_isCCW_r`).
    public func geoJSONValue() throws(GeometryError) -> GeometryValue {
        try value.rightHandRule(in: context)
    }
}

extension GeometryValue {
    func rightHandRule(in context: GeometryContext) throws(GeometryError) -> GeometryValue {
        func orient(_ rings: [[Coordinate]]) throws(GeometryError) -> [[Coordinate]] {
            var out = [[Coordinate]]()
            for (i, ring) in rings.enumerated() {
                let wantCCW = i == 0
                out.append(try context.isCounterClockwise(ring) == wantCCW ? ring : ring.reversed())
            }
            return out
        }
        switch self {
        case .polygon(let rings): return .polygon(try orient(rings))
        case .multiPolygon(let polys):
            var out = [[[Coordinate]]]()
            for p in polys { out.append(try orient(p)) }
            return .multiPolygon(out)
        case .geometryCollection(let parts):
            var out = [GeometryValue]()
            for p in parts { out.append(try p.rightHandRule(in: context)) }
            return .geometryCollection(out)
        default: return self
        }
    }
}

extension GeometryContext {
    /// Whether a closed ring runs counter-clockwise. Wraps `GEOSCoordSeq_isCCW_r` (0 on exception).
    func isCounterClockwise(_ ring: [Coordinate]) throws(GeometryError) -> Bool {
        guard ring.count >= 4, let seq = GEOSCoordSeq_create_r(handle, UInt32(ring.count), 2) else {
            throw .unsupported("a ring needs at least 4 positions, found \(ring.count)")
        }
        defer { GEOSCoordSeq_destroy_r(handle, seq) }
        for (i, c) in ring.enumerated() { GEOSCoordSeq_setXY_r(handle, seq, UInt32(i), c.x, c.y) }
        var ccw: CChar = 0
        guard GEOSCoordSeq_isCCW_r(handle, seq, &ccw) != 0 else { throw failure("isCCW") }
        return ccw != 0
    }
}
