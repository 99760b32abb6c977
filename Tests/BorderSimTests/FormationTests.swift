import BorderGeometry
import Foundation
import Testing

@testable import BorderSim

/// Columns (single file), rings and arcs, with known answers.
@Suite("Formations: column, ring, arc")
struct FormationTests {
    typealias W = TestWorld

    /// BY officers in single file, 2 m apart, walking east along y = 2.5 (2.5 m inside
    /// Lithuania on the straight part of the test border), joined 20 m along the route.
    func column(size: Int = 6, route: [Coordinate], join: Double) -> UnitSpec {
        var unit = UnitSpec(
            id: "file", kind: .officers, affiliation: "BY", role: "patrol", size: size,
            start: W.c(route[0].x + join, route[0].y), spread: 0, speed: 1.2, speedVariation: 0,
            orders: [Order(.followRoute(route, loop: false))], spacing: 2, formation: .column)
        unit.routeStart = .init(distance: join, towardEnd: true)
        return unit
    }

    @Test func singleFileAlongARouteInsideTheLineKeepsEveryMemberAtItsDepth() throws {
        let r = try W.run(W.scenario(units: [column(route: [W.c(100, 2.5), W.c(900, 2.5)], join: 20)], ticks: 300))
        // Every member is in Lithuania all along, 2.5 m deep, and never deeper.
        #expect(r.incursions.filter { $0.boundary == "mapped" }.count == 6)
        for i in r.incursions where i.boundary == "mapped" {
            #expect(abs(i.maxDepth - 2.5) < 1e-3, "member \(i.member): \(i.maxDepth) m")
        }
        for track in r.tracks {
            #expect(track.positions.allSatisfy { abs($0.y - 2.5) < 1e-3 }, "member \(track.member) left the file")
        }
        // One behind the other, 2 m apart, the head 20 + 300 × 1.2 m along the route.
        let ends = r.tracks.sorted { $0.member < $1.member }.map { $0.positions.last! }
        for (k, end) in ends.enumerated() {
            #expect(abs(end.x - (120 + 360 - 2 * Double(k))) < 1e-6)
        }
    }

    /// A border with a 21.8° bend toward Lithuania, and a route 2.5 m inside it (GEOS's
    /// offset curve): a column that walks its head's trail stays on the route through the
    /// bend, where a file straight behind its head would cut the corner, nearer the line.
    @Test func singleFileFollowsTheRouteRoundABend() throws {
        let line = [W.c(0, 0), W.c(300, 0), W.c(1000, 280)]
        let ctx = GeometryContext()
        guard case .lineString(var route) = try ctx.lineString(line).offsetCurve(2.5).geoJSONValue() else {
            Issue.record("offset curve is not a line")
            return
        }
        if route[0].x > route[route.count - 1].x { route.reverse() }
        let lt = GeometryValue.polygon([line + [W.c(1000, 500), W.c(0, 500), W.c(0, 0)]])
        let by = GeometryValue.polygon([
            [
                W.c(0, 0), W.c(0, -500), W.c(1000, -500), W.c(1000, 280), W.c(300, 0),
                W.c(0, 0),
            ]
        ])
        let frame = Frame(
            name: "mapped", line: .lineString(line),
            territories: [.init(state: "LT", area: lt), .init(state: "BY", area: by)])
        var scenario = W.scenario(units: [column(route: route, join: 20)], ticks: 400, frames: [frame])
        scenario.states = [
            StateTerritory(id: "LT", name: "Lithuania", territory: lt),
            StateTerritory(id: "BY", name: "Belarus", territory: by),
        ]
        let r = try W.run(scenario)
        let border = try ctx.lineString(line)
        for track in r.tracks {
            for p in track.positions {
                let depth = try border.distance(to: ctx.point(p))
                #expect(abs(depth - 2.5) < 1e-3, "member \(track.member) at \(p): \(depth) m from the line")
            }
        }
        // All have gone round the bend.
        #expect(r.tracks.allSatisfy { $0.positions.last!.x > 320 })
    }

    @Test func columnOffARouteFilesStraightBehindItsHead() throws {
        let unit = UnitSpec(
            id: "file", kind: .officers, affiliation: "BY", role: "patrol", size: 4,
            start: W.c(500, -100), spread: 0, speed: 1, speedVariation: 0,
            orders: [Order(.goTo(W.c(500, -50)))], spacing: 3, formation: .column)
        let r = try W.run(W.scenario(units: [unit], ticks: 80))
        for track in r.tracks {
            let end = track.positions.last!
            #expect(abs(end.x - 500) < 1e-9 && abs(end.y - (-50 - 3 * Double(track.member))) < 1e-9)
        }
    }

    /// 8 BY officers in a barrier ring of radius 6 m round 5 migrants who want to go south.
    func ring(
        orders: [Order], radius: Double = 6, tightenTo: Double? = nil, rate: Double = 0,
        formation: UnitSpec.Formation = .ring, opening: Double = 0
    ) -> UnitSpec {
        var unit = UnitSpec(
            id: "ring", kind: .officers, affiliation: "BY", role: "riot-police", size: 8,
            start: W.c(500, -100), spread: 0, speed: 1, speedVariation: 0, orders: orders,
            spacing: 2, formation: formation, isBarrier: true)
        unit.ring = RingShape(surround: "g", radius: radius, tightenTo: tightenTo, rate: rate, opening: opening)
        return unit
    }

    func group(goTo target: Coordinate = W.c(500, -400)) -> UnitSpec {
        UnitSpec(
            id: "g", kind: .migrants, affiliation: "migrants", role: "group", size: 5, start: W.c(500, -100),
            spread: 2, speed: 1, orders: [Order(.goTo(target))])
    }

    @Test func ringStandsEvenlyRoundItsCentre() throws {
        let r = try W.run(W.scenario(units: [ring(orders: [])], ticks: 5))
        for track in r.tracks where track.unit == "ring" {
            let end = track.positions.last!
            let a = 2 * Double.pi * Double(track.member) / 8
            #expect(abs(end.x - (500 + 6 * sin(a))) < 1e-9 && abs(end.y - (-100 + 6 * cos(a))) < 1e-9)
        }
    }

    @Test func nobodyLeavesAHoldingRing() throws {
        let r = try W.run(W.scenario(units: [ring(orders: []), group()], ticks: 120))
        let ctx = GeometryContext()
        let officers = r.tracks.filter { $0.unit == "ring" }.map { $0.positions.last! }
        let polygon = try PreparedGeometry(ctx.polygon(officers + [officers[0]]))
        for track in r.tracks where track.unit == "g" {
            let end = track.positions.last!
            // 5.5 m from the centre, the margin inside the ring, on the way south they wanted.
            #expect(abs(squaredDistance(end, W.c(500, -100)).squareRoot() - 5.5) < 1e-9)
            #expect(try polygon.contains(ctx.point(end)), "member \(track.member) got out of the ring")
        }
        // Without the barrier they walk 120 m south.
        var loose = ring(orders: [])
        loose.isBarrier = false
        let free = try W.run(W.scenario(units: [loose, group()], ticks: 120))
        #expect(free.tracks.filter { $0.unit == "g" }.allSatisfy { $0.positions.last!.y < -150 })
    }

    @Test func anAdvancingRingPushesTheGroupWithIt() throws {
        // The ring walks 40 m north at 0.2 m/s; the group wants south.
        var unit = ring(orders: [Order(.goTo(W.c(500, -60)))])
        unit.speed = 0.2
        let r = try W.run(W.scenario(units: [unit, group()], ticks: 300))
        for track in r.tracks where track.unit == "g" {
            let end = track.positions.last!
            #expect(abs(squaredDistance(end, W.c(500, -60)).squareRoot() - 5.5) < 1e-9)
            #expect(end.y < -60, "pushed, but still pressing south")
        }
        #expect(
            r.tracks.filter { $0.unit == "ring" }.allSatisfy {
                abs(squaredDistance($0.positions.last!, W.c(500, -60)).squareRoot() - 6) < 1e-9
            })
    }

    @Test func aTighteningRingClosesInOnTheGroup() throws {
        // From 8 m to 3 m at 0.05 m/s: 100 s, and the group inside within 2.5 m of the centre.
        let r = try W.run(
            W.scenario(
                units: [ring(orders: [], radius: 8, tightenTo: 3, rate: 0.05), group()],
                ticks: 150))
        for track in r.tracks {
            let d = squaredDistance(track.positions.last!, W.c(500, -100)).squareRoot()
            if track.unit == "ring" { #expect(abs(d - 3) < 1e-9) } else { #expect(d <= 2.5 + 1e-9) }
        }
        // Halfway, at 50 s, the officers stand on the 5.5 m circle.
        for track in r.tracks where track.unit == "ring" {
            #expect(abs(squaredDistance(track.positions[50], W.c(500, -100)).squareRoot() - 5.5) < 1e-9)
        }
    }

    @Test func anArcLetsThemOutThroughItsOpeningOnly() throws {
        // An arc facing north (toward its goal) with a 90° gap, holding still.
        let arc = ring(orders: [Order(.goTo(W.c(500, -99.999)))], formation: .arc, opening: Double.pi / 2)
        // Those who want north walk out through the gap; those who want south stay in.
        let north = try W.run(W.scenario(units: [arc, group(goTo: W.c(500, 200))], ticks: 200))
        #expect(north.tracks.filter { $0.unit == "g" }.allSatisfy { $0.positions.last!.y > 50 })
        let south = try W.run(W.scenario(units: [arc, group()], ticks: 200))
        for track in south.tracks where track.unit == "g" {
            #expect(squaredDistance(track.positions.last!, W.c(500, -99.999)).squareRoot() <= 5.5 + 1e-9)
        }
        // The arc's ends are at 45° either side of north, 6 m out.
        let ends = north.tracks.filter { $0.unit == "ring" }.sorted { $0.member < $1.member }.map { $0.positions[0] }
        #expect(
            abs(ends[0].x - (500 + 6 * sin(Double.pi / 4))) < 1e-6
                && abs(ends[0].y - (-100 + 6 * cos(Double.pi / 4))) < 1e-6)
        #expect(abs(ends[7].x - (500 - 6 * sin(Double.pi / 4))) < 1e-6)
    }
}

/// What a withdrawing barrier still blocks (docs/scenario-format.md, barrier): it releases the
/// groups it held, and holds everyone else as before.
@Suite("Barriers: after withdrawing")
struct WithdrawingBarrierTests {
    typealias W = TestWorld

    @Test func theGroupALineHeldWalksThroughItOnceItWithdraws() throws {
        // The line pushes the group north to y = -10, holds it there, and withdraws 50 m south
        // at 2 min; the group wants to go 300 m south.
        let line = UnitSpec(
            id: "shields", kind: .officers, affiliation: "BY", role: "riot-police", size: 12,
            start: W.c(500, -35), spread: 0, speed: 0.5, speedVariation: 0,
            orders: [Order(.goTo(W.c(500, -10))), Order(.withdraw(to: W.c(500, -60)), when: .at(120))],
            spacing: 1.5, formation: .line, isBarrier: true)
        let group = UnitSpec(
            id: "g", kind: .migrants, affiliation: "migrants", role: "group", size: 10,
            start: W.c(500, -25), spread: 4, speed: 1, orders: [Order(.goTo(W.c(500, -300)))])
        let r = try W.run(W.scenario(units: [line, group], ticks: 600))
        let members = r.tracks.filter { $0.unit == "g" }
        // Held in front of the line until the withdrawal (at 2 min, sample 120)...
        #expect(members.allSatisfy { $0.positions[120].y > -10 })
        // ...then free: all past the line, at their places round where they were going.
        #expect(members.allSatisfy { $0.positions.last!.y < -290 })
        // Without the withdrawal they stay held.
        var staying = line
        staying.orders.removeLast()
        let held = try W.run(W.scenario(units: [staying, group], ticks: 600))
        #expect(held.tracks.filter { $0.unit == "g" }.allSatisfy { $0.positions.last!.y > -10 })
    }

    /// A ring holds group A, and withdraws 30 m south at 1 min; group B, which it never held,
    /// turns up inside it at 70 s. Both want to go north.
    @Test func aWithdrawingRingReleasesWhomItHeldAndStillHoldsOthers() throws {
        var ring = UnitSpec(
            id: "ring", kind: .officers, affiliation: "BY", role: "riot-police", size: 8,
            start: W.c(500, -100), spread: 0, speed: 0.2, speedVariation: 0,
            orders: [Order(.hold), Order(.withdraw(to: W.c(500, -130)), when: .at(60))],
            spacing: 2, formation: .ring, isBarrier: true)
        ring.ring = RingShape(radius: 6)
        let a = UnitSpec(
            id: "a", kind: .migrants, affiliation: "migrants", role: "group", size: 4, start: W.c(500, -100),
            spread: 2, speed: 1, orders: [Order(.goTo(W.c(500, 200)))])
        var b = UnitSpec(
            id: "b", kind: .migrants, affiliation: "migrants", role: "group", size: 4,
            start: W.c(500, -102), spread: 1, speed: 1, orders: [Order(.goTo(W.c(500, 200)))])
        b.appearsAt = 70
        let r = try W.run(W.scenario(units: [ring, a, b], ticks: 300))
        for track in r.tracks where track.unit == "a" {
            // Held at the ring's edge for the first minute, then gone north.
            #expect(abs(squaredDistance(track.positions[59], W.c(500, -100)).squareRoot() - 5.5) < 1e-9)
            #expect(track.positions.last!.y > 50)
        }
        for track in r.tracks where track.unit == "b" {
            // Taken along to where the ring withdrew, pressing at its northern edge.
            #expect(abs(squaredDistance(track.positions.last!, W.c(500, -130)).squareRoot() - 5.5) < 1e-9)
        }
    }
}
