import BorderGeometry
import Foundation
import Testing

@testable import BorderSim
@testable import BorderSimIO

/// RFC 7946 checks on every GeoJSON file written, independent of the goldens.
@Suite("Output: RFC 7946 properties")
struct OutputGeoJSONTests {
    static let geoJSONFiles = OutputWriter.fileNames.filter { $0.hasSuffix(".geojson") }

    /// Writes the sample with every optional file and returns the folder (under `root`).
    static func writeSample(into root: String, options: OutputOptions = OutputOptions(positions: true, kepler: true))
        throws -> String
    {
        let out = root + "/run"
        _ = try OutputWriter.write(
            OutputSample.result(), provenance: OutputSample.provenance, to: out, options: options)
        return out
    }

    @Test(arguments: geoJSONFiles)
    func followsRFC7946(_ name: String) throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = try Self.writeSample(into: root)
        let data = try #require(FileManager.default.contents(atPath: out + "/" + name))
        let text = String(decoding: data, as: UTF8.self)
        // At most 7 decimals anywhere (coordinates 7, seconds and metres 3); no NaN or infinity.
        #expect(text.firstMatch(of: /\d\.\d{8,}/) == nil)
        #expect(!text.lowercased().contains("nan") && !text.lowercased().contains("inf"))

        let root0 = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root0["type"] as? String == "FeatureCollection")
        #expect(!Self.containsKey("crs", in: root0), "RFC 7946 §4: no crs member")
        let features = try #require(root0["features"] as? [[String: Any]])
        #expect(!features.isEmpty)
        let dimensions = name == "trajectories-kepler.geojson" ? 4 : 2  // kepler: [lon, lat, 0, epoch seconds]
        for feature in features {
            #expect(feature["type"] as? String == "Feature")
            #expect(feature["properties"] is [String: Any])
            let geometry = try #require(feature["geometry"] as? [String: Any])
            try Self.check(geometry, dimensions: dimensions)
        }
    }

    @Test func polygonsFollowTheRightHandRule() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = try Self.writeSample(into: root)
        let data = try #require(FileManager.default.contents(atPath: out + "/zones.geojson"))
        let collection = try JSONDecoder().decode(GeoJSONFeatureCollection.self, from: data)
        var polygons = 0
        for feature in collection.features {
            guard case .polygon(let rings) = feature.geometry else { continue }
            polygons += 1
            #expect(
                Self.signedArea(rings[0]) > 0, "exterior ring of \(feature.properties["name"] ?? .null) is clockwise")
            for hole in rings.dropFirst() { #expect(Self.signedArea(hole) < 0) }
        }
        // Two territories (one given clockwise in the scenario) and the zone.
        #expect(polygons == 3)
    }

    /// The transform agrees with PROJ's own tool:
    /// `echo "5985000 565000" | cs2cs -d 9 EPSG:3346 EPSG:4326` → 53.998438146 24.991396140.
    @Test func coordinatesMatchCs2cs() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = try Self.writeSample(into: root)
        let data = try #require(FileManager.default.contents(atPath: out + "/events.geojson"))
        let collection = try JSONDecoder().decode(GeoJSONFeatureCollection.self, from: data)
        // Event 1 is the first incursion start, at (565000, 5985000) on the line.
        guard case .point(let p) = collection.features[1].geometry else {
            Issue.record("not a point")
            return
        }
        #expect(p == Coordinate(x: 24.9913961, y: 53.9984381))
        // (565010, 5985030) → 53.998706432 24.991555043: the stationary guard.
        let tracks = try JSONDecoder().decode(
            GeoJSONFeatureCollection.self,
            from: #require(FileManager.default.contents(atPath: out + "/trajectories.geojson")))
        guard case .lineString(let guardLine) = tracks.features[2].geometry else {
            Issue.record("not a line")
            return
        }
        #expect(guardLine.allSatisfy { $0 == Coordinate(x: 24.991555, y: 53.9987064) })
    }

    static func containsKey(_ key: String, in value: Any) -> Bool {
        if let object = value as? [String: Any] {
            return object.keys.contains(key) || object.values.contains { containsKey(key, in: $0) }
        }
        if let array = value as? [Any] { return array.contains { containsKey(key, in: $0) } }
        return false
    }

    static func check(_ geometry: [String: Any], dimensions: Int) throws {
        let type = try #require(geometry["type"] as? String)
        let coordinates = try #require(geometry["coordinates"])
        func position(_ p: Any) {
            guard let numbers = p as? [Double], numbers.count == dimensions else {
                Issue.record("\(type): bad position \(p)")
                return
            }
            #expect((-180...180).contains(numbers[0]) && (-90...90).contains(numbers[1]), "\(numbers) out of range")
        }
        func ring(_ r: Any) {
            guard let positions = r as? [Any] else {
                Issue.record("bad ring")
                return
            }
            #expect(positions.count >= 4, "a linear ring needs 4 positions")
            #expect((positions.first as? [Double]) == (positions.last as? [Double]), "ring not closed")
            positions.forEach(position)
        }
        switch type {
        case "Point": position(coordinates)
        case "LineString":
            let positions = try #require(coordinates as? [Any])
            #expect(positions.count >= 2, "a LineString needs 2 positions")
            positions.forEach(position)
        case "Polygon": try #require(coordinates as? [Any]).forEach(ring)
        case "MultiPolygon": try #require(coordinates as? [[Any]]).forEach { $0.forEach(ring) }
        default: Issue.record("unexpected geometry type \(type)")
        }
    }

    @Test func anEmptyRunWritesValidEmptyFiles() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = RunResult(
            scenario: OutputSample.scenario(), seed: 1, events: [], incursions: [], sampleTicks: [],
            tracks: [], endTime: 0)
        _ = try OutputWriter.write(
            result, provenance: OutputSample.provenance, to: root + "/run",
            options: OutputOptions(positions: true, kepler: true))
        for name in Self.geoJSONFiles where name != "zones.geojson" {
            let data = try #require(FileManager.default.contents(atPath: root + "/run/" + name))
            #expect(try JSONDecoder().decode(GeoJSONFeatureCollection.self, from: data).features.isEmpty, "\(name)")
        }
        #expect(
            try String(contentsOfFile: root + "/run/events.csv", encoding: .utf8).split(separator: "\r\n").count == 1)
        #expect(try String(contentsOfFile: root + "/run/events.geojsons", encoding: .utf8).isEmpty)
        #expect(Timeline.lines(for: result).isEmpty)
    }

    /// Twice the signed area (shoelace): positive for a counter-clockwise ring.
    static func signedArea(_ ring: [Coordinate]) -> Double {
        zip(ring, ring.dropFirst()).reduce(0) { $0 + ($1.0.x * $1.1.y - $1.1.x * $1.0.y) }
    }
}
