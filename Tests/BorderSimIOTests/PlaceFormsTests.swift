import BorderGeometry
import BorderSim
import Foundation
import Testing

@testable import BorderSimIO

/// Every place a scenario names (routes, zones, fences, cameras, claims, arrivals, units) may be
/// written in lon/lat as well as by km mark, and `geodata --where` turns a lon/lat back into
/// the km mark, side and distance the place resolver started from.
@Suite("Places: every form, lon/lat and km marks")
struct PlaceFormsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// On the real LT–BY border: a unit placed by the resolver at a km mark and offset, taken
    /// to lon/lat by PROJ and located again, is at that km mark, side and distance within 1 m.
    @Test(arguments: [
        (50.0, 30.0, "LT"), (143.2, 100.0, "BY"), (303.4, 5.0, "BY"), (303.4, 5.0, "LT"),
        (450.0, 250.0, "LT"),
    ])
    func aPlaceAtAKmMarkIsLocatedThereFromItsLonLat(km: Double, offset: Double, side: String) throws {
        let yaml = """
            version: 1
            name: round trip
            world: {geodata: ../geodata/lt-by.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            units:
              - {id: g, kind: migrants, size: 1, start: {border_km: \(km), offset: \(offset) m, side: \(side)}, speed: 1 m/s}
            """
        let loaded = try ScenarioLoader.load(
            contents: Data(yaml.utf8),
            path: Self.repository.appendingPathComponent("scenarios/inline.yaml").path)
        let metric = try #require(loaded.scenario.units.first).start
        let lonLat = try CoordinateTransform(from: loaded.scenario.crs, to: "EPSG:4326").apply(metric)
        let summary = try GeodataSummary(path: Self.repository.appendingPathComponent("geodata/lt-by.geojson").path)
        let location = try summary.locate(lonLat)
        #expect(abs(location.distanceAlong - km * 1000) < 1, "km \(location.distanceAlong / 1000)")
        #expect(abs(location.distanceFromLine - offset) < 1, "\(location.distanceFromLine) m")
        #expect(location.state == side)
    }

    /// The lon/lat of the point `offset` metres into LT at km `km` of the synthetic border.
    static func lonLat(km: Double, offset: Double = 30) throws -> String {
        let p = try PlaceLocationTests.lonLat(km: km, offset: offset, toward: "LT")
        return "[\(p.x), \(p.y)]"
    }

    static func scenario(_ km: (Double) throws -> String) throws -> Scenario {
        try LoaderFixtures.load(
            """
            version: 1
            name: places
            world: {geodata: ../geodata/test-border.geojson, crs: EPSG:3346, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            zones:
              - {name: ditch, from_border: {from: \(km(1)), to: \(km(2)), width: 4 m}}
            claims:
              - {name: by-claim, state: BY, offset: 3 m, from: \(km(3)), to: \(km(4))}
            fences:
              - {name: wire, along_border: {from: \(km(5)), to: \(km(6)), offset: 5 m, side: LT}, gaps: [{from: \(km(5.2)), to: \(km(5.3))}]}
            cameras:
              - {id: band, state: LT, along_border: {from: \(km(7)), to: \(km(8)), depth: 100 m, side: LT}, detection: {probability: 0.1}}
            arrivals:
              - {name: flow, from: BY, into: LT, people_per_day: 10, group_size: {min: 1, max: 2}, speed: 3 km/h, drop_off: [{from: \(km(9)), to: \(km(10))}]}
            units:
              - id: o
                kind: officers
                state: LT
                size: 1
                start: {border_km: 1, offset: 50 m, side: LT}
                speed: 1 m/s
                orders: [{follow_route: {along_border: {from: \(km(2)), to: \(km(1)), offset: 10 m, side: LT}, mode: back-and-forth}}]
            """
        ).scenario
    }

    @Test func everyStretchOfBorderMayStartAndEndAtALonLat() throws {
        let byKm = try Self.scenario { "km \($0)" }
        let byLonLat = try Self.scenario { try Self.lonLat(km: $0) }
        func close(_ a: [Coordinate], _ b: [Coordinate]) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { abs($0.x - $1.x) < 1e-6 && abs($0.y - $1.y) < 1e-6 }
        }
        let ctx = GeometryContext()
        func same(_ a: GeometryValue, _ b: GeometryValue) throws -> Bool {
            try ctx.make(a).difference(ctx.make(b)).area() < 1e-6 && ctx.make(b).difference(ctx.make(a)).area() < 1e-6
        }
        #expect(try same(byKm.zones[0].area, byLonLat.zones[0].area))
        #expect(abs(try ctx.make(byLonLat.zones[0].area).area() - 4000) < 1e-3)
        #expect(try same(byKm.frames[1].territories[0].area, byLonLat.frames[1].territories[0].area))
        #expect(close(byKm.fences[0].line, byLonLat.fences[0].line))
        let gap = try #require(byLonLat.fences[0].gaps.first)
        #expect(abs(gap.lowerBound - 200) < 1e-6 && abs(gap.upperBound - 300) < 1e-6, "\(gap)")
        #expect(try same(byKm.cameras[0].coverage, byLonLat.cameras[0].coverage))
        let drop = try #require(byLonLat.arrivals.first?.dropOffs.first)
        #expect(abs(drop.from - 9000) < 1e-6 && abs(drop.to - 10000) < 1e-6)
        guard case .followRoute(let km, _) = byKm.units[0].orders[0].action,
            case .followRoute(let ll, _) = byLonLat.units[0].orders[0].action
        else {
            Issue.record("the order is not follow_route")
            return
        }
        #expect(km.count >= 2 && close(km, ll), "\(km) \(ll)")
    }
}
