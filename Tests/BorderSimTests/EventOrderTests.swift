import BorderGeometry
import BorderSimKernel
import Testing

@testable import BorderSim

/// A run's events come out in time order, and those at the same instant in the order they
/// were found, as a stable sort on (time, index found) would put them — sorted in place.
@Suite("Simulation: events in time order")
struct EventOrderTests {
    @Test(arguments: [0, 1, 2, 50, 3_000])
    func inPlaceSortMatchesAStableSortByTime(count: Int) {
        var rng = RandomStream(seed: 17, entity: "events", purpose: UInt64(count))
        // Found step by step: each step's events fall within it but in any order, with ties.
        var events = [Event]()
        for k in 0..<count {
            let step = Double(k / 7)
            let time = step * 10 + (rng.unit() < 0.3 ? 10 : Double(Int(rng.unit() * 4)) * 2.5)
            events.append(
                Event(
                    time: time, kind: .crossing, unit: "u\(k)", affiliation: "BY",
                    position: Coordinate(x: 0, y: 0)))
        }
        let expected = events.indices.sorted { (events[$0].time, $0) < (events[$1].time, $1) }.map { events[$0] }
        events.stablySort { $0.time }
        #expect(events == expected)
    }
}
