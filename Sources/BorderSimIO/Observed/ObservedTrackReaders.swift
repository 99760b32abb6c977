import BorderGeometry
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Observed tracks from GeoJSON: LineStrings with `times` (one ISO time per vertex) or Points
/// with `time`, each with a `person` (or `id`) property, and optionally `unit`, `affiliation`
/// and `uncertainty_m` (metres: a number, or for a LineString one number per vertex).
///
/// Read as YAML nodes (JSON is YAML), so every error names the line and column in the file.
struct GeoJSONTrackReader {
    let file: String

    func read(_ data: Data) throws(ScenarioError) -> [ObservedTracks.Person] {
        let root = try ScenarioLoader.document(data, path: file, format: "JSON")
        let type = try root.rawChild("type")?.string() ?? ""
        let features: [YAMLValue]
        switch type {
        case "FeatureCollection":
            guard let list = root.rawChild("features") else {
                throw root.error(.missingKey, "a FeatureCollection needs 'features'", found: nil)
            }
            features = try list.list("a list of features")
        case "Feature": features = [root]
        default:
            throw root.error(
                .invalidFile, "expected a GeoJSON FeatureCollection or Feature of tracks",
                found: type.isEmpty ? nil : "type \"\(type)\"")
        }
        var pieces = [ObservedTracks.Person]()
        var points = [String: Int]()  // id → index in pieces, for Point features
        for feature in features {
            guard let geometry = feature.rawChild("geometry"), geometry.isMapping else {
                throw feature.error(.missingKey, "expected a feature with a Point or LineString geometry", found: nil)
            }
            let properties = feature.rawChild("properties")
            let who = try person(properties, at: feature)
            let kind = try geometry.rawChild("type")?.string() ?? ""
            guard let coordinates = geometry.rawChild("coordinates") else {
                throw geometry.error(.missingKey, "expected 'coordinates'", found: nil)
            }
            switch kind {
            case "Point":
                let fix = try self.fix(
                    position: coordinates, time: properties?.rawChild("time"), at: feature,
                    uncertainty: properties?.rawChild("uncertainty_m"))
                if let i = points[who.id] {
                    pieces[i].fixes.append(fix)
                } else {
                    points[who.id] = pieces.count
                    pieces.append(
                        ObservedTracks.Person(
                            id: who.id, unit: who.unit, affiliation: who.affiliation,
                            fixes: [fix], source: feature.location))
                }
            case "LineString":
                let vertices = try coordinates.list("a list of positions")
                guard let timesNode = properties?.rawChild("times") else {
                    throw feature.error(
                        .missingKey,
                        "a LineString track needs a 'times' property: one ISO 8601 time "
                            + "per vertex, as bordersim's trajectories.geojson has", found: nil)
                }
                let times = try timesNode.list("a list of times, one per vertex")
                guard times.count == vertices.count else {
                    throw timesNode.error(
                        .invalidValue, "expected one time per vertex (\(vertices.count))",
                        found: "\(times.count) times")
                }
                let radius = properties?.rawChild("uncertainty_m")
                let radii =
                    try radius.map { (r) throws(ScenarioError) -> [YAMLValue?] in
                        guard r.isList else { return Array(repeating: r, count: vertices.count) }
                        let list = try r.list("one radius per vertex")
                        guard list.count == vertices.count else {
                            throw r.error(
                                .invalidValue, "expected one radius per vertex (\(vertices.count))",
                                found: "\(list.count) radii")
                        }
                        return list
                    } ?? Array(repeating: nil, count: vertices.count)
                var fixes = [ObservedTracks.Fix]()
                for k in vertices.indices {
                    // bordersim writes a lone sample twice; one fix of it is enough.
                    let fix = try self.fix(
                        position: vertices[k], time: times[k], at: vertices[k], uncertainty: radii[k])
                    if let last = fixes.last, last.time == fix.time, last.position == fix.position { continue }
                    fixes.append(fix)
                }
                pieces.append(
                    ObservedTracks.Person(
                        id: who.id, unit: who.unit, affiliation: who.affiliation,
                        fixes: fixes, source: feature.location))
            default:
                throw geometry.error(
                    .invalidValue, "expected a Point or LineString track",
                    found: kind.isEmpty ? nil : "a \(kind)")
            }
        }
        return try ObservedTracks.merge(pieces)
    }

    /// Who a feature is about: `person` (or `id`), `unit` (default: the id), `affiliation`.
    private func person(_ properties: YAMLValue?, at feature: YAMLValue) throws(ScenarioError)
        -> (id: String, unit: String, affiliation: String?)
    {
        guard let idNode = properties?.rawChild("person") ?? properties?.rawChild("id") ?? feature.rawChild("id") else {
            throw feature.error(
                .missingKey, "expected a 'person' (or 'id') property saying who the track is of", found: nil)
        }
        let id = try idNode.string("an id, e.g. \"by-officers#3\"")
        let unit = try properties?.rawChild("unit").map { (u) throws(ScenarioError) in try u.string("a unit id") } ?? id
        let affiliation = try properties?.rawChild("affiliation").flatMap { (a) throws(ScenarioError) -> String? in
            a.isNull ? nil : try a.string("a state id or migrants")
        }
        return (id, unit, affiliation)
    }

    private func fix(
        position: YAMLValue, time: YAMLValue?, at owner: YAMLValue,
        uncertainty: YAMLValue?
    ) throws(ScenarioError) -> ObservedTracks.Fix {
        let xy = try position.list("a position [x, y]")
        guard xy.count >= 2 else { throw position.error(.invalidValue, "expected a position [x, y]") }
        let x = try xy[0].number("a coordinate")
        let y = try xy[1].number("a coordinate")
        guard let time, !time.isNull else {
            throw owner.error(
                .missingKey, "this fix has no time; expected a 'time' of " + ObservedTracks.timeExpectation,
                found: nil)
        }
        let text = try time.string(ObservedTracks.timeExpectation)
        guard let when = ObservedTracks.time(text) else {
            throw time.error(.invalidValue, "expected " + ObservedTracks.timeExpectation)
        }
        let radius = try uncertainty.flatMap { (u) throws(ScenarioError) -> Double? in
            u.isNull ? nil : try u.number("a radius in metres (≥ 0)", in: 0...10_000)
        }
        return ObservedTracks.Fix(
            time: when.start, utcOffset: when.utcOffset, position: Coordinate(x: x, y: y),
            uncertainty: radius, source: position.location)
    }
}

/// Observed tracks from CSV: a header row naming at least `id` (or `person`), `time`, `lon` and
/// `lat` (or `x` and `y` for a metric CRS), and optionally `unit`, `affiliation` and
/// `uncertainty_m`; then one row per fix. Rows of different people may interleave; each
/// person's rows must be in time order. RFC 4180 quoting.
struct CSVTrackReader {
    let file: String

    func read(_ data: Data) throws(ScenarioError) -> [ObservedTracks.Person] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(.syntax, file: file, message: "the file is not UTF-8 text; save it as UTF-8")
        }
        let rows = try CSVRows.parse(text, file: file)
        guard let header = rows.first else {
            throw ScenarioError(.invalidFile, file: file, message: "the file is empty")
        }
        func column(_ names: [String], required: Bool) throws(ScenarioError) -> Int? {
            let found = header.cells.firstIndex { names.contains($0.text.trimmingSpaces.lowercased()) }
            if found == nil, required {
                throw ScenarioError(
                    .missingKey, file: file, line: header.line, column: 1,
                    message: "the header has no '\(names[0])' column; expected columns "
                        + "id, time, lon, lat (or x, y), optionally unit, affiliation, uncertainty_m",
                    found: "\"" + header.cells.map(\.text).joined(separator: ",") + "\"")
            }
            return found
        }
        let id = try column(["id", "person"], required: true)!
        let time = try column(["time"], required: true)!
        let x = try column(["lon", "x", "longitude"], required: true)!
        let y = try column(["lat", "y", "latitude"], required: true)!
        let unit = try column(["unit"], required: false)
        let affiliation = try column(["affiliation"], required: false)
        let radius = try column(["uncertainty_m"], required: false)
        var people = [ObservedTracks.Person]()
        var index = [String: Int]()
        for row in rows.dropFirst() {
            if row.cells.count == 1, row.cells[0].text.isEmpty { continue }  // a blank line
            func cell(_ c: Int) throws(ScenarioError) -> CSVRows.Cell {
                guard c < row.cells.count else {
                    throw ScenarioError(
                        .invalidValue, file: file, line: row.line, column: 1,
                        message: "expected \(header.cells.count) columns", found: "\(row.cells.count)")
                }
                return row.cells[c]
            }
            func number(_ c: Int, _ what: String) throws(ScenarioError) -> Double {
                let v = try cell(c)
                guard let n = plainNumber(v.text.trimmingSpaces) else {
                    throw v.error(file, row.line, "expected \(what)")
                }
                return n
            }
            let who = try cell(id).text
            guard !who.isEmpty else { throw try cell(id).error(file, row.line, "expected who this fix is of (an id)") }
            let t = try cell(time)
            guard !t.text.trimmingSpaces.isEmpty else {
                throw t.error(file, row.line, "this fix has no time; expected " + ObservedTracks.timeExpectation)
            }
            guard let when = ObservedTracks.time(t.text) else {
                throw t.error(file, row.line, "expected " + ObservedTracks.timeExpectation)
            }
            var uncertainty: Double?
            if let radius, !(try cell(radius).text.trimmingSpaces.isEmpty) {
                let r = try number(radius, "a radius in metres (≥ 0)")
                guard (0...10_000).contains(r) else {
                    throw try cell(radius).error(file, row.line, "expected a radius of 0 to 10000 m")
                }
                uncertainty = r
            }
            let fix = ObservedTracks.Fix(
                time: when.start, utcOffset: when.utcOffset,
                position: Coordinate(x: try number(x, "a longitude or x"), y: try number(y, "a latitude or y")),
                uncertainty: uncertainty, source: "\(file):\(row.line):1")
            if let i = index[who] {
                people[i].fixes.append(fix)
            } else {
                index[who] = people.count
                let a = try affiliation.map { (c) throws(ScenarioError) in try cell(c).text.trimmingSpaces }
                people.append(
                    ObservedTracks.Person(
                        id: who, unit: try unit.map { (c) throws(ScenarioError) in try cell(c).text } ?? who,
                        affiliation: a?.isEmpty == false ? a : nil, fixes: [fix],
                        source: "\(file):\(row.line):1"))
            }
        }
        return people
    }
}

/// RFC 4180 rows with the line and column where each cell starts.
enum CSVRows {
    struct Cell {
        var text: String
        var column: Int

        func error(_ file: String, _ line: Int, _ message: String) -> ScenarioError {
            ScenarioError(
                .invalidValue, file: file, line: line, column: column, message: message,
                found: "\"" + text + "\"")
        }
    }

    struct Row {
        var line: Int
        var cells: [Cell]
    }

    static func parse(_ text: String, file: String) throws(ScenarioError) -> [Row] {
        var rows = [Row]()
        var cells = [Cell]()
        var field = ""
        var fieldColumn = 1
        var rowLine = 1
        var line = 1
        var column = 1
        var quoted = false
        var inQuotes = false
        var chars = Array(text.unicodeScalars)[...]
        func endField() {
            cells.append(Cell(text: field, column: fieldColumn))
            field = ""
            quoted = false
        }
        while let c = chars.popFirst() {
            defer { column += 1 }
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.unicodeScalars.append(c)
                        chars.removeFirst()
                        column += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                    if c == "\n" {
                        line += 1
                        column = 0
                    }
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !quoted:
                inQuotes = true
                quoted = true
            case ",":
                endField()
                fieldColumn = column + 1
            case "\r" where chars.first == "\n":
                continue
            case "\n":
                endField()
                rows.append(Row(line: rowLine, cells: cells))
                cells = []
                line += 1
                column = 0
                rowLine = line
                fieldColumn = 1
            default:
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes {
            throw ScenarioError(
                .syntax, file: file, line: line, column: column,
                message: "a quoted field is not closed; add the closing \"")
        }
        if !field.isEmpty || !cells.isEmpty {
            endField()
            rows.append(Row(line: rowLine, cells: cells))
        }
        return rows
    }
}

/// Observed tracks from GPX 1.0/1.1: each `<trk>` is one person (its `<name>`, else "track N"),
/// its `<trkpt lat= lon=>` fixes with `<time>` (UTC, as GPX requires). Waypoints and routes
/// carry no times and are ignored; a track point without a time is an error.
final class GPXTrackReader: NSObject, XMLParserDelegate {
    let file: String
    private var parser: XMLParser?
    private var pieces = [ObservedTracks.Person]()
    private var fixes = [ObservedTracks.Fix]()
    private var name: String?
    private var trackSource = ""
    private var text = ""
    private var point: (position: Coordinate, source: String, time: Timestamp?)?
    private var failure: ScenarioError?
    private var tracks = 0

    init(file: String) { self.file = file }

    func read(_ data: Data) throws(ScenarioError) -> [ObservedTracks.Person] {
        let parser = XMLParser(data: data)
        self.parser = parser
        parser.delegate = self
        let ok = parser.parse()
        if let failure { throw failure }
        guard ok else {
            throw ScenarioError(
                .syntax, file: file, line: parser.lineNumber, column: parser.columnNumber,
                message: "malformed XML: \(parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error")")
        }
        guard tracks > 0 else {
            throw ScenarioError(
                .invalidFile, file: file, message: "the GPX file has no <trk>; expected tracks of timed <trkpt> points")
        }
        return try ObservedTracks.merge(pieces)
    }

    private var here: String { "\(file):\(parser?.lineNumber ?? 0):\(parser?.columnNumber ?? 0)" }

    private func fail(_ message: String, found: String? = nil) {
        guard failure == nil else { return }
        failure = ScenarioError(
            .invalidValue, file: file, line: parser?.lineNumber, column: parser?.columnNumber,
            message: message, found: found)
        parser?.abortParsing()
    }

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        text = ""
        switch element {
        case "trk":
            tracks += 1
            name = nil
            fixes = []
            trackSource = here
        case "trkpt":
            guard let lat = attributes["lat"].flatMap(plainNumber), let lon = attributes["lon"].flatMap(plainNumber),
                (-90...90).contains(lat), (-180...180).contains(lon)
            else {
                fail(
                    "expected <trkpt lat=\"…\" lon=\"…\"> with a latitude of -90…90 and a longitude of -180…180 degrees",
                    found: "lat \(attributes["lat"] ?? "none"), lon \(attributes["lon"] ?? "none")")
                return
            }
            point = (Coordinate(x: lon, y: lat), here, nil)
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch element {
        case "name" where point == nil && fixes.isEmpty:
            name = text.trimmingSpaces
        case "time" where point != nil:
            guard let when = ObservedTracks.time(text) else {
                fail("expected a <time> of " + ObservedTracks.timeExpectation, found: "\"\(text.trimmingSpaces)\"")
                return
            }
            point?.time = when
        case "trkpt":
            guard let p = point else { return }
            point = nil
            guard let when = p.time else {
                fail("this track point has no <time>; judging a track needs the time of every fix")
                return
            }
            fixes.append(
                ObservedTracks.Fix(
                    time: when.start, utcOffset: when.utcOffset, position: p.position,
                    uncertainty: nil, source: p.source))
        case "trk":
            let id = name.flatMap { $0.isEmpty ? nil : $0 } ?? "track \(tracks)"
            if fixes.isEmpty {
                fail("track '\(id)' has no timed <trkpt> points")
                return
            }
            pieces.append(ObservedTracks.Person(id: id, unit: id, affiliation: nil, fixes: fixes, source: trackSource))
        default: break
        }
    }
}
