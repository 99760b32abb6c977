import BorderGeometry
import Testing

@testable import BorderSim

/// `Fence.firstTouch` overlays a move with the fence's runs near it only; it must give the
/// overlay with the whole fence bit for bit.
@Suite("Fence touches")
struct FenceTouchTests {
    /// A deterministic stream of numbers in [0, 1).
    struct Draws {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    @Test func theRunsNearAMoveGiveTheWholeFencesTouch() throws {
        var draws = Draws(state: 18)
        // A wiggly fence of 600 segments, 3 m apart, with two gaps.
        let line = (0...600).map { i in
            Coordinate(x: Double(i) * 3, y: 20 * Double(i % 7) / 7 + draws.next())
        }
        let spec = FenceSpec(name: "wire", line: line, gaps: [300...320, 900...905], climb: 60)
        let fence = try #require(try Fence(spec, in: GeometryContext()))
        var touched = 0
        for k in 0..<3000 {
            let a = Coordinate(x: draws.next() * 1800, y: draws.next() * 60 - 20)
            // Short moves, moves across many runs, and moves along a segment of the fence.
            let reach = k % 3 == 0 ? 300.0 : 8.0
            var b = Coordinate(x: a.x + (draws.next() - 0.5) * reach, y: a.y + (draws.next() - 0.5) * reach)
            var start = a
            if k % 10 == 0 {
                let i = Int(draws.next() * 599)
                start = line[i]
                b = line[i + 1]
            }
            let exact = try fence.firstTouchOverWholeFence(from: start, to: b)
            let near = try fence.firstTouch(from: start, to: b)
            #expect(near?.bitPattern == exact?.bitPattern, "move \(k) from \(start) to \(b)")
            if exact != nil { touched += 1 }
        }
        #expect(touched > 300)
    }
}
