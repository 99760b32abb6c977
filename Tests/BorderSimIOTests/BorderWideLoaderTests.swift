import BorderGeometry
import BorderSim
import Foundation
import Testing

@testable import BorderSimIO

/// `fences:`, `cameras:`, an arrival flow's `retry:` and a unit's `shifts:` on the synthetic
/// straight test border (11.13 km, LT west, BY east), and the policies that switch them.
@Suite("ScenarioLoader: fences, cameras, retries, shifts")
struct BorderWideLoaderTests {
    static let yaml = """
        version: 1
        name: border-wide
        world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 10 s, duration: 6 h}
        arrivals:
          - name: flow
            from: BY
            into: LT
            people_per_day: 240
            group_size: {min: 5, max: 15}
            drop_off: [{from: km 1, to: km 9}]
            speed: 3 km/h
            retry: {after: 6 h, shift: 0–20 km, max_attempts: 3}
        fences:
          - name: wire
            along_border: {from: km 2, to: km 8, offset: 2 m, side: LT}
            gaps: [{from: km 4, to: km 4.1}, {at: km 6, width: 20 m}]
            climb: 20 min
        cameras:
          - id: towers
            state: LT
            along_border: {from: km 1, to: km 3, depth: 500 m, side: LT}
            detection: {probability: 0.05}
          - id: mast
            state: LT
            at: {border_km: 7, offset: 100 m, side: LT}
            range: 1 km
            detection: {sweep_width: 300 m}
            enabled: false
        units:
          - id: lt-patrol
            kind: officers
            state: LT
            size: 2
            start: {border_km: 5, offset: 300 m, side: LT}
            speed: 4 km/h
            shifts: [{from: "20:00", to: "08:00"}]
        policies:
          fence-off:
            fences: [{name: wire, enabled: false}]
          mast-on:
            cameras: [{id: mast, enabled: true}]
          no-retry:
            arrivals: [{name: flow, retry: ~}]
        """

    @Test func fencesAreReadWithTheirGapsAlongTheFence() throws {
        let s = try LoaderFixtures.load(Self.yaml).scenario
        let fence = try #require(s.fences.first)
        #expect(fence.name == "wire" && fence.climb == 1_200)
        // The fence follows the straight border 2 m off it, so metres along it are km marks less 2 km.
        let length = try GeometryContext().lineString(fence.line).length()
        #expect(abs(length - 6_000) < 1)
        #expect(fence.gaps.count == 2)
        #expect(abs(fence.gaps[0].lowerBound - 2_000) < 1 && abs(fence.gaps[0].upperBound - 2_100) < 1)
        #expect(abs(fence.gaps[1].lowerBound - 3_990) < 1 && abs(fence.gaps[1].upperBound - 4_010) < 1)
    }

    @Test func camerasAreABandOrADiscAndCanBeSwitchedOnByAPolicy() throws {
        let base = try LoaderFixtures.load(Self.yaml).scenario
        #expect(base.cameras.map(\.id) == ["towers"])
        let band = try GeometryContext().make(base.cameras[0].coverage)
        // 2 km of border, 500 m deep.
        #expect(abs(try band.area() - 1_000_000) < 2_000)
        #expect(base.cameras[0].model == .perStep(0.05))
        let on = try ScenarioLoader.load(
            contents: Data(Self.yaml.utf8), path: LoaderFixtures.inlinePath,
            policy: "mast-on"
        ).scenario
        let mast = try #require(on.cameras.last)
        #expect(mast.id == "mast" && mast.model == .randomSearch(sweepWidth: 300))
        #expect(abs(try GeometryContext().make(mast.coverage).area() - Double.pi * 1e6) < 0.01 * Double.pi * 1e6)
    }

    @Test func aPolicySwitchesAFenceOffAndARetryOff() throws {
        let off = try ScenarioLoader.load(
            contents: Data(Self.yaml.utf8), path: LoaderFixtures.inlinePath,
            policy: "fence-off"
        ).scenario
        #expect(off.fences.isEmpty)
        let base = try LoaderFixtures.load(Self.yaml).scenario
        #expect(base.arrivals[0].retry == .init(after: 21_600, shift: 0...20_000, maxAttempts: 3))
        let noRetry = try ScenarioLoader.load(
            contents: Data(Self.yaml.utf8), path: LoaderFixtures.inlinePath,
            policy: "no-retry"
        ).scenario
        #expect(noRetry.arrivals[0].retry == nil)
    }

    @Test func shiftsAreLocalTimesOfDay() throws {
        let s = try LoaderFixtures.load(Self.yaml).scenario
        #expect(s.units[0].shifts == [DutyWindow(from: 72_000, to: 28_800)])
    }

    @Test(arguments: [
        ("climb: 20 min", "climb: twenty", "unit", "fences[0].climb: expected a duration with a unit"),
        ("{at: km 6, width: 20 m}", "{at: km 6}", "missing", "fences[0].gaps[1].width: missing required key 'width'"),
        ("shift: 0–20 km", "shift: 20–0 km", "order", "arrivals[0].retry.shift: expected the smaller distance first"),
        ("max_attempts: 3}", "max_attempts: 0}", "range", "arrivals[0].retry.max_attempts: expected a whole number"),
        ("to: \"08:00\"", "to: \"8 am\"", "time", "units[0].shifts[0].to: expected a local time of day as hh:mm"),
        (
            "detection: {probability: 0.05}", "detection: {probability: 2}", "p",
            "cameras[0].detection.probability: expected a probability per step"
        ),
        (
            "depth: 500 m, side: LT}", "depth: 500 m}", "side",
            "cameras[0].along_border.side: missing required key 'side'"
        ),
    ])
    func badInputNamesTheKeyAndWhatWasExpected(good: String, bad: String, _ label: String, message: String) throws {
        #expect(Self.yaml.contains(good))
        let e = try LoaderFixtures.error(Self.yaml.replacingOccurrences(of: good, with: bad))
        #expect(e.description.contains(message), "\(label): \(e.description)")
        // file:line:column first.
        #expect(e.description.hasPrefix(try LoaderFixtures.inlinePath + ":"))
        #expect(e.line != nil && e.column != nil)
    }

    @Test func aGapOffTheFenceIsRefused() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "{at: km 6, width: 20 m}", with: "{at: km 9.5, width: 20 m}")
        let e = try LoaderFixtures.error(yaml)
        #expect(e.description.contains("fences[0].gaps[1].at: this gap is"), "\(e.description)")
    }

    @Test func aCameraLetsItsStatesUnitsRespondWithoutARangeOfTheirOwn() throws {
        let team = """
              - id: lt-team
                kind: officers
                state: LT
                size: 2
                start: {border_km: 5, offset: 2 km, side: LT}
                speed: 30 km/h
                orders: [{hold: {}}, {apprehend: {}, when: {detects: migrants}}]
            policies:
            """
        let yaml = Self.yaml.replacingOccurrences(of: "\npolicies:", with: "\n" + team)
        #expect(try LoaderFixtures.load(yaml).scenario.units.map(\.id) == ["lt-patrol", "lt-team"])
        // Without the cameras nothing could tell the team of a group.
        let blind = yaml.replacingOccurrences(
            of: "    state: LT\n    along_border: {from: km 1", with: "    state: BY\n    along_border: {from: km 1"
        )
        .replacingOccurrences(of: "    state: LT\n    at: {border_km: 7", with: "    state: BY\n    at: {border_km: 7")
        let e = try LoaderFixtures.error(blind)
        #expect(
            e.description.contains("units[1].orders[1].when.detects: this unit never detects anyone"),
            "\(e.description)")
    }

    @Test func aCameraIDMustNotBeAUnitID() throws {
        let e = try LoaderFixtures.error(Self.yaml.replacingOccurrences(of: "id: towers", with: "id: lt-patrol"))
        #expect(e.description.contains("duplicate unit or camera id 'lt-patrol'"), "\(e.description)")
    }

    @Test func whileInNamesAZone() throws {
        let yaml = Self.yaml.replacingOccurrences(
            of: "\npolicies:",
            with: """

                expect:
                  - {metric: detections, unit: towers, while_in: strip, min: 1}
                policies:
                """)
        let e = try LoaderFixtures.error(yaml)
        #expect(e.description.contains("expect[0].while_in: no zone 'strip' in this scenario"), "\(e.description)")
        #expect(e.line != nil && e.column != nil)
    }

    @Test func aCameraDetectsWhomItIsSetToAndAnExpectationCanNameIt() throws {
        let base = try LoaderFixtures.load(Self.yaml).scenario
        #expect(base.cameras[0].detects == [.migrants, .foreignOfficers])
        let yaml = Self.yaml
            .replacingOccurrences(
                of: "detection: {probability: 0.05}",
                with: "detection: {probability: 0.05}\n    detects: [foreign-officers, own-officers]"
            )
            .replacingOccurrences(
                of: "\npolicies:",
                with: """

                    expect:
                      - {metric: detections, unit: towers, while_on: LT, min: 1}
                    policies:
                    """)
        let s = try LoaderFixtures.load(yaml).scenario
        #expect(s.cameras[0].detects == [.foreignOfficers, .ownOfficers])
        #expect(s.expectations.first?.filter == ["unit": "towers", "while_on": "LT"])
    }

    @Test(arguments: [
        (
            "detects: [guards]",
            "cameras[0].detects[0]: expected one of: migrants, foreign-officers, own-officers; found \"guards\""
        ),
        ("detects: []", "cameras[0].detects: expected at least one of migrants"),
        ("detects: [migrants, migrants]", "cameras[0].detects[1]: 'migrants' is listed twice"),
    ])
    func badDetectsIsALocatedError(bad: String, message: String) throws {
        let yaml = Self.yaml.replacingOccurrences(
            of: "detection: {probability: 0.05}",
            with: "detection: {probability: 0.05}\n    " + bad)
        let e = try LoaderFixtures.error(yaml)
        #expect(e.description.contains(message), "\(e.description)")
        #expect(e.description.hasPrefix(try LoaderFixtures.inlinePath + ":"))
        #expect(e.line != nil && e.column != nil)
    }
}
