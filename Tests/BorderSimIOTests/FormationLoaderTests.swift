import BorderGeometry
import BorderSimIO
import Foundation
import Testing

@testable import BorderSim

/// `formation: column | single_file | ring | arc`, and a ring's `surround`, `radius`,
/// `tighten` and `opening`, read from scenario files, with the errors a person can act on.
@Suite("Scenario loader: formations")
struct FormationLoaderTests {
    let file: String

    init() throws { file = try LoaderFixtures.inlinePath }

    func units(_ lines: String...) -> String {
        """
        version: 1
        name: t
        world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
        units:
          - {id: g, kind: migrants, size: 3, start: [25.01, 54.05], speed: 3 km/h}
        """ + lines.map { "\n  - " + $0 }.joined()
    }

    @Test func columnAndSingleFileAreOneFormation() throws {
        let a = try LoaderFixtures.load(
            units(
                "{id: c, kind: officers, state: BY, size: 4, start: [25.01, 54.05], "
                    + "speed: 1 m/s, formation: column}"))
        let b = try LoaderFixtures.load(
            units(
                "{id: c, kind: officers, state: BY, size: 4, start: [25.01, 54.05], "
                    + "speed: 1 m/s, formation: single_file}"))
        #expect(a.scenario.units[1].formation == .column && b.scenario.units[1].formation == .column)
        #expect(a.scenario.units[1].ring == nil)
    }

    @Test func aRingSurroundingAUnitStartsOnItAndTightens() throws {
        let loaded = try LoaderFixtures.load(
            units(
                "{id: r, kind: officers, state: BY, size: 14, speed: 1 km/h, formation: ring, surround: g, radius: 6 m, "
                    + "tighten: {to: 4 m, rate: 0.06 km/h}, barrier: true}"))
        let ring = loaded.scenario.units[1]
        let group = loaded.scenario.units[0]
        #expect(ring.start == group.start && ring.isBarrier)
        #expect(ring.ring == RingShape(surround: "g", radius: 6, tightenTo: 4, rate: 60.0 / 3600, opening: 0))
    }

    @Test func anArcsOpeningIsInDegreesAndItsRadiusFitsItsMembers() throws {
        let arc = try LoaderFixtures.load(
            units(
                "{id: a, kind: officers, state: BY, size: 7, start: [25.01, 54.05], "
                    + "speed: 1 m/s, spacing: 2 m, formation: arc, opening: 120}")
        )
        .scenario.units[1]
        #expect(arc.formation == .arc)
        #expect(abs(arc.ring!.opening - 2 * Double.pi / 3) < 1e-12)
        // 6 gaps of 2 m round the 240° outside the opening.
        #expect(abs(arc.ring!.radius - 12 / (4 * Double.pi / 3)) < 1e-12)
        #expect(arc.ring!.tightenTo == arc.ring!.radius && arc.ring!.rate == 0)
    }

    @Test func misplacedRingKeysAreRefused() throws {
        let onLine = try LoaderFixtures.error(
            units(
                "{id: l, kind: officers, state: BY, size: 2, start: [25.01, 54.05], "
                    + "speed: 1 m/s, formation: line, radius: 5 m}"))
        #expect(
            onLine.description == "\(file):6:111: units[1].radius: 'radius' is for a ring or an arc; add "
                + "'formation: ring' (or arc), or remove 'radius'")
        let closed = try LoaderFixtures.error(
            units(
                "{id: r, kind: officers, state: BY, size: 8, start: [25.01, 54.05], "
                    + "speed: 1 m/s, formation: ring, opening: 90}"))
        #expect(
            closed.description.contains(
                "units[1].opening: a ring is closed; for a ring with a gap use 'formation: arc'"))
        let wide = try LoaderFixtures.error(
            units(
                "{id: a, kind: officers, state: BY, size: 8, start: [25.01, 54.05], "
                    + "speed: 1 m/s, formation: arc, opening: 360}"))
        #expect(
            wide.description.contains("units[1].opening: expected an opening in degrees, more than 0 and less than 360")
        )
        let column = try LoaderFixtures.error(
            units(
                "{id: c, kind: officers, state: BY, size: 4, start: [25.01, 54.05], "
                    + "speed: 1 m/s, formation: column, barrier: true}"))
        #expect(column.description.contains("units[1].barrier: a barrier is a line, ring or arc of people"))
    }

    @Test func theSurroundedUnitMustBeDeclaredAbove() throws {
        let below = try LoaderFixtures.error(
            """
            version: 1
            name: t
            world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            units:
              - {id: r, kind: officers, state: BY, size: 8, speed: 1 m/s, formation: ring, surround: g}
              - {id: g, kind: migrants, size: 3, start: [25.01, 54.05], speed: 3 km/h}
            """)
        #expect(below.kind == .unknownName)
        #expect(
            below.description == "\(file):5:90: units[0].surround: expected the id of a unit declared above: "
                + "'g' is declared below this unit; declare it above, or give this unit a 'start'; found g")
        let typo = try LoaderFixtures.error(
            units(
                "{id: r, kind: officers, state: BY, size: 8, speed: 1 m/s, "
                    + "formation: ring, surround: G}"))
        #expect(
            typo.description.contains(
                "units[1].surround: expected the id of a unit declared above: no unit above "
                    + "is called 'G'; did you mean 'g'?"))
        let itself = try LoaderFixtures.error(
            units(
                "{id: r, kind: officers, state: BY, size: 8, speed: 1 m/s, "
                    + "formation: ring, surround: r}"))
        #expect(itself.description.contains("units[1].surround: a ring cannot surround itself"))
    }
}

/// The known answer on the real border: a BY patrol in single file walking a route laid 2.5 m
/// inside Lithuania along the straight stretch of km 107.0–109.5 (one segment of the geodata
/// line, by Adutiškis) is 2.5 m deep, every member at every step, by GEOS and by its
/// incursion records.
@Suite("Single file along the real border")
struct SingleFileOnTheBorderTests {
    @Test func everyMemberKeepsTwoAndAHalfMetresDeep() throws {
        let yaml = """
            version: 1
            name: single file 2.5 m inside the line
            world: {geodata: ../geodata/lt-by.geojson, start: 2021-08-31T12:00:00+03:00, step: 1 s, duration: 10 min}
            units:
              - id: file
                kind: officers
                state: BY
                size: 5
                start: {border_km: 107.0, offset: 2.5 m, side: LT}
                formation: single_file
                spacing: 3 m
                speed: 4 km/h
                speed_variation: 0
                orders:
                  - follow_route: {along_border: {from: km 107.0, to: km 109.5, offset: 2.5 m, side: LT}, mode: once}
            """
        let path = FusionTests.root.appendingPathComponent("scenarios/inline.yaml").path
        let scenario = try ScenarioLoader.load(contents: Data(yaml.utf8), path: path).scenario
        let result = try Simulation(scenario: scenario).run()
        let ctx = GeometryContext()
        let line = try ctx.make(scenario.frames[0].line)
        for track in result.tracks {
            for p in track.positions {
                #expect(abs(try line.distance(to: ctx.point(p)) - 2.5) < 1e-3, "member \(track.member) at \(p)")
            }
        }
        let mapped = result.incursions.filter { $0.boundary == "mapped" }
        #expect(mapped.count == 5)
        #expect(mapped.allSatisfy { abs($0.maxDepth - 2.5) < 1e-3 && $0.exitTime == nil })
        // 600 s at 4 km/h: the head 666.7 m along, the others 3, 6, 9, 12 m behind it.
        let ends = result.tracks.sorted { $0.member < $1.member }.map { $0.positions.last! }
        for k in 1..<ends.count {
            #expect(abs(squaredDistance(ends[k - 1], ends[k]).squareRoot() - 3) < 1e-6)
        }
    }
}
