import CGEOS

/// A geometry as plain Swift values: what GeoJSON holds and what crosses module boundaries.
///
/// Polygons are lists of rings, the first the shell; rings are closed (first == last).
public indirect enum GeometryValue: Hashable, Sendable {
    case point(Coordinate)
    case lineString([Coordinate])
    case polygon([[Coordinate]])
    case multiPoint([Coordinate])
    case multiLineString([[Coordinate]])
    case multiPolygon([[[Coordinate]]])
    case geometryCollection([GeometryValue])

    /// The GeoJSON / OGC name of the type.
    public var typeName: String {
        switch self {
        case .point: "Point"
        case .lineString: "LineString"
        case .polygon: "Polygon"
        case .multiPoint: "MultiPoint"
        case .multiLineString: "MultiLineString"
        case .multiPolygon: "MultiPolygon"
        case .geometryCollection: "GeometryCollection"
        }
    }

    /// Every coordinate transformed by `body`, structure kept.
    public func mapCoordinates(_ body: (Coordinate) throws -> Coordinate) rethrows -> GeometryValue {
        switch self {
        case .point(let c): .point(try body(c))
        case .lineString(let cs): .lineString(try cs.map(body))
        case .polygon(let rings): .polygon(try rings.map { try $0.map(body) })
        case .multiPoint(let cs): .multiPoint(try cs.map(body))
        case .multiLineString(let lines): .multiLineString(try lines.map { try $0.map(body) })
        case .multiPolygon(let polys): .multiPolygon(try polys.map { try $0.map { try $0.map(body) } })
        case .geometryCollection(let parts): .geometryCollection(try parts.map { try $0.mapCoordinates(body) })
        }
    }
}

// MARK: GEOS conversion

extension GeometryValue {
    /// Reads a geometry GEOS owns elsewhere (a borrowed pointer), copying its coordinates.
    init(borrowing g: OpaquePointer, context: GeometryContext) {
        let h = context.handle
        func coords(_ g: OpaquePointer) -> [Coordinate] {
            guard let seq = GEOSGeom_getCoordSeq_r(h, g) else { return [] }
            var n: UInt32 = 0
            GEOSCoordSeq_getSize_r(h, seq, &n)
            var out = [Coordinate]()
            out.reserveCapacity(Int(n))
            for i in 0..<n {
                var x = 0.0
                var y = 0.0
                GEOSCoordSeq_getXY_r(h, seq, i, &x, &y)
                out.append(Coordinate(x: x, y: y))
            }
            return out
        }
        func rings(_ p: OpaquePointer) -> [[Coordinate]] {
            guard GEOSisEmpty_r(h, p) == 0, let shell = GEOSGetExteriorRing_r(h, p) else { return [] }
            var result = [coords(shell)]
            for i in 0..<GEOSGetNumInteriorRings_r(h, p) {
                if let ring = GEOSGetInteriorRingN_r(h, p, i) { result.append(coords(ring)) }
            }
            return result
        }
        func parts(_ g: OpaquePointer) -> [OpaquePointer] {
            (0..<max(0, GEOSGetNumGeometries_r(h, g))).compactMap { GEOSGetGeometryN_r(h, g, $0) }
        }
        switch GEOSGeomTypeId_r(h, g) {
        case 0: self = .point(coords(g).first ?? Coordinate(x: .nan, y: .nan))
        case 1, 2: self = .lineString(coords(g))
        case 3: self = .polygon(rings(g))
        case 4: self = .multiPoint(parts(g).compactMap { coords($0).first })
        case 5: self = .multiLineString(parts(g).map(coords))
        case 6: self = .multiPolygon(parts(g).map(rings))
        default: self = .geometryCollection(parts(g).map { GeometryValue(borrowing: $0, context: context) })
        }
    }

    /// Creates a new GEOS geometry the caller owns; NULL when GEOS rejects the input.
    ///
    /// Components handed to a parent (rings to a polygon, parts to a collection) become
    /// the parent's: GEOS frees them with it, and also when the parent's creation fails.
    func create(in context: GeometryContext) -> OpaquePointer? {
        let h = context.handle
        func sequence(_ cs: [Coordinate]) -> OpaquePointer? {
            guard let seq = GEOSCoordSeq_create_r(h, UInt32(cs.count), 2) else { return nil }
            for (i, c) in cs.enumerated() { GEOSCoordSeq_setXY_r(h, seq, UInt32(i), c.x, c.y) }
            return seq
        }
        func ring(_ cs: [Coordinate]) -> OpaquePointer? {
            // The ring takes ownership of the sequence.
            let closed = (cs.first != nil && cs.first != cs.last) ? cs + [cs[0]] : cs
            return sequence(closed).flatMap { GEOSGeom_createLinearRing_r(h, $0) }
        }
        func polygon(_ rings: [[Coordinate]]) -> OpaquePointer? {
            guard let first = rings.first else { return GEOSGeom_createEmptyPolygon_r(h) }
            guard let shell = ring(first) else { return nil }
            var holes = [OpaquePointer?]()
            for r in rings.dropFirst() {
                guard let hole = ring(r) else {
                    GEOSGeom_destroy_r(h, shell)
                    holes.forEach { GEOSGeom_destroy_r(h, $0) }
                    return nil
                }
                holes.append(hole)
            }
            // The polygon takes ownership of shell and holes.
            return holes.withUnsafeMutableBufferPointer {
                GEOSGeom_createPolygon_r(h, shell, $0.baseAddress, UInt32($0.count))
            }
        }
        func collection(_ type: Int32, _ parts: [OpaquePointer?]) -> OpaquePointer? {
            guard !parts.contains(where: { $0 == nil }) else {
                parts.forEach { if let p = $0 { GEOSGeom_destroy_r(h, p) } }
                return nil
            }
            var parts = parts
            // The collection takes ownership of its parts.
            return parts.withUnsafeMutableBufferPointer {
                GEOSGeom_createCollection_r(h, type, $0.baseAddress, UInt32($0.count))
            }
        }
        switch self {
        case .point(let c): return GEOSGeom_createPointFromXY_r(h, c.x, c.y)
        case .lineString(let cs): return sequence(cs).flatMap { GEOSGeom_createLineString_r(h, $0) }
        case .polygon(let rings): return polygon(rings)
        case .multiPoint(let cs):
            return collection(Int32(GEOS_MULTIPOINT.rawValue), cs.map { GEOSGeom_createPointFromXY_r(h, $0.x, $0.y) })
        case .multiLineString(let lines):
            return collection(
                Int32(GEOS_MULTILINESTRING.rawValue),
                lines.map { sequence($0).flatMap { GEOSGeom_createLineString_r(h, $0) } })
        case .multiPolygon(let polys):
            return collection(Int32(GEOS_MULTIPOLYGON.rawValue), polys.map(polygon))
        case .geometryCollection(let parts):
            return collection(Int32(GEOS_GEOMETRYCOLLECTION.rawValue), parts.map { $0.create(in: context) })
        }
    }
}
