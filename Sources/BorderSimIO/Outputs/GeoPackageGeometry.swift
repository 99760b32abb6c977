import BorderGeometry

/// A geometry as a GeoPackage stores it: the `GP` header, then GEOS's Well-Known Binary.
///
/// OGC GeoPackage 1.3, §2.1.3: magic `GP`, version 0, a flags byte (little-endian, and which
/// envelope follows), the SRS id, the envelope, then the WKB. Points carry no envelope (it
/// would repeat the point); other types carry [minx, maxx, miny, maxy], which readers use
/// to skip features without parsing them.
enum GeoPackageGeometry {
    /// The encoded blob and the geometry's bounds (for the layer's extent in `gpkg_contents`).
    static func encode(_ value: GeometryValue, srsID: Int32, in geos: GeometryContext)
        throws(GeometryError) -> (blob: [UInt8], bounds: Bounds)
    {
        let geometry = try geos.make(value)
        let box = try geometry.bounds()
        let bounds = Bounds(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY)
        let wkb = try geometry.wkb()
        let isPoint = if case .point = value { true } else { false }
        var blob = [UInt8]()
        blob.reserveCapacity(8 + (isPoint ? 0 : 32) + wkb.count)
        blob.append(contentsOf: [0x47, 0x50, 0])  // "GP", version 0 (= 1)
        // bit 0: little-endian header; bits 1-3: envelope kind (0 none, 1 = [minx, maxx, miny, maxy])
        blob.append(isPoint ? 0b0000_0001 : 0b0000_0011)
        append(UInt32(bitPattern: srsID), to: &blob)
        if !isPoint {
            for v in [bounds.minX, bounds.maxX, bounds.minY, bounds.maxY] { append(v.bitPattern, to: &blob) }
        }
        blob.append(contentsOf: wkb)
        return (blob, bounds)
    }

    /// A rectangle in the layer's coordinates.
    struct Bounds: Equatable {
        var minX, minY, maxX, maxY: Double

        func union(_ other: Bounds?) -> Bounds {
            guard let other else { return self }
            return Bounds(
                minX: min(minX, other.minX), minY: min(minY, other.minY),
                maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
        }
    }

    private static func append<T: FixedWidthInteger>(_ v: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
