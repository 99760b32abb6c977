import BorderSim
import Foundation
import Testing
@testable import BorderSimIO

@Suite("ScenarioLoader: later actions and unit keys")
struct ScenarioActionsTests {
    @Test func leaveOnArrivalAndKeepingToOwnSide() throws {
        let s = try LoaderFixtures.load("""
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
            """).scenario
        #expect(s.units[0].orders.map(\.action).last == .leave)
        #expect(s.units[0].orders.map(\.trigger) == [.start, .arrived])
        #expect(s.units[1].keepsToOwnSide)
    }
}
