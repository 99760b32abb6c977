import BorderGeometry
import Foundation

/// What the pictures of a run need beyond its files, computed with GEOS and PROJ: each
/// person's territory over time, thinned tracks, and the instant of the deepest incursion.
///
/// Everything is computed in the run's simulation CRS (from `summary.json`'s CRS chain,
/// EPSG:3346 LKS94 for the Lithuanian scenarios), where distances are metres.
public final class RunAnalysis {
    public let run: RunFolder
    public let crs: String
    let toMetric: CoordinateTransform
    let toLonLat: CoordinateTransform
    let geos = GeometryContext()
    /// Territories' states, in `zones.geojson` order, and their prepared metric polygons.
    public let states: [(id: String, name: String)]
    private let territories: [PreparedGeometry]
    /// Each track's vertices in metres.
    public let metricTracks: [[Coordinate]]

    public init(_ run: RunFolder) throws(ViewError) {
        self.run = run
        crs = run.simulationCRS ?? "EPSG:3346"
        let forward: CoordinateTransform
        do {
            forward = try CoordinateTransform(from: "EPSG:4326", to: crs)
            toMetric = forward
            toLonLat = try CoordinateTransform(from: crs, to: "EPSG:4326")
        } catch {
            throw .malformed(
                path: run.path + "/summary.json", expected: "a simulation CRS PROJ knows (found \(crs): \(error))")
        }
        var states = [(String, String)]()
        var prepared = [PreparedGeometry]()
        do {
            for t in run.territories {
                states.append((t.state!, t.name))
                prepared.append(try PreparedGeometry(geos.make(try forward.apply(t.geometry))))
            }
            var tracks = [[Coordinate]]()
            for t in run.tracks { tracks.append(try forward.apply(t.points)) }
            metricTracks = tracks
        } catch {
            throw .malformed(path: run.path, expected: "geometries PROJ can transform to \(crs) (\(error))")
        }
        self.states = states
        territories = prepared
    }

    /// WGS 84 → metres.
    public func metric(_ cs: [Coordinate]) throws(ViewError) -> [Coordinate] {
        do { return try toMetric.apply(cs) } catch { throw .invalidOptions("cannot transform to \(crs): \(error)") }
    }

    public func metric(_ g: GeometryValue) throws(ViewError) -> GeometryValue {
        do { return try toMetric.apply(g) } catch { throw .invalidOptions("cannot transform to \(crs): \(error)") }
    }

    /// Metres → WGS 84.
    public func lonLat(_ c: Coordinate) throws(ViewError) -> Coordinate {
        do { return try toLonLat.apply(c) } catch { throw .invalidOptions("cannot transform from \(crs): \(error)") }
    }

    /// The index in `states` of the territory holding `c` (metres), or -1 (on a line, or outside the corridor).
    public func state(at c: Coordinate) -> Int {
        guard let point = try? geos.point(c) else { return -1 }
        for (i, t) in territories.enumerated() where (try? t.contains(point)) == true { return i }
        return -1
    }

    /// Each track's territory over time: `(t, state index)` at the first vertex and at every
    /// vertex where it changes (GEOS point-in-polygon on every recorded vertex).
    public private(set) lazy var soil: [[(t: Double, state: Int)]] = {
        var out = [[(t: Double, state: Int)]]()
        out.reserveCapacity(run.tracks.count)
        for (i, track) in run.tracks.enumerated() {
            var changes = [(t: Double, state: Int)]()
            var last: Coordinate?
            var lastState = -2
            for (j, c) in metricTracks[i].enumerated() {
                let s = c == last ? lastState : state(at: c)
                if s != lastState {
                    changes.append((track.times[j], s))
                    lastState = s
                }
                last = c
            }
            out.append(changes)
        }
        return out
    }()

    /// How many people of each group (`"BY officers"`, `"migrants"`) are on each state's soil at `t`.
    /// A person counts from the first vertex of their track to the last.
    public func countsOnSoil(at t: Double) -> [String: [String: Int]] {
        var counts = [String: [String: Int]]()
        for (i, track) in run.tracks.enumerated() {
            guard let first = track.times.first, let last = track.times.last, first <= t, t <= last else { continue }
            var s = -1
            for change in soil[i] where change.t <= t { s = change.state }
            guard s >= 0 else { continue }
            counts[states[s].id, default: [:]][Self.group(track), default: 0] += 1
        }
        return counts
    }

    /// The name a person is counted under: "BY officers", "LT officers", "migrants".
    static func group(_ track: RunFolder.Track) -> String {
        track.kind == "migrants" || track.affiliation == "migrants" ? "migrants" : "\(track.affiliation) officers"
    }

    /// The instant officers are deepest in another state: among recorded instants with the
    /// most officers on foreign soil, the one where their summed distance to the border of
    /// their own state is greatest. Nil if no officer ever left his state's territory.
    public func deepestIncursion() -> Double? {
        // Officers' own territory as a metric boundary line, to measure depth from.
        var ownBoundary = [String: PreparedGeometry]()
        for (i, s) in states.enumerated() {
            if let b = try? territories[i].base.boundary(), let p = try? PreparedGeometry(b) { ownBoundary[s.id] = p }
        }
        var score = [Double: (count: Int, depth: Double)]()
        for (i, track) in run.tracks.enumerated() where Self.group(track) != "migrants" {
            guard let own = states.firstIndex(where: { $0.id == track.affiliation }),
                let line = ownBoundary[track.affiliation]
            else { continue }
            let changes = soil[i]
            guard changes.contains(where: { $0.state >= 0 && $0.state != own }) else { continue }
            var k = 0
            var s = -1
            for (j, t) in track.times.enumerated() {
                while k < changes.count && changes[k].t <= t {
                    s = changes[k].state
                    k += 1
                }
                guard s >= 0 && s != own, let p = try? geos.point(metricTracks[i][j]),
                    let d = try? line.distance(to: p)
                else { continue }
                score[t, default: (0, 0)].count += 1
                score[t, default: (0, 0)].depth += d
            }
        }
        return score.max { a, b in
            a.value.count != b.value.count
                ? a.value.count < b.value.count
                : a.value.depth != b.value.depth ? a.value.depth < b.value.depth : a.key > b.key
        }?.key
    }

    /// The vertices of track `i` to keep so that, between kept vertices, the position
    /// interpolated in time is within `tolerance` metres of every recorded one (synchronised
    /// Euclidean distance; first, last and every territory change kept).
    func thinned(_ i: Int, tolerance: Double) -> [Int] {
        let cs = metricTracks[i]
        let ts = run.tracks[i].times
        guard cs.count > 2 else { return Array(cs.indices) }
        var mustKeep = Set<Int>()
        let changes = soil[i]
        var k = 0
        for j in ts.indices {
            while k < changes.count && changes[k].t <= ts[j] {
                if changes[k].t == ts[j] {
                    mustKeep.insert(j)
                    if j > 0 { mustKeep.insert(j - 1) }
                }
                k += 1
            }
        }
        var kept = [0]
        var anchor = 0
        let window = 256
        var j = 2
        while j < cs.count {
            // Can the segment anchor → j stand for every vertex between them?
            var fits = j - anchor <= window && !mustKeep.contains(j - 1)
            if fits {
                let a = cs[anchor]
                let b = cs[j]
                let t0 = ts[anchor]
                let dt = ts[j] - ts[anchor]
                for m in (anchor + 1)..<j {
                    let f = dt > 0 ? (ts[m] - t0) / dt : 0
                    let x = a.x + (b.x - a.x) * f
                    let y = a.y + (b.y - a.y) * f
                    if (cs[m].x - x) * (cs[m].x - x) + (cs[m].y - y) * (cs[m].y - y) > tolerance * tolerance {
                        fits = false
                        break
                    }
                }
            }
            if !fits {
                anchor = j - 1
                kept.append(anchor)
            }
            j += 1
        }
        kept.append(cs.count - 1)
        return kept
    }
}
