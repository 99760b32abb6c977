import BorderGeometry
import Foundation
import Testing

@testable import BorderSim

/// `ObservedJudge` on a border known in closed form: the line y = 0 between LT (north) and BY
/// (south), with a triangular salient of LT reaching 2 m into BY at x = 0.
@Suite("ObservedJudge: known answers")
struct ObservedJudgeTests {
    static let world: Scenario = {
        let line: [Coordinate] = [
            .init(x: -500, y: 0), .init(x: -2, y: 0), .init(x: 0, y: -2), .init(x: 2, y: 0),
            .init(x: 500, y: 0),
        ]
        let lt = line + [.init(x: 500, y: 500), .init(x: -500, y: 500), .init(x: -500, y: 0)]
        let by = line + [.init(x: 500, y: -500), .init(x: -500, y: -500), .init(x: -500, y: 0)]
        let frame = Frame(
            name: "mapped", line: .lineString(line),
            territories: [
                .init(state: "LT", area: .polygon([lt])), .init(state: "BY", area: .polygon([by])),
            ])
        return Scenario(
            name: "straight", clock: Clock(start: 0, utcOffset: 0, step: 1, ticks: 1), seed: 1,
            crs: "EPSG:3346",
            states: [
                StateTerritory(id: "LT", name: "Lithuania", territory: .polygon([lt])),
                StateTerritory(id: "BY", name: "Belarus", territory: .polygon([by])),
            ],
            frames: [frame], tolerance: 2, units: [])
    }()

    /// A BY officer seen at `fixes` (seconds, x, y); the world's clock stepping 0.5 s.
    static func judge(_ fixes: [(Double, Double, Double)]) throws -> RunResult {
        var world = Self.world
        world.clock.step = 0.5
        world.clock.ticks = Int(fixes.map(\.0).max()! / 0.5)
        let person = ObservedPerson(
            unit: "by", member: 0, affiliation: "BY", ticks: fixes.map { Int($0.0 / 0.5) },
            positions: fixes.map { Coordinate(x: $0.1, y: $0.2) })
        return try ObservedJudge.judge([person], in: world)
    }

    @Test func stoppingOneMetreShortIsNoIncursion() throws {
        let r = try Self.judge([(0, 100, -10), (10, 100, -1), (20, 100, -10)])
        #expect(r.incursions.isEmpty)
    }

    @Test func touchingTheLineIsNoIncursion() throws {
        let r = try Self.judge([(0, 100, -10), (10, 100, 0), (20, 100, -10)])
        #expect(r.incursions.isEmpty)
    }

    @Test func crossingByHalfAMetreForThreeSeconds() throws {
        // 1 m/s north from 1.5 m short: over the line at 1.5 s, 0.5 m beyond from 2 s to 4 s, back at 4.5 s.
        let r = try Self.judge([(0, 100, -1.5), (2, 100, 0.5), (4, 100, 0.5), (6, 100, -1.5)])
        try #require(r.incursions.count == 1)
        let i = r.incursions[0]
        #expect(abs(i.entryTime - 1.5) < 1e-9)
        #expect(abs(i.exitTime! - 4.5) < 1e-9)
        #expect(abs(i.maxDepth - 0.5) < 1e-9)
        #expect(!i.isBeyond(tolerance: 2))
        #expect(r.events.map(\.kind) == [.incursionStart, .incursionEnd])
    }

    @Test func crossingAndReturningBetweenTwoFixes() throws {
        // 1 m/s east at y = -1 through the salient, whose edges y = -(2 - |x|) it meets at x = ±1.
        let r = try Self.judge([(0, -10, -1), (20, 10, -1)])
        try #require(r.incursions.count == 1)
        let i = r.incursions[0]
        #expect(abs(i.entryTime - 9) < 1e-6)
        #expect(abs(i.exitTime! - 11) < 1e-6)
        #expect(abs(i.maxDepth - 1 / 2.0.squareRoot()) < 1e-6)
    }

    @Test func aPersonFirstSeenBeyondEntersAtTheFirstFix() throws {
        var world = Self.world
        world.clock.ticks = 10
        let early = ObservedPerson(
            unit: "lt", member: 0, affiliation: "LT", ticks: [0, 10],
            positions: [.init(x: 0, y: 10), .init(x: 10, y: 10)])
        let late = ObservedPerson(
            unit: "by", member: 0, affiliation: "BY", ticks: [5, 10],
            positions: [.init(x: 50, y: 3), .init(x: 50, y: -3)])
        let r = try ObservedJudge.judge([early, late], in: world)
        try #require(r.incursions.count == 1)
        #expect(r.incursions[0].entryTime == 5)
        #expect(abs(r.incursions[0].exitTime! - 7.5) < 1e-9)
        #expect(r.tracks[1].present == 1..<3)
    }

    /// A fix at distance d short of a straight line, its true position uniform in a disc of
    /// radius r: P(beyond) is the circular segment's share of the disc,
    /// (r² acos(d/r) − d √(r² − d²)) / (π r²).
    static func segmentShare(d: Double, r: Double) -> Double {
        d >= r ? 0 : (r * r * acos(d / r) - d * (r * r - d * d).squareRoot()) / (Double.pi * r * r)
    }

    @Test func probabilityOfBeingBeyondIsTheSegmentShare() throws {
        let person = ObservedPerson(
            unit: "by", member: 0, affiliation: "BY", ticks: [0], positions: [.init(x: 100, y: -1)])
        let n = 20_000
        let (exact, report) = try ObservedJudge.judge(
            [person], radii: [[2]], in: Self.world, samples: n, seed: 7,
            bands: [0.5])
        #expect(exact.incursions.isEmpty)
        try #require(report.possible.count == 1)
        let e = report.possible[0]
        let p = Self.segmentShare(d: 1, r: 2)
        let p05 = Self.segmentShare(d: 1.5, r: 2)
        // Four standard errors of a share of n draws.
        #expect(abs(e.beyond - p) < 4 * (p * (1 - p) / Double(n)).squareRoot(), "P(beyond) \(e.beyond), expected \(p)")
        #expect(abs(e.beyondBands[0] - p05) < 4 * (p05 * (1 - p05) / Double(n)).squareRoot())
        #expect(e.depthQuantiles[1] == 0)
        // The same input gives the same draws.
        let again = try ObservedJudge.judge([person], radii: [[2]], in: Self.world, samples: n, seed: 7, bands: [0.5])
        #expect(again.1 == report)
    }

    @Test func zeroUncertaintyIsTheExactJudgement() throws {
        var world = Self.world
        world.clock.ticks = 20
        let person = ObservedPerson(
            unit: "by", member: 0, affiliation: "BY", ticks: [0, 20],
            positions: [.init(x: -10, y: -1), .init(x: 10, y: -1)])
        let (exact, report) = try ObservedJudge.judge(
            [person], radii: [[0, 0]], in: world, samples: 50, seed: 1,
            bands: [0, 0.5, 1])
        try #require(report.incursions.count == 1)
        let e = report.incursions[0]
        #expect(e.beyond == 1)
        #expect(e.beyondBands == [1, 1, 0])
        #expect(e.depthQuantiles == Array(repeating: exact.incursions[0].maxDepth, count: 3))
        #expect(report.possible.isEmpty)
    }
}
