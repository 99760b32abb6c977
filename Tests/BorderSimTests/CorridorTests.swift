import BorderGeometry
import Testing

@testable import BorderSim

/// The corridors that spare members an exact boundary test: what they hold, and how
/// `Boundary` lays them along a member's path on the test world's line.
@Suite("Corridors ahead of members")
struct CorridorTests {
    typealias W = TestWorld

    @Test func holdsOnlyPointsWellInsideTheCapsule() {
        let c = Corridor(start: W.c(0, 0), direction: W.c(1, 0), length: 100, radius: 10)
        #expect(c.holds(W.c(50, 9.9)))
        #expect(!c.holds(W.c(50, 10)))
        #expect(!c.holds(W.c(50, -10)))
        #expect(c.holds(W.c(-9.9, 0)))
        #expect(c.holds(W.c(109.9, 0)))
        #expect(!c.holds(W.c(110, 0)))
        // Beside the start but outside its round end: √(5² + 9²) > 10.
        #expect(!c.holds(W.c(-5, 9)))
        #expect(!Corridor.none.holds(W.c(0, 0)))
        #expect(!Corridor(start: W.c(0, 0), direction: W.c(1, 0), length: 100, radius: 0).holds(W.c(0, 0)))
    }

    @Test func everyPointItHoldsIsCloserThanTheRadiusToItsSegment() throws {
        let ctx = GeometryContext()
        let corridor = Corridor(start: W.c(10, 20), direction: W.c(0.6, 0.8), length: 50, radius: 7)
        let segment = try ctx.lineString([W.c(10, 20), W.c(40, 60)])
        var rng = RandomStream(seed: 3, entity: "corridor", purpose: 0)
        var held = 0
        for _ in 0..<2_000 {
            let p = W.c(-10 + 80 * rng.unit(), 0 + 90 * rng.unit())
            let d = try segment.distance(to: ctx.point(p))
            if corridor.holds(p) {
                held += 1
                #expect(d < 7, "held \(p) at \(d) m")
            } else {
                #expect(d > 7 - 1e-5, "refused \(p) at \(d) m")
            }
        }
        #expect(held > 100)
    }

    private func mapped(_ rule: CrossingRule) throws -> Boundary {
        try Boundary(
            name: "mapped", isZone: false, line: .lineString(W.line), regions: [("LT", W.lt), ("BY", W.by)],
            forbiddenTo: [], rule: rule, in: GeometryContext())
    }

    @Test func stopsShortOfWherePathMeetsTheLine() throws {
        let b = try mapped(.continuous)
        let c = try b.corridor(from: W.c(200, -100), heading: W.c(0, 1), reach: 1_000)
        #expect(c.length == 100 - Boundary.approach)
        #expect(abs(c.radius - Boundary.approach) < 1e-9)
        #expect(!c.holds(W.c(200, 0)))
        #expect(c.holds(W.c(200, -1)))
    }

    @Test func reachesItsFullLengthAlongsideTheLine() throws {
        let b = try mapped(.continuous)
        let c = try b.corridor(from: W.c(500, -100), heading: W.c(1, 0), reach: 300)
        #expect(c.length == 300)
        #expect(abs(c.radius - 100) < 1e-9)
    }

    @Test func narrowsWherePathPassesCloseToTheTooth() throws {
        // Heading east at y = -10, the path meets the tooth's west edge at x = 52.5.
        let b = try mapped(.continuous)
        let c = try b.corridor(from: W.c(0, -10), heading: W.c(1, 0), reach: 200)
        #expect(abs(c.length - (52.5 - Boundary.approach)) < 1e-9)
        // From (52, -10) to the edge (50, 0)–(55, -20): |(2, -10) × (5, -20)| / |(5, -20)|.
        #expect(abs(c.radius - 10 / (425.0).squareRoot()) < 1e-9)
    }

    @Test func stepEndRuleAlsoKeepsFromTheTerritoriesOtherEdges() throws {
        // The step-end rule watches every territory's edge: Lithuania's west edge at x = 0 too.
        let b = try mapped(.stepEnd)
        let c = try b.corridor(from: W.c(30, 100), heading: W.c(-1, 0), reach: 100)
        #expect(abs(c.length - (30 - Boundary.approach)) < 1e-9)
        let none = try b.corridor(from: W.c(30, 100), heading: W.c(0, 0), reach: 0)
        #expect(none.length == 0)
        #expect(abs(none.radius - 30) < 1e-9)
    }
}
