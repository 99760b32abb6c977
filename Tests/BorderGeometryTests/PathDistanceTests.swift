import Testing

@testable import BorderGeometry

@Suite("PathDistance: the farthest point of a straight path from segments")
struct PathDistanceTests {
    let ctx = GeometryContext()
    static func c(_ x: Double, _ y: Double) -> Coordinate { Coordinate(x: x, y: y) }

    @Test func acrossAStripPeaksAtItsMiddle() throws {
        // A 3 m strip's two edges; a walk straight across from one to the other.
        let edges = [(Self.c(0, 0), Self.c(100, 0)), (Self.c(0, 3), Self.c(100, 3))]
        let peak = try #require(PathDistance.farthest(from: Self.c(40, 0), to: Self.c(44, 3), segments: edges))
        #expect(abs(peak.t - 0.5) < 1e-12)
        #expect(abs(peak.distance - 1.5) < 1e-12)
        #expect(peak.start == 0 && peak.end == 0)
    }

    @Test func parallelToAnEdgeIsFlatAndPeaksAtAnEnd() throws {
        let edges = [(Self.c(0, 0), Self.c(100, 0))]
        let peak = try #require(PathDistance.farthest(from: Self.c(10, 2), to: Self.c(20, 2), segments: edges))
        #expect(abs(peak.distance - 2) < 1e-12)
    }

    @Test func insideACornerPeaksOnItsBisector() throws {
        // A right-angle corner at the origin; the path cuts across it from arm to arm and is
        // deepest where it meets the bisector, (-2, -2), 2 from both arms.
        let arms = [(Self.c(0, 0), Self.c(-10, 0)), (Self.c(0, 0), Self.c(0, -10))]
        let peak = try #require(PathDistance.farthest(from: Self.c(-4, 0), to: Self.c(0, -4), segments: arms))
        #expect(abs(peak.t - 0.5) < 1e-12)
        #expect(abs(peak.distance - 2) < 1e-12)
    }

    /// The property: on random polylines and random paths, the answer is never below the densest
    /// resampling of the path measured by GEOS, nor above it by more than the sampling allows.
    @Test(arguments: 0..<40) func agreesWithDenseResamplingMeasuredByGEOS(seed: Int) throws {
        var rng = SplitMix(seed: UInt64(seed) &+ 1)
        let n = 3 + Int(rng.next() % 6)
        var vertices = [Coordinate]()
        for i in 0..<n { vertices.append(Self.c(Double(i) * 5 + rng.unit() * 4, rng.unit() * 8 - 4)) }
        let a = Self.c(rng.unit() * 5 * Double(n), rng.unit() * 12 - 6)
        let b = Self.c(rng.unit() * 5 * Double(n), rng.unit() * 12 - 6)
        let segments = zip(vertices, vertices.dropFirst()).map { ($0, $1) }
        let peak = try #require(PathDistance.farthest(from: a, to: b, segments: segments))
        let line = try ctx.lineString(vertices)
        let samples = 20_000
        var dense = 0.0
        for k in 0...samples {
            let t = Double(k) / Double(samples)
            dense = max(dense, try line.distance(to: ctx.point(Self.c(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t))))
        }
        let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
        #expect(peak.distance >= dense - 1e-9)
        // Distance is 1-Lipschitz along the path: no point is farther than half a sample step above a sample.
        #expect(peak.distance <= dense + length / Double(samples) / 2 + 1e-9)
        // And the peak is where it says it is.
        let at = Self.c(a.x + (b.x - a.x) * peak.t, a.y + (b.y - a.y) * peak.t)
        #expect(abs(try line.distance(to: ctx.point(at)) - peak.distance) < 1e-9)
    }
}

/// SplitMix64, for reproducible random cases.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
