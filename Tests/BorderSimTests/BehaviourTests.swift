import BorderGeometry
import Testing

@testable import BorderSim

@Suite("Behaviours and orders")
struct BehaviourTests {
    typealias W = TestWorld

    @Test func foreignOfficersAreWarnedAtIntervalsAndWithdrawAfterTheThirdWarning() throws {
        let intruder = W.officer(
            "by", state: "BY", at: W.c(500, -10), speed: 1,
            orders: [
                Order(.goTo(W.c(500, 10))),
                Order(.withdraw(to: W.c(500, -30)), when: .warned(times: 3)),
            ])
        let guardUnit = W.officer(
            "lt", state: "LT", at: W.c(520, 40), speed: 1, orders: [Order(.hold)],
            warning: WarningPolicy(interval: 30, range: 100))
        let r = try W.run(W.scenario(units: [intruder, guardUnit], ticks: 300))
        let warnings = r.events.filter { $0.kind == .warning }
        #expect(warnings.count == 3)
        #expect(warnings.allSatisfy { $0.unit == "lt" && $0.counterpart == "by" })
        // First warning at the end of the step it crossed in (10 s), then every 30 s.
        #expect(warnings.map(\.time) == [11, 41, 71])
        let withdrawal = try #require(r.events.first { $0.kind == .withdrawal })
        #expect(withdrawal.time == 71)
        let incursion = try #require(r.incursions.first)
        #expect(abs(incursion.entryTime - 10) < 1e-9)
        #expect(abs(try #require(incursion.exitTime) - 81) < 1e-9)
    }

    @Test func patrolDetectsAGroupOnceAndInterceptsIt() throws {
        var group = W.officer(
            "g", state: "migrants", at: W.c(300, -100), speed: 1, orders: [Order(.goTo(W.c(300, 150)))])
        group.kind = .migrants
        let patrol = W.officer(
            "lt", state: "LT", at: W.c(100, 50), speed: 1.5,
            orders: [
                Order(.followRoute([W.c(100, 50), W.c(200, 50)], loop: false)),
                Order(.intercept, when: .detects(.migrants)),
            ], range: 120)
        let r = try W.run(W.scenario(units: [group, patrol], ticks: 300))
        let detections = r.events.filter { $0.kind == .detection }
        #expect(detections.count == 1)
        #expect(detections.first?.counterpart == "g")
        // After detection the patrol closes in and ends next to the group.
        let patrolEnd = r.tracks[1].positions.last!
        let groupEnd = r.tracks[0].positions.last!
        #expect(squaredDistance(patrolEnd, groupEnd).squareRoot() < 10)
    }

    @Test(arguments: [(50.0, true), (50.000001, false)])
    func detectionRangeIsInclusive(distance: Double, detected: Bool) throws {
        var person = W.officer("g", state: "migrants", at: W.c(100 + distance, 100), speed: 1, orders: [Order(.hold)])
        person.kind = .migrants
        let watcher = W.officer("lt", state: "LT", at: W.c(100, 100), speed: 1, orders: [Order(.hold)], range: 50)
        let r = try W.run(W.scenario(units: [person, watcher], ticks: 3))
        #expect(r.events.contains { $0.kind == .detection } == detected)
    }

    @Test func backAndForthRouteTurnsAtItsEnds() throws {
        let unit = W.officer(
            "p", state: "LT", at: W.c(100, 100), speed: 2,
            orders: [
                Order(.followRoute([W.c(100, 100), W.c(200, 100)], loop: false))
            ])
        let r = try W.run(W.scenario(units: [unit], step: 1, ticks: 150))
        let xs = r.tracks[0].positions.map(\.x)
        #expect(xs.max() == 200)
        #expect(xs[50] == 200)
        #expect(xs[100] == 100)
        // 100 m each way at 2 m/s: back at B after 150 s, never beyond either end.
        #expect(xs[150] == 200)
        #expect(xs.min() == 100)
    }

    @Test func ordersFireAtTheirTime() throws {
        let unit = W.officer(
            "p", state: "LT", at: W.c(100, 100), speed: 1,
            orders: [
                Order(.hold), Order(.goTo(W.c(100, 200)), when: .at(20)),
            ])
        let r = try W.run(W.scenario(units: [unit], ticks: 40))
        #expect(r.tracks[0].positions[20].y == 100)
        #expect(r.tracks[0].positions[30].y == 110)
    }
}

@Suite("Escort and push-back")
struct EscortAndPushBackTests {
    typealias W = TestWorld

    @Test func pushedGroupIsSentBackAcrossTheLineAndTheOfficersStopShortOfIt() throws {
        // A group that got 60 m into Lithuania; a Lithuanian patrol turns it back.
        var group = W.officer("g", state: "migrants", at: W.c(500, 60), speed: 1.2, orders: [Order(.hold)])
        group.kind = .migrants
        let patrol = W.officer(
            "lt", state: "LT", at: W.c(400, 100), speed: 1.5,
            orders: [
                Order(.pushBack(beyond: 30), when: .detects(.migrants))
            ], range: 200)
        let r = try W.run(W.scenario(units: [group, patrol], ticks: 400))
        #expect(r.events.filter { $0.kind == .pushBack }.count == 1)
        let crossing = try #require(r.events.first { $0.kind == .crossing })
        #expect(crossing.fromState == "LT" && crossing.intoState == "BY")
        let groupEnd = r.tracks[0].positions.last!
        let patrolEnd = r.tracks[1].positions.last!
        #expect(abs(groupEnd.y - -30) < 1e-6)
        #expect(abs(patrolEnd.y - 3) < 1e-6)
        #expect(r.incursions.isEmpty, "the patrol must not enter Belarus")
    }

    @Test func aGroupWalkingAwayIsStillCaughtAndPushedBack() throws {
        var group = W.officer(
            "g", state: "migrants", at: W.c(500, 20), speed: 0.7, orders: [Order(.goTo(W.c(500, 400)))])
        group.kind = .migrants
        let patrol = W.officer(
            "lt", state: "LT", at: W.c(420, 60), speed: 1.2,
            orders: [
                Order(.pushBack(beyond: 30), when: .detects(.migrants))
            ], range: 150)
        let r = try W.run(W.scenario(units: [group, patrol], ticks: 900))
        let push = try #require(r.events.first { $0.kind == .pushBack })
        #expect(push.time < 400, "the patrol should catch a slower group within minutes")
        #expect(r.events.contains { $0.kind == .crossing && $0.intoState == "BY" })
    }

    @Test func followingUnitKeepsItsDistance() throws {
        let leader = W.officer(
            "lead", state: "BY", at: W.c(100, -100), speed: 1, orders: [Order(.goTo(W.c(300, -100)))])
        var group = W.officer(
            "g", state: "migrants", at: W.c(60, -100), speed: 1.5,
            orders: [
                Order(.follow(unit: "lead", distance: 10))
            ])
        group.kind = .migrants
        let r = try W.run(W.scenario(units: [leader, group], ticks: 300))
        let gap = squaredDistance(r.tracks[0].positions.last!, r.tracks[1].positions.last!).squareRoot()
        #expect(abs(gap - 10) < 1e-6)
    }
}

@Suite("Line formation and barrier")
struct BarrierTests {
    typealias W = TestWorld

    func line(at y: Double, goTo target: Double) -> UnitSpec {
        UnitSpec(
            id: "shields", kind: .officers, affiliation: "BY", role: "riot-police", size: 12, start: W.c(500, y),
            spread: 0, speed: 0.5, speedVariation: 0, orders: [Order(.goTo(W.c(500, target)))], spacing: 1.5,
            formation: .line, isBarrier: true)
    }

    @Test func lineStandsAbreastAcrossItsHeading() throws {
        let r = try W.run(W.scenario(units: [line(at: -100, goTo: -50)], ticks: 20))
        let ends = r.tracks.map { $0.positions.last! }
        // Facing north: members spread east–west, 1.5 m apart, all at the same northing.
        #expect(Set(ends.map(\.y)).count == 1)
        let xs = ends.map(\.x).sorted()
        #expect(abs(xs.last! - xs.first! - 16.5) < 1e-9)
    }

    @Test func advancingBarrierPushesAGroupAheadAndBlocksItsRetreat() throws {
        // The group wants to go back south; the line behind it advances north to 5 m past the border.
        let group = UnitSpec(
            id: "g", kind: .migrants, affiliation: "migrants", role: "group", size: 10,
            start: W.c(500, -25), spread: 4, speed: 1.0, orders: [Order(.goTo(W.c(500, -300)))])
        let r = try W.run(W.scenario(units: [line(at: -35, goTo: 5), group], ticks: 200))
        let lineY = r.tracks[0].positions.last!.y
        #expect(abs(lineY - 5) < 1e-9)
        for track in r.tracks where track.unit == "g" {
            #expect(track.positions.last!.y > lineY, "member \(track.member) slipped behind the line")
        }
        let crossings = r.events.filter { $0.kind == .crossing && $0.fromState == "BY" }
        #expect(Set(crossings.map(\.member)).count == 10)
        // The officers themselves end 5 m inside Lithuania: 12 incursions.
        #expect(r.incursions.count == 12)
        #expect(r.incursions.allSatisfy { abs($0.maxDepth - 5) < 1e-9 })
    }
}

@Suite("Keeping to one's own side")
struct OwnSideTests {
    typealias W = TestWorld

    @Test func unitThatKeepsToItsSideStopsShortOfTheLine() throws {
        var unit = W.officer("by", state: "BY", at: W.c(500, -30), speed: 1, orders: [Order(.goTo(W.c(500, 30)))])
        unit.keepsToOwnSide = true
        let r = try W.run(W.scenario(units: [unit], ticks: 100))
        #expect(r.incursions.isEmpty)
        let end = r.tracks[0].positions.last!
        #expect(end.y < -UnitSpec.sideMargin + 1e-9 && end.y > -UnitSpec.sideMargin - 1)
    }

    /// A patrol whose route runs into Lithuania's tooth and across the line, round and round:
    /// at every step it is on its own side and at least the margin from the line, measured
    /// with GEOS, though most steps skip the test (`keepToOwnSide`'s cached clearance).
    @Test(arguments: [1.3, 1.7, 2.9])
    func patrolAlongTheToothNeverComesWithinTheMargin(speed: Double) throws {
        var unit = W.officer(
            "by", state: "BY", at: W.c(20, -40), speed: speed,
            orders: [Order(.followRoute([W.c(20, -40), W.c(90, 5), W.c(140, -60)], loop: true))])
        unit.keepsToOwnSide = true
        let r = try W.run(W.scenario(units: [unit], ticks: 600))
        #expect(r.incursions.isEmpty)
        let ctx = GeometryContext()
        let line = try ctx.make(.lineString(W.line))
        let belarus = try ctx.make(W.by)
        var nearest = Double.infinity
        for p in r.tracks[0].positions {
            let point = try ctx.point(p)
            #expect(try belarus.contains(point), "\(p) is not in Belarus")
            let d = try line.distance(to: point)
            #expect(d >= UnitSpec.sideMargin - 1e-9, "\(p) is \(d) m from the line")
            nearest = min(nearest, d)
        }
        // It did come up to the margin, within one step's walk: the route asked it to cross.
        #expect(nearest < UnitSpec.sideMargin + speed)
    }

    @Test func pushBackWaitsUntilTheGroupIsOnOwnTerritory() throws {
        var group = W.officer(
            "g", state: "migrants", at: W.c(500, -60), speed: 0.5, orders: [Order(.goTo(W.c(500, 100)))])
        group.kind = .migrants
        let patrol = W.officer(
            "lt", state: "LT", at: W.c(500, 40), speed: 1.5,
            orders: [
                Order(.pushBack(beyond: 30), when: .detects(.migrants))
            ], range: 200)
        let r = try W.run(W.scenario(units: [group, patrol], ticks: 600))
        let firstCrossing = try #require(r.events.first { $0.kind == .crossing })
        let push = try #require(r.events.first { $0.kind == .pushBack })
        #expect(firstCrossing.time < push.time)
        #expect(r.incursions.isEmpty, "the patrol never goes after the group into Belarus")
    }
}

@Suite("Leaving the area")
struct LeaveTests {
    typealias W = TestWorld

    @Test func aGroupThatLeftIsNeitherMovedNorSeen() throws {
        var group = W.officer(
            "g", state: "migrants", at: W.c(500, 50), speed: 1,
            orders: [
                Order(.goTo(W.c(500, 100))), Order(.leave, when: .arrived),
            ])
        group.kind = .migrants
        // The patrol walks past the group's destination after it has left.
        let patrol = W.officer(
            "lt", state: "LT", at: W.c(300, 100), speed: 2, orders: [Order(.goTo(W.c(700, 100)))],
            range: 20)
        let r = try W.run(W.scenario(units: [group, patrol], ticks: 200))
        let departure = try #require(r.events.first { $0.kind == .departure })
        // 50 m at 1 m/s: there at 50 s, and gone from the step that starts then.
        #expect(abs(departure.time - 50) < 1e-9)
        #expect(!r.events.contains { $0.kind == .detection })
        #expect(r.tracks[0].positions.last == W.c(500, 100))
    }
}

@Suite("Arrivals")
struct ArrivalTests {
    typealias W = TestWorld

    func flow(perDay: Double, later: Double? = nil) -> ArrivalSpec {
        var rates = [ArrivalSpec.Rate(from: 0, peoplePerDay: perDay)]
        if let later { rates.append(.init(from: 43_200, peoplePerDay: later)) }
        return ArrivalSpec(
            name: "flow", from: "BY", into: "LT", rates: rates, groupSize: 5...15,
            dropOffs: [.init(from: 100, to: 400, weight: 3), .init(from: 700, to: 800, weight: 1)],
            startOffset: 100, destinationOffset: 200, speed: 1.2)
    }

    func scenario(_ flows: [ArrivalSpec], ticks: Int = 8_640, seed: UInt64 = 5) -> Scenario {
        var s = W.scenario(units: [], step: 10, ticks: ticks, seed: seed)
        s.arrivals = flows
        return s
    }

    @Test func groupsArriveAtTheRateAndWhereTheyAreDroppedOff() throws {
        // 8,000 people a day for 6 hours, in groups of 5–15 (mean 10): about 200 groups.
        let r = try W.run(scenario([flow(perDay: 8_000)], ticks: 2_160))
        let groups = r.scenario.units
        #expect(groups.count > 160 && groups.count < 240, "\(groups.count) groups")
        let people = groups.map(\.size).reduce(0, +)
        #expect(people > 1_600 && people < 2_400)
        #expect(groups.allSatisfy { (5...15).contains($0.size) })
        #expect(zip(groups, groups.dropFirst()).allSatisfy { $0.appearsAt <= $1.appearsAt })
        // Distance along the line runs ahead of x by what the tooth adds: 2 × √(5² + 20²) − 10.
        let tooth = 2 * (25.0 + 400).squareRoot() - 10
        for g in groups {
            // 100 m into Belarus, on a drop-off stretch.
            #expect(abs(g.start.y - -100) < 1e-6, "\(g.id) starts at \(g.start)")
            let along = g.start.x + tooth
            #expect((100...400).contains(along) || (700...800).contains(along), "\(g.id) at \(along) m")
        }
        // Three times as many on the 300 m stretch (weight 3) as on the 100 m one (weight 1).
        let west = groups.count { $0.start.x + tooth <= 400 }
        #expect(Double(west) / Double(groups.count) > 0.65 && Double(west) / Double(groups.count) < 0.85)
        // Everyone who arrived early enough walked across and left.
        #expect(r.events.contains { $0.kind == .appearance } && r.events.contains { $0.kind == .departure })
        let crossed = Set(r.events.filter { $0.kind == .crossing }.map(\.unit))
        #expect(crossed.count >= groups.count { $0.appearsAt < 21_000 })
    }

    @Test func aChangeOfRateChangesTheFlow() throws {
        let r = try W.run(scenario([flow(perDay: 200, later: 4_000)]))
        let early = r.scenario.units.count { $0.appearsAt < 43_200 }
        let late = r.scenario.units.count - early
        #expect(late > 8 * early, "early \(early), late \(late)")
    }

    @Test func everyPolicyOnASeedSeesTheSameArrivals() throws {
        let a = try W.run(scenario([flow(perDay: 1_000)]))
        var withPatrol = scenario([flow(perDay: 1_000)])
        withPatrol.units = [W.officer("p", state: "LT", at: W.c(300, 50), speed: 1, orders: [Order(.hold)], range: 100)]
        let b = try W.run(withPatrol)
        #expect(a.scenario.units == Array(b.scenario.units.dropFirst()))
        let other = try W.run(scenario([flow(perDay: 1_000)], seed: 6))
        #expect(other.scenario.units != a.scenario.units)
    }

    @Test func tracksCoverOnlyTheTimeAGroupIsThere() throws {
        let r = try W.run(scenario([flow(perDay: 8_000)], ticks: 500))
        let track = try #require(r.tracks.first { $0.unit == "flow-3" })
        let spec = try #require(r.scenario.units.first { $0.id == "flow-3" })
        let window = try #require(track.present)
        // It appears at the first step boundary at or after its arrival time.
        let shown = Double(r.sampleTicks[window.lowerBound]) * 10
        #expect(shown >= spec.appearsAt && shown < spec.appearsAt + 10)
        // Before, it stood at its start; the window leaves that out.
        #expect(track.positions[..<window.lowerBound].allSatisfy { $0 == track.positions[window.lowerBound] })
    }
}

@Suite("Detection probability and apprehension")
struct DetectionProbabilityTests {
    typealias W = TestWorld

    /// 400 one-person groups standing within range of one watcher who notices each with p per step.
    func crowd(p: Double, ticks: Int) throws -> Int {
        var units = (0..<400).map { i -> UnitSpec in
            var g = W.officer(
                "g\(i)", state: "migrants", at: W.c(400 + Double(i % 20), 100 + Double(i / 20)),
                speed: 1, orders: [Order(.hold)])
            g.kind = .migrants
            return g
        }
        var watcher = W.officer("lt", state: "LT", at: W.c(410, 110), speed: 1, orders: [Order(.hold)], range: 50)
        watcher.detectionProbability = p
        units.append(watcher)
        let r = try W.run(W.scenario(units: units, ticks: ticks))
        return r.events.count { $0.kind == .detection }
    }

    @Test func eachStepInRangeIsAGlimpseWithItsProbability() throws {
        // Binomial(400, 0.2): mean 80, sd 8; after 10 steps 1 − 0.8¹⁰ = 89 %: mean 357, sd 6.
        let once = try crowd(p: 0.2, ticks: 1)
        #expect(once > 56 && once < 104, "\(once) detected after one step")
        let ten = try crowd(p: 0.2, ticks: 10)
        #expect(ten > 339 && ten < 375, "\(ten) detected after ten steps")
        #expect(try crowd(p: 1, ticks: 1) == 400)
    }

    @Test func apprehendedGroupLeavesTheArea() throws {
        var group = W.officer("g", state: "migrants", at: W.c(500, 30), speed: 1, orders: [Order(.goTo(W.c(500, 300)))])
        group.kind = .migrants
        let patrol = W.officer(
            "lt", state: "LT", at: W.c(450, 60), speed: 1.5,
            orders: [
                Order(.apprehend, when: .detects(.migrants))
            ], range: 100)
        let r = try W.run(W.scenario(units: [group, patrol], ticks: 600))
        let caught = try #require(r.events.first { $0.kind == .apprehension })
        #expect(caught.counterpart == "g" && caught.unit == "lt")
        let track = r.tracks[0]
        let window = try #require(track.present)
        #expect(window.upperBound < r.sampleTicks.count, "the group's track ends when it is taken away")
        #expect(track.positions.last!.y < 300, "it never reached its destination")
    }
}

@Suite("Responding again and again")
struct RepeatedResponseTests {
    typealias W = TestWorld

    func group(_ id: String, x: Double, after: Double) -> UnitSpec {
        var g = W.officer(id, state: "migrants", at: W.c(x, -50), speed: 1, orders: [Order(.goTo(W.c(x, 400)))])
        g.kind = .migrants
        g.appearsAt = after
        return g
    }

    @Test func aPatrolApprehendsEveryGroupItSeesAndPatrolsInBetween() throws {
        let patrol = W.officer(
            "lt", state: "LT", at: W.c(200, 80), speed: 1.5,
            orders: [
                Order(.followRoute([W.c(200, 80), W.c(800, 80)], loop: false)),
                Order(.apprehend, when: .detects(.migrants)),
            ], range: 120)
        let r = try W.run(
            W.scenario(
                units: [patrol, group("a", x: 300, after: 0), group("b", x: 700, after: 400)],
                ticks: 1_500))
        let caught = r.events.filter { $0.kind == .apprehension }.compactMap(\.counterpart)
        #expect(caught == ["a", "b"])
        // Between the two it went back to its route (y = 80) and walked on along it.
        let first = try #require(r.events.first { $0.kind == .apprehension }).time
        let second = try #require(r.events.last { $0.kind == .apprehension }).time
        let between = r.tracks[0].positions[Int(first)...Int(second)]
        #expect(between.contains { abs($0.y - 80) < 1e-9 && $0.x > 400 })
    }

    @Test func aGroupThatComesAgainIsTurnedBackAgain() throws {
        let patrol = W.officer(
            "lt", state: "LT", at: W.c(300, 60), speed: 1.5,
            orders: [
                Order(.hold), Order(.pushBack(beyond: 40), when: .detects(.migrants)),
            ], range: 150)
        var g = group("a", x: 300, after: 0)
        // Turned back into Belarus, it tries again ten minutes in.
        g.orders = [Order(.goTo(W.c(300, 400))), Order(.goTo(W.c(300, 400)), when: .at(600))]
        let r = try W.run(W.scenario(units: [patrol, g], ticks: 1_500))
        let pushes = r.events.filter { $0.kind == .pushBack }
        #expect(pushes.count == 2)
        #expect(pushes.allSatisfy { $0.counterpart == "a" })
        #expect(r.events.filter { $0.kind == .crossing }.map { $0.intoState! } == ["LT", "BY", "LT", "BY"])
    }
}

@Suite("follow_route mode once")
struct RouteOnceTests {
    typealias W = TestWorld

    @Test func aOneWayRouteEndsAtItsLastPointAndTheNextOrderFiresOnArrival() throws {
        let route = [W.c(100, -10), W.c(150, -10), W.c(150, -40)]
        let unit = W.officer(
            "by", state: "BY", at: W.c(100, -30), speed: 1,
            orders: [
                Order(.order(AnyUnitOrder(RouteOnceOrder(points: route)))),
                Order(.goTo(W.c(180, -40)), when: .arrived),
            ])
        let r = try W.run(W.scenario(units: [unit], ticks: 200))
        let track = r.tracks[0].positions
        // 20 m onto the route's start, 80 m along it: at its end at 100 s, then 30 m east by 130 s.
        #expect(track[20] == W.c(100, -10))
        #expect(track[70] == W.c(150, -10))
        #expect(track[100] == W.c(150, -40))
        #expect(track[115] == W.c(165, -40))
        #expect(track[130] == W.c(180, -40) && track[200] == W.c(180, -40))
    }

    @Test func withoutANextOrderTheUnitStaysAtTheRoutesEnd() throws {
        let unit = W.officer(
            "by", state: "BY", at: W.c(200, -10), speed: 2,
            orders: [
                Order(.order(AnyUnitOrder(RouteOnceOrder(points: [W.c(200, -10), W.c(300, -10)]))))
            ])
        let r = try W.run(W.scenario(units: [unit], ticks: 100))
        #expect(r.tracks[0].positions[50] == W.c(300, -10))
        #expect(r.tracks[0].positions.last == W.c(300, -10))
    }
}
