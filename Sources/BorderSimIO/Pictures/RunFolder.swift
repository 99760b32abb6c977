import BorderGeometry
import Foundation

/// Why a run's output folder cannot be viewed or drawn: the file, and what was expected in it.
public enum ViewError: Error, Equatable, CustomStringConvertible {
    /// A file of the run is missing or unreadable.
    case missing(path: String, reason: String)
    /// A file is there but does not hold what `bordersim run` writes.
    case malformed(path: String, expected: String)
    /// A tool or system file the writer needs (Leaflet, rsvg-convert) is not installed.
    case dependency(String)
    case invalidOptions(String)
    case output(OutputError)

    public var description: String {
        switch self {
        case .missing(let path, let reason):
            "cannot read '\(path)': \(reason); expected the output folder of 'bordersim run SCENARIO --out DIR'"
        case .malformed(let path, let expected):
            "'\(path)': expected \(expected); is this the output folder of 'bordersim run'?"
        case .dependency(let message): message
        case .invalidOptions(let message): message
        case .output(let error): error.description
        }
    }
}

/// A run's output folder read back: the files `bordersim run` writes, as the viewer and the
/// map pictures need them. Only the folder is read, never the scenario, so a folder copied
/// from another machine is viewed as it was written.
public struct RunFolder: Sendable {
    public struct Feature: Sendable {
        /// `zones.geojson`'s `kind`: territory, frame-line, zone, fence, fence-gap, camera.
        public var kind: String
        public var name: String
        public var state: String?
        public var forbiddenTo: [String]
        /// WGS 84 longitude/latitude.
        public var geometry: GeometryValue
    }

    /// One person's recorded track: seconds from the run's start and WGS 84 positions.
    public struct Track: Sendable {
        public var person: String
        public var unit: String
        public var member: Int
        public var affiliation: String
        public var role: String
        /// `officers` or `migrants`.
        public var kind: String
        public var times: [Double]
        public var points: [Coordinate]
    }

    public struct EventRecord: Sendable {
        public var t: Double
        public var kind: String
        public var unit: String
        public var person: String?
        public var affiliation: String
        public var frame: String?
        public var fromState: String?
        public var intoState: String?
        public var counterpart: String?
        public var depth: Double?
        public var point: Coordinate
    }

    public struct Incursion: Sendable {
        public var person: String
        public var unit: String
        public var affiliation: String
        public var frame: String
        public var isZone: Bool
        public var fromState: String?
        public var intoState: String
        public var entry: Double
        /// Nil when the person was still across at the end of the run.
        public var exit: Double?
        public var duration: Double
        public var maxDepth: Double
        public var beyondTolerance: Bool
        /// Entry point and deepest point.
        public var line: [Coordinate]
    }

    public var path: String
    public var scenario: String
    public var seed: UInt64
    /// The run's start in seconds since 1970 (UTC), its UTC offset in seconds, and its length.
    public var start: Timestamp
    public var seconds: Double
    public var tolerance: Double
    public var timeline: [String]
    /// The CRS the simulation ran in ("EPSG:3346"), from the summary's CRS chain.
    public var simulationCRS: String?
    public var features: [Feature]
    public var tracks: [Track]
    public var events: [EventRecord]
    public var incursions: [Incursion]

    public static let requiredFiles = [
        "summary.json", "zones.geojson", "trajectories.geojson", "events.geojson",
        "incursions.geojson",
    ]

    /// Reads the folder `path` wrote by `bordersim run`.
    public static func load(_ path: String) throws(ViewError) -> RunFolder {
        var folder = path
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw .missing(path: folder, reason: "no such folder")
        }
        func file(_ name: String) -> String { folder + "/" + name }
        func read(_ name: String) throws(ViewError) -> Data {
            do { return try Data(contentsOf: URL(fileURLWithPath: file(name))) } catch {
                let exists = FileManager.default.fileExists(atPath: file(name))
                throw .missing(path: file(name), reason: exists ? "unreadable" : "no such file")
            }
        }
        func object(_ name: String) throws(ViewError) -> [String: Any] {
            let data = try read(name)
            guard let json = try? JSONSerialization.jsonObject(with: data), let dict = json as? [String: Any] else {
                throw .malformed(path: file(name), expected: "a JSON object")
            }
            return dict
        }
        func features(_ name: String) throws(ViewError) -> [[String: Any]] {
            let dict = try object(name)
            guard dict["type"] as? String == "FeatureCollection", let list = dict["features"] as? [[String: Any]] else {
                throw .malformed(path: file(name), expected: "a GeoJSON FeatureCollection")
            }
            return list
        }

        // summary.json: the clock and what the run was.
        let summary = try object("summary.json")
        guard let span = summary["span"] as? [String: Any], let startText = span["start"] as? String,
            let start = try? Timestamp(iso8601: startText), let seconds = number(span["seconds"]),
            let name = summary["scenario"] as? String
        else {
            throw .malformed(
                path: file("summary.json"),
                expected:
                    "a run summary with \"scenario\" and \"span\": {\"start\": an ISO 8601 time, \"seconds\": a number}"
            )
        }
        func time(_ value: Any?, _ name: String, _ what: String) throws(ViewError) -> Double {
            guard let text = value as? String, let t = try? Timestamp(iso8601: text) else {
                throw .malformed(path: file(name), expected: "\(what) as an ISO 8601 time with a UTC offset")
            }
            return t.start - start.start
        }
        let crs = (summary["provenance"] as? [String: Any])?["crs_chain"] as? [String] ?? []
        let simulationCRS = crs.first { $0.hasSuffix("(simulation)") }.map { String($0.split(separator: " ")[0]) }
        var run = RunFolder(
            path: folder, scenario: name, seed: (summary["seed"] as? NSNumber)?.uint64Value ?? 0, start: start,
            seconds: seconds, tolerance: number(summary["tolerance_m"]) ?? 0,
            timeline: summary["timeline"] as? [String] ?? [], simulationCRS: simulationCRS,
            features: [], tracks: [], events: [], incursions: [])

        // zones.geojson
        for (i, f) in try features("zones.geojson").enumerated() {
            let p = f["properties"] as? [String: Any] ?? [:]
            guard let kind = p["kind"] as? String, let g = try? geometry(f["geometry"]) else {
                throw .malformed(
                    path: file("zones.geojson"), expected: "feature \(i) to have a \"kind\" and a geometry")
            }
            run.features.append(
                Feature(
                    kind: kind, name: p["name"] as? String ?? "", state: p["state"] as? String,
                    forbiddenTo: p["forbidden_to"] as? [String] ?? [], geometry: g))
        }
        guard run.features.contains(where: { $0.kind == "territory" && $0.state != nil }) else {
            throw .malformed(
                path: file("zones.geojson"), expected: "at least one feature of kind \"territory\" with a state")
        }

        // trajectories.geojson: one LineString per person with a time per vertex.
        for (i, f) in try features("trajectories.geojson").enumerated() {
            let p = f["properties"] as? [String: Any] ?? [:]
            let feature = "feature \(i)"
            guard let person = p["person"] as? String, let unit = p["unit"] as? String,
                let affiliation = p["affiliation"] as? String, let times = p["times"] as? [String],
                let g = try? geometry(f["geometry"])
            else {
                throw .malformed(
                    path: file("trajectories.geojson"),
                    expected: "\(feature) to have \"person\", \"unit\", \"affiliation\", \"times\" and a LineString")
            }
            let points: [Coordinate]
            switch g {
            case .lineString(let cs): points = cs
            case .point(let c): points = [c]
            default: throw .malformed(path: file("trajectories.geojson"), expected: "\(feature) to be a LineString")
            }
            guard points.count == times.count, !points.isEmpty else {
                throw .malformed(
                    path: file("trajectories.geojson"),
                    expected:
                        "\(feature) (\(person)) to have one time per vertex (\(points.count) vertices, \(times.count) times)"
                )
            }
            var ts = [Double]()
            ts.reserveCapacity(times.count)
            for text in times { ts.append(try time(text, "trajectories.geojson", "\(feature)'s times")) }
            run.tracks.append(
                Track(
                    person: person, unit: unit, member: (p["member"] as? NSNumber)?.intValue ?? 0,
                    affiliation: affiliation, role: p["role"] as? String ?? "",
                    kind: p["kind"] as? String ?? "", times: ts, points: points))
        }

        // events.geojson
        for (i, f) in try features("events.geojson").enumerated() {
            let p = f["properties"] as? [String: Any] ?? [:]
            guard let kind = p["kind"] as? String, let unit = p["unit"] as? String,
                case .point(let c)? = try? geometry(f["geometry"])
            else {
                throw .malformed(
                    path: file("events.geojson"),
                    expected: "feature \(i) to have \"kind\", \"unit\", \"time\" and a Point")
            }
            run.events.append(
                EventRecord(
                    t: try time(p["time"], "events.geojson", "feature \(i)'s \"time\""), kind: kind, unit: unit,
                    person: p["person"] as? String, affiliation: p["affiliation"] as? String ?? "",
                    frame: p["frame"] as? String, fromState: p["from_state"] as? String,
                    intoState: p["into_state"] as? String,
                    counterpart: p["counterpart"] as? String, depth: number(p["depth_m"]), point: c))
        }

        // incursions.geojson
        for (i, f) in try features("incursions.geojson").enumerated() {
            let p = f["properties"] as? [String: Any] ?? [:]
            guard let person = p["person"] as? String, let unit = p["unit"] as? String,
                let frame = p["frame"] as? String,
                let into = p["into_state"] as? String, let depth = number(p["max_depth_m"]),
                case .lineString(let line)? = try? geometry(f["geometry"])
            else {
                throw .malformed(
                    path: file("incursions.geojson"),
                    expected:
                        "feature \(i) to have \"person\", \"unit\", \"frame\", \"into_state\", \"max_depth_m\" and a LineString"
                )
            }
            let entry = try time(p["entry_time"], "incursions.geojson", "feature \(i)'s \"entry_time\"")
            let exit: Double? =
                p["exit_time"] is String
                ? try time(p["exit_time"], "incursions.geojson", "feature \(i)'s \"exit_time\"") : nil
            run.incursions.append(
                Incursion(
                    person: person, unit: unit, affiliation: p["affiliation"] as? String ?? "", frame: frame,
                    isZone: p["is_zone"] as? Bool ?? false, fromState: p["from_state"] as? String, intoState: into,
                    entry: entry, exit: exit, duration: number(p["duration_s"]) ?? ((exit ?? seconds) - entry),
                    maxDepth: depth, beyondTolerance: p["beyond_tolerance"] as? Bool ?? false, line: line))
        }
        return run
    }

    public var territories: [Feature] { features.filter { $0.kind == "territory" && $0.state != nil } }

    /// The units in order of first appearance in the tracks, with their affiliation and kind.
    public var units: [(id: String, affiliation: String, kind: String, role: String, members: Int)] {
        var order = [String]()
        var info = [String: (String, String, String, Int)]()
        for t in tracks {
            if info[t.unit] == nil {
                order.append(t.unit)
                info[t.unit] = (t.affiliation, t.kind, t.role, 0)
            }
            info[t.unit]!.3 += 1
        }
        return order.map { ($0, info[$0]!.0, info[$0]!.1, info[$0]!.2, info[$0]!.3) }
    }

    /// The run's time `t` (seconds from the start) as ISO 8601 in the scenario's offset.
    public func iso8601(_ t: Double) -> String { start.iso8601(t) }

    /// Reads `text` as a time of the run: ISO 8601 with an offset, or a local `hh:mm[:ss]` on the run's first day.
    public func time(_ text: String) throws(ViewError) -> Double {
        if let t = try? Timestamp(iso8601: text) { return t.start - start.start }
        let day = String(start.dateAndTime(0).prefix(10))
        if let t = try? Timestamp(iso8601: day + "T" + text + start.offsetText) { return t.start - start.start }
        throw .invalidOptions(
            "expected a time as ISO 8601 with a UTC offset (e.g. \(start.iso8601(0))) or hh:mm:ss on "
                + "the run's first day; found \"\(text)\"")
    }
}

/// A JSON number. (On Linux, JSONSerialization's 0 and 1 also cast to Bool, so a Bool check
/// here would lose them; a JSON `true` where a number belongs reads as 1.)
private func number(_ value: Any?) -> Double? {
    guard let n = value as? NSNumber else { return nil }
    return n.doubleValue
}

/// A GeoJSON geometry object (already parsed by JSONSerialization) as a `GeometryValue`.
private func geometry(_ value: Any?) throws -> GeometryValue {
    struct Bad: Error {}
    guard let g = value as? [String: Any], let type = g["type"] as? String else { throw Bad() }
    func pos(_ v: Any) throws -> Coordinate {
        guard let a = v as? [Any], a.count >= 2, let x = number(a[0]), let y = number(a[1]), x.isFinite, y.isFinite
        else { throw Bad() }
        return Coordinate(x: x, y: y)
    }
    func line(_ v: Any?) throws -> [Coordinate] {
        guard let a = v as? [Any] else { throw Bad() }
        return try a.map(pos)
    }
    func rings(_ v: Any?) throws -> [[Coordinate]] {
        guard let a = v as? [Any] else { throw Bad() }
        return try a.map(line)
    }
    let c = g["coordinates"]
    switch type {
    case "Point":
        guard let c else { throw Bad() }
        return .point(try pos(c))
    case "LineString": return .lineString(try line(c))
    case "MultiPoint": return .multiPoint(try line(c))
    case "Polygon": return .polygon(try rings(c))
    case "MultiLineString": return .multiLineString(try rings(c))
    case "MultiPolygon":
        guard let a = c as? [Any] else { throw Bad() }
        return .multiPolygon(try a.map(rings))
    case "GeometryCollection":
        guard let a = g["geometries"] as? [Any] else { throw Bad() }
        return .geometryCollection(try a.map(geometry))
    default: throw Bad()
    }
}
