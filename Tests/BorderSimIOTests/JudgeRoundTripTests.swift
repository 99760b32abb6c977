import BorderGeometry
import BorderSim
import BorderSimIO
import Foundation
import Testing

/// `judge` on a run's own tracks finds the run's incursions: the same code path.
///
/// The tracks are taken from the run's result at full precision, sampled every step; through
/// `trajectories.geojson` (7 decimals, about 1 cm) the CLI test gets them within 1 cm and 20 ms.
/// `summer-2021-lt-by.yaml` is judged over its first three days: its 40 days sampled every
/// step would be 5,000 people × 115,200 positions, too many for a test.
@Suite("judge: round trip through a run's own tracks")
struct JudgeRoundTripTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every shipped scenario, with the days it is cut to (nil: the whole run).
    @Test(
        arguments: [
            ("example-patrol.yaml", nil), ("2021-08-17-dieveniskes.yaml", nil),
            ("2021-08-17-dieveniskes-belarusian-account.yaml", nil), ("policy-demo.yaml", nil),
            ("summer-2021-lt-by.yaml", 3),
        ] as [(String, Int?)])
    func judgingARunsTracksGivesItsIncursions(_ name: String, days: Int?) throws {
        var loaded = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/\(name)").path)
        if let days {
            loaded.scenario.clock.ticks = min(
                loaded.scenario.clock.ticks, Int(Double(days) * 86_400 / loaded.scenario.clock.step))
        }
        let run = try Simulation(scenario: loaded.scenario).run()
        let watched: Set<Event.Kind> = [.crossing, .zoneEntry, .zoneExit, .incursionStart, .incursionEnd]
        if days != nil {
            try #require(run.events.count(where: { watched.contains($0.kind) }) > 10, "\(name): too few to compare")
        }
        let people = run.tracks.map { t in
            let window = t.present ?? 0..<run.sampleTicks.count
            return ObservedPerson(
                unit: t.unit, member: t.member, affiliation: t.affiliation, role: t.role,
                ticks: Array(run.sampleTicks[window]), positions: Array(t.positions[window]))
        }
        let judged = try ObservedJudge.judge(people, in: loaded.scenario)
        func key(_ i: Incursion) -> String { "\(i.unit)#\(i.member) \(i.boundary) \(i.entryTime)" }
        let expected = run.incursions.sorted { key($0) < key($1) }
        let found = judged.incursions.sorted { key($0) < key($1) }
        try #require(
            found.count == expected.count, "\(name): \(found.count) incursions judged, \(expected.count) in the run")
        for (a, b) in zip(found, expected) {
            #expect(a.unit == b.unit && a.member == b.member && a.boundary == b.boundary)
            #expect(abs(a.entryTime - b.entryTime) < 0.001, "\(key(b)): entry \(a.entryTime)")
            #expect(
                abs((a.exitTime ?? -1) - (b.exitTime ?? -1)) < 0.001,
                "\(key(b)): exit \(String(describing: a.exitTime))")
            #expect(abs(a.maxDepth - b.maxDepth) < 0.001, "\(key(b)): depth \(a.maxDepth) vs \(b.maxDepth)")
        }
        // The watcher's events too: every crossing and zone entry or exit, at the same time and frame.
        func events(_ r: RunResult) -> [Event] {
            r.events.filter { watched.contains($0.kind) }.sorted {
                ($0.unit, $0.member ?? -1, $0.time) < ($1.unit, $1.member ?? -1, $1.time)
            }
        }
        let judgedEvents = events(judged)
        let runEvents = events(run)
        try #require(
            judgedEvents.count == runEvents.count,
            "\(name): \(judgedEvents.count) events judged, \(runEvents.count) in the run")
        for (a, b) in zip(judgedEvents, runEvents) {
            #expect(
                a.kind == b.kind && a.unit == b.unit && a.member == b.member && a.boundary == b.boundary
                    && a.intoState == b.intoState, "\(name): \(a) vs \(b)")
            #expect(
                abs(a.time - b.time) < 0.001,
                "\(name): \(a.kind) of \(b.unit)#\(b.member ?? -1) at \(a.time), not \(b.time)")
        }
    }
}
