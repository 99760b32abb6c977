import BorderGeometry
import BorderSim

/// Events as GeoJSON points, a GeoJSON text sequence and CSV rows, and incursions as GeoJSON lines.
///
/// The three event files carry the same fields in the same order, from one `record(_:)`:
/// `time` (ISO 8601), `t_seconds` (since the start), `kind`, `unit`, `member`, `person`
/// (`unit#member`, null for an event of a whole unit), `affiliation`, `frame` (the frame, zone
/// or fence the event concerns; not `boundary`, which geopandas reads as
/// `GeoDataFrame.boundary`), `from_state`, `into_state`, `counterpart`, `depth_m`; the
/// CSV adds `WKT` before them and `lon`, `lat` after (GeoJSON has them in the geometry). A
/// missing value is `null` in JSON and an empty cell in CSV.
struct EventWriters {
    private let context: OutputContext
    /// WGS 84 position of each event.
    private let eventPoints: [Coordinate]
    /// WGS 84 entry and deepest point of each incursion, interleaved.
    private let incursionPoints: [Coordinate]
    /// The ISO time of each event, shared by the three event files.
    private let eventTimes: [String]

    init(_ context: OutputContext) throws(OutputError) {
        self.context = context
        let result = context.result
        eventPoints = try context.wgs84(result.events.map(\.position), what: "event positions")
        incursionPoints = try context.wgs84(
            result.incursions.flatMap { [$0.entryPoint, $0.deepestPoint] },
            what: "incursion points")
        eventTimes = result.events.map { context.time.iso8601($0.time) }
    }

    static let columns = [
        "time", "t_seconds", "kind", "unit", "member", "person", "affiliation", "frame", "from_state",
        "into_state", "counterpart", "depth_m",
    ]

    /// The fields of an event, in `columns` order; `time` is the ISO time given (local by default).
    func record(_ i: Int, time: String? = nil) -> [Cell] {
        let e = context.result.events[i]
        return [
            .string(time ?? eventTimes[i]), .decimal(e.time, OutputContext.secondsDecimals),
            .string(e.kind.rawValue), .string(e.unit), .optional(e.member),
            .optional(e.member.map { OutputContext.person(unit: e.unit, member: $0) }), .string(e.affiliation),
            .optional(e.boundary), .optional(e.fromState), .optional(e.intoState), .optional(e.counterpart),
            .optional(e.depth, OutputContext.metresDecimals),
        ]
    }

    /// `events.geojson`: a Point per event, in the run's event order.
    func writeGeoJSON(to file: OutputFile) throws(OutputError) {
        file.beginFeatureCollection()
        for i in context.result.events.indices {
            file.raw(i == 0 ? "\n" : ",\n")
            feature(i, to: file)
            try file.flushIfFull()
        }
        file.endFeatureCollection()
    }

    /// `events.geojsons`: GeoJSON Text Sequences (RFC 8142), each event a record of RS (0x1E),
    /// the Feature of `events.geojson` and LF, so a reader can stream it (GDAL's GeoJSONSeq
    /// driver, `jq --seq`).
    func writeGeoJSONSequence(to file: OutputFile) throws(OutputError) {
        for i in context.result.events.indices {
            file.byte(0x1E)
            feature(i, to: file)
            file.byte(10)
            try file.flushIfFull()
        }
    }

    /// `{"type":"Feature","properties":{…},"geometry":{"type":"Point",…}}` of event `i`.
    private func feature(_ i: Int, to file: OutputFile) {
        file.raw("{\"type\":\"Feature\",\"properties\":{")
        file.members(Array(zip(Self.columns, record(i))))
        file.beginGeometry()
        file.raw("{\"type\":\"Point\",\"coordinates\":")
        file.position(eventPoints[i], context.precision)
        file.byte(UInt8(ascii: "}"))
        file.endFeature()
    }

    /// `events.csv`: a header row, then a row per event; CRLF line ends, RFC 4180 quoting.
    ///
    /// The first column, `WKT`, holds the point as `POINT (lon lat)`: GDAL's CSV driver takes a
    /// column of that name as the geometry without open options, so QGIS and `ogr2ogr` see points.
    /// `lon` and `lat` follow at the end for spreadsheets, all with exactly `precision` decimals.
    func writeCSV(to file: OutputFile) throws(OutputError) {
        file.csvRow((["WKT"] + Self.columns + ["lon", "lat"]).map(Cell.string))
        var wkt = [UInt8]()
        for i in context.result.events.indices {
            let p = eventPoints[i]
            wkt.removeAll(keepingCapacity: true)
            wkt.append(contentsOf: "POINT (".utf8)
            JSONText.appendDecimal(p.x, decimals: context.precision, fixed: true, to: &wkt)
            wkt.append(UInt8(ascii: " "))
            JSONText.appendDecimal(p.y, decimals: context.precision, fixed: true, to: &wkt)
            wkt.append(UInt8(ascii: ")"))
            file.raw(wkt)
            file.byte(UInt8(ascii: ","))
            file.csvRow(record(i) + [.fixed(p.x, context.precision), .fixed(p.y, context.precision)])
            try file.flushIfFull()
        }
    }

    /// `incursions.geojson`: one feature per incursion (a member's stay across a line or in a
    /// zone), in order of entry.
    ///
    /// The geometry is a LineString from the entry point to the deepest point: on a map it
    /// shows where the member crossed, in which direction and how far in, and one geometry
    /// type keeps the layer simple for GIS tools. It has zero length when the member turned
    /// back at the line (entry and deepest point coincide), which is still valid GeoJSON.
    func writeIncursions(to file: OutputFile) throws(OutputError) {
        let result = context.result
        file.beginFeatureCollection()
        for i in result.incursions.indices {
            file.beginFeature(first: i == 0)
            file.members(incursionRecord(i, time: context.time.iso8601))
            file.beginGeometry()
            file.geometry(incursionLine(i), context.precision)
            file.endFeature()
            try file.flushIfFull()
        }
        file.endFeatureCollection()
    }

    /// The fields of incursion `i`, its times written by `time`.
    func incursionRecord(_ i: Int, time: (Double) -> String) -> [(String, Cell)] {
        let result = context.result
        let inc = result.incursions[i]
        let s = OutputContext.secondsDecimals
        let m = OutputContext.metresDecimals
        return [
            ("unit", .string(inc.unit)), ("member", .integer(inc.member)),
            ("person", .string(OutputContext.person(unit: inc.unit, member: inc.member))),
            ("affiliation", .string(inc.affiliation)),
            ("frame", .string(inc.boundary)), ("is_zone", .bool(inc.isZone)), ("from_state", .string(inc.fromState)),
            ("into_state", .string(inc.intoState)),
            ("entry_time", .string(time(inc.entryTime))), ("exit_time", .optional(inc.exitTime.map(time))),
            ("entry_t_seconds", .decimal(inc.entryTime, s)), ("exit_t_seconds", .optional(inc.exitTime, s)),
            ("duration_s", .decimal(inc.duration(runEnd: result.endTime), s)),
            ("max_depth_m", .decimal(inc.maxDepth, m)),
            ("beyond_tolerance", .bool(inc.isBeyond(tolerance: result.scenario.tolerance))),
        ]
    }

    /// Incursion `i`'s line from its entry point to its deepest point, in WGS 84.
    func incursionLine(_ i: Int) -> GeometryValue { .lineString([incursionPoints[2 * i], incursionPoints[2 * i + 1]]) }

    /// The WGS 84 position of event `i`.
    func eventPoint(_ i: Int) -> Coordinate { eventPoints[i] }
}
