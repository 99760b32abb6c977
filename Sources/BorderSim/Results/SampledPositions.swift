import BorderGeometry

/// One member's position at every sample of a run, stored without the runs of one repeated
/// position it starts and ends with: a person who arrives on day 30 of 40 and leaves an hour
/// later costs an hour of samples, not 40 days' (the summer scenario's 5,000 people × 4,000
/// samples were 320 MB held as plain arrays).
///
/// Reads as the full array would: `self[k]` is the position at sample `k` for every `k` in
/// `0..<count`. Positions are compared bit for bit, so the stored values are exactly those taken.
public struct SampledPositions: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral {
    /// The position before `start`, and the first one taken.
    private var head = Coordinate(x: 0, y: 0)
    /// The first sample stored in `stored`; samples before it are `head`.
    private var start = 0
    /// Positions from sample `start`, up to the last that differed from the one before it.
    private var stored: [Coordinate] = []
    /// Samples taken after `stored` ends, all at its last position (or at `head`).
    private var repeats = 0
    public private(set) var count = 0

    public init() {}

    public init(_ positions: some Sequence<Coordinate>) {
        for p in positions { append(p) }
    }

    public init(arrayLiteral positions: Coordinate...) { self.init(positions) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(k: Int) -> Coordinate {
        precondition(k >= 0 && k < count, "sample \(k) out of 0..<\(count)")
        if k < start { return head }
        let i = k - start
        return i < stored.count ? stored[i] : (stored.last ?? head)
    }

    /// Adds the position at the next sample.
    public mutating func append(_ p: Coordinate) {
        defer { count += 1 }
        let last = stored.last ?? head
        if count > 0, p.x.bitPattern == last.x.bitPattern, p.y.bitPattern == last.y.bitPattern {
            repeats += 1
            return
        }
        if count == 0 {
            head = p
            start = 1
            return
        }
        if stored.isEmpty { start += repeats } else { stored.append(contentsOf: repeatElement(last, count: repeats)) }
        repeats = 0
        stored.append(p)
    }

    /// How many positions are held: at most `count`, and only the moving part of the track.
    public var storedPositions: Int { stored.count + 1 }
}
