import BorderGeometry
import Foundation
import Testing

@testable import BorderSim

/// Fences, cameras, turn-back with retry, shifts, and the outcome metrics they feed, on the
/// synthetic border of `TestWorld` (y = 0, Lithuania above, Belarus below).
@Suite("Border-wide behaviours")
struct BorderWideTests {
    typealias W = TestWorld

    /// One migrant walking exactly where sent: no spread, no speed variation.
    static func migrant(
        _ id: String, at start: Coordinate, to goal: Coordinate, speed: Double = 1,
        size: Int = 1, spread: Double = 0
    ) -> UnitSpec {
        UnitSpec(
            id: id, kind: .migrants, affiliation: "migrants", role: "group", size: size, start: start,
            spread: spread, speed: speed, speedVariation: 0, orders: [Order(.goTo(goal))])
    }

    static func firstCrossing(_ r: RunResult, _ unit: String) -> Event? {
        r.events.first { $0.kind == .crossing && $0.unit == unit && $0.boundary == "mapped" && $0.intoState == "LT" }
    }

    // MARK: Fences

    @Test func aClimbableFenceDelaysTheCrossingByExactlyItsClimbTime() throws {
        // The group reaches the fence (5 cm short of the line) at exactly t = 20 s.
        let group = Self.migrant("g", at: W.c(500, -20.05), to: W.c(500, 100))
        var scenario = W.scenario(units: [group], ticks: 200)
        let free = try #require(Self.firstCrossing(try W.run(scenario), "g"))
        scenario.fences = [FenceSpec(name: "wire", line: [W.c(400, 0), W.c(600, 0)], climb: 60)]
        let r = try W.run(scenario)
        let fenced = try #require(Self.firstCrossing(r, "g"))
        #expect(abs(free.time - 20.05) < 1e-9)
        #expect(abs(fenced.time - free.time - 60) < 1e-9)
        let reached = try #require(r.events.first { $0.kind == .fenceReached })
        let climbed = try #require(r.events.first { $0.kind == .fenceClimbed })
        #expect(reached.boundary == "wire" && climbed.unit == "g")
        #expect(abs(reached.time - 20) < 1e-9 && abs(climbed.time - 80) < 1e-9)
        #expect(RunMetrics(r, origin: "BY")["fence_climbs"] == 1)
    }

    @Test func aClimbEndingWithinAStepDelaysTheCrossingByTheClimbTimeToWithinThatStep() throws {
        // Reaches the fence at 20.45 s and is over it at 80.45 s; the core times a crossing as if
        // the whole step were walked, so the release step's crossing is timed early by < 1 step.
        let group = Self.migrant("g", at: W.c(500, -20.5), to: W.c(500, 100))
        var scenario = W.scenario(units: [group], ticks: 200)
        scenario.fences = [FenceSpec(name: "wire", line: [W.c(400, 0), W.c(600, 0)], climb: 60)]
        let r = try W.run(scenario)
        let climbed = try #require(r.events.first { $0.kind == .fenceClimbed })
        #expect(abs(climbed.time - 80.45) < 1e-9)
        let fenced = try #require(Self.firstCrossing(r, "g"))
        #expect(fenced.time > 80 && fenced.time <= 80.5 + 1e-9)
    }

    @Test func anUnclimbableFenceSendsTheGroupAlongItToTheNearestGap() throws {
        let group = Self.migrant("g", at: W.c(500, -20.5), to: W.c(500, 100))
        var scenario = W.scenario(units: [group], ticks: 600)
        // Gap from x = 550 to 570 (metres 250–270 along the fence); the ends are at x = 300 and 700.
        scenario.fences = [FenceSpec(name: "wall", line: [W.c(300, 0), W.c(700, 0)], gaps: [250...270])]
        let r = try W.run(scenario)
        let crossing = try #require(Self.firstCrossing(r, "g"))
        #expect(crossing.position.x >= 550 && crossing.position.x <= 570)
        #expect(r.events.contains { $0.kind == .fencePassed && $0.unit == "g" })
        // It then heads for its destination again, and gets there.
        #expect(squaredDistance(r.tracks[0].positions.last!, W.c(500, 100)) < 1e-6)
    }

    @Test func aFenceWithNoGapIsWalkedRoundAtItsNearerEnd() throws {
        let group = Self.migrant("g", at: W.c(420, -20.5), to: W.c(420, 100))
        var scenario = W.scenario(units: [group], ticks: 600)
        scenario.fences = [FenceSpec(name: "wall", line: [W.c(300, 0), W.c(700, 0)])]
        let r = try W.run(scenario)
        let crossing = try #require(Self.firstCrossing(r, "g"))
        #expect(crossing.position.x < 300)
    }

    @Test func everyMemberOfAGroupGetsPastAClimbableFence() throws {
        let group = Self.migrant("g", at: W.c(500, -40), to: W.c(500, 100), size: 8, spread: 6)
        var scenario = W.scenario(units: [group], ticks: 400)
        scenario.fences = [FenceSpec(name: "wire", line: [W.c(300, 0), W.c(700, 0)], climb: 30)]
        let r = try W.run(scenario)
        let crossings = r.events.filter { $0.kind == .crossing && $0.boundary == "mapped" && $0.intoState == "LT" }
        let climbed = try #require(r.events.first { $0.kind == .fenceClimbed })
        #expect(crossings.count == 8)
        // Nobody is across before the step in which the group is over the fence.
        #expect(crossings.allSatisfy { $0.time >= climbed.time.rounded(.down) })
    }

    @Test func officersAreNotHeldByFences() throws {
        let officer = W.officer("lt", state: "LT", at: W.c(500, 20.5), speed: 1, orders: [Order(.goTo(W.c(500, -30)))])
        var scenario = W.scenario(units: [officer], ticks: 100)
        scenario.fences = [FenceSpec(name: "wall", line: [W.c(300, 0), W.c(700, 0)])]
        let r = try W.run(scenario)
        #expect(r.incursions.count == 1)
    }

    // MARK: Cameras

    static func responder(_ id: String, at start: Coordinate) -> UnitSpec {
        W.officer(
            id, state: "LT", at: start, speed: 2,
            orders: [
                Order(.hold), Order(.apprehend, when: .detects(.migrants)),
            ])
    }

    static let mast = CameraSpec(
        id: "mast", state: "LT",
        coverage: .polygon([[W.c(400, 0), W.c(600, 0), W.c(600, 100), W.c(400, 100), W.c(400, 0)]]),
        model: .perStep(1))

    @Test func aCameraDetectionSendsTheNearestFreeResponder() throws {
        let a = Self.migrant("a", at: W.c(500, -10.5), to: W.c(500, 400))
        let b = Self.migrant("b", at: W.c(520, -10.5), to: W.c(520, 400))
        var scenario = W.scenario(
            units: [
                a, b, Self.responder("near", at: W.c(450, 200)),
                Self.responder("far", at: W.c(900, 200)),
            ], ticks: 1_000)
        scenario.cameras = [Self.mast]
        let r = try W.run(scenario)
        let detections = r.events.filter { $0.kind == .detection }
        #expect(detections.map(\.unit) == ["mast", "mast"])
        #expect(abs(detections[0].time - 11) < 1e-9)
        // `a` is nearer and first: it goes to the nearer responder, which is then busy, so `b` goes to the other.
        let alerts = r.events.filter { $0.kind == .alert }
        #expect(alerts.map(\.unit) == ["near", "far"])
        #expect(alerts.map(\.counterpart) == ["a", "b"])
        let apprehended = r.events.filter { $0.kind == .apprehension }.map(\.counterpart)
        #expect(Set(apprehended) == ["a", "b"])
        let m = RunMetrics(r, origin: "BY")
        #expect(m["camera_detections"] == 2 && m["detections"] == 2 && m["apprehensions"] == 2)
        #expect(m["through_undetected"] == 0)
    }

    @Test func aResponderWhoseWayWouldCrossTheBorderIsPassedOver() throws {
        // "tooth" stands in Lithuania's tooth south of the line; its straight way to the group
        // would cut through Belarus, so the farther "open" is sent.
        let group = Self.migrant("g", at: W.c(200, -10.5), to: W.c(200, 400))
        var camera = Self.mast
        camera.coverage = .polygon([[W.c(100, 0), W.c(300, 0), W.c(300, 100), W.c(100, 100), W.c(100, 0)]])
        var scenario = W.scenario(
            units: [
                group, Self.responder("tooth", at: W.c(55, -10)),
                Self.responder("open", at: W.c(600, 50)),
            ], ticks: 30)
        scenario.cameras = [camera]
        let r = try W.run(scenario)
        #expect(r.events.filter { $0.kind == .alert }.map(\.unit) == ["open"])
    }

    @Test func randomSearchCameraDetectsWithTheStatedChance() throws {
        // A group walking d = 100 m through a 200 m × 100 m area with W = 200 m: p = 1 − e^(−1) ≈ 0.632.
        var camera = Self.mast
        camera.model = .randomSearch(sweepWidth: 200)
        let group = Self.migrant("g", at: W.c(500, -0.5), to: W.c(500, 400))
        var scenario = W.scenario(units: [group], ticks: 120)
        scenario.cameras = [camera]
        let seeds = 400
        var detected = 0
        for seed in 1...seeds {
            let r = try W.run(scenario, seed: UInt64(seed))
            if r.events.contains(where: { $0.kind == .detection }) { detected += 1 }
        }
        let rate = Double(detected) / Double(seeds)
        let expected: Double = 1 - exp(-1.0)
        // Within 4 standard errors of a binomial proportion.
        let tolerance: Double = 4 * (expected * (1 - expected) / Double(seeds)).squareRoot()
        #expect(abs(rate - expected) < tolerance)
    }

    // MARK: Turn-back with retry

    /// Metres along the test border to the point above x = 500 (the tooth adds its detour).
    static let along500 = 500 + 2 * (425.0).squareRoot() - 10

    /// A group 20.5 m into Belarus at x = 500 heading 100 m into Lithuania, retrying as told,
    /// and a guard at x = 500 who sees 100 m and pushes groups back 20 m past the line.
    static func retryRun(after: Double, shift: Double, maxAttempts: Int) throws -> RunResult {
        var group = Self.migrant("g", at: W.c(500, -20.5), to: W.c(500, 100))
        group.orders.append(Order(.leave, when: .arrived))
        group.retry = ArrivalRetry(
            policy: .init(after: after, shift: shift...shift, maxAttempts: maxAttempts),
            along: Self.along500, from: "BY", into: "LT", startOffset: 20.5, destinationOffset: 100)
        let guards = W.officer(
            "lt", state: "LT", at: W.c(500, 30), speed: 2,
            orders: [
                Order(.hold), Order(.pushBack(beyond: 20), when: .detects(.migrants)),
            ], range: 100)
        return try W.run(W.scenario(units: [group, guards], ticks: 1_000))
    }

    @Test func aTurnedBackGroupRetriesAfterTheDelayAndGivesUpAfterItsLastAttempt() throws {
        let r = try Self.retryRun(after: 100, shift: 50, maxAttempts: 2)
        let pushBacks = r.events.filter { $0.kind == .pushBack }
        let retries = r.events.filter { $0.kind == .retry }
        let gaveUp = r.events.filter { $0.kind == .gaveUp }
        #expect(pushBacks.count == 2 && retries.count == 1 && gaveUp.count == 1)
        // Dropped off again 50 m along the border, 20.5 m into Belarus.
        let again = try #require(retries.first)
        #expect(abs(abs(again.position.x - 500) - 50) < 1e-6 && abs(again.position.y + 20.5) < 1e-6)
        #expect(again.time > pushBacks[0].time + 100 && again.time < pushBacks[1].time)
        // After the second turn-back it leaves, on the Belarusian side.
        let left = try #require(r.events.first { $0.kind == .departure })
        #expect(left.time == gaveUp[0].time && left.position.y < 0)
        let m = RunMetrics(r, origin: "BY")
        #expect(m["push_backs"] == 2 && m["turned_back"] == 1)
        #expect(m["repeat_attempts"] == 1 && m["gave_up"] == 1)
        #expect(m["through_undetected"] == 0 && m["through_detected"] == 0)
    }

    @Test func aGroupThatGetsThroughOnItsRetryCountsAsThroughUndetected() throws {
        // The guard sees only near x = 500: the retry, 300 m away, gets through.
        let r = try Self.retryRun(after: 10, shift: 300, maxAttempts: 3)
        let m = RunMetrics(r, origin: "BY")
        #expect(m["push_backs"] == 1 && m["repeat_attempts"] == 1 && m["gave_up"] == 0)
        #expect(m["through_undetected"] == 1)
        // Effectiveness: one turn-back against one attempt that got away.
        #expect(m["effectiveness"] == 0.5)
    }

    // MARK: Shifts

    @Test func anOfficerOffDutyNeitherDetectsNorMoves() throws {
        let group = Self.migrant("g", at: W.c(500, -30), to: W.c(500, 400))
        // The clock starts at 15:00 local time; the shift starts a minute later.
        var watcher = W.officer(
            "lt", state: "LT", at: W.c(500, 10), speed: 1,
            orders: [Order(.goTo(W.c(600, 10)))], range: 100)
        watcher.shifts = [DutyWindow(from: 15 * 3600 + 60, to: 16 * 3600)]
        let r = try W.run(W.scenario(units: [group, watcher], ticks: 120))
        let detection = try #require(r.events.first { $0.kind == .detection })
        #expect(detection.time == 61)
        #expect(r.tracks[1].positions[60] == W.c(500, 10))
        #expect(DutyWindow(from: 20 * 3600, to: 8 * 3600).contains(2 * 3600))
        #expect(!DutyWindow(from: 20 * 3600, to: 8 * 3600).contains(12 * 3600))
    }

    // MARK: Determinism

    /// Twice on one thread, and on two with every phase split: the border-wide phases change
    /// who is present, which the workers' lists of active units must follow.
    @Test func fencesCamerasAndRetriesGiveTheSameRunTwiceAndOnTwoThreads() throws {
        var group = Self.migrant("g", at: W.c(500, -40), to: W.c(500, 100), size: 6, spread: 5)
        group.orders.append(Order(.leave, when: .arrived))
        group.retry = ArrivalRetry(
            policy: .init(after: 30, shift: 0...200, maxAttempts: 3), along: Self.along500, from: "BY",
            into: "LT", startOffset: 40, destinationOffset: 100)
        var scenario = W.scenario(units: [group, Self.responder("lt", at: W.c(500, 60))], ticks: 900)
        scenario.units[1].orders[1] = Order(.pushBack(beyond: 30), when: .detects(.migrants))
        scenario.fences = [FenceSpec(name: "wire", line: [W.c(100, 0), W.c(900, 0)], gaps: [390...410], climb: 20)]
        scenario.cameras = [Self.mast]
        let a = try W.run(scenario)
        let b = try W.run(scenario)
        #expect(a.events == b.events)
        #expect(a.tracks.map(\.positions) == b.tracks.map(\.positions))
        let split = try Simulation(scenario: scenario, threads: 2)
        split.state.geometry.smallestChunk = 1
        let c = try split.run()
        #expect(a.events.contains { $0.kind == .retry })
        #expect(c.events == a.events)
        #expect(c.tracks.map(\.positions) == a.tracks.map(\.positions))
    }
}

@Suite("Cameras: whom they detect, and where")
struct CameraTargetTests {
    typealias W = TestWorld

    /// A mast whose field spans both sides of the straight stretch, 50 m into each.
    static func mast(_ detects: [CameraSpec.Target] = CameraSpec.Target.notOwnSide) -> CameraSpec {
        CameraSpec(
            id: "mast", state: "LT",
            coverage: .polygon([[W.c(400, -50), W.c(600, -50), W.c(600, 50), W.c(400, 50), W.c(400, -50)]]),
            model: .perStep(1), detects: detects)
    }

    /// A BY officer who steps 10 m over the line and straight back, and an LT guard standing by.
    static func scenario(_ camera: CameraSpec) -> Scenario {
        let by = W.officer(
            "by", state: "BY", at: W.c(500, -20), speed: 1,
            orders: [
                Order(.goTo(W.c(500, 10))), Order(.goTo(W.c(500, -20)), when: .arrived),
            ])
        let lt = W.officer("lt", state: "LT", at: W.c(450, 20), speed: 1, orders: [Order(.hold)])
        var s = W.scenario(units: [by, lt], ticks: 80)
        s.cameras = [camera]
        return s
    }

    @Test func byDefaultACameraSeesForeignOfficersOnEachSoilButNotItsOwn() throws {
        let r = try W.run(Self.scenario(Self.mast()))
        let seen = r.events.filter { $0.kind == .detection }
        // Seen at home first (step 1), then again once across the line (at 21 s, on LT soil).
        #expect(seen.map(\.counterpart) == ["by", "by"])
        #expect(seen.map(\.intoState) == ["BY", "LT"])
        #expect(seen.map(\.unit) == ["mast", "mast"])
        #expect(abs(seen[0].time - 1) < 1e-9)
        #expect(abs(seen[1].time - 21) < 1e-9)
        // An expectation names the camera, and asks that the incursion itself was seen.
        #expect(r.measure(Expectation(metric: "detections", filter: ["unit": "mast"], min: nil, max: nil)) == 2)
        #expect(
            r.measure(
                Expectation(
                    metric: "detections", filter: ["unit": "mast", "while_on": "LT"],
                    min: nil, max: nil)) == 1)
        #expect(r.measure(Expectation(metric: "incursions", filter: ["while_on": "LT"], min: nil, max: nil)) == 1)
    }

    @Test func aCameraSetToMigrantsOnlyIgnoresOfficersAndOneSetToItsOwnSeesThem() throws {
        let none = try W.run(Self.scenario(Self.mast([.migrants])))
        #expect(none.events.filter { $0.kind == .detection }.isEmpty)
        let own = try W.run(Self.scenario(Self.mast([.ownOfficers])))
        #expect(own.events.filter { $0.kind == .detection }.map(\.counterpart) == ["lt"])
    }

    @Test func anOfficerSeenInTheDitchIsSeenThereAndAnExpectationCanAskForIt() throws {
        var scenario = Self.scenario(Self.mast())
        scenario.zones = [ZoneDepthTests.ditch]
        let r = try W.run(scenario)
        let seen = r.events.filter { $0.kind == .detection }
        // Home (1 s), in the ditch on BY soil (19 s), in it on LT soil (21 s), beyond it in LT (22 s).
        #expect(seen.map(\.time) == [1, 19, 21, 22])
        #expect(seen.map(\.intoState) == ["BY", "BY", "LT", "LT"])
        #expect(seen.map(\.boundary) == [nil, "ditch", "ditch", nil])
        #expect(
            r.measure(
                Expectation(
                    metric: "detections", filter: ["unit": "mast", "while_in": "ditch"],
                    min: nil, max: nil)) == 2)
        #expect(
            r.measure(
                Expectation(
                    metric: "detections", filter: ["while_on": "LT", "while_in": "ditch"],
                    min: nil, max: nil)) == 1)
    }
}
