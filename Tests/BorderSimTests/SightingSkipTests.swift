import BorderGeometry
import Testing

@testable import BorderSim

/// A step with no watcher present beside anyone of another side skips the watcher grid and
/// the look-ups; the first step someone of another side is there, the grid is rebuilt from where
/// the watchers are then, however far they have walked meanwhile.
@Suite("Simulation: sighting skipped while nobody can be seen")
struct SightingSkipTests {
    typealias W = TestWorld

    @Test func aUnitAppearingBesideAWalkingWatcherIsSeenAtOnce() throws {
        // The watcher walks 10 m a step from x = 100 along y = 100, on Lithuanian soil.
        let watcher = W.officer(
            "lt", state: "LT", at: W.c(100, 100), speed: 10, orders: [Order(.goTo(W.c(900, 100)))],
            range: 50)
        let colleague = W.officer("lt-2", state: "LT", at: W.c(100, 300), speed: 1, orders: [Order(.hold)], range: 50)
        // A Belarusian group far away until t = 10 s, so the grid is built before the gap.
        var early = W.officer(
            "by-early", state: "BY", at: W.c(900, -300), speed: 1, orders: [Order(.hold), Order(.leave, when: .at(10))])
        early.kind = .migrants
        // A Belarusian officer appears at t = 40 s, 11 m from where the watcher then is.
        var stranger = W.officer("by", state: "BY", at: W.c(505, 110), speed: 1, orders: [Order(.hold)])
        stranger.appearsAt = 40
        let simulation = try Simulation(scenario: W.scenario(units: [watcher, colleague, early, stranger], ticks: 60))
        try simulation.start()
        var skipped = 0
        while !simulation.isFinished {
            let tick = simulation.state.tick
            try simulation.step()
            // Who was in the area during that step: the watchers alone from the group's leaving
            // until the stranger came.
            #expect(Sighter(state: simulation.state).anyoneToSee() == (tick < 10 || tick >= 40), "tick \(tick)")
            if !Sighter(state: simulation.state).anyoneToSee() { skipped += 1 }
        }
        #expect(skipped == 30)
        let seen = try #require(
            try simulation.finish().events.first { $0.kind == .detection && $0.counterpart == "by" })
        #expect(seen.unit == "lt")
        // Seen at the end of the step it appeared in.
        #expect(seen.time == 41)
    }

    /// Units with watchers move before the others while anyone can be seen; one without members
    /// moves there too (its anchor walks and its orders fire), not in neither pass.
    @Test func aWatchingUnitWithoutMembersStillMoves() throws {
        var empty = W.officer(
            "lt-empty", state: "LT", at: W.c(100, 100), speed: 10,
            orders: [Order(.goTo(W.c(200, 100))), Order(.leave, when: .arrived)], range: 50)
        empty.size = 0
        let watcher = W.officer("lt", state: "LT", at: W.c(600, 300), speed: 1, orders: [Order(.hold)], range: 50)
        var group = W.officer("g", state: "BY", at: W.c(800, -300), speed: 1, orders: [Order(.hold)])
        group.kind = .migrants
        let simulation = try Simulation(scenario: W.scenario(units: [empty, watcher, group], ticks: 30))
        let r = try simulation.run()
        #expect(simulation.phases.contains("anchors (fused: members, boundaries, sighting)"))
        let left = try #require(r.events.first { $0.kind == .departure && $0.unit == "lt-empty" })
        // 100 m at 10 m/s: there at the end of step 9, gone at the next order phase.
        #expect(left.time == 10)
    }
}
