import CGEOS

/// An owned GEOS geometry, freed exactly once when the last reference goes.
///
/// It keeps its context alive, since GEOS requires the creating context for every
/// call on the geometry and for its destruction. Geometries are immutable.
public final class Geometry {
    public let context: GeometryContext
    let handle: OpaquePointer

    init(owning handle: OpaquePointer, in context: GeometryContext) {
        self.handle = handle
        self.context = context
        context.liveObjects += 1
    }

    deinit {
        GEOSGeom_destroy_r(context.handle, handle)
        context.liveObjects -= 1
    }

    /// The kind of geometry, as GEOS names it.
    public enum Kind: Int32, Sendable {
        case point = 0
        case lineString, linearRing, polygon, multiPoint, multiLineString, multiPolygon,
            geometryCollection
    }

    public var kind: Kind {
        // returns -1 on exception; types above 7 (curved, GEOS ≥ 3.13) are not made here
        Kind(rawValue: GEOSGeomTypeId_r(context.handle, handle)) ?? .geometryCollection
    }

    /// True for an empty geometry (e.g. the intersection of disjoint shapes).
    public var isEmpty: Bool { GEOSisEmpty_r(context.handle, handle) == 1 }

    /// The plain value of this geometry: coordinates, nesting and type.
    public var value: GeometryValue { GeometryValue(borrowing: handle, context: context) }

    /// Applies a GEOS call that returns a new geometry, throwing GEOS's message on NULL.
    func derive(_ operation: String, _ body: (GEOSContextHandle_t, OpaquePointer) -> OpaquePointer?)
        throws(GeometryError) -> Geometry
    {
        try context.own(body(context.handle, handle), operation)
    }

    /// Applies a GEOS call that returns a double through an out-parameter (0 on exception).
    func measure(
        _ operation: String, _ body: (GEOSContextHandle_t, OpaquePointer, UnsafeMutablePointer<Double>) -> Int32
    )
        throws(GeometryError) -> Double
    {
        var result = 0.0
        guard body(context.handle, handle, &result) != 0 else { throw context.failure(operation) }
        return result
    }

    /// Applies a GEOS predicate (returns 2 on exception).
    func predicate(
        _ operation: String, _ other: Geometry,
        _ body: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar
    ) throws(GeometryError) -> Bool {
        try other.checkSameContext(as: self)
        let result = body(context.handle, handle, other.handle)
        guard result != 2 else { throw context.failure(operation) }
        return result == 1
    }

    func checkSameContext(as other: Geometry) throws(GeometryError) {
        guard context === other.context else {
            throw .unsupported("geometries from two GEOS contexts cannot be combined; build both in one context")
        }
    }
}

extension GeometryContext {
    /// A point geometry.
    public func point(_ c: Coordinate) throws(GeometryError) -> Geometry {
        try own(GEOSGeom_createPointFromXY_r(handle, c.x, c.y), "createPoint")
    }

    /// A line string through the given coordinates (at least two).
    public func lineString(_ coordinates: [Coordinate]) throws(GeometryError) -> Geometry {
        try make(.lineString(coordinates))
    }

    /// A polygon from its shell and holes; rings are closed if they are not already.
    public func polygon(_ shell: [Coordinate], holes: [[Coordinate]] = []) throws(GeometryError) -> Geometry {
        try make(.polygon([shell] + holes))
    }

    /// A GEOS geometry from a plain value.
    public func make(_ value: GeometryValue) throws(GeometryError) -> Geometry {
        try own(value.create(in: self), "create \(value.typeName)")
    }
}
