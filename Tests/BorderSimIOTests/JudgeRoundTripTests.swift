import BorderGeometry
import BorderSim
import BorderSimIO
import Foundation
import Testing

/// `judge` on a run's own tracks finds the run's incursions: the same code path.
///
/// The tracks are taken from the run's result at full precision, sampled every step; through
/// `trajectories.geojson` (7 decimals, about 1 cm) the CLI test gets them within 1 cm and 20 ms.
/// `summer-2021-lt-by.yaml` (40 days) is left out: too slow for a test, and its tracks are
/// sampled coarser than its step, so the path between two samples is not one straight move.
@Suite("judge: round trip through a run's own tracks")
struct JudgeRoundTripTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(arguments: ["example-patrol.yaml", "2021-08-17-dieveniskes.yaml",
                      "2021-08-17-dieveniskes-belarusian-account.yaml", "policy-demo.yaml"])
    func judgingARunsTracksGivesItsIncursions(_ name: String) throws {
        let loaded = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/\(name)").path)
        let run = try Simulation(scenario: loaded.scenario).run()
        let people = run.tracks.map { t in
            let window = t.present ?? 0..<run.sampleTicks.count
            return ObservedPerson(unit: t.unit, member: t.member, affiliation: t.affiliation, role: t.role,
                                  ticks: Array(run.sampleTicks[window]), positions: Array(t.positions[window]))
        }
        let judged = try ObservedJudge.judge(people, in: loaded.scenario)
        func key(_ i: Incursion) -> String { "\(i.unit)#\(i.member) \(i.boundary) \(i.entryTime)" }
        let expected = run.incursions.sorted { key($0) < key($1) }, found = judged.incursions.sorted { key($0) < key($1) }
        try #require(found.count == expected.count, "\(name): \(found.count) incursions judged, \(expected.count) in the run")
        for (a, b) in zip(found, expected) {
            #expect(a.unit == b.unit && a.member == b.member && a.boundary == b.boundary)
            #expect(abs(a.entryTime - b.entryTime) < 0.001, "\(key(b)): entry \(a.entryTime)")
            #expect(abs((a.exitTime ?? -1) - (b.exitTime ?? -1)) < 0.001, "\(key(b)): exit \(String(describing: a.exitTime))")
            #expect(abs(a.maxDepth - b.maxDepth) < 0.001, "\(key(b)): depth \(a.maxDepth) vs \(b.maxDepth)")
        }
    }
}
