import BorderGeometry
import Testing

@testable import BorderSim

/// Barrier units hold whom they are declared to hold (`UnitSpec.holds`), officers included, on
/// the synthetic border of `TestWorld` (y = 0, Lithuania above, Belarus below). The barrier is
/// a line of 12 Lithuanian officers 1.5 m apart standing at y = 10 (x = 491.75 to 508.25),
/// facing south; a Belarusian officer walks north at it at 1 m/s from y = -30.
@Suite("Barriers: whom they hold")
struct BarrierHoldsTests {
    typealias W = TestWorld

    /// The line: it steps 1 mm south onto y = 10, so that it faces south, and holds there.
    static func line(holds: Set<String>? = nil, orders extra: [Order] = []) -> UnitSpec {
        var unit = UnitSpec(
            id: "shields", kind: .officers, affiliation: "LT", role: "border-guard", size: 12,
            start: W.c(500, 10.001), spread: 0, speed: 0.5, speedVariation: 0,
            orders: [Order(.goTo(W.c(500, 10)))] + extra, spacing: 1.5, formation: .line, isBarrier: true)
        if let holds { unit.holds = holds }
        return unit
    }

    static func officer(_ id: String = "by", state: String = "BY", x: Double = 500) -> UnitSpec {
        W.officer(id, state: state, at: W.c(x, -30), speed: 1, orders: [Order(.goTo(W.c(x, 100)))])
    }

    static func end(_ r: RunResult, _ unit: String) throws -> Coordinate {
        try #require(r.tracks.first { $0.unit == unit }?.positions.last)
    }

    @Test func aBarrierThatHoldsAllStopsAForeignOfficerHalfAMetreInFrontOfIt() throws {
        let r = try W.run(W.scenario(units: [Self.line(holds: ["migrants", "LT", "BY"]), Self.officer()], ticks: 200))
        let end = try Self.end(r, "by")
        // At y = 10 at 40 s he is behind the line's front, and put back 0.5 m in front of it.
        #expect(abs(end.x - 500) < 1e-9 && abs(end.y - 9.5) < 1e-9, "\(end)")
        let incursion = try #require(r.incursions.first { $0.unit == "by" && $0.boundary == "mapped" })
        #expect(abs(incursion.entryTime - 30) < 1e-9 && abs(incursion.maxDepth - 9.5) < 1e-9)
        #expect(incursion.exitTime == nil)
    }

    @Test func aDefaultBarrierHoldsMigrantsOnlyAndLetsTheOfficerThrough() throws {
        for line in [Self.line(), Self.line(holds: ["migrants"])] {
            let r = try W.run(W.scenario(units: [line, Self.officer()], ticks: 200))
            let end = try Self.end(r, "by")
            #expect(abs(end.x - 500) < 1e-9 && abs(end.y - 100) < 1e-9, "\(end)")
        }
        // The same line stops a migrant walking the same way.
        let migrant = UnitSpec(
            id: "g", kind: .migrants, affiliation: "migrants", role: "group", size: 1, start: W.c(500, -30),
            spread: 0, speed: 1, speedVariation: 0, orders: [Order(.goTo(W.c(500, 100)))])
        let r = try W.run(W.scenario(units: [Self.line(), migrant], ticks: 200))
        #expect(abs(try Self.end(r, "g").y - 9.5) < 1e-9)
    }

    @Test(arguments: [
        // (holds, whether it stops the Belarusian officer, whether it stops the Lithuanian one)
        (Set(["LT"]), false, true),
        (Set(["BY"]), true, false),
        (Set(["LT", "BY"]), true, true),
    ])
    func aBarrierHoldsTheOfficersOfTheStatesItNames(holds: Set<String>, by: Bool, lt: Bool) throws {
        let units = [Self.line(holds: holds), Self.officer(x: 505), Self.officer("lt", state: "LT", x: 495)]
        let r = try W.run(W.scenario(units: units, ticks: 200))
        #expect(abs(try Self.end(r, "by").y - (by ? 9.5 : 100)) < 1e-9)
        #expect(abs(try Self.end(r, "lt").y - (lt ? 9.5 : 100)) < 1e-9)
    }

    @Test func aBarrierNeverHoldsItsOwnMembers() throws {
        // A line holding its own state's officers stands where it stands, every member on y = 10
        // (held, each would be put 0.5 m in front of the line every step).
        let r = try W.run(W.scenario(units: [Self.line(holds: ["migrants", "LT", "BY"])], ticks: 60))
        let ends = r.tracks.filter { $0.unit == "shields" }.map { $0.positions.last! }
        #expect(ends.count == 12 && ends.allSatisfy { abs($0.y - 10) < 1e-9 }, "\(ends)")
        // A ring holding its own state's officers keeps its members on its 6 m circle.
        var ring = UnitSpec(
            id: "ring", kind: .officers, affiliation: "BY", role: "riot-police", size: 8,
            start: W.c(500, -100), spread: 0, speed: 1, speedVariation: 0, orders: [],
            spacing: 2, formation: .ring, isBarrier: true)
        ring.ring = RingShape(radius: 6)
        ring.holds = ["BY"]
        let held = try W.run(W.scenario(units: [ring], ticks: 60))
        for track in held.tracks {
            #expect(abs(squaredDistance(track.positions.last!, W.c(500, -100)).squareRoot() - 6) < 1e-9)
        }
    }

    @Test func aRingThatHoldsForeignOfficersKeepsOneInside() throws {
        // A Belarusian ring of radius 6 m round a Lithuanian officer who wants to go north.
        var ring = UnitSpec(
            id: "ring", kind: .officers, affiliation: "BY", role: "riot-police", size: 8,
            start: W.c(500, -100), spread: 0, speed: 1, speedVariation: 0, orders: [],
            spacing: 2, formation: .ring, isBarrier: true)
        ring.ring = RingShape(radius: 6)
        let lt = W.officer("lt", state: "LT", at: W.c(500, -100), speed: 1, orders: [Order(.goTo(W.c(500, 200)))])
        ring.holds = ["LT"]
        let r = try W.run(W.scenario(units: [ring, lt], ticks: 120))
        // 5.5 m from the centre, the margin inside the ring, on the way north he wanted.
        let end = try Self.end(r, "lt")
        #expect(abs(end.x - 500) < 1e-9 && abs(end.y - -94.5) < 1e-9, "\(end)")
        // The default ring lets him walk out: 120 m north by the end.
        ring.holds = ["migrants"]
        let free = try W.run(W.scenario(units: [ring, lt], ticks: 120))
        #expect(abs(try Self.end(free, "lt").y - 20) < 1e-9)
    }
}

/// A withdrawing barrier that holds officers (docs/scenario-format.md, "Withdrawing"): it
/// releases the units it held and still holds those it never held.
@Suite("Barriers: whom they hold, after withdrawing")
struct WithdrawingBarrierHoldsTests {
    typealias W = TestWorld

    @Test func aWithdrawingLineReleasesTheOfficerItHeldAndPushesAheadOneItNeverHeld() throws {
        // The line holds everyone, and withdraws 30 m south at 0.5 m/s from 1 min (at y = -20
        // at 2 min). The officer it held walks on north through it; a second Belarusian
        // officer, who appears at 70 s 60 m south of the line and walks north at it, is pushed
        // ahead of it as it walks away.
        let line = BarrierHoldsTests.line(
            holds: ["migrants", "LT", "BY"], orders: [Order(.withdraw(to: W.c(500, -20)), when: .at(60))])
        var late = W.officer("late", state: "BY", at: W.c(500, -60), speed: 1, orders: [Order(.goTo(W.c(500, 100)))])
        late.appearsAt = 70
        let r = try W.run(W.scenario(units: [line, BarrierHoldsTests.officer(), late], ticks: 300))
        let held = try #require(r.tracks.first { $0.unit == "by" }?.positions)
        // Held 0.5 m in front of the line until the withdrawal...
        #expect(abs(held[59].y - 9.5) < 1e-9)
        // ...then free: through the line and on to where he was going.
        #expect(abs(held.last!.y - 100) < 1e-9)
        // The one it never held ends 0.5 m in front of where the line withdrew to.
        let end = try BarrierHoldsTests.end(r, "late")
        #expect(abs(end.x - 500) < 1e-9 && abs(end.y - -20.5) < 1e-9, "\(end)")
        #expect(r.events.contains { $0.kind == .withdrawal && $0.unit == "shields" })
    }

    @Test func aWithdrawingLineThatHoldsMigrantsOnlyNeverStopsTheOfficer() throws {
        let line = BarrierHoldsTests.line(orders: [Order(.withdraw(to: W.c(500, -20)), when: .at(60))])
        var late = W.officer("late", state: "BY", at: W.c(500, -60), speed: 1, orders: [Order(.goTo(W.c(500, 100)))])
        late.appearsAt = 70
        let r = try W.run(W.scenario(units: [line, BarrierHoldsTests.officer(), late], ticks: 300))
        #expect(abs(try BarrierHoldsTests.end(r, "by").y - 100) < 1e-9)
        #expect(abs(try BarrierHoldsTests.end(r, "late").y - 100) < 1e-9)
    }
}
