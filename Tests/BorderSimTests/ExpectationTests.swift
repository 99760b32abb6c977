import BorderGeometry
import Testing

@testable import BorderSim

@Suite("Expectations and metrics")
struct ExpectationTests {
    typealias W = TestWorld

    /// The warned-and-withdrawing officer of `BehaviourTests`, with a group walking across.
    func run() throws -> RunResult {
        let intruder = W.officer(
            "by", state: "BY", at: W.c(500, -10), speed: 1,
            orders: [
                Order(.goTo(W.c(500, 10))),
                Order(.withdraw(to: W.c(500, -30)), when: .warned(times: 3)),
            ])
        let guardUnit = W.officer(
            "lt", state: "LT", at: W.c(520, 40), speed: 1, orders: [Order(.hold)],
            warning: WarningPolicy(interval: 30, range: 100))
        let group = UnitSpec(
            id: "g", kind: .migrants, affiliation: "migrants", role: "group", size: 4,
            start: W.c(700, -20), spread: 3, speed: 1, orders: [Order(.goTo(W.c(700, 30)))])
        return try W.run(W.scenario(units: [intruder, guardUnit, group], ticks: 300))
    }

    func measure(_ r: RunResult, _ metric: String, _ filter: [String: String] = [:]) -> Double {
        r.measure(Expectation(metric: metric, filter: filter, min: nil, max: nil))
    }

    @Test func metricsMeasureWhatTheyName() throws {
        let r = try run()
        #expect(measure(r, "incursions", ["affiliation": "BY"]) == 1)
        #expect(measure(r, "incursion_members", ["boundary": "mapped"]) == 1)
        #expect(measure(r, "crossings", ["direction": "BY->LT"]) == 4)
        #expect(measure(r, "crossing_members") == 4)
        #expect(measure(r, "warnings", ["target": "by"]) == 3)
        #expect(measure(r, "warnings", ["target": "g"]) == 0)
        // Warnings at 11, 41 and 71 s: two before 50 s, one before 41 s.
        #expect(measure(r, "warnings", ["target": "by", "until": "50"]) == 2)
        #expect(measure(r, "warnings", ["target": "by", "until": "41"]) == 1)
        #expect(measure(r, "incursions", ["affiliation": "BY", "until": "10"]) == 0)
        #expect(measure(r, "withdrawals", ["unit": "by"]) == 1)
        // First warning at 11 s, withdrawal ordered at 71 s.
        #expect(measure(r, "warning_to_withdrawal", ["affiliation": "BY"]) == 60)
        #expect(abs(measure(r, "max_depth") - 10) < 1e-9)
        #expect(abs(measure(r, "max_duration") - 71) < 1e-9)
    }

    @Test func boundsAreInclusiveAndReportedPerExpectation() throws {
        var r = try run()
        r.scenario.expectations = [
            Expectation(metric: "warnings", filter: ["target": "by"], min: 3, max: 3),
            Expectation(metric: "incursions", filter: ["affiliation": "LT"], min: nil, max: 0),
            Expectation(metric: "crossing_members", min: 5, max: nil),
        ]
        #expect(r.checkExpectations().map(\.holds) == [true, true, false])
        #expect(r.checkExpectations().map(\.actual) == [3, 0, 4])
    }
}

@Suite("Tolerance bands")
struct ToleranceBandTests {
    typealias W = TestWorld

    @Test func peopleBeyondEachBandAreCountedPerBoundary() throws {
        // Three officers 1, 3 and 6 m into Lithuania; Belarus claims the line 3 m further north.
        let units = [1.0, 3.0, 6.0].enumerated().map { k, depth in
            W.officer(
                "by\(k)", state: "BY", at: W.c(300 + 50 * Double(k), -10), speed: 1,
                orders: [Order(.goTo(W.c(300 + 50 * Double(k), depth)))])
        }
        let r = try W.run(W.scenario(units: units, ticks: 40, frames: [W.mapped, W.byClaim(offset: 3)], tolerance: 2))
        #expect(r.toleranceBands == [0, 1, 2, 5, 10])
        let rows = r.membersBeyond(bands: r.toleranceBands)
        #expect(rows.map(\.boundary) == ["mapped", "by-claim"])
        #expect(rows[0].counts == [3, 2, 2, 1, 0])
        // On the claimed line only the 6 m officer is across, by 3 m.
        #expect(rows[1].counts == [1, 1, 1, 0, 0])
    }
}
