import BorderGeometry

/// Watchers bucketed by the square cells they can see into, so "who might see a person here"
/// is one table look-up, whatever the number of watchers.
///
/// Each watcher is entered in its own cell and the eight around it (cells are at least as wide
/// as the longest detection range), so a person only looks up the cell they stand in. The
/// occupied cells live in a small open-addressing table keyed by the packed cell index with a
/// multiplicative hash: the common case, an empty cell, costs a few instructions.
struct SpatialGrid {
    /// 1 / the side of a cell: a multiplication per coordinate, not a division.
    private let perCell: Double
    /// Watchers grouped by cell (ascending within a cell); `runs` maps a cell's slot to its stretch.
    private(set) var items: [Int] = []
    private var keys: [Int64] = []
    private var runs: [Range<Int>] = []
    private var mask = 0
    /// Each watcher's nine slots in the table, in watcher order, and each occupied slot once
    /// (kept to reuse their storage, and to empty just those slots at the next build).
    private var slots: [Int] = []
    private var occupied: [Int] = []
    /// Each watcher's cell at the last rebuild: while none has moved to another cell, the
    /// table stays as it is (a patrol crosses a cell in ten steps or so).
    private var cells: [(Int64, Int64)] = []
    private static let empty = Int64.min

    /// - Parameter cell: side of a cell, at least the largest range queried. It is made a
    ///   millionth wider, so rounding cannot put a watcher within range two cells away.
    init(cell: Double) { perCell = 1 / (cell * (1 + 1e-6)) }

    private static func key(_ i: Int64, _ j: Int64) -> Int64 { i &* 0x1_0000_0001 &+ j }
    /// ⌊v / cell⌋ without a call to `floor`: truncation, then one down for negative fractions.
    private func index(_ v: Double) -> Int64 {
        let q = v * perCell
        let i = Int64(q)
        return Double(i) > q ? i - 1 : i
    }

    private func slot(_ key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    mutating func rebuild(_ watchers: [Int], at position: (Int) -> Coordinate) {
        var moved = mask == 0 || cells.count != watchers.count
        for (k, w) in watchers.enumerated() where !moved {
            let p = position(w)
            moved = cells[k] != (index(p.x), index(p.y))
        }
        guard moved else { return }
        cells = watchers.map { w in
            let p = position(w)
            return (index(p.x), index(p.y))
        }
        var capacity = 16
        while capacity < 18 * max(1, watchers.count) { capacity *= 2 }
        if keys.count != capacity {
            mask = capacity - 1
            keys = Array(repeating: Self.empty, count: capacity)
            runs = Array(repeating: 0..<0, count: capacity)
        } else {
            // The table keeps its storage: only the slots the last build used are emptied.
            for s in occupied { keys[s] = Self.empty }
        }
        // Bucketed without sorting, in time proportional to the watchers: each watcher's nine
        // cells get their slots in the table (`slots`, in watcher order; `occupied`, each slot
        // once), each occupied slot a stretch of `items` as long as its count, and the
        // stretches are filled in watcher order, so each is ascending.
        slots.removeAll(keepingCapacity: true)
        occupied.removeAll(keepingCapacity: true)
        for (i, j) in cells {
            for di in -1...1 as ClosedRange<Int64> {
                for dj in -1...1 as ClosedRange<Int64> {
                    let key = Self.key(i + di, j + dj)
                    var s = slot(key)
                    while keys[s] != Self.empty && keys[s] != key { s = (s + 1) & mask }
                    if keys[s] == Self.empty {
                        keys[s] = key
                        runs[s] = 0..<0
                        occupied.append(s)
                    }
                    runs[s] = 0..<(runs[s].upperBound + 1)
                    slots.append(s)
                }
            }
        }
        var start = 0
        for s in occupied {
            let count = runs[s].count
            runs[s] = start..<start
            start += count
        }
        items.removeAll(keepingCapacity: true)
        items.append(contentsOf: repeatElement(0, count: start))
        for (k, s) in slots.enumerated() {
            items[runs[s].upperBound] = watchers[k / 9]
            runs[s] = runs[s].lowerBound..<(runs[s].upperBound + 1)
        }
    }

    /// Where in `items` the watchers whose neighbourhood covers the cell of `p` are, in
    /// ascending order (a range, not a slice, so a look-up retains nothing).
    func near(_ p: Coordinate) -> Range<Int> {
        guard mask > 0 else { return 0..<0 }
        let key = Self.key(index(p.x), index(p.y))
        var s = slot(key)
        while keys[s] != Self.empty {
            if keys[s] == key { return runs[s] }
            s = (s + 1) & mask
        }
        return 0..<0
    }
}
