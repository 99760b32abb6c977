import CPROJ

/// A PROJ transformation between two coordinate reference systems, in lon/lat (x, y) order.
///
/// Each instance owns its PROJ context, so like `GeometryContext` it belongs to one thread
/// at a time. Axis order is normalised (`proj_normalize_for_visualization`): EPSG:4326 takes
/// (longitude, latitude), EPSG:3346 takes (easting, northing).
public final class CoordinateTransform {
    /// The PROJ version of the linked library, e.g. "9.1.1".
    public static var projVersion: String { String(cString: proj_info().version) }

    /// The WKT 1 definition of `crs` in GDAL's dialect, as GeoPackage's `gpkg_spatial_ref_sys`
    /// and shapefiles' `.prj` want it (`proj_as_wkt` with `PJ_WKT1_GDAL`).
    public static func wkt1(of crs: String) throws(GeometryError) -> String {
        guard let context = proj_context_create() else {
            throw .proj(operation: "context_create", message: "out of memory")
        }
        defer { proj_context_destroy(context) }
        guard let pj = proj_create(context, crs) else {
            throw .proj(
                operation: "create(\(crs))",
                message: String(cString: proj_context_errno_string(context, proj_context_errno(context))))
        }
        defer { proj_destroy(pj) }
        // One line, as GDAL writes it (PROJ's default is indented over many lines).
        let text = "MULTILINE=NO".withCString { option in
            var options: [UnsafePointer<CChar>?] = [option, nil]
            return proj_as_wkt(context, pj, PJ_WKT1_GDAL, &options)
        }
        guard let text else {
            throw .proj(operation: "as_wkt(\(crs))", message: "no WKT 1 form")
        }
        return String(cString: text)
    }

    public let source: String
    public let target: String
    private let context: OpaquePointer
    private let pj: OpaquePointer
    private let log: LogBuffer

    /// - Parameters: `source`, `target`: any CRS PROJ understands, e.g. "EPSG:4326", "EPSG:3346".
    public init(from source: String, to target: String) throws(GeometryError) {
        guard let context = proj_context_create() else {
            throw .proj(operation: "context_create", message: "out of memory")
        }
        let log = LogBuffer()
        proj_log_func(context, Unmanaged.passUnretained(log).toOpaque()) { userData, _, message in
            guard let userData, let message else { return }
            Unmanaged<LogBuffer>.fromOpaque(userData).takeUnretainedValue().last = String(cString: message)
        }
        // returns NULL on failure, with the reason in the context's errno and log
        guard let raw = proj_create_crs_to_crs(context, source, target, nil) else {
            let message = log.last ?? Self.reason(context, proj_context_errno(context), otherwise: "unknown")
            proj_context_destroy(context)
            throw .proj(operation: "create_crs_to_crs(\(source) → \(target))", message: message)
        }
        defer { proj_destroy(raw) }
        guard let normalized = proj_normalize_for_visualization(context, raw) else {
            proj_context_destroy(context)
            throw .proj(operation: "normalize_for_visualization", message: log.last ?? "unknown")
        }
        self.source = source
        self.target = target
        self.context = context
        self.pj = normalized
        self.log = log
    }

    deinit {
        proj_destroy(pj)
        proj_context_destroy(context)
    }

    /// Transforms one coordinate; throws when PROJ cannot (e.g. outside the CRS's domain).
    public func apply(_ c: Coordinate) throws(GeometryError) -> Coordinate {
        try apply([c])[0]
    }

    /// Transforms coordinates in place, in one PROJ call (`proj_trans_generic`).
    public func apply(_ cs: [Coordinate]) throws(GeometryError) -> [Coordinate] {
        guard !cs.isEmpty else { return [] }
        var out = cs
        let n = out.count
        let stride = MemoryLayout<Coordinate>.stride
        let done = out.withUnsafeMutableBytes { raw -> Int in
            let x = raw.baseAddress!.assumingMemoryBound(to: Double.self)
            let y = x + 1
            return proj_trans_generic(pj, PJ_FWD, x, stride, n, y, stride, n, nil, 0, 0, nil, 0, 0)
        }
        let errno = proj_errno(pj)
        guard done == n, errno == 0, out.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
            // PROJ can overflow without an error (+k=1e308 gives infinities and errno 0).
            let message = Self.reason(context, errno, otherwise: "a coordinate came out infinite or not a number")
            proj_errno_reset(pj)
            throw .proj(operation: "transform \(source) → \(target)", message: message)
        }
        return out
    }

    /// PROJ's words for an error number, or `otherwise` for 0 (no error), for which PROJ gives NULL.
    private static func reason(_ context: OpaquePointer, _ errno: Int32, otherwise: String) -> String {
        errno == 0 ? otherwise : proj_context_errno_string(context, errno).map { String(cString: $0) } ?? otherwise
    }

    /// Transforms every coordinate of a geometry value.
    public func apply(_ value: GeometryValue) throws(GeometryError) -> GeometryValue {
        do {
            return try value.mapCoordinates { c in try apply(c) }
        } catch let error as GeometryError {
            throw error
        } catch {
            throw .proj(operation: "transform", message: "\(error)")
        }
    }
}

/// Receives PROJ's log lines; referenced unretained by the C callback, kept alive by the transform.
private final class LogBuffer {
    var last: String?
}
