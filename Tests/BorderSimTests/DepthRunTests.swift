import BorderGeometry
import Testing

@testable import BorderSim

/// An officer walking straight beyond the line is measured once per straight run
/// (`Findings.DepthRun`), not once per step: the depth must be the same.
@Suite("Depth of straight runs")
struct DepthRunTests {
    typealias W = TestWorld
    typealias Run = Findings.DepthRun

    @Test func aMoveOnwardAlongTheLineExtendsTheRun() {
        var run = Run(start: W.c(0, 0), end: W.c(3, 4))
        let extended = run.extend(from: W.c(3, 4), to: W.c(6, 8))
        #expect(extended)
        #expect(run.end == W.c(6, 8))
        #expect(run.start == W.c(0, 0))
    }

    @Test func aTurnABackwardMoveOrAJumpEndsIt() {
        let run = Run(start: W.c(0, 0), end: W.c(3, 4))
        var turned = run
        var back = run
        var jumped = run
        var none = Run.none
        let extended = [
            turned.extend(from: W.c(3, 4), to: W.c(6, 8.001)),
            back.extend(from: W.c(3, 4), to: W.c(1.5, 2)),
            jumped.extend(from: W.c(3, 4.5), to: W.c(6, 8)),
            none.extend(from: W.c(0, 0), to: W.c(1, 1)),
        ]
        #expect(extended == [false, false, false, false])
        #expect(turned.end == run.end && back.end == run.end && jumped.end == run.end)
    }

    @Test func aRunStopsGrowingAtItsLongest() {
        var run = Run(start: W.c(0, 0), end: W.c(0, 10))
        var y = 10.0
        while run.extend(from: W.c(0, y), to: W.c(0, y + 10)) { y += 10 }
        #expect(y == Run.longest)
    }

    /// Metres from `p` to the test world's line, the oracle.
    static func depth(_ p: Coordinate) -> Double {
        zip(W.line, W.line.dropFirst()).map { a, b in
            let dx = b.x - a.x
            let dy = b.y - a.y
            let t = max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)))
            let ex = p.x - a.x - t * dx
            let ey = p.y - a.y - t * dy
            return (ex * ex + ey * ey).squareRoot()
        }.min()!
    }

    /// Straight walks over the tooth, where the line bends away below them: the deepest point
    /// is between step positions, found over the whole run as it was step by step.
    @Test(arguments: 0..<8) func aStraightWalkIsAsDeepAsItsDenseResampling(seed: Int) throws {
        let y = 2 + Double(seed)
        let speed = 3.0 + 0.7 * Double(seed)
        let unit = W.officer(
            "by", state: "BY", at: W.c(20, -1), speed: speed,
            orders: [Order(.followRoute([W.c(20, y), W.c(95, y), W.c(95, -20)], loop: false))])
        // The route is walked back and forth: the first incursion is the first walk over it.
        let r = try W.run(W.scenario(units: [unit], ticks: 80))
        let incursion = try #require(r.incursions.first)
        #expect(incursion.exitTime != nil)
        let dense = (0...7_500).map { Self.depth(W.c(20 + Double($0) / 100, y)) }.max()!
        #expect(incursion.maxDepth >= dense - 1e-9)
        #expect(incursion.maxDepth <= dense + 0.01)
        #expect(abs(Self.depth(incursion.deepestPoint) - incursion.maxDepth) < 1e-6)
    }

    @Test func anIncursionStillOpenAtTheEndIsMeasuredToItsLastStep() throws {
        // Straight north into Lithuania for 100 s at 2 m/s, in runs of at most `Run.longest`.
        let unit = W.officer("by", state: "BY", at: W.c(300, -10), speed: 2, orders: [Order(.goTo(W.c(300, 450)))])
        let r = try W.run(W.scenario(units: [unit], ticks: 100))
        let incursion = try #require(r.incursions.first)
        #expect(incursion.exitTime == nil)
        #expect(abs(incursion.maxDepth - 190) < 1e-9)
        #expect(abs(incursion.deepestPoint.y - 190) < 1e-9)
    }

    @Test func theDepthAtAnExitIsTheRunsBeforeIt() throws {
        // Out 100 m and straight back: the exit's event carries the depth of the way out.
        let unit = W.officer(
            "by", state: "BY", at: W.c(300, -10), speed: 5,
            orders: [Order(.followRoute([W.c(300, 100), W.c(300, -10)], loop: false))])
        let r = try W.run(W.scenario(units: [unit], ticks: 60))
        let end = try #require(r.events.first { $0.kind == .incursionEnd })
        #expect(abs((end.depth ?? 0) - 100) < 1e-9)
        #expect(abs((r.incursions.first?.maxDepth ?? 0) - 100) < 1e-9)
    }
}
