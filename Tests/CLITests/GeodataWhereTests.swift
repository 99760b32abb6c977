import BorderGeometry
import Foundation
import Testing

/// `bordersim geodata --where LON,LAT` end to end: the km mark, side and distance from the line
/// of a point built at a known place, and located errors with exit 2 for what is not a point
/// of the geodata, on the command line or in a scenario's places.
@Suite("CLI: geodata --where and lon/lat places")
struct GeodataWhereTests {
    static let testBorder = "Tests/BorderSimIOTests/Fixtures/geodata/test-border.geojson"

    /// The lon/lat `km` km along the synthetic border (straight in EPSG:3346 from 25.0 E 54.0 N
    /// to 25.0 E 54.1 N) and `offset` metres off it to the west (LT) or east (BY).
    static func point(km: Double, offset: Double, west: Bool) throws -> Coordinate {
        let toMetric = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3346")
        let o = try toMetric.apply(Coordinate(x: 25.0, y: 54.0))
        let e = try toMetric.apply(Coordinate(x: 25.0, y: 54.1))
        let length = ((e.x - o.x) * (e.x - o.x) + (e.y - o.y) * (e.y - o.y)).squareRoot()
        let d = Coordinate(x: (e.x - o.x) / length, y: (e.y - o.y) / length)
        // West of a line running north is its left.
        let side = west ? 1.0 : -1.0
        let p = Coordinate(
            x: o.x + d.x * km * 1000 - side * d.y * offset, y: o.y + d.y * km * 1000 + side * d.x * offset)
        return try CoordinateTransform(from: "EPSG:3346", to: "EPSG:4326").apply(p)
    }

    @Test(arguments: [(1.2, 50.0, true), (7.5, 250.0, false), (10.0, 3.0, true)])
    func wherePrintsTheKmMarkSideAndDistanceOfAKnownPoint(km: Double, offset: Double, west: Bool) throws {
        let p = try Self.point(km: km, offset: offset, west: west)
        let r = try CLI.run(["geodata", Self.testBorder, "--where", "\(p.x),\(p.y)"])
        #expect(r.status == 0, "\(r.stderr)")
        let line = r.stdout.trimmingCharacters(in: .newlines)
        // "LT-BY: km 1.2, in LT, 50.0 m from the line (nearest point of the line: …)"
        let parts = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(parts.count >= 3 && parts[0].hasPrefix("LT-BY: km "), "\(line)")
        guard parts.count >= 3 else { return }
        let shownKm = try #require(Double(parts[0].dropFirst("LT-BY: km ".count)))
        #expect(abs(shownKm - km) < 0.001, "\(line)")
        #expect(parts[1] == "in " + (west ? "LT" : "BY"), "\(line)")
        let metres = try #require(Double(parts[2].split(separator: " ")[0]))
        #expect(parts[2].contains(" m from the line (nearest point of the line: lon "), "\(line)")
        #expect(abs(metres - offset) < 1, "\(line)")
    }

    @Test(arguments: [
        // (value of --where, what stderr must say)
        ("25.8,abc", "--where:1:6: expected the latitude as a decimal number of degrees"),
        ("25.8", "--where:1:1: expected LON,LAT"),
        ("1,2,3", "--where:1:1: expected LON,LAT"),
        ("0x19,54", "--where:1:1: expected the longitude as a decimal number"),
        ("25.8, nan", "--where:1:7: expected the latitude as a decimal number"),
        ("254.1,25.8", "--where:1:1: expected a longitude between -180 and 180 degrees"),
        ("25.8,-91", "--where:1:6: expected a latitude between -90 and 90 degrees"),
    ])
    func aValueThatIsNotLonLatIsALocatedUsageError(value: String, message: String) throws {
        let r = try CLI.run(["geodata", "--where", value])
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test(arguments: [
        ("10,10", "outside the corridor of every border given"),
        ("-179.9,-89.9", "outside the corridor of every border given"),
        ("54.1436,25.8467", "did you swap lon and lat?"),
    ])
    func aPointOutsideEveryCorridorExitsTwo(value: String, message: String) throws {
        // `--where=` so that a leading minus is not read as a flag.
        let r = try CLI.run(["geodata", "--where=" + value])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--where:1:1: the point") && r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty, "\(r.stdout)")
    }

    /// A scenario's lon/lat place that is not one is refused where it is written, exit 2.
    @Test(arguments: [
        ("[10.0, 10.0]", "is", "outside the geodata corridor"),
        ("[54.1436, 25.8467]", "is", "did you swap lon and lat?"),
        ("[-179.9, -89.9]", "is", "outside"),
        ("[25.8]", "is", "expected [longitude, latitude], two numbers"),
        ("[25.8, 54.1, 3]", "is", "expected [longitude, latitude], two numbers"),
        ("[east, 54.1]", "item", "a longitude in degrees"),
        ("{lon: 25.8}", "is", "missing required key 'lat'"),
    ])
    func aBadLonLatInAScenarioIsALocatedError(place: String, at: String, message: String) throws {
        let old = "start: {border_km: 306.0, offset: 30 m, side: LT}"
        let path = try FrontDoorTests.variant(of: "incursion.yaml", replacing: old, with: "start: " + place)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CLI.run(["validate", path])
        #expect(r.status == 2, "\(r.stderr)")
        let line = try FrontDoorTests.line(of: "start: " + place, in: path)
        // The place's own column, or its first item's.
        let column = 12 + (at == "item" ? 1 : 0)
        #expect(r.stderr.contains("\(path):\(line):\(column): units[1].start"), "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }
}
