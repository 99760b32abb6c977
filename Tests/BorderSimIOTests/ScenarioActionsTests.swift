import BorderSim
import Foundation
import Testing

@testable import BorderSimIO

@Suite("ScenarioLoader: later actions and unit keys")
struct ScenarioActionsTests {
    @Test func leaveOnArrivalAndKeepingToOwnSide() throws {
        let s = try LoaderFixtures.load(
            """
            version: 1
            name: t
            world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            units:
              - id: g
                kind: migrants
                size: 3
                start: [25.01, 54.05]
                speed: 3 km/h
                orders: [{go_to: [24.99, 54.05]}, {leave: {}, when: arrived}]
              - {id: p, kind: officers, state: BY, size: 2, start: [25.01, 54.06], speed: 1 m/s, keeps_to_own_side: true}
            """
        ).scenario
        #expect(s.units[0].orders.map(\.action).last == .leave)
        #expect(s.units[0].orders.map(\.trigger) == [.start, .arrived])
        #expect(s.units[1].keepsToOwnSide)
    }
}

@Suite("ScenarioLoader: arrival flows")
struct ArrivalReaderTests {
    static let yaml = """
        version: 1
        name: flows
        world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 10 s, duration: 6 h}
        arrivals:
          - name: north
            from: BY
            into: LT
            people_per_day: 2400
            schedule: [{from: 2021-08-17T18:00:00+03:00, people_per_day: 9600}]
            group_size: {min: 5, max: 15}
            drop_off: [{from: km 1, to: km 3, weight: 3}, {from: km 8, to: km 7}]
            start_offset: 300 m
            destination_offset: 1 km
            speed: 3 km/h
        """

    @Test func aFlowIsReadWithItsUnits() throws {
        let s = try LoaderFixtures.load(Self.yaml).scenario
        let flow = try #require(s.arrivals.first)
        #expect(s.units.isEmpty)
        #expect(flow.from == "BY" && flow.into == "LT" && flow.groupSize == 5...15)
        #expect(flow.rates == [.init(from: 0, peoplePerDay: 2400), .init(from: 10_800, peoplePerDay: 9600)])
        #expect(flow.dropOffs.map(\.weight) == [3, 1])
        #expect(abs(flow.dropOffs[1].from - 7_000) < 0.01 && abs(flow.dropOffs[1].to - 8_000) < 0.01)
        #expect(flow.startOffset == 300 && flow.destinationOffset == 1_000 && abs(flow.speed - 3 / 3.6) < 1e-12)
    }

    @Test func theGroupsStartInBelarusAndCrossIntoLithuania() throws {
        let s = try LoaderFixtures.load(Self.yaml).scenario
        let r = try Simulation(scenario: s, sampleInterval: 600).run()
        // 100 people an hour for 3 h, then 400: about 1,500 people in groups of 10.
        #expect(r.scenario.units.count > 110 && r.scenario.units.count < 190, "\(r.scenario.units.count) groups")
        let crossings = r.events.filter { $0.kind == .crossing }
        #expect(!crossings.isEmpty && crossings.allSatisfy { $0.fromState == "BY" && $0.intoState == "LT" })
    }

    @Test func aFlowIntoItsOwnStateIsRefused() throws {
        let e = try LoaderFixtures.error(Self.yaml.replacingOccurrences(of: "into: LT", with: "into: BY"))
        #expect(
            e.description.hasSuffix(
                "inline.yaml:7:11: arrivals[0].into: expected a state other than 'from' (BY); found \"BY\""))
    }
}

@Suite("ScenarioLoader: detection probability and apprehension")
struct DetectionKeysTests {
    @Test func officersTakeAProbabilityAndAnApprehendOrder() throws {
        let s = try LoaderFixtures.load(
            """
            version: 1
            name: t
            world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            units:
              - {id: p, kind: officers, state: LT, size: 2, start: [24.99, 54.05], speed: 1 m/s, detection_range: 100 m,
                 detection_probability: 0.25, orders: [{apprehend: {}, when: {detects: migrants}}]}
            """
        ).scenario
        #expect(s.units[0].detectionProbability == 0.25)
        #expect(s.units[0].orders.map(\.action) == [.apprehend])
        let e = try LoaderFixtures.error(
            """
            version: 1
            name: t
            world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            units:
              - {id: p, kind: officers, state: LT, size: 2, start: [24.99, 54.05], speed: 1 m/s, detection_range: 100 m,
                 detection_probability: 1.5}
            """)
        #expect(e.description.contains("units[0].detection_probability: expected a probability per step, 0 < p ≤ 1"))
    }
}
