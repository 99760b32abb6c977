import BorderGeometry
import Foundation

/// People's positions as observed (video geolocated frame by frame, a GPS log, a drone image),
/// to be judged by the same detector as a run's members.
///
/// Read from GeoJSON (LineStrings with a `times` array, as `trajectories.geojson`, or Points
/// with `time`, as `positions.geojson`), CSV (`id,time,lon,lat`) or GPX; see
/// `ObservedTracks.read(path:crs:)`. Positions stay in the file's CRS until judged.
public struct ObservedTracks: Sendable {
    /// The file as the user named it.
    public var file: String
    /// The CRS of the positions (`EPSG:4326` for GPX).
    public var crs: String
    /// One per person, in order of first appearance in the file.
    public var people: [Person]

    /// One observed person: an id, what they are, and their fixes in time order.
    public struct Person: Sendable, Hashable {
        /// Unique in the file, e.g. `by-officers#3` (bordersim's `person`) or a GPX track's name.
        public var id: String
        /// The group the person belongs to (bordersim's `unit`); the id when the file has none.
        public var unit: String
        /// A state id (officers) or `migrants`; nil when the file does not say (the judge's default applies).
        public var affiliation: String?
        public var fixes: [Fix]
        /// Where the person's first fix is written, for messages.
        public var source: String
    }

    /// One observed position.
    public struct Fix: Sendable, Hashable {
        /// Seconds since 1970-01-01T00:00:00Z.
        public var time: Double
        /// The UTC offset the time was written with, in seconds (for writing times back the same way).
        public var utcOffset: Int
        /// In the file's CRS (x = longitude for WGS 84).
        public var position: Coordinate
        /// Radius of a circle the true position lies in, metres; nil when the file gives none.
        public var uncertainty: Double?
        /// "file:line:column" of the fix, for messages.
        public var source: String
    }

    /// Reads `path` by its extension (`.geojson`/`.json`, `.csv`, `.gpx`); `crs` is the CRS of
    /// the coordinates (GeoJSON and CSV; GPX is always WGS 84).
    public static func read(path: String, crs: String = "EPSG:4326") throws(ScenarioError) -> ObservedTracks {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ScenarioError(
                .fileNotFound, file: path, message: "cannot read the tracks file (\(error.localizedDescription))")
        }
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        let people: [Person]
        switch ext {
        case "geojson", "json": people = try GeoJSONTrackReader(file: path).read(data)
        case "csv": people = try CSVTrackReader(file: path).read(data)
        case "gpx": people = try GPXTrackReader(file: path).read(data)
        default:
            throw ScenarioError(
                .invalidFile, file: path,
                message: "expected a .geojson, .json, .csv or .gpx file of observed tracks")
        }
        let tracks = ObservedTracks(file: path, crs: ext == "gpx" ? "EPSG:4326" : crs, people: people)
        try tracks.check()
        return tracks
    }

    /// Every person's fixes are in strictly increasing time.
    func check() throws(ScenarioError) {
        guard !people.isEmpty else {
            throw ScenarioError(
                .invalidFile, file: file, message: "the file holds no tracks; expected at least one person's fixes")
        }
        for person in people {
            for (a, b) in zip(person.fixes, person.fixes.dropFirst()) where b.time <= a.time {
                throw Self.error(
                    at: b.source, .invalidValue,
                    "the fixes of '\(person.id)' are not in time order: "
                        + "this one is \(b.time == a.time ? "at the same time as" : "before") the fix at "
                        + "\(a.source); sort them by time")
            }
        }
    }

    /// Joins the pieces of each person's track (GeoJSON features, GPX segments with one id),
    /// in time order; pieces whose times overlap are an error, since they cannot both be the
    /// same person's path. People keep the order of their first piece in the file.
    static func merge(_ pieces: [Person]) throws(ScenarioError) -> [Person] {
        var order = [String]()
        var byID = [String: [Person]]()
        for piece in pieces where !piece.fixes.isEmpty {
            if byID[piece.id] == nil { order.append(piece.id) }
            byID[piece.id, default: []].append(piece)
        }
        var people = [Person]()
        for id in order {
            let parts = byID[id]!.sorted { $0.fixes[0].time < $1.fixes[0].time }
            var person = parts[0]
            for part in parts.dropFirst() {
                let last = person.fixes[person.fixes.count - 1]
                guard part.fixes[0].time > last.time else {
                    throw error(
                        at: part.source, .duplicate,
                        "person '\(id)' has two tracks at overlapping times "
                            + "(this one and the one at \(person.source)); give them distinct ids")
                }
                person.fixes += part.fixes
            }
            people.append(person)
        }
        return people
    }

    /// An error at a "file:line:column" source.
    static func error(at source: String, _ kind: ScenarioError.Kind, _ message: String) -> ScenarioError {
        let parts = source.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) {
            return ScenarioError(
                kind, file: parts.dropLast(2).joined(separator: ":"), line: line, column: column, message: message)
        }
        return ScenarioError(kind, file: source, message: message)
    }

    /// An ISO 8601 time with its offset, as the fixes need it.
    static func time(_ text: String) -> Timestamp? {
        try? Timestamp(iso8601: text.trimmingSpaces)
    }

    static let timeExpectation =
        "an ISO 8601 time with a UTC offset, e.g. 2021-08-17T15:07:30+03:00 or 2021-08-17T12:07:30Z"
}
