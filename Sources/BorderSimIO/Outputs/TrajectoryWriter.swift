import BorderGeometry
import BorderSim

/// Members' tracks: one LineString per member, one Point per member per sample, and kepler.gl trips.
///
/// The three files are written in one pass over the tracks, so each track is converted to
/// WGS 84 once (one PROJ call per track, the costliest step) and never kept for all tracks
/// at once.
enum TrajectoryWriter {
    static func write(
        _ context: OutputContext, lines: OutputFile, positions: OutputFile?,
        kepler: OutputFile?
    ) throws(OutputError) {
        let writer = Writer(context)
        lines.beginFeatureCollection()
        positions?.beginFeatureCollection()
        kepler?.beginFeatureCollection()
        for (n, track) in context.result.tracks.enumerated() {
            let (shown, lonLat) = try context.shownPositions(of: track)
            // The properties every feature of this member starts with, encoded once.
            let shared = OutputFile.encode { $0.members(properties(of: track)) }
            try writer.line(lonLat, at: shown, shared, first: n == 0, to: lines)
            if let positions { try writer.points(lonLat, at: shown, shared, first: n == 0, to: positions) }
            if let kepler { try writer.trip(lonLat, at: shown, shared, first: n == 0, to: kepler) }
        }
        lines.endFeatureCollection()
        positions?.endFeatureCollection()
        kepler?.endFeatureCollection()
    }

    private struct Writer {
        let context: OutputContext
        /// Seconds since 1970 of each kept sample, for kepler.gl.
        let epoch: [Double]

        init(_ context: OutputContext) {
            self.context = context
            epoch = context.keptSeconds.map(context.time.epochSeconds)
        }

        /// Opens a track's feature: the member's properties, then the first and last time shown.
        private func beginTrack(_ shown: [Int], _ shared: [UInt8], first isFirst: Bool, in file: OutputFile) {
            file.beginFeature(first: isFirst)
            file.raw(shared)
            file.key("start_time")
            file.raw(context.keptTimeJSON[shown[0]])
            file.key("end_time")
            file.raw(context.keptTimeJSON[shown[shown.count - 1]])
        }

        /// Vertices written per sample shown: 2 when there is a single one, so the line is valid.
        private func repeats(_ shown: [Int]) -> Int { shown.count == 1 ? 2 : 1 }

        /// `trajectories.geojson`: a LineString with the ISO time of every vertex in `times`.
        ///
        /// A member that never moved still gets a valid LineString: its repeated position at its
        /// sample times (zero length, which GEOS calls invalid but RFC 7946 allows). With a single
        /// sample, the one vertex is written twice, with the same time.
        func line(
            _ lonLat: [Coordinate], at shown: [Int], _ shared: [UInt8], first isFirst: Bool,
            to file: OutputFile
        ) throws(OutputError) {
            let repeats = repeats(shown)
            beginTrack(shown, shared, first: isFirst, in: file)
            file.key("times")
            file.byte(UInt8(ascii: "["))
            for k in lonLat.indices {
                for r in 0..<repeats {
                    if k > 0 || r > 0 { file.byte(UInt8(ascii: ",")) }
                    file.raw(context.keptTimeJSON[shown[k]])
                }
                try file.flushIfFull()
            }
            file.byte(UInt8(ascii: "]"))
            file.beginGeometry()
            file.raw("{\"type\":\"LineString\",\"coordinates\":[")
            for (k, c) in lonLat.enumerated() {
                for r in 0..<repeats {
                    if k > 0 || r > 0 { file.byte(UInt8(ascii: ",")) }
                    file.position(c, context.precision)
                }
                try file.flushIfFull()
            }
            file.raw("]}")
            file.endFeature()
        }

        /// `positions.geojson`: a Point per kept sample with its `time` and `t_seconds`, for QGIS's
        /// temporal controller. Features are ordered by member, then time.
        func points(
            _ lonLat: [Coordinate], at shown: [Int], _ shared: [UInt8], first isFirst: Bool,
            to file: OutputFile
        ) throws(OutputError) {
            for (k, c) in lonLat.enumerated() {
                file.beginFeature(first: isFirst && k == 0)
                file.raw(shared)
                file.key("time")
                file.raw(context.keptTimeJSON[shown[k]])
                file.key("t_seconds")
                file.decimal(context.keptSeconds[shown[k]], OutputContext.secondsDecimals)
                file.beginGeometry()
                file.raw("{\"type\":\"Point\",\"coordinates\":")
                file.position(c, context.precision)
                file.byte(UInt8(ascii: "}"))
                file.endFeature()
                try file.flushIfFull()
            }
        }

        /// `trajectories-kepler.geojson`: a LineString whose positions are
        /// `[lon, lat, 0, seconds since 1970-01-01T00:00:00Z]`, as kepler.gl's trip layer reads them.
        ///
        /// Outside RFC 7946, which allows at most three numbers per position (§3.1.1: a fourth
        /// element is not to be used); kepler.gl reads the fourth as the vertex's timestamp. Other
        /// readers may warn or drop it (GDAL reads [lon, lat, 0] and warns "too many members in
        /// array"): use `trajectories.geojson` for them.
        func trip(
            _ lonLat: [Coordinate], at shown: [Int], _ shared: [UInt8], first isFirst: Bool,
            to file: OutputFile
        ) throws(OutputError) {
            let repeats = repeats(shown)
            beginTrack(shown, shared, first: isFirst, in: file)
            file.beginGeometry()
            file.raw("{\"type\":\"LineString\",\"coordinates\":[")
            for (k, c) in lonLat.enumerated() {
                for r in 0..<repeats {
                    if k > 0 || r > 0 { file.byte(UInt8(ascii: ",")) }
                    file.byte(UInt8(ascii: "["))
                    file.decimal(c.x, context.precision)
                    file.byte(UInt8(ascii: ","))
                    file.decimal(c.y, context.precision)
                    file.raw(",0,")
                    file.decimal(epoch[shown[k]], OutputContext.secondsDecimals)
                    file.byte(UInt8(ascii: "]"))
                }
                try file.flushIfFull()
            }
            file.raw("]}")
            file.endFeature()
        }
    }

    /// `unit`, `member`, `person`, `affiliation`, `role`, `kind`: what every feature of a member carries.
    static func properties(of track: RunResult.Track) -> [(String, Cell)] {
        [
            ("unit", .string(track.unit)), ("member", .integer(track.member)),
            ("person", .string(OutputContext.person(unit: track.unit, member: track.member))),
            ("affiliation", .string(track.affiliation)), ("role", .string(track.role)),
            ("kind", .string(track.kind.rawValue)),
        ]
    }
}
