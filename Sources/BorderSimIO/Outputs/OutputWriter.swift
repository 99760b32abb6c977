import BorderGeometry
import BorderSim

/// What to write besides the standard files, and how.
public struct OutputOptions: Sendable, Hashable {
    /// Seconds: thin each track to at most one vertex per interval (the first sample, every
    /// sample at least this long after the previous kept one, and always the last sample).
    /// Nil keeps every sample.
    public var trajectoryInterval: Double?
    /// Also write `positions.geojson`: one point per member per kept sample.
    public var positions: Bool
    /// Also write `trajectories-kepler.geojson` for kepler.gl's trip layer.
    public var kepler: Bool
    /// Write into a folder that already holds files (same-named files are replaced).
    public var force: Bool
    /// Decimals of longitude and latitude, 0...12; 7 (about 1 cm) by default.
    public var precision: Int
    /// Also write `run.gpkg`: every layer in one GeoPackage (see `GeoPackageWriter`).
    public var geoPackage: Bool

    public init(
        trajectoryInterval: Double? = nil, positions: Bool = false, kepler: Bool = false, force: Bool = false,
        precision: Int = 7, geoPackage: Bool = false
    ) {
        self.trajectoryInterval = trajectoryInterval
        self.positions = positions
        self.kepler = kepler
        self.force = force
        self.precision = precision
        self.geoPackage = geoPackage
    }
}

/// Writes a run's result as GeoJSON, GeoJSON text sequences, CSV and JSON into a folder, all or nothing.
///
/// Files (optional ones in brackets): `trajectories.geojson`, [`positions.geojson`],
/// [`trajectories-kepler.geojson`], `events.geojson`, `incursions.geojson`, `events.csv`,
/// `events.geojsons`, `zones.geojson`, [`run.gpkg`], `summary.json` (each described in docs/outputs.md).
///
/// GeoJSON follows RFC 7946: WGS 84 longitude/latitude, no `crs` member, polygons by the
/// right-hand rule, coordinates rounded to `precision` decimals. Output is deterministic
/// byte for byte: members in a fixed order, nothing from the wall clock, numbers written
/// from integers. Times are ISO 8601 in the scenario's offset (see `Timestamp`).
public enum OutputWriter {
    /// Every file name the writer may produce, in the order it writes them.
    public static let fileNames = [
        "trajectories.geojson", "positions.geojson", "trajectories-kepler.geojson", "events.geojson",
        "incursions.geojson", "events.csv", "events.geojsons", "zones.geojson", "run.gpkg", "summary.json",
    ]

    /// Files earlier versions wrote that this one does not (`events.jsonl`, replaced by
    /// `events.geojsons`): removed from a folder written into with `force`, like any stale file.
    /// `view.html` is written after the outputs (`bordersim view`, `run --view`) from them, so an
    /// earlier run's viewer is removed too: a rerun without `--view` must not leave a stale one.
    static let retiredFileNames = ["events.jsonl", "view.html"]

    /// Writes every output file of `result` into `directory`.
    ///
    /// The folder is created if missing; one that holds files is refused unless
    /// `options.force`. Files are staged in a hidden folder and moved in only when all were
    /// written; on an error, or on SIGINT/SIGTERM, nothing is left behind (see `OutputDirectory`).
    ///
    /// - Returns: The paths of the files written, in `fileNames` order.
    public static func write(
        _ result: RunResult, provenance: Provenance, to directory: String,
        options: OutputOptions
    ) throws(OutputError) -> [String] {
        try write(
            result, provenance: provenance, to: directory, options: options, afterEachFile: { _ throws(OutputError) in }
        )
    }

    /// `write`, calling `afterEachFile` with each staged file's name (tests use it to fail or interrupt midway).
    static func write(
        _ result: RunResult, provenance: Provenance, to directory: String, options: OutputOptions,
        afterEachFile: (String) throws(OutputError) -> Void
    ) throws(OutputError) -> [String] {
        try write(
            result, provenance: provenance, to: directory, options: options, extra: [], afterEachFile: afterEachFile)
    }

    /// Files other commands add to a run's (`judge`'s `judgement.json`): removed from a folder
    /// written into with `force` when not written again, like any stale file.
    static let extraFileNames = ["judgement.json"]

    /// `write`, with `extra` JSON files staged with the others, before `summary.json` (which lists them).
    static func write(
        _ result: RunResult, provenance: Provenance, to directory: String, options: OutputOptions,
        extra: [(name: String, body: (OutputFile) -> Void)],
        afterEachFile: (String) throws(OutputError) -> Void
    ) throws(OutputError) -> [String] {
        try check(options)
        try check(result)
        let context = try OutputContext(result: result, options: options)
        let folder = try OutputDirectory(path: directory, force: options.force)
        var written = [String]()
        do {
            // Writes the files `names` together (nil: skipped); each is closed and reported once all are written.
            func stage(_ names: [String?], _ body: ([OutputFile?]) throws(OutputError) -> Void) throws(OutputError) {
                var files = [OutputFile?]()
                for name in names {
                    files.append(
                        try name.map { n throws(OutputError) in try OutputFile(creating: folder.stagedFile(n)) })
                }
                try body(files)
                for case (let name?, let file?) in zip(names, files) {
                    try file.close()
                    written.append(name)
                    try afterEachFile(name)
                }
            }
            func stage(_ name: String, _ body: (OutputFile) throws(OutputError) -> Void) throws(OutputError) {
                try stage([name]) { files throws(OutputError) in try body(files[0]!) }
            }
            try stage([
                "trajectories.geojson", options.positions ? "positions.geojson" : nil,
                options.kepler ? "trajectories-kepler.geojson" : nil,
            ]) { files throws(OutputError) in
                try TrajectoryWriter.write(context, lines: files[0]!, positions: files[1], kepler: files[2])
            }
            let events = try EventWriters(context)
            try stage("events.geojson") { f throws(OutputError) in try events.writeGeoJSON(to: f) }
            try stage("incursions.geojson") { f throws(OutputError) in try events.writeIncursions(to: f) }
            try stage("events.csv") { f throws(OutputError) in try events.writeCSV(to: f) }
            try stage("events.geojsons") { f throws(OutputError) in try events.writeGeoJSONSequence(to: f) }
            try stage("zones.geojson") { f throws(OutputError) in try ZonesWriter.write(context, to: f) }
            if options.geoPackage {
                try GeoPackageWriter.write(
                    context, events: events, provenance: provenance, to: folder.stagedFile("run.gpkg"))
                written.append("run.gpkg")
                try afterEachFile("run.gpkg")
            }
            for (name, body) in extra {
                try stage(name) { f throws(OutputError) in body(f) }
            }
            let others = written
            try stage("summary.json") { f throws(OutputError) in
                try SummaryWriter.write(context, provenance: provenance, files: others, to: f)
            }
            try folder.commit(written, removingStale: fileNames + extraFileNames + retiredFileNames)
        } catch {
            folder.abandon()
            throw error
        }
        return written.map { folder.path + "/" + $0 }
    }

    static func check(_ options: OutputOptions) throws(OutputError) {
        guard (0...12).contains(options.precision) else {
            throw .invalidOptions(
                "precision \(options.precision) is out of range; give 0 to 12 decimals (7 is about 1 cm)")
        }
        if let interval = options.trajectoryInterval, !(interval.isFinite && interval > 0) {
            throw .invalidOptions("trajectory interval \(interval) s is not a positive number of seconds")
        }
    }

    /// Checks what the formats cannot carry, naming the first bad value, before anything is written.
    static func check(_ result: RunResult) throws(OutputError) {
        let clock = result.scenario.clock
        guard clock.start.isFinite, clock.step.isFinite, clock.step > 0, result.endTime.isFinite else {
            throw .invalidResult(
                "the clock (start \(clock.start), step \(clock.step), end \(result.endTime)) is not finite")
        }
        guard Timestamp(clock: clock).hasWritableOffset else {
            throw .invalidResult("UTC offset \(clock.utcOffset) s is not a whole number of minutes within a day")
        }
        func finite(_ c: Coordinate) -> Bool { c.x.isFinite && c.y.isFinite }
        for (i, e) in result.events.enumerated() {
            guard e.time.isFinite, finite(e.position), e.depth?.isFinite ?? true else {
                throw .invalidResult(
                    "event \(i) (\(e.kind.rawValue) of unit '\(e.unit)') has a non-finite time, position or depth")
            }
        }
        for (i, inc) in result.incursions.enumerated() {
            guard inc.entryTime.isFinite, inc.exitTime?.isFinite ?? true, inc.maxDepth.isFinite, finite(inc.entryPoint),
                finite(inc.deepestPoint), inc.exitPoint.map(finite) ?? true
            else {
                throw .invalidResult(
                    "incursion \(i) (unit '\(inc.unit)' member \(inc.member)) has a non-finite time, depth or point")
            }
        }
        for k in result.sampleTicks.indices.dropFirst() where result.sampleTicks[k] <= result.sampleTicks[k - 1] {
            throw .invalidResult(
                "sample ticks are not increasing at index \(k) (\(result.sampleTicks[k - 1]), \(result.sampleTicks[k]))"
            )
        }
        for t in result.tracks {
            guard t.positions.count == result.sampleTicks.count else {
                throw .invalidResult(
                    "the track of unit '\(t.unit)' member \(t.member) has \(t.positions.count) positions "
                        + "for \(result.sampleTicks.count) sample ticks")
            }
            guard !t.positions.isEmpty else {
                throw .invalidResult("the track of unit '\(t.unit)' member \(t.member) has no positions")
            }
            if let k = t.positions.firstIndex(where: { !finite($0) }) {
                throw .invalidResult(
                    "the track of unit '\(t.unit)' member \(t.member) has a non-finite position at sample \(k)")
            }
        }
    }
}

/// What every writer of one output shares: the result, the transform to WGS 84, the kept samples and their times.
final class OutputContext {
    let result: RunResult
    let options: OutputOptions
    let time: Timestamp
    /// Decimals of longitude and latitude.
    let precision: Int
    private let transform: CoordinateTransform
    /// Indices into `sampleTicks` of the samples written (after thinning).
    let kept: [Int]
    /// Seconds since the start of each kept sample.
    let keptSeconds: [Double]
    /// The quoted ISO time of each kept sample, ready to copy into the files.
    let keptTimeJSON: [[UInt8]]

    /// Decimals of seconds (1 ms) and of metres (1 mm) in every file.
    static let secondsDecimals = 3
    static let metresDecimals = 3

    init(result: RunResult, options: OutputOptions) throws(OutputError) {
        self.result = result
        self.options = options
        time = Timestamp(clock: result.scenario.clock)
        precision = options.precision
        do { transform = try CoordinateTransform(from: result.scenario.crs, to: "EPSG:4326") } catch {
            throw .transform(what: "coordinates in \(result.scenario.crs)", message: error.description)
        }
        let clock = result.scenario.clock
        let seconds = result.sampleTicks.map(clock.seconds(atTick:))
        kept = Self.thin(seconds, interval: options.trajectoryInterval)
        keptSeconds = kept.map { seconds[$0] }
        var timeJSON = [[UInt8]]()
        timeJSON.reserveCapacity(kept.count)
        for s in keptSeconds {
            var bytes = [UInt8]()
            JSONText.appendString(time.iso8601(s), to: &bytes)
            timeJSON.append(bytes)
        }
        keptTimeJSON = timeJSON
    }

    /// The id of one member across every file, `unit#member` (member counted from 0, as in
    /// `member`): one property that tells people apart, for MovingPandas' `traj_id_col`
    /// or a GIS filter, where `unit` alone would join a unit's members into one track.
    static func person(unit: String, member: Int) -> String { unit + "#" + String(member) }

    /// The indices of the samples to keep: the first, each one at least `interval` after the
    /// previous kept one, and the last.
    static func thin(_ seconds: [Double], interval: Double?) -> [Int] {
        guard let interval, seconds.count > 2 else { return Array(seconds.indices) }
        var kept = [0]
        for k in 1..<(seconds.count - 1) where seconds[k] - seconds[kept[kept.count - 1]] >= interval {
            kept.append(k)
        }
        kept.append(seconds.count - 1)
        return kept
    }

    /// The kept samples (indices into `kept`) within the time `track`'s member was there (all of
    /// them by default; the nearest one if none falls inside), and its positions at them in WGS 84.
    func shownPositions(of track: RunResult.Track) throws(OutputError) -> (shown: [Int], lonLat: [Coordinate]) {
        var shown = Array(kept.indices)
        if let window = track.present {
            shown = shown.filter { window.contains(kept[$0]) }
            if shown.isEmpty,
                let nearest = kept.indices.min(by: {
                    abs(kept[$0] - window.lowerBound) < abs(kept[$1] - window.lowerBound)
                })
            {
                shown = [nearest]
            }
        }
        let lonLat = try wgs84(
            shown.map { track.positions[kept[$0]] },
            what: "the track of unit '\(track.unit)' member \(track.member)")
        return (shown, lonLat)
    }

    /// `seconds` into the run as a GeoPackage DATETIME: UTC, `YYYY-MM-DDTHH:MM:SS.sssZ`.
    func utcDateTime(_ seconds: Double) -> String {
        String(Timestamp(start: time.start, utcOffset: 0).iso8601(seconds).dropLast(6)) + "Z"
    }

    /// `coordinates` in WGS 84 (lon, lat), in one PROJ call.
    func wgs84(_ coordinates: [Coordinate], what: @autoclosure () -> String) throws(OutputError) -> [Coordinate] {
        do { return try transform.apply(coordinates) } catch {
            throw .transform(what: what(), message: error.description)
        }
    }

    func wgs84(_ value: GeometryValue, what: @autoclosure () -> String) throws(OutputError) -> GeometryValue {
        do { return try transform.apply(value) } catch {
            throw .transform(what: what(), message: error.description)
        }
    }
}
