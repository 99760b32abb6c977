import BorderGeometry
import BorderSim
import Testing

/// `SampledPositions` reads back exactly what was appended, whatever its runs of repeats.
@Suite("sampled positions: a track without its still ends")
struct SampledPositionsTests {
    /// A track of `n` samples: still at first, then moving with pauses, then still again.
    static func track(_ seed: UInt64, n: Int) -> [Coordinate] {
        var rng = RandomStream(seed: seed)
        var out = [Coordinate]()
        var p = Coordinate(x: 1, y: 2)
        let moveFrom = Int.random(in: 0...n, using: &rng)
        let moveTo = Int.random(in: moveFrom...n, using: &rng)
        for k in 0..<n {
            if k >= moveFrom && k < moveTo && Int.random(in: 0..<4, using: &rng) > 0 {
                p = Coordinate(
                    x: p.x + Double.random(in: -1...1, using: &rng), y: p.y + Double.random(in: -1...1, using: &rng))
            }
            out.append(p)
        }
        return out
    }

    @Test(arguments: 0..<200)
    func readsBackEveryAppendedPosition(_ seed: Int) {
        let positions = Self.track(UInt64(seed), n: seed % 37)
        let sampled = SampledPositions(positions)
        #expect(sampled.count == positions.count)
        #expect(Array(sampled) == positions)
        #expect(sampled.storedPositions <= max(1, positions.count))
    }

    @Test func aTrackStillAtBothEndsHoldsOnlyItsMovingPart() {
        var positions = Array(repeating: Coordinate(x: 5, y: 5), count: 1_000)
        for k in 400..<410 { positions[k] = Coordinate(x: Double(k), y: 0) }
        for k in 410..<1_000 { positions[k] = Coordinate(x: 409, y: 0) }
        let sampled = SampledPositions(positions)
        #expect(Array(sampled) == positions)
        #expect(sampled.storedPositions == 11)
        #expect(sampled[0] == Coordinate(x: 5, y: 5) && sampled[399] == Coordinate(x: 5, y: 5))
        #expect(sampled[409] == Coordinate(x: 409, y: 0) && sampled[999] == Coordinate(x: 409, y: 0))
        #expect(sampled.last == Coordinate(x: 409, y: 0))
    }

    /// Minus zero is another bit pattern, and is kept as written.
    @Test func positionsAreComparedBitForBit() {
        let positions = [Coordinate(x: 0, y: 0), Coordinate(x: -0.0, y: 0), Coordinate(x: 0, y: 0)]
        let back = Array(SampledPositions(positions))
        #expect(back.map(\.x.sign) == [.plus, .minus, .plus])
    }
}
