import BorderGeometry
import BorderSim
import Foundation
import Testing

@testable import BorderSimIO

/// Fences read with `holds:` and `frame:`, run on the synthetic straight border (km 0 at
/// 25.0 E 54.0 N, running north; LT west, BY east): a fence 5 m inside Lithuania from km 0.5
/// to km 1.5, and a Belarusian officer walking straight across at 1 m/s from 20 m inside
/// Belarus to 30 m inside Lithuania at km 1, so over the mapped line at 20 s and the fence at 25 s.
@Suite("Fences: holds and the fence line as a frame")
struct FenceFrameTests {
    static func yaml(fence: String, expect: String = "") -> String {
        """
        version: 1
        name: fence frame
        world: {geodata: ../geodata/test-border.geojson, crs: EPSG:3346, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
        zones:
          - {name: strip, from_border: {from: km 2, to: km 3, width: 4 m}}
        fences:
          - \(fence)
        units:
          - id: by-o
            kind: officers
            state: BY
            size: 1
            start: {border_km: 1, offset: 20 m, side: BY}
            spread: 0 m
            speed: 1 m/s
            speed_variation: 0
            orders: [{go_to: {border_km: 1, offset: 30 m, side: LT}}]
        \(expect)
        """
    }

    static let wire =
        "{name: wire, along_border: {from: km 0.5, to: km 1.5, offset: 5 m, side: LT}, climb: 1 h, frame: true"

    static func run(_ fence: String) throws -> RunResult {
        try Simulation(scenario: LoaderFixtures.load(yaml(fence: fence)).scenario).run()
    }

    @Test func anOfficerThroughAFenceThatHoldsMigrantsIsInAnIncursionBeyondItFromWhenHePassedIt() throws {
        let r = try Self.run(Self.wire + ", holds: [migrants]}")
        #expect(!r.events.contains { $0.kind == .fenceReached })
        let mapped = try #require(r.incursions.first { $0.boundary == "mapped" })
        let wire = try #require(r.incursions.first { $0.boundary == "wire" })
        #expect(abs(mapped.entryTime - 20) < 1e-6, "\(mapped.entryTime)")
        #expect(abs(wire.entryTime - 25) < 1e-6, "\(wire.entryTime)")
        #expect(wire.fromState == "BY" && wire.intoState == "LT" && !wire.isZone && wire.exitTime == nil)
        // He ends 30 m inside Lithuania: 25 m beyond the fence.
        #expect(abs(wire.maxDepth - 25) < 1e-6, "\(wire.maxDepth)")
        #expect(abs(mapped.maxDepth - 30) < 1e-6, "\(mapped.maxDepth)")
        let start = try #require(r.events.first { $0.kind == .incursionStart && $0.boundary == "wire" })
        #expect(abs(start.time - 25) < 1e-6)
    }

    @Test func aFenceThatHoldsAllStopsTheOfficerInFrontOfItAndOnlyTheMappedLineIsCrossed() throws {
        let r = try Self.run(Self.wire + ", holds: [all]}")
        let reached = try #require(r.events.first { $0.kind == .fenceReached })
        #expect(reached.unit == "by-o" && abs(reached.time - 24.95) < 1e-6, "\(reached.time)")
        #expect(!r.incursions.contains { $0.boundary == "wire" })
        let mapped = try #require(r.incursions.first { $0.boundary == "mapped" })
        #expect(abs(mapped.maxDepth - 4.95) < 1e-6, "\(mapped.maxDepth)")
    }

    @Test func holdsIsReadRelativeToTheFencesState() throws {
        func holds(_ fence: String) throws -> Set<String> {
            try #require(LoaderFixtures.load(Self.yaml(fence: fence)).scenario.fences.first).holds
        }
        let along = "{name: w, along_border: {from: km 0.5, to: km 1.5, offset: 5 m, side: LT}"
        #expect(try holds(along + "}") == ["migrants"])
        #expect(try holds(along + ", holds: [migrants, foreign-officers]}") == ["migrants", "BY"])
        #expect(try holds(along + ", holds: [own-officers]}") == ["LT"])
        #expect(try holds(along + ", holds: [all]}") == ["migrants", "LT", "BY"])
        #expect(try holds(along + ", holds: [officers]}") == ["LT", "BY"])
        #expect(try holds(along + ", holds: all}") == ["migrants", "LT", "BY"])
        #expect(try holds(along + ", holds: [BY], state: BY}") == ["BY"])
        let places = "{name: w, places: [[24.999, 54.01], [24.999, 54.02]], state: LT, holds: [foreign-officers]}"
        #expect(try holds(places) == ["BY"])
    }

    @Test func aFenceFrameIsAFrameOfTheScenarioThatExpectationsCanName() throws {
        let loaded = try LoaderFixtures.load(
            Self.yaml(
                fence: Self.wire + "}",
                expect: """
                    expect:
                      - {metric: incursions, boundary: wire, affiliation: BY, equals: 1}
                    """))
        #expect(loaded.scenario.frames.map(\.name) == ["mapped", "wire"])
        let r = try Simulation(scenario: loaded.scenario).run()
        let outcomes = r.checkExpectations()
        #expect(outcomes.count == 1 && outcomes.allSatisfy(\.holds), "\(outcomes)")
    }

    /// The same fence drawn through two lon/lat places 5 m inside Lithuania at km 0.5 and km 1.5.
    static var wireByPlaces: String {
        get throws {
            let a = try PlaceLocationTests.lonLat(km: 0.5, offset: 5, toward: "LT")
            let b = try PlaceLocationTests.lonLat(km: 1.5, offset: 5, toward: "LT")
            return "{name: wire, places: [[\(a.x), \(a.y)], [\(b.x), \(b.y)]], climb: 1 h, frame: true"
        }
    }

    @Test func aFenceDrawnThroughPlacesIsAFrameToo() throws {
        let r = try Self.run(Self.wireByPlaces + ", holds: [migrants]}")
        let wire = try #require(r.incursions.first { $0.boundary == "wire" })
        #expect(abs(wire.entryTime - 25) < 1e-6, "\(wire.entryTime)")
        #expect(abs(wire.maxDepth - 25) < 1e-6, "\(wire.maxDepth)")
        #expect(wire.fromState == "BY" && wire.intoState == "LT")
    }

    @Test func aFenceThatEnclosesNoStripCannotBeAFrame() throws {
        let a = try PlaceLocationTests.lonLat(km: 1, offset: 5, toward: "LT")
        let b = try PlaceLocationTests.lonLat(km: 1, offset: 50, toward: "LT")
        let error = try LoaderFixtures.error(
            Self.yaml(fence: "{name: w, places: [[\(a.x), \(a.y)], [\(b.x), \(b.y)]], frame: true}"))
        #expect(error.line == 7 && error.description.contains("encloses no strip"), "\(error)")
        // Across the border and back: the strip's outline crosses itself.
        let c = try PlaceLocationTests.lonLat(km: 1, offset: 5, toward: "BY")
        let d = try PlaceLocationTests.lonLat(km: 1.5, offset: 5, toward: "LT")
        let zigzag = "{name: w, places: [[\(a.x), \(a.y)], [\(c.x), \(c.y)], [\(d.x), \(d.y)]], state: LT, frame: true}"
        let crossing = try LoaderFixtures.error(Self.yaml(fence: zigzag))
        #expect(crossing.line == 7 && crossing.description.contains("do not enclose a strip"), "\(crossing)")
    }

    @Test(arguments: [
        // (fence, line of the error, what it says)
        ("{name: w, along_border: {from: km 0.5, to: km 1.5}, frame: true}", "offset 0"),
        ("{name: w, places: [[24.999, 54.01], [24.999, 54.02]], holds: [foreign-officers]}", "needs the fence's state"),
        ("{name: w, along_border: {from: km 0.5, to: km 1.5}, holds: [migrant]}", "did you mean 'migrants'?"),
        ("{name: w, along_border: {from: km 0.5, to: km 1.5}, holds: []}", "expected at least one"),
        ("{name: w, along_border: {from: km 0.5, to: km 1.5}, holds: [all, all]}", "listed twice"),
        ("{name: w, along_border: {from: km 0.5, to: km 1.5}, holds: {all: 1}}", "a list of whom the fence holds"),
        ("{name: strip, along_border: {from: km 0.5, to: km 1.5, offset: 5 m, side: LT}, frame: true}", "duplicate"),
    ])
    func badFencesAreReportedWhereTheyAreWritten(fence: String, message: String) throws {
        let error = try LoaderFixtures.error(Self.yaml(fence: fence))
        #expect(error.line == 7 && error.description.contains(message), "\(error)")
        #expect(error.description.hasPrefix(try LoaderFixtures.inlinePath + ":7:"), "\(error)")
    }
}
