import BorderGeometry
import BorderSimIO
import Foundation
import Testing

@testable import BorderSim

/// The Švenčionys scenario (`scenarios/2021-09-02-svencionys.yaml`): its incursions agree
/// with an independent recomputation from the written `trajectories.geojson` and the
/// geodata file, done here with GEOS intersections of each step of each track with
/// Lithuania's territory, not with the simulator's boundary watcher.
@Suite("Švenčionys scenario: incursions recomputed from the tracks")
struct SvencionysScenarioTests {
    static let root = FusionTests.root

    /// One stay on Lithuanian soil: seconds since the start, and metres from the line.
    struct Stay: Equatable {
        var unit: String, member: Int, entry: Double, exit: Double?, depth: Double
    }

    /// Runs the scenario and writes its files; returns the output folder and the run.
    func run() throws -> (folder: String, result: RunResult) {
        let loaded = try ScenarioLoader.load(
            path: Self.root.appendingPathComponent("scenarios/2021-09-02-svencionys.yaml").path)
        let result = try Simulation(scenario: loaded.scenario).run()
        let folder = OutputSample.temporaryFolder() + "/run"
        _ = try OutputWriter.write(result, provenance: OutputSample.provenance, to: folder, options: OutputOptions())
        return (folder, result)
    }

    static func collection(_ path: String) throws -> GeoJSONFeatureCollection {
        try JSONDecoder().decode(GeoJSONFeatureCollection.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Seconds since `start` of an ISO 8601 time with milliseconds and offset.
    static func seconds(_ text: String, since start: Date) throws -> Double {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return try #require(format.date(from: text)).timeIntervalSince(start)
    }

    /// Every officer's stays in the other state (LT or BY), from the tracks: each step of a
    /// track (a straight move between two samples) intersected with that state's territory by
    /// GEOS; a stay starts
    /// where a piece of a step inside Lithuania starts after a step that ended outside, and
    /// ends where a piece ends short of its step's end. Depth: the greatest distance from the
    /// line of the pieces' ends (on a straight stretch of border, the deepest point of a
    /// straight move is one of its ends).
    func recompute(_ folder: String, start: Date) throws -> [Stay] {
        let geodata = try Self.collection(Self.root.appendingPathComponent("geodata/lt-by.geojson").path)
        let toMetric = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3346")
        let ctx = GeometryContext()
        func metric(_ kind: String, _ key: String, _ value: String) throws -> Geometry {
            let f = try #require(
                geodata.features.first {
                    $0.properties["kind"]?.stringValue == kind
                        && $0.properties[key]?.stringValue == value
                })
            return try ctx.make(toMetric.apply(#require(f.geometry)))
        }
        let territory = [
            "LT": try PreparedGeometry(metric("territory", "state", "BY")),
            "BY": try PreparedGeometry(metric("territory", "state", "LT")),
        ]
        let line = try metric("border", "id", "LT-BY")
        var stays = [Stay]()
        for track in try Self.collection(folder + "/trajectories.geojson").features
        where track.properties["kind"]?.stringValue == "officers" {
            guard case .lineString(let lonLat) = track.geometry, case .array(let times)? = track.properties["times"]
            else {
                Issue.record("a track without positions or times")
                continue
            }
            let points = try toMetric.apply(lonLat)
            let t = try times.map { try Self.seconds(#require($0.stringValue), since: start) }
            let unit = try #require(track.properties["unit"]?.stringValue)
            let affiliation = try #require(track.properties["affiliation"]?.stringValue)
            let foreign = try #require(territory[affiliation])
            let member = try #require(track.properties["member"]?.numberValue).map(Int.init)!
            var open: Stay?
            for k in 0..<(points.count - 1) {
                let a = points[k]
                let b = points[k + 1]
                let length = squaredDistance(a, b).squareRoot()
                var pieces = [[Coordinate]]()
                if length == 0 {
                    if try foreign.covers(ctx.point(a)) { pieces = [[a, a]] }
                } else if try foreign.intersects(ctx.lineString([a, b])) {
                    switch try foreign.base.intersection(ctx.lineString([a, b])).geoJSONValue() {
                    case .lineString(let cs): pieces = [cs]
                    case .multiLineString(let parts): pieces = parts
                    default: break  // a single point: touched the line
                    }
                }
                let at = { (c: Coordinate) in
                    length == 0 ? t[k] : t[k] + (t[k + 1] - t[k]) * squaredDistance(a, c).squareRoot() / length
                }
                if pieces.isEmpty, let stay = open {
                    stays.append(stay)
                    open = nil
                }
                for piece in pieces.sorted(by: { squaredDistance(a, $0[0]) < squaredDistance(a, $1[0]) }) {
                    let depth = try piece.map { try line.distance(to: ctx.point($0)) }.max()!
                    if open == nil { open = Stay(unit: unit, member: member, entry: at(piece[0]), exit: nil, depth: 0) }
                    open!.depth = max(open!.depth, depth)
                    if squaredDistance(piece[piece.count - 1], b) > 1e-12 {
                        open!.exit = at(piece[piece.count - 1])
                        stays.append(open!)
                        open = nil
                    }
                }
            }
            if let stay = open { stays.append(stay) }
        }
        return stays
    }

    @Test func incursionsAgreeWithTheTracks() throws {
        let (folder, result) = try run()
        let start = Date(timeIntervalSince1970: result.scenario.clock.start)
        let recomputed = try recompute(folder, start: start)
        let written = try Self.collection(folder + "/incursions.geojson").features.map(\.properties)
            .filter { $0["frame"]?.stringValue == "mapped" }
        #expect(written.count == recomputed.count)
        #expect(written.count >= 7, "the ring's leading officers step onto Lithuanian soil")
        for stay in recomputed {
            let same = written.filter {
                $0["unit"]?.stringValue == stay.unit && $0["member"]?.numberValue == Double(stay.member)
            }
            let match = same.min {
                abs(($0["entry_t_seconds"]?.numberValue ?? .infinity) - stay.entry)
                    < abs(($1["entry_t_seconds"]?.numberValue ?? .infinity) - stay.entry)
            }
            let i = try #require(match, "no incursion of \(stay.unit)#\(stay.member) for the stay from \(stay.entry) s")
            #expect(abs(i["entry_t_seconds"]!.numberValue! - stay.entry) < 0.5, "\(stay)")
            if let exit = stay.exit {
                #expect(abs(try #require(i["exit_t_seconds"]?.numberValue) - exit) < 0.5, "\(stay)")
            } else {
                #expect(i["exit_t_seconds"]?.numberValue == nil)
            }
            #expect(abs(i["max_depth_m"]!.numberValue! - stay.depth) < 0.1, "\(stay)")
        }
    }

    @Test func theGroupIsPushedIntoLithuaniaAndEndsBackInBelarus() throws {
        let (_, result) = try run()
        let belarus = try PreparedGeometry(
            GeometryContext().make(
                try #require(result.scenario.states.first { $0.id == "BY" }).territory))
        let ctx = belarus.base.context
        let group = result.tracks.filter { $0.unit == "migrants" }
        #expect(group.count == 13)
        for track in group {
            #expect(
                try !track.positions.allSatisfy { try belarus.covers(ctx.point($0)) },
                "member \(track.member) never crossed")
            #expect(
                try belarus.covers(ctx.point(track.positions.last!)), "member \(track.member) ended outside Belarus")
        }
        #expect(result.incursions.allSatisfy { $0.affiliation == "BY" })
    }
}
