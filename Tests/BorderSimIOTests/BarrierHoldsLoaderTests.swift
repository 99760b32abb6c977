import BorderGeometry
import BorderSim
import Foundation
import Testing

@testable import BorderSimIO

/// A barrier unit's `holds:` read from scenario files, on the synthetic straight border
/// (`LoaderFixtures`: km 0 at 25.0 E 54.0 N, running north; LT west, BY east): the same words
/// as a fence's, relative to the barrier's state, and its errors located where they are written.
@Suite("Scenario loader: whom a barrier holds")
struct BarrierHoldsLoaderTests {
    /// A Lithuanian barrier line 10 m inside Lithuania at km 1, facing Belarus (it steps 1 mm
    /// east), and a Belarusian officer walking from 20 m inside Belarus to 30 m inside Lithuania.
    static func yaml(barrier: String, kind: String = "kind: officers, state: LT") -> String {
        """
        version: 1
        name: barrier holds
        world: {geodata: ../geodata/test-border.geojson, crs: EPSG:3346, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 2 min}
        units:
          - {id: line, \(kind), size: 12, spacing: 1.5 m, speed: 0.5 m/s, speed_variation: 0, spread: 0 m, formation: line, \(barrier)
             start: {border_km: 1, offset: 10.001 m, side: LT}, orders: [{go_to: {border_km: 1, offset: 10 m, side: LT}}]}
          - id: by-o
            kind: officers
            state: BY
            size: 1
            start: {border_km: 1, offset: 20 m, side: BY}
            spread: 0 m
            speed: 1 m/s
            speed_variation: 0
            orders: [{go_to: {border_km: 1, offset: 30 m, side: LT}}]
        """
    }

    static func holds(_ barrier: String, kind: String = "kind: officers, state: LT") throws -> Set<String> {
        try LoaderFixtures.load(yaml(barrier: barrier, kind: kind)).scenario.units[0].holds
    }

    @Test func holdsIsReadRelativeToTheBarriersState() throws {
        #expect(try Self.holds("barrier: true,") == ["migrants"])
        #expect(try Self.holds("barrier: true, holds: [all],") == ["migrants", "LT", "BY"])
        #expect(try Self.holds("barrier: true, holds: all,") == ["migrants", "LT", "BY"])
        #expect(try Self.holds("barrier: true, holds: [officers],") == ["LT", "BY"])
        #expect(try Self.holds("barrier: true, holds: [own-officers],") == ["LT"])
        #expect(try Self.holds("barrier: true, holds: [migrants, foreign-officers],") == ["migrants", "BY"])
        #expect(try Self.holds("barrier: true, holds: BY,") == ["BY"])
        #expect(try Self.holds("barrier: true, holds: [officers],", kind: "kind: migrants") == ["LT", "BY"])
        // With `barrier: false` it is read and the unit holds no one (it is no barrier).
        let loose = try LoaderFixtures.load(Self.yaml(barrier: "barrier: false, holds: [all],")).scenario.units[0]
        #expect(!loose.isBarrier)
    }

    @Test func aBarrierThatHoldsAllStopsTheForeignOfficerInFrontOfIt() throws {
        func run(_ barrier: String) throws -> RunResult {
            try Simulation(scenario: LoaderFixtures.load(Self.yaml(barrier: barrier)).scenario).run()
        }
        // Held, he stands 0.5 m in front of the line, 9.5 m inside Lithuania.
        let held = try run("barrier: true, holds: [all],")
        let incursion = try #require(held.incursions.first { $0.unit == "by-o" && $0.boundary == "mapped" })
        #expect(abs(incursion.maxDepth - 9.5) < 1e-3, "\(incursion.maxDepth)")
        // By default he walks through to 30 m inside.
        let through = try run("barrier: true,")
        let free = try #require(through.incursions.first { $0.unit == "by-o" && $0.boundary == "mapped" })
        #expect(abs(free.maxDepth - 30) < 1e-3, "\(free.maxDepth)")
    }

    @Test func anUnknownWordIsReportedWhereItIsWritten() throws {
        let error = try LoaderFixtures.error(Self.yaml(barrier: "barrier: true, holds: [migrant],"))
        let file = try LoaderFixtures.inlinePath
        #expect(
            error.description
                == "\(file):5:158: units[0].holds[0]: expected one of: all, migrants, officers, "
                + "foreign-officers, own-officers, LT, BY; did you mean 'migrants'?; found \"migrant\"",
            "\(error)")
    }

    @Test(arguments: [
        // (the unit's barrier keys, its kind, what the error says)
        ("barrier: true, holds: [],", "kind: officers, state: LT", "expected at least one of"),
        ("barrier: true, holds: [all, all],", "kind: officers, state: LT", "'all' is listed twice"),
        ("barrier: true, holds: {all: 1},", "kind: officers, state: LT", "a list of whom the barrier holds"),
        ("barrier: true, holds: [PL],", "kind: officers, state: LT", "expected one of: all, migrants"),
        ("barrier: true, holds: [own-officers],", "kind: migrants", "'own-officers' needs the barrier's state"),
        ("holds: [all],", "kind: officers, state: LT", "'holds' is for a barrier; add 'barrier: true'"),
    ])
    func badHoldsAreReportedWhereTheyAreWritten(barrier: String, kind: String, message: String) throws {
        let error = try LoaderFixtures.error(Self.yaml(barrier: barrier, kind: kind))
        #expect(error.line == 5 && error.description.contains(message), "\(error)")
        #expect(error.description.hasPrefix(try LoaderFixtures.inlinePath + ":5:"), "\(error)")
        #expect(error.description.contains("units[0].holds"), "\(error)")
    }
}
