import BorderGeometry
import Testing

@testable import BorderSim

@Suite("Simulation properties")
struct SimulationPropertyTests {
    typealias W = TestWorld

    /// Groups wandering through random waypoints across the toothed border.
    func wanderers(seed: UInt64) -> Scenario {
        var rng = RandomStream(seed: seed)
        let units = (0..<6).map { u in
            let route = (0..<8).map { _ in W.c(20 + 100 * rng.unit(), -40 + 80 * rng.unit()) }
            return UnitSpec(
                id: "g\(u)", kind: .migrants, affiliation: "migrants", role: "group", size: 8,
                start: W.c(20 + 100 * rng.unit(), -30), spread: 6, speed: 1.3,
                orders: [Order(.followRoute(route, loop: true))])
        }
        return W.scenario(units: units, step: 5, ticks: 400, seed: seed)
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func crossingsAlternateAndTheirParityMatchesTheChangeOfTerritory(
        seed: UInt64
    ) throws {
        let r = try W.run(wanderers(seed: seed))
        let ctx = GeometryContext()
        let lt = try PreparedGeometry(ctx.make(W.lt))
        var total = 0
        for track in r.tracks {
            let crossings = r.events.filter {
                $0.kind == .crossing && $0.unit == track.unit && $0.member == track.member
            }
            total += crossings.count
            let startsInLT = try lt.contains(ctx.point(track.positions.first!))
            let endsInLT = try lt.contains(ctx.point(track.positions.last!))
            #expect((crossings.count % 2 == 1) == (startsInLT != endsInLT))
            for (a, b) in zip(crossings, crossings.dropFirst()) {
                #expect(a.intoState == b.fromState)
                #expect(a.time <= b.time)
            }
        }
        #expect(total > 20, "the wanderers should cross often")
    }

    @Test func sameSeedGivesIdenticalRunsAndAnotherSeedDoesNot() throws {
        let a = try W.run(wanderers(seed: 1))
        let b = try W.run(wanderers(seed: 1))
        #expect(a.events == b.events)
        #expect(a.tracks == b.tracks)
        let c = try W.run(wanderers(seed: 1), seed: 99)
        #expect(c.tracks != a.tracks)
    }

    @Test func membersKeepTogetherAndApart() throws {
        let unit = UnitSpec(
            id: "g", kind: .migrants, affiliation: "migrants", role: "group", size: 20,
            start: W.c(500, -200), spread: 8, speed: 1.2, orders: [Order(.goTo(W.c(500, 200)))],
            spacing: 1.5)
        let r = try W.run(W.scenario(units: [unit], step: 1, ticks: 600))
        let end = r.tracks.map { $0.positions.last! }
        for (i, p) in end.enumerated() {
            #expect(squaredDistance(p, W.c(500, 200)).squareRoot() < 12, "member \(i) strayed")
        }
        let closest = end.indices.flatMap { i in end.indices.filter { $0 > i }.map { squaredDistance(end[i], end[$0]) }
        }.min()!
        #expect(closest.squareRoot() > 0.5)
        #expect(r.events.filter { $0.kind == .crossing }.count == 20)
    }
}

@Suite("Random streams per unit")
struct UnitStreamTests {
    typealias W = TestWorld

    @Test func addingAUnitLeavesEveryOtherUnitsDrawsUnchanged() throws {
        let group = UnitSpec(
            id: "g", kind: .migrants, affiliation: "migrants", role: "group", size: 10,
            start: W.c(500, -100), spread: 6, speed: 1.1, orders: [Order(.goTo(W.c(500, 100)))])
        let patrol = W.officer("p", state: "LT", at: W.c(100, 300), speed: 1, orders: [Order(.hold)])
        let alone = try W.run(W.scenario(units: [group], ticks: 50))
        let withPatrol = try W.run(W.scenario(units: [patrol, group], ticks: 50))
        #expect(alone.tracks == Array(withPatrol.tracks.dropFirst()))
    }
}
