import BorderGeometry
import Testing

@testable import BorderSim

/// The per-unit state every step streams through at 100,000 units: what it holds is a choice
/// (cold fields go to `UnitRecord`), and this keeps the choice from eroding unnoticed.
@Suite("UnitState: small enough for the step loop")
struct UnitStateLayoutTests {
    @Test func unitStateStaysWithin120Bytes() {
        #expect(MemoryLayout<UnitState>.stride <= 120)
    }

    /// Each member's watch of each boundary, read at every move: 32-bit region and incursion.
    @Test func watchStaysWithin56Bytes() {
        #expect(MemoryLayout<Findings.Watch>.stride <= 56)
    }
}

/// The lists of present units and members that the step phases visit: shrunk in place when
/// units leave, rebuilt when one appears, and always what a scan of every unit would give.
@Suite("Simulation: lists of units in the area")
struct ActiveListTests {
    typealias W = TestWorld

    @Test func listsFollowArrivalsAndDeparturesStepByStep() throws {
        // Groups of 0–3 people leaving at staggered times, two of them in the same step, and
        // one group appearing after others have left.
        var units = (0..<8).map { k in
            UnitSpec(
                id: "g\(k)", kind: .migrants, affiliation: "migrants", role: "group", size: k % 4,
                start: W.c(100 + 50 * Double(k), 300), spread: 5, speed: 1, speedVariation: 0,
                orders: [Order(.hold), Order(.leave, when: .at(Double([3, 7, 7, 12, 20, 5, 30, 9][k])))])
        }
        units[6].appearsAt = 10
        let simulation = try Simulation(scenario: W.scenario(units: units, ticks: 40))
        try simulation.start()
        var seen = Set<[Int]>()
        while !simulation.isFinished {
            try simulation.step()
            let present = simulation.state.units.indices.filter { simulation.state.presence.isPresent[$0] }
            #expect(simulation.state.presence.activeUnits == present, "tick \(simulation.state.tick)")
            #expect(
                simulation.state.presence.activeMembers
                    == present.flatMap { Array(simulation.state.units[$0].members) },
                "tick \(simulation.state.tick)")
            seen.insert(present)
        }
        // The lists went through every stage: all present, the late group in, everyone gone.
        #expect(seen.count >= 7)
        #expect(simulation.state.presence.activeUnits.isEmpty)
    }
}
