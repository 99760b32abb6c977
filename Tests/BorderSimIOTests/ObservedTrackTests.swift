import BorderGeometry
import Foundation
import Testing

@testable import BorderSimIO

/// Observed tracks read from every format `judge` takes, and the located errors of bad ones.
@Suite("Observed tracks: GeoJSON, CSV, GPX")
struct ObservedTrackTests {
    /// Writes `text` to a temporary file named `name`; the path.
    static func file(_ name: String, _ text: String) throws -> String {
        let folder = OutputSample.temporaryFolder()
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func error(_ name: String, _ text: String) throws -> ScenarioError {
        let path = try file(name, text)
        return try #require(throws: ScenarioError.self) { try ObservedTracks.read(path: path) }
    }

    /// A run's own trajectories and positions read back as the run wrote them.
    @Test func aRunsTrajectoriesAndPositionsReadBackAsItsTracks() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = try OutputGeoJSONTests.writeSample(into: root)
        let lines = try ObservedTracks.read(path: out + "/trajectories.geojson")
        let points = try ObservedTracks.read(path: out + "/positions.geojson")
        #expect(lines.people.map(\.id) == ["by-officers#0", "by-officers#1", "lt-guards#0"])
        #expect(lines.people.map(\.unit) == ["by-officers", "by-officers", "lt-guards"])
        #expect(lines.people.map(\.affiliation) == ["BY", "BY", "LT"])
        let seconds = [0.0, 5.25, 10, 20, 30]
        for person in lines.people {
            #expect(person.fixes.map(\.time) == seconds.map { OutputSample.start + $0 })
            #expect(person.fixes.allSatisfy { $0.utcOffset == 10800 })
        }
        #expect(points.people.map(\.id) == lines.people.map(\.id))
        for (a, b) in zip(points.people, lines.people) {
            #expect(a.fixes.map(\.time) == b.fixes.map(\.time))
            #expect(a.fixes.map(\.position) == b.fixes.map(\.position))
        }
        // The first vertex of by-officers#0, as trajectories.geojson has it.
        let first = try #require(lines.people.first?.fixes.first)
        let metric = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3346").apply(first.position)
        #expect(abs(metric.x - 565000) < 0.01 && abs(metric.y - 5_984_980) < 0.01)
        #expect(
            first.source.hasSuffix(
                "trajectories.geojson:" + first.source.split(separator: ":").suffix(2).joined(separator: ":")))
    }

    @Test func csvRowsMayInterleaveAndCarryUncertainty() throws {
        let path = try Self.file(
            "fixes.csv",
            """
            id,time,lon,lat,uncertainty_m,affiliation\r
            "a, the first",2021-08-17T15:00:00+03:00,25.5,54.2,3,BY\r
            b,2021-08-17T12:00:00Z,25.6,54.3,,migrants\r
            "a, the first",2021-08-17T15:00:10+03:00,25.5001,54.2001,4.5,BY\r
            """)
        let tracks = try ObservedTracks.read(path: path)
        #expect(tracks.people.map(\.id) == ["a, the first", "b"])
        #expect(tracks.people[0].fixes.map(\.uncertainty) == [3, 4.5])
        #expect(tracks.people[0].fixes.map(\.time) == [1_629_201_600, 1_629_201_610])
        #expect(tracks.people[1].fixes[0].uncertainty == nil && tracks.people[1].affiliation == "migrants")
        #expect(tracks.people[0].fixes[1].source == path + ":4:1")
    }

    @Test func gpxTracksAreNamedPeopleWithUTCFixes() throws {
        let path = try Self.file(
            "walk.gpx",
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
              <wpt lat="54.0" lon="25.0"><name>camp</name></wpt>
              <trk><name>guard 7</name><trkseg>
                <trkpt lat="54.20" lon="25.50"><time>2021-08-17T12:07:00Z</time></trkpt>
                <trkpt lat="54.21" lon="25.51"><ele>150</ele><time>2021-08-17T12:07:05Z</time></trkpt>
              </trkseg></trk>
              <trk><trkseg><trkpt lat="54.3" lon="25.6"><time>2021-08-17T12:08:00.5Z</time></trkpt></trkseg></trk>
            </gpx>
            """)
        let tracks = try ObservedTracks.read(path: path, crs: "EPSG:3346")
        #expect(tracks.crs == "EPSG:4326")
        #expect(tracks.people.map(\.id) == ["guard 7", "track 2"])
        #expect(
            tracks.people[0].fixes.map(\.position) == [Coordinate(x: 25.5, y: 54.2), Coordinate(x: 25.51, y: 54.21)])
        #expect(tracks.people[1].fixes.map(\.time) == [1_629_202_080.5])
    }

    /// Two LineStrings of one person at separate times are one track; at overlapping times, an error.
    @Test func piecesOfOneTrackJoinUnlessTheyOverlap() throws {
        func feature(_ times: [String]) -> String {
            "{\"type\":\"Feature\",\"properties\":{\"person\":\"p\",\"times\":["
                + times.map { "\"\($0)\"" }.joined(separator: ",")
                + "]},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[25.5,54.2],[25.6,54.3]]}}"
        }
        let t = (0..<4).map { "2021-08-17T12:00:0\($0)Z" }
        let joined = try ObservedTracks.read(
            path: Self.file(
                "p.geojson",
                """
                {"type":"FeatureCollection","features":[\(feature([t[2], t[3]])),
                \(feature([t[0], t[1]]))]}
                """))
        #expect(joined.people.count == 1 && joined.people[0].fixes.count == 4)
        let overlap = try Self.error(
            "p.geojson",
            """
            {"type":"FeatureCollection","features":[
            \(feature([t[0], t[2]])),
            \(feature([t[1], t[3]]))]}
            """)
        #expect(overlap.kind == .duplicate && overlap.line == 3, "\(overlap)")
        #expect(overlap.description.contains("person 'p' has two tracks at overlapping times"))
    }

    @Test func badInputIsLocated() throws {
        let unsorted = try Self.error(
            "u.csv", "id,time,lon,lat\na,2021-08-17T12:00:05Z,25,54\na,2021-08-17T12:00:01Z,25,54\n")
        #expect(
            unsorted.location.hasSuffix("u.csv:3:1") && unsorted.message.contains("not in time order"), "\(unsorted)")
        let noTime = try Self.error(
            "n.geojson",
            """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"person": "a", "time": "2021-08-17T12:00:00Z"},
               "geometry": {"type": "Point", "coordinates": [25, 54]}},
              {"type": "Feature", "properties": {"person": "a"},
               "geometry": {"type": "Point", "coordinates": [25, 54.1]}}]}
            """)
        #expect(noTime.line == 4 && noTime.message.contains("this fix has no time"), "\(noTime)")
        let localTime = try Self.error("l.csv", "id,time,lon,lat\na,2021-08-17T12:00:05,25,54\n")
        #expect(
            localTime.line == 2 && localTime.column == 3 && localTime.message.contains("UTC offset"), "\(localTime)")
        let gpx = try Self.error(
            "g.gpx",
            """
            <gpx version="1.1"><trk><trkseg>
            <trkpt lat="54.2" lon="25.5"></trkpt>
            </trkseg></trk></gpx>
            """)
        #expect(gpx.line == 2 && gpx.message.contains("has no <time>"), "\(gpx)")
        let noColumn = try Self.error("c.csv", "id,when,lon,lat\n")
        #expect(noColumn.line == 1 && noColumn.message.contains("no 'time' column"), "\(noColumn)")
        let kml = try Self.error("t.kml", "<kml/>")
        #expect(kml.message.contains("expected a .geojson, .json, .csv or .gpx file"))
        let broken = try Self.error(
            "b.geojson", "{\"type\": \"FeatureCollection\", \"features\": [\n  {\"type\": \"Feature\"]}")
        #expect(broken.kind == .syntax && broken.line == 2 && broken.message.hasPrefix("malformed JSON"), "\(broken)")
    }
}
