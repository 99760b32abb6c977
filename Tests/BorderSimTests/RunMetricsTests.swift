import BorderGeometry
import Testing

@testable import BorderSim

/// Metrics of runs on `TestWorld` (LT above y = 0, BY below) whose answers follow from the
/// geometry: units walk exactly where sent (no spread, no speed variation), one metre per
/// second, and every event's time can be worked out by hand.
@Suite("Run metrics on hand-made scenarios")
struct RunMetricsTests {
    typealias W = TestWorld

    static func group(_ id: String, size: Int, at start: Coordinate, to goal: Coordinate, speed: Double = 1) -> UnitSpec
    {
        UnitSpec(
            id: id, kind: .migrants, affiliation: "migrants", role: "group", size: size, start: start, spread: 0,
            speed: speed, speedVariation: 0, orders: [Order(.goTo(goal))], spacing: 0)
    }

    /// A group seen 70 s after it crossed, a group never seen, a Belarusian officer 50 s in
    /// Lithuania, and a Lithuanian officer who walks 100 m.
    static var mixed: Scenario {
        W.scenario(
            units: [
                // On the line at t = 100 (crossing), 50 m from the watcher at y = 70, t = 170 (detection).
                group("seen", size: 3, at: W.c(300, -100), to: W.c(300, 150)),
                // Crosses at t = 50, 500 m from any watcher.
                group("unseen", size: 2, at: W.c(800, -50), to: W.c(800, 100)),
                W.officer("watcher", state: "LT", at: W.c(300, 120), speed: 1, orders: [Order(.hold)], range: 50),
                W.officer("walker", state: "LT", at: W.c(100, 200), speed: 1, orders: [Order(.goTo(W.c(100, 300)))]),
                // In Lithuania from t = 10 to t = 60.
                W.officer(
                    "by", state: "BY", at: W.c(600, -10), speed: 1,
                    orders: [
                        Order(.goTo(W.c(600, 10))), Order(.withdraw(to: W.c(600, -10)), when: .at(50)),
                    ]),
            ], ticks: 200)
    }

    @Test func detectedAndUndetectedGroupsOfficerIncursionAndPatrolDistance() throws {
        let m = RunMetrics(try W.run(Self.mixed), origin: "BY")
        #expect(m["arrivals"] == 5)
        #expect(m["crossings"] == 5)
        #expect(m["detections"] == 1)
        #expect(m["got_through"] == 2)
        #expect(m["push_backs"] == 0 && m["turned_back"] == 0 && m["apprehensions"] == 0)
        for name in ["detection_delay_mean", "detection_delay_p50", "detection_delay_p90"] {
            #expect(abs(try #require(m[name]) - 70) < 1e-6, "\(name)")
        }
        #expect(m["officer_incursions"] == 1)
        #expect(abs(try #require(m["incursion_minutes"]) - 50.0 / 60) < 1e-6)
        // Only the patrolling side's officers walk for the patrol distance: not the Belarusian.
        #expect(abs(try #require(m["patrol_distance"]) - 100) < 1e-6)
        // Nobody stopped, one group got away.
        #expect(m["effectiveness"] == 0)
    }

    @Test func theOriginDecidesWhoCrossedAndWhoPatrols() throws {
        let result = try W.run(Self.mixed)
        #expect(try RunMetrics.origin(of: Self.mixed) == "BY")
        let fromLT = RunMetrics(result, origin: "LT")
        #expect(fromLT["crossings"] == 0 && fromLT["got_through"] == 0)
        // Seen from Lithuania's side, the Belarusian officer (40 m) is the patrolling side; it detects nobody.
        #expect(abs(try #require(fromLT["patrol_distance"]) - 40) < 1e-6)
        #expect(fromLT["detections"] == 0)
        #expect(fromLT["detection_delay_mean"] == nil && fromLT["effectiveness"] == nil)
    }

    @Test func aGroupTurnedBackCountsOnceAndADetectionBeforeCrossingIsNoDelay() throws {
        // Seen at once (100 m from the patrol, range 200), crosses at t = 120, then pushed back.
        let s = W.scenario(
            units: [
                Self.group("g", size: 4, at: W.c(500, -60), to: W.c(500, 100), speed: 0.5),
                W.officer(
                    "lt", state: "LT", at: W.c(500, 40), speed: 1.5,
                    orders: [
                        Order(.pushBack(beyond: 30), when: .detects(.migrants))
                    ], range: 200),
            ], ticks: 600)
        let result = try W.run(s)
        #expect(result.events.contains { $0.kind == .crossing && $0.intoState == "BY" }, "the group was not sent back")
        let m = RunMetrics(result, origin: "BY")
        #expect(m["crossings"] == 4)
        #expect(m["detections"] == 1 && m["got_through"] == 0)
        #expect(m["push_backs"] == 1 && m["turned_back"] == 1)
        #expect(m["detection_delay_mean"] == 0 && m["detection_delay_p90"] == 0)
        #expect(m["effectiveness"] == 1)
        #expect(m["officer_incursions"] == 0 && m["incursion_minutes"] == 0)
    }

    @Test func delaysArePooledOverGroupsWithPercentiles() throws {
        // Three groups in a row crossing at t = 100, each seen when 50 m from its watcher:
        // at y = 10, 30 and 70, that is 10, 30 and 70 s after crossing.
        var units = [UnitSpec]()
        for (i, seenAt) in [10.0, 30, 70].enumerated() {
            let x = 200 + 250 * Double(i)
            units.append(Self.group("g\(i)", size: 1, at: W.c(x, -100), to: W.c(x, 200)))
            units.append(
                W.officer(
                    "w\(i)", state: "LT", at: W.c(x, seenAt + 50), speed: 1, orders: [Order(.hold)],
                    range: 50))
        }
        let m = RunMetrics(try W.run(W.scenario(units: units, ticks: 250)), origin: "BY")
        #expect(abs(try #require(m["detection_delay_mean"]) - 110.0 / 3) < 1e-6)
        #expect(abs(try #require(m["detection_delay_p50"]) - 30) < 1e-6)
        // Type 7: position 0.9 · 2 = 1.8 between 30 and 70.
        #expect(abs(try #require(m["detection_delay_p90"]) - 62) < 1e-6)
    }

    @Test func namesAreFixedAndUnique() {
        #expect(RunMetrics.names.count == Set(RunMetrics.names).count)
        #expect(RunMetrics.names.first == "arrivals" && RunMetrics.names.last == "effectiveness")
        #expect(RunMetrics.metrics.allSatisfy { !$0.meaning.isEmpty })
    }
}

/// Common random numbers: replicate k of two policies that differ in one patrol unit shares
/// every draw of the units both have, so the paired difference varies far less than the values.
@Suite("Paired policy comparison under common random numbers")
struct PairedPolicyComparisonTests {
    typealias W = TestWorld

    static func patrol(_ id: String, from a: Double, to b: Double) -> UnitSpec {
        UnitSpec(
            id: id, kind: .officers, affiliation: "LT", role: "patrol", size: 2, start: W.c(a, 40), spread: 2,
            speed: 1.2, speedVariation: 0.25, detectionRange: 60,
            orders: [
                Order(.followRoute([W.c(a, 40), W.c(b, 40)], loop: false)),
                Order(.intercept, when: .detects(.migrants)),
            ])
    }

    static func policy(extraPatrol: Bool) -> Scenario {
        var units = [100.0, 450, 800].enumerated().map { i, x in
            UnitSpec(
                id: "group-\(i)", kind: .migrants, affiliation: "migrants", role: "group", size: 6,
                start: W.c(x, -150), spread: 8, speed: 0.8, speedVariation: 0.3,
                orders: [Order(.goTo(W.c(x + 50, 300)))])
        }
        units.append(patrol("lt-1", from: 100, to: 900))
        if extraPatrol { units.insert(patrol("lt-2", from: 900, to: 100), at: 1) }
        return W.scenario(units: units, step: 2, ticks: 300)
    }

    @Test func pairedDifferencesAreNarrowerThanUnpairedOnTheSameRuns() throws {
        let seeds: [UInt64] = (0..<12).map { 100 + $0 }
        let base = Self.policy(extraPatrol: false)
        let doubled = Self.policy(extraPatrol: true)
        var a = [RunMetrics]()
        var b = [RunMetrics]()
        for seed in seeds {
            let ra = try W.run(base, seed: seed)
            let rb = try W.run(doubled, seed: seed)
            // The groups drew the same speeds and places: they cross at the same instants
            // (intercepting patrols walk beside them without changing their way).
            let crossings = { (r: RunResult) in
                r.events.filter { $0.kind == .crossing }.map { "\($0.unit)#\($0.member!)@\($0.time)" }
            }
            #expect(crossings(ra) == crossings(rb), "seed \(seed)")
            a.append(RunMetrics(ra, origin: "BY"))
            b.append(RunMetrics(rb, origin: "BY"))
        }
        let m = try #require(RunMetrics.names.firstIndex(of: "patrol_distance"))
        let va = a.map { $0.values[m]! }
        let vb = b.map { $0.values[m]! }
        let paired = Statistics.pairedDifference(vb, va)
        let unpaired = Statistics.unpairedDifference(vb, va)
        #expect(paired.n == 12)
        #expect(abs(paired.mean - unpaired.mean) < 1e-6)
        // The paired difference is the second patrol's walk alone; unpaired, the first patrol's varies too.
        #expect(
            paired.halfWidth < 0.75 * unpaired.halfWidth, "paired ±\(paired.halfWidth), unpaired ±\(unpaired.halfWidth)"
        )
    }
}
