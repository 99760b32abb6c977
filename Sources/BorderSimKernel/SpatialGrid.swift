/// Watchers bucketed by the square cells they can see into, so "who might see a person here"
/// is one table look-up, whatever the number of watchers.
///
/// Each watcher is entered in its own cell and the eight around it (cells are at least as wide
/// as the longest detection range), so a person only looks up the cell they stand in. The
/// occupied cells live in a small open-addressing table keyed by the packed cell index with a
/// multiplicative hash, behind a bitmap of the hashes of occupied cells small enough to stay in
/// cache: the common case, a person where no watcher can see, is answered by one bit.
public final class SpatialGrid {
    /// 1 / the side of a cell: a multiplication per coordinate, not a division.
    @usableFromInline let perCell: Double
    /// Watchers grouped by cell (ascending within a cell); the cell in slot `s` of the table
    /// holds `items[start[s]..<end[s]]`.
    @exclusivity(unchecked) public private(set) var items: [Int] = []
    @exclusivity(unchecked) @usableFromInline var keys: [Int64] = []
    @exclusivity(unchecked) @usableFromInline var start: [Int] = []
    @exclusivity(unchecked) @usableFromInline var end: [Int] = []
    @exclusivity(unchecked) @usableFromInline var mask = 0
    /// Bit `h >> bitShift` is set for the hash `h` of every occupied cell (16 bits per table slot,
    /// so at most one in 32 is set and an empty cell rarely needs the table).
    @exclusivity(unchecked) @usableFromInline var bits: [UInt64] = []
    @exclusivity(unchecked) @usableFromInline var bitShift: UInt64 = 0
    /// Each watcher's nine slots in the table, in watcher order, and each occupied slot once
    /// (kept to reuse their storage, and to empty just those slots at the next build).
    private var slots: [Int] = []
    private var occupied: [Int] = []
    /// Each watcher's cell at the last rebuild: while none has moved to another cell, the
    /// table stays as it is (a patrol crosses a cell in ten steps or so).
    private var cells: [(Int64, Int64)] = []
    @usableFromInline static let empty = Int64.min

    /// - Parameter cell: side of a cell, at least the largest range queried. It is made a
    ///   millionth wider, so rounding cannot put a watcher within range two cells away.
    package init(cell: Double) { perCell = 1 / (cell * (1 + 1e-6)) }

    @inlinable static func key(_ i: Int64, _ j: Int64) -> Int64 { i &* 0x1_0000_0001 &+ j }

    /// The cell of coordinate `v`: `v / cell` rounded to the nearest integer, by adding
    /// 1.5 · 2⁵² so the integer lands in the low bits of the significand — no conversion that
    /// can trap, three instructions. Any monotone rounding gives cells one unit wide; this one
    /// holds for |v / cell| < 2⁵¹, some 10¹⁷ m at the smallest cell bordersim uses.
    @inlinable @inline(__always)
    func index(_ v: Double) -> Int64 {
        let magic = 0x1.8p52
        return Int64(bitPattern: (v * perCell + magic).bitPattern &- magic.bitPattern)
    }

    @inlinable @inline(__always)
    static func hash(_ key: Int64) -> UInt64 { UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15 }

    /// Enters `watchers` at `position(w)` = (x, y), unless none has changed cell since the last build.
    package func rebuild(_ watchers: [Int], at position: (Int) -> (x: Double, y: Double)) {
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
        sizeTable(for: watchers.count)
        bucket(watchers)
    }

    /// Makes the table 18 slots or more per watcher (a power of two), emptied if resized.
    private func sizeTable(for count: Int) {
        var capacity = 16
        while capacity < 18 * max(1, count) { capacity *= 2 }
        if keys.count != capacity {
            mask = capacity - 1
            keys = Array(repeating: Self.empty, count: capacity)
            start = Array(repeating: 0, count: capacity)
            end = Array(repeating: 0, count: capacity)
            bits = Array(repeating: 0, count: capacity / 4)
            bitShift = UInt64(64 - (capacity * 16).trailingZeroBitCount)
            occupied = []
        }
    }

    private func bucket(_ watchers: [Int]) {
        // Bucketed without sorting, in time proportional to the watchers: each watcher's nine
        // cells get their slots in the table (`slots`, in watcher order; `occupied`, each slot
        // once), each occupied slot a stretch of `items` as long as its count, and the
        // stretches are filled in watcher order, so each is ascending. The table keeps its
        // storage: only the slots and bits the last build used are emptied.
        slots.removeAll(keepingCapacity: true)
        slots.reserveCapacity(9 * watchers.count)
        items.removeAll(keepingCapacity: true)
        items.append(contentsOf: repeatElement(0, count: 9 * watchers.count))
        let (mask, shift, cells) = (self.mask, bitShift, self.cells)
        keys.withUnsafeMutableBufferPointer { keys in
        start.withUnsafeMutableBufferPointer { start in
        end.withUnsafeMutableBufferPointer { end in
        bits.withUnsafeMutableBufferPointer { bits in
            for s in occupied {
                bits[Int(truncatingIfNeeded: (Self.hash(keys[s]) >> shift) >> 6)] = 0
                keys[s] = Self.empty
            }
            occupied.removeAll(keepingCapacity: true)
            for (i, j) in cells {
                for di in -1...1 as ClosedRange<Int64> {
                    for dj in -1...1 as ClosedRange<Int64> {
                        let key = Self.key(i &+ di, j &+ dj)
                        let hash = Self.hash(key)
                        var s = Int(truncatingIfNeeded: hash >> 32) & mask
                        while keys[s] != Self.empty && keys[s] != key { s = (s + 1) & mask }
                        if keys[s] == Self.empty {
                            keys[s] = key
                            end[s] = 0
                            occupied.append(s)
                            let b = hash >> shift
                            bits[Int(truncatingIfNeeded: b >> 6)] |= 1 << (b & 63)
                        }
                        end[s] += 1
                        slots.append(s)
                    }
                }
            }
            var first = 0
            for s in occupied {
                start[s] = first
                first += end[s]
                end[s] = start[s]
            }
            items.withUnsafeMutableBufferPointer { items in
                for (k, s) in slots.enumerated() {
                    items[end[s]] = watchers[k / 9]
                    end[s] += 1
                }
            }
        }
        }
        }
        }
    }

    /// Where in `items` the watchers whose neighbourhood covers the cell of `p` are, in
    /// ascending order (a range, not a slice, so a look-up retains nothing). Inlined, so the
    /// caller reads the grid in place rather than through a copy of it.
    @inlinable @inline(__always)
    public func near(x: Double, y: Double) -> Range<Int> {
        guard mask > 0 else { return 0..<0 }
        let key = Self.key(index(x), index(y))
        let hash = Self.hash(key)
        let b = hash >> bitShift
        guard bits[Int(truncatingIfNeeded: b >> 6)] & (1 << (b & 63)) != 0 else { return 0..<0 }
        var s = Int(truncatingIfNeeded: hash >> 32) & mask
        while keys[s] != Self.empty {
            if keys[s] == key { return Range(uncheckedBounds: (start[s], end[s])) }
            s = (s + 1) & mask
        }
        return 0..<0
    }
}
