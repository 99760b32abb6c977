import BorderGeometry
import Testing

@testable import BorderSim

/// Fences hold whom they are declared to hold (`FenceSpec.holds`), officers included, on the
/// synthetic border of `TestWorld` (y = 0, Lithuania above, Belarus below). The fence runs
/// 10 m inside Belarus, from x = 400 to 600.
@Suite("Fences: whom they hold")
struct FenceHoldsTests {
    typealias W = TestWorld
    static let fenceLine = [W.c(400, -10), W.c(600, -10)]

    /// A Belarusian officer walking north at 1 m/s from 20.05 m short of the fence.
    static func officer(from x: Double = 500, y: Double = -30.05) -> UnitSpec {
        W.officer("o", state: "BY", at: W.c(x, y), speed: 1, orders: [Order(.goTo(W.c(x, 100)))])
    }

    static func run(
        _ holds: Set<String>?, climb: Double? = 3600, units: [UnitSpec] = [officer()],
        ticks: Int = 60
    ) throws -> RunResult {
        var scenario = W.scenario(units: units, ticks: ticks)
        if let holds {
            scenario.fences = [FenceSpec(name: "wire", line: fenceLine, climb: climb, holds: holds)]
        } else {
            scenario.fences = [FenceSpec(name: "wire", line: fenceLine, climb: climb)]
        }
        return try W.run(scenario)
    }

    @Test func aFenceThatHoldsAllStopsAnOfficerInFrontOfIt() throws {
        let r = try Self.run(["migrants", "LT", "BY"])
        let reached = try #require(r.events.first { $0.kind == .fenceReached })
        // 20.05 m to the fence less the 5 cm margin, at 1 m/s.
        #expect(reached.unit == "o" && reached.boundary == "wire")
        #expect(abs(reached.time - 20) < 1e-9)
        let end = try #require(r.tracks.first { $0.unit == "o" }?.positions.last)
        #expect(abs(end.x - 500) < 1e-9 && abs(end.y - -10.05) < 1e-9, "\(end)")
        #expect(r.incursions.isEmpty)
    }

    @Test func aFenceThatHoldsMigrantsOnlyLetsTheOfficerThrough() throws {
        for holds in [nil, Set(["migrants"])] as [Set<String>?] {
            let r = try Self.run(holds)
            #expect(!r.events.contains { $0.kind == .fenceReached }, "holds \(String(describing: holds))")
            // Straight on across the mapped line 30.05 m ahead.
            let incursion = try #require(r.incursions.first { $0.boundary == "mapped" })
            #expect(abs(incursion.entryTime - 30.05) < 1e-9)
        }
    }

    @Test func anOfficerHeldByAFenceThatCannotBeClimbedGoesRoundItsNearerEnd() throws {
        let r = try Self.run(["BY"], climb: nil, units: [Self.officer(from: 420, y: -30.5)], ticks: 300)
        let passed = try #require(r.events.first { $0.kind == .fencePassed })
        // Past the fence 5 m beyond its west end (x = 400), then on to the destination.
        #expect(passed.unit == "o" && abs(passed.position.x - 395) < 1e-6, "\(passed.position)")
        let track = try #require(r.tracks.first { $0.unit == "o" }?.positions)
        for (p, q) in zip(track, track.dropFirst()) where (p.y + 10) * (q.y + 10) < 0 {
            let x = p.x + (q.x - p.x) * (-10 - p.y) / (q.y - p.y)
            #expect(x < 400 || x > 600, "through the fence at x = \(x)")
        }
        #expect(squaredDistance(try #require(track.last), W.c(420, 100)) < 1e-6)
        #expect(r.incursions.contains { $0.boundary == "mapped" })
    }

    @Test func aFenceThatHoldsOneStatesOfficersLetsMigrantsAndTheOtherStatesOfficersThrough() throws {
        let migrant = UnitSpec(
            id: "g", kind: .migrants, affiliation: "migrants", role: "group", size: 1,
            start: W.c(450, -30.05), spread: 0, speed: 1, speedVariation: 0,
            orders: [Order(.goTo(W.c(450, 100)))])
        let lt = W.officer("lt", state: "LT", at: W.c(550, -30.05), speed: 1, orders: [Order(.goTo(W.c(550, 100)))])
        let r = try Self.run(["BY"], units: [Self.officer(), migrant, lt])
        #expect(r.events.filter { $0.kind == .fenceReached }.map(\.unit) == ["o"])
        let crossing = try #require(r.events.first { $0.kind == .crossing && $0.unit == "g" })
        #expect(abs(crossing.time - 30.05) < 1e-9)
        // The LT officer, in Belarus from the start, walks on through the fence and home.
        let home = try #require(r.incursions.first { $0.unit == "lt" })
        #expect(abs(try #require(home.exitTime) - 30.05) < 1e-9)
        #expect(RunMetrics(r, origin: "BY")["fence_climbs"] == 0)
    }
}

extension FenceHoldsTests {
    /// An order that fires while the unit is walking round a fence replaces its way round; the
    /// fence must still hold it on its new way.
    @Test func aNewOrderDuringTheWayRoundDoesNotLetTheUnitThroughTheFence() throws {
        let o = W.officer(
            "o", state: "BY", at: W.c(420, -30.5), speed: 1,
            orders: [Order(.goTo(W.c(420, 100))), Order(.goTo(W.c(500, 100)), when: .at(30))])
        let r = try Self.run(["BY"], climb: nil, units: [o], ticks: 400)
        let track = try #require(r.tracks.first { $0.unit == "o" }?.positions)
        for (p, q) in zip(track, track.dropFirst()) where (p.y + 10) * (q.y + 10) < 0 {
            let x = p.x + (q.x - p.x) * (-10 - p.y) / (q.y - p.y)
            #expect(x < 400 || x > 600, "through the fence at x = \(x)")
        }
        #expect(squaredDistance(try #require(track.last), W.c(500, 100)) < 1e-6)
    }
}
