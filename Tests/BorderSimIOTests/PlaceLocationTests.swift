import BorderGeometry
import Foundation
import Testing

@testable import BorderSimIO

/// A lon/lat and a km mark name the same places: `geodata --where` turns a point into a km mark,
/// and a km mark may be written as a point. On the synthetic straight border (km 0 at 25.0 E
/// 54.0 N, running north; LT west, BY east).
@Suite("Places: lon/lat and km marks")
struct PlaceLocationTests {
    static func summary() throws -> GeodataSummary {
        try GeodataSummary(path: LoaderFixtures.path("geodata/test-border.geojson"))
    }

    /// The lon/lat of the point `offset` metres toward `state` from km `km`, through PROJ.
    static func lonLat(km: Double, offset: Double, toward state: String) throws -> Coordinate {
        let world = try BorderWorld(geodata: summary().border, crs: "EPSG:3346")
        let metric = try #require(try world.point(atDistance: km * 1000, offset: offset, toward: state))
        return try CoordinateTransform(from: "EPSG:3346", to: "EPSG:4326").apply(metric)
    }

    @Test(arguments: [(1.2, 50.0, "LT"), (7.5, 250, "BY"), (0.3, 0.02, "BY")])
    func aPointOffTheLineIsLocatedAtItsKmMarkAndSide(km: Double, offset: Double, state: String) throws {
        let location = try Self.summary().locate(Self.lonLat(km: km, offset: offset, toward: state))
        #expect(abs(location.distanceAlong - km * 1000) < 0.001)
        #expect(abs(location.distanceFromLine - offset) < 0.001)
        #expect(location.state == state)
        // The line is straight in EPSG:3346, so only near the meridian it was drawn on in lon/lat.
        #expect(abs(location.nearest.x - 25.0) < 1e-6)
    }

    @Test func theLineExplainsAPointOutsideTheCorridor() throws {
        let summary = try Self.summary()
        let far = try summary.locationLine(Coordinate(x: 26.5, y: 54.05))
        #expect(
            far.hasPrefix("LT-BY: km ") && far.contains("outside the corridor")
                && far.contains("98.24 km from the line"),
            "\(far)")
        let swapped = try summary.locationLine(Coordinate(x: 54.05, y: 24.95))
        #expect(swapped.contains("did you swap lon and lat?"), "\(swapped)")
        let inside = try summary.locationLine(Self.lonLat(km: 2, offset: 10, toward: "LT"))
        #expect(inside.hasPrefix("LT-BY: km 2.0, in LT, 10.0 m from the line"), "\(inside)")
    }

    /// A zone's `from` given as a place starts where that place's km mark is: 4 m × 800 m.
    @Test func aKmMarkMayBeWrittenAsAPlace() throws {
        let p = try Self.lonLat(km: 1.2, offset: 30, toward: "LT")
        let loaded = try LoaderFixtures.load(
            """
            version: 1
            name: km marks as places
            world: {geodata: ../geodata/test-border.geojson, crs: EPSG:3346, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            zones:
              - {name: ditch, from_border: {from: [\(p.x), \(p.y)], to: km 2, width: 4 m}}
              - {name: by-name, from_border: {from: {lon: \(p.x), lat: \(p.y), side: LT}, to: km 2, width: 4 m}}
            units:
              - {id: g, kind: migrants, size: 1, start: [24.99, 54.01], speed: 1 m/s}
            """)
        for zone in loaded.scenario.zones {
            #expect(abs(try GeometryContext().make(zone.area).area() - 3200) < 0.01, "\(zone.name)")
        }
        // A place that is not where it says is still refused, at the place.
        let wrong = try LoaderFixtures.error(
            """
            version: 1
            name: wrong side
            world: {geodata: ../geodata/test-border.geojson, crs: EPSG:3346, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            zones:
              - {name: ditch, from_border: {from: {lon: \(p.x), lat: \(p.y), side: BY}, to: km 2, width: 4 m}}
            units:
              - {id: g, kind: migrants, size: 1, start: [24.99, 54.01], speed: 1 m/s}
            """)
        #expect(wrong.description.contains(":5:") && wrong.description.contains("is in LT"), "\(wrong)")
    }
}
