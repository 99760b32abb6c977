import CGEOS

extension GeometryContext {
    /// Parses Well-Known Text, throwing GEOS's parse message on bad input.
    /// Wraps `GEOSWKTReader_read_r` (NULL on exception).
    public func geometry(wkt: String) throws(GeometryError) -> Geometry {
        guard let reader = GEOSWKTReader_create_r(handle) else { throw failure("WKTReader_create") }
        defer { GEOSWKTReader_destroy_r(handle, reader) }
        return try own(GEOSWKTReader_read_r(handle, reader, wkt), "WKT read")
    }

    /// Parses Well-Known Binary. Wraps `GEOSWKBReader_read_r` (NULL on exception).
    public func geometry(wkb: [UInt8]) throws(GeometryError) -> Geometry {
        guard let reader = GEOSWKBReader_create_r(handle) else { throw failure("WKBReader_create") }
        defer { GEOSWKBReader_destroy_r(handle, reader) }
        return try own(
            wkb.withUnsafeBufferPointer { GEOSWKBReader_read_r(handle, reader, $0.baseAddress, $0.count) },
            "WKB read")
    }
}

extension Geometry {
    /// Well-Known Text with full precision (`precision: nil`) or a fixed number of decimals;
    /// trailing zeros trimmed. Wraps `GEOSWKTWriter_write_r` (NULL on exception).
    public func wkt(precision: Int? = nil) throws(GeometryError) -> String {
        let h = context.handle
        guard let writer = GEOSWKTWriter_create_r(h) else { throw context.failure("WKTWriter_create") }
        defer { GEOSWKTWriter_destroy_r(h, writer) }
        GEOSWKTWriter_setTrim_r(h, writer, 1)
        GEOSWKTWriter_setOutputDimension_r(h, writer, 2)
        if let precision { GEOSWKTWriter_setRoundingPrecision_r(h, writer, Int32(precision)) }
        guard let text = GEOSWKTWriter_write_r(h, writer, handle) else { throw context.failure("WKT write") }
        defer { GEOSFree_r(h, text) }
        return String(cString: text)
    }

    /// Little-endian, 2-D Well-Known Binary. Wraps `GEOSWKBWriter_write_r` (NULL on exception).
    public func wkb() throws(GeometryError) -> [UInt8] {
        let h = context.handle
        guard let writer = GEOSWKBWriter_create_r(h) else { throw context.failure("WKBWriter_create") }
        defer { GEOSWKBWriter_destroy_r(h, writer) }
        GEOSWKBWriter_setOutputDimension_r(h, writer, 2)
        GEOSWKBWriter_setByteOrder_r(h, writer, Int32(GEOS_WKB_NDR.rawValue))
        var size = 0
        guard let bytes = GEOSWKBWriter_write_r(h, writer, handle, &size) else { throw context.failure("WKB write") }
        defer { GEOSFree_r(h, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }
}
