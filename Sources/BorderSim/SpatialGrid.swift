import BorderGeometry

/// Points bucketed in square cells, so "who is within r of here" looks at nine cells instead
/// of every point. Rebuilt each step from the moving watchers (officers with a detection range).
struct SpatialGrid {
    private let cell: Double
    private var buckets: [Int64: [Int]] = [:]

    /// - Parameter cell: side of a cell, at least the largest range queried.
    init(cell: Double) { self.cell = cell }

    private func key(_ i: Int64, _ j: Int64) -> Int64 { i &* 0x1_0000_0001 &+ j }
    private func index(_ v: Double) -> Int64 { Int64((v / cell).rounded(.down)) }

    mutating func rebuild(_ items: [Int], at position: (Int) -> Coordinate) {
        buckets.removeAll(keepingCapacity: true)
        for item in items {
            let p = position(item)
            buckets[key(index(p.x), index(p.y)), default: []].append(item)
        }
    }

    /// Calls `body` with every item in the 3 × 3 cells around `p`, cell by cell in a fixed order.
    func forEachNear(_ p: Coordinate, _ body: (Int) -> Void) {
        let i = index(p.x), j = index(p.y)
        for di in -1...1 as ClosedRange<Int64> {
            for dj in -1...1 as ClosedRange<Int64> {
                guard let items = buckets[key(i + di, j + dj)] else { continue }
                for item in items { body(item) }
            }
        }
    }
}
