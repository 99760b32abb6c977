import BorderGeometry
import BorderSim
import Foundation

/// How far a run's simulated tracks are from observed ones (`bordersim compare RUN_DIR TRACKS`),
/// for calibrating a reconstruction against footage.
///
/// An observed person is matched to the simulated person of the same id (`unit#member`);
/// failing that, an observed id or unit that names a simulated unit is matched to that unit's
/// centre (the mean of its members' positions). Distances are in the run's metric CRS.
public struct TrackComparison: Sendable {
    public struct Match: Sendable, Hashable {
        /// The observed id, and what it was matched to: a person `unit#member` or a unit's centre `unit`.
        public var observed: String
        public var simulated: String
        /// Discrete Fréchet distance between the two tracks as drawn (GEOS), metres.
        public var frechet: Double
        /// Mean distance between each observed fix and the simulated position at its time
        /// (fixes outside the simulated track's time are left out), metres; nil when none overlap.
        public var meanDistance: Double?
        /// Fixes the mean is over.
        public var fixes: Int
        /// First crossing of the mapped line, seconds since the run's start (nil: none), and
        /// observed minus simulated.
        public var simulatedCrossing: Double?
        public var observedCrossing: Double?
        public var crossingOffset: Double? {
            guard let s = simulatedCrossing, let o = observedCrossing else { return nil }
            return o - s
        }
    }

    public var matches: [Match]
    /// Observed ids matched to nothing in the run.
    public var unmatched: [String]

    /// Compares the tracks of the run in `run` with `tracks`.
    public static func compare(run: RunFolder, tracks: ObservedTracks) throws(ScenarioError) -> TrackComparison {
        guard let crs = run.simulationCRS else {
            throw ScenarioError(
                .invalidFile, file: run.path + "/summary.json",
                message: "the summary names no simulation CRS; expected the folder of 'bordersim run'")
        }
        do {
            let toMetric = try CoordinateTransform(from: "EPSG:4326", to: crs)
            let fromTracks = try CoordinateTransform(from: tracks.crs, to: crs)
            let context = GeometryContext()
            let side = try Sides(run: run, transform: toMetric, context: context)
            var simulated = [String: (times: [Double], points: [Coordinate])]()
            var units = [String: [RunFolder.Track]]()
            for t in run.tracks {
                simulated[t.person] = (t.times, try toMetric.apply(t.points))
                units[t.unit, default: []].append(t)
            }
            var matches = [Match]()
            var unmatched = [String]()
            for person in tracks.people {
                let times = person.fixes.map { $0.time - run.start.start }
                let points = try fromTracks.apply(person.fixes.map(\.position))
                let target: (name: String, track: (times: [Double], points: [Coordinate]))
                if let s = simulated[person.id] {
                    target = (person.id, s)
                } else if let members = units[person.id] ?? units[person.unit] {
                    target = (members[0].unit, try centre(members, simulated))
                } else {
                    unmatched.append(person.id)
                    continue
                }
                let a = try line(target.track.points, context)
                let b = try line(points, context)
                var sum = 0.0
                var n = 0
                for (t, p) in zip(times, points) {
                    guard let q = position(target.track, at: t) else { continue }
                    sum += metres(p, q)
                    n += 1
                }
                matches.append(
                    Match(
                        observed: person.id, simulated: target.name, frechet: try a.frechetDistance(to: b),
                        meanDistance: n > 0 ? sum / Double(n) : nil, fixes: n,
                        simulatedCrossing: try side.firstCrossing(target.track.times, target.track.points),
                        observedCrossing: try side.firstCrossing(times, points)))
            }
            return TrackComparison(matches: matches, unmatched: unmatched)
        } catch {
            throw ScenarioError(
                .invalidValue, file: tracks.file, message: "cannot compare the tracks: \(error.description)")
        }
    }

    private static func line(_ points: [Coordinate], _ context: GeometryContext) throws(GeometryError) -> Geometry {
        points.count > 1 ? try context.lineString(points) : try context.point(points[0])
    }

    /// Where a track is at `t`, straight between its vertices; nil outside its time.
    static func position(_ track: (times: [Double], points: [Coordinate]), at t: Double) -> Coordinate? {
        guard let last = track.times.last, t >= track.times[0], t <= last else { return nil }
        var k = 0
        while k + 1 < track.times.count && track.times[k + 1] < t { k += 1 }
        guard k + 1 < track.times.count, track.times[k + 1] > track.times[k] else { return track.points[k] }
        let f = (t - track.times[k]) / (track.times[k + 1] - track.times[k])
        let a = track.points[k]
        let b = track.points[k + 1]
        return Coordinate(x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f)
    }

    /// A unit's centre at the times of its first member's track.
    private static func centre(
        _ members: [RunFolder.Track], _ simulated: [String: (times: [Double], points: [Coordinate])]
    )
        throws(GeometryError) -> (times: [Double], points: [Coordinate])
    {
        let times = simulated[members[0].person]!.times
        let points = times.map { t in
            let at = members.compactMap { position(simulated[$0.person]!, at: t) }
            return Coordinate(
                x: at.map(\.x).reduce(0, +) / Double(at.count), y: at.map(\.y).reduce(0, +) / Double(at.count))
        }
        return (times, points)
    }

    /// The mapped frame's territories and line, to find where a track first changes side.
    private struct Sides {
        let territories: [PreparedGeometry]
        let line: Geometry
        let context: GeometryContext

        init(run: RunFolder, transform: CoordinateTransform, context: GeometryContext) throws(GeometryError) {
            self.context = context
            territories = try run.features.filter { $0.kind == "territory" }.map { (f) throws(GeometryError) in
                try PreparedGeometry(context.make(transform.apply(f.geometry)))
            }
            guard let mapped = run.features.first(where: { $0.kind == "frame-line" && $0.name == "mapped" }) else {
                throw .unsupported("the run's zones.geojson has no mapped frame line")
            }
            line = try context.make(transform.apply(mapped.geometry))
        }

        func region(_ c: Coordinate) throws(GeometryError) -> Int? {
            let p = try context.point(c)
            for (i, t) in territories.enumerated() where try t.contains(p) { return i }
            return nil
        }

        /// The time the track first reaches the other side: where its move meets the line.
        func firstCrossing(_ times: [Double], _ points: [Coordinate]) throws(GeometryError) -> Double? {
            var last = try points.first.flatMap(region)
            for k in points.indices.dropFirst() {
                guard let now = try region(points[k]) else { continue }
                defer { last = now }
                guard let before = last, before != now else { continue }
                let a = points[k - 1]
                let b = points[k]
                let meet = try context.lineString([a, b]).intersection(line).value
                let length = metres(a, b)
                let f = meet.coordinates.map { metres(a, $0) / max(length, 1e-12) }.min() ?? 1
                return times[k - 1] + (times[k] - times[k - 1]) * min(1, f)
            }
            return nil
        }
    }
}

/// Metres between two points of a metric CRS.
private func metres(_ a: Coordinate, _ b: Coordinate) -> Double {
    ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
}

extension GeometryValue {
    /// Every coordinate, flattened.
    fileprivate var coordinates: [Coordinate] {
        switch self {
        case .point(let c): [c]
        case .lineString(let cs), .multiPoint(let cs): cs
        case .polygon(let rings), .multiLineString(let rings): rings.flatMap { $0 }
        case .multiPolygon(let polys): polys.flatMap { $0.flatMap { $0 } }
        case .geometryCollection(let parts): parts.flatMap(\.coordinates)
        }
    }
}
