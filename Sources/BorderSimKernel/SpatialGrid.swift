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
    /// Where the stretch of slot `s` must end: `end[s]` may grow up to `room[s]`.
    private var room: [Int] = []
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

    /// `items[n]`, inlined with the access unchecked, as the look-ups are: a caller reading
    /// `items` itself from another module pays a dynamic exclusivity check per read.
    @inlinable public func item(_ n: Int) -> Int { items[n] }

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

    /// Enters `watchers` at `position(w)` = (x, y). Only the watchers that changed cell since the
    /// last call are moved, each out of the cells it no longer sees into and into the new ones
    /// (a patrol crosses a cell in ten steps or so); the whole table is built again only when
    /// a cell's room or the table runs out.
    package func rebuild(_ watchers: [Int], at position: (Int) -> (x: Double, y: Double)) {
        if mask != 0 && cells.count == watchers.count {
            var updated = true
            for (k, w) in watchers.enumerated() {
                let p = position(w)
                let cell = (index(p.x), index(p.y))
                guard cell != cells[k] else { continue }
                updated = move(w, from: cells[k], to: cell)
                cells[k] = cell
                if !updated { break }
            }
            if updated { return }
        }
        cells = watchers.map { w in
            let p = position(w)
            return (index(p.x), index(p.y))
        }
        sizeTable(for: watchers.count)
        bucket(watchers)
    }

    /// Takes watcher `w` out of the cells around `old` that are not around `new`, and enters
    /// it, in order, in those around `new` that were not around `old`. False when a cell's
    /// stretch is full and there is no more room to move it, or the table is getting full:
    /// the caller then builds it all again.
    private func move(_ w: Int, from old: (Int64, Int64), to new: (Int64, Int64)) -> Bool {
        func near(_ a: (Int64, Int64), _ b: (Int64, Int64)) -> Bool { abs(a.0 - b.0) <= 1 && abs(a.1 - b.1) <= 1 }
        for di in -1...1 as ClosedRange<Int64> {
            for dj in -1...1 as ClosedRange<Int64> {
                let gone = (old.0 &+ di, old.1 &+ dj)
                if !near(gone, new) { remove(w, from: slot(of: Self.key(gone.0, gone.1))) }
            }
        }
        for di in -1...1 as ClosedRange<Int64> {
            for dj in -1...1 as ClosedRange<Int64> {
                let come = (new.0 &+ di, new.1 &+ dj)
                if !near(come, old) && !insert(w, into: Self.key(come.0, come.1)) { return false }
            }
        }
        return true
    }

    /// The table slot of an occupied cell's key.
    private func slot(of key: Int64) -> Int {
        var s = Int(truncatingIfNeeded: Self.hash(key) >> 32) & mask
        while keys[s] != key { s = (s + 1) & mask }
        return s
    }

    private func remove(_ w: Int, from s: Int) {
        var k = start[s]
        while items[k] != w { k += 1 }
        while k + 1 < end[s] {
            items[k] = items[k + 1]
            k += 1
        }
        end[s] -= 1
    }

    /// Enters `w` in its place in the cell `key`, which gets a slot (and a stretch of `items`
    /// at their end) if it had none; a full stretch moves to the end with twice the room.
    private func insert(_ w: Int, into key: Int64) -> Bool {
        let hash = Self.hash(key)
        var s = Int(truncatingIfNeeded: hash >> 32) & mask
        var vacant = -1
        while keys[s] != Self.empty && keys[s] != key {
            if vacant < 0 && end[s] == start[s] { vacant = s }
            s = (s + 1) & mask
        }
        if keys[s] != key && vacant >= 0 {
            // A cell no watcher sees into any more, on the way: its slot and stretch serve this one.
            s = vacant
            keys[s] = key
            let b = hash >> bitShift
            bits[Int(truncatingIfNeeded: b >> 6)] |= 1 << (b & 63)
        } else if keys[s] == Self.empty {
            guard 2 * (occupied.count + 1) <= keys.count && items.count + 4 <= 4 * keys.count else { return false }
            keys[s] = key
            occupied.append(s)
            let b = hash >> bitShift
            bits[Int(truncatingIfNeeded: b >> 6)] |= 1 << (b & 63)
            start[s] = items.count
            end[s] = items.count
            room[s] = items.count + 4
            items.append(contentsOf: repeatElement(0, count: 4))
        } else if end[s] == room[s] {
            let count = end[s] - start[s]
            let first = items.count
            guard first + 2 * count + 2 <= 4 * keys.count else { return false }
            let moving = Array(items[start[s]..<end[s]])
            items.append(contentsOf: moving)
            items.append(contentsOf: repeatElement(0, count: count + 2))
            (start[s], end[s], room[s]) = (first, first + count, first + 2 * count + 2)
        }
        var k = end[s]
        while k > start[s] && items[k - 1] > w {
            items[k] = items[k - 1]
            k -= 1
        }
        items[k] = w
        end[s] += 1
        return true
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
            room = Array(repeating: 0, count: capacity)
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
        // storage: only the slots the last build used are emptied (and the bitmap).
        slots.removeAll(keepingCapacity: true)
        slots.reserveCapacity(9 * watchers.count)
        items.removeAll(keepingCapacity: true)
        let (mask, shift, cells) = (self.mask, bitShift, self.cells)
        keys.withUnsafeMutableBufferPointer { keys in
            start.withUnsafeMutableBufferPointer { start in
                end.withUnsafeMutableBufferPointer { end in
                    room.withUnsafeMutableBufferPointer { room in
                        bits.withUnsafeMutableBufferPointer { bits in
                            // Every bit, since a vacant slot taken by another cell leaves its old cell's bit set.
                            for i in bits.indices { bits[i] = 0 }
                            for s in occupied { keys[s] = Self.empty }
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
                            // Each stretch with room for two more, so watchers moving in rarely move it.
                            var first = 0
                            for s in occupied {
                                start[s] = first
                                first += end[s] + 2
                                room[s] = first
                                end[s] = start[s]
                            }
                            items.append(contentsOf: repeatElement(0, count: first))
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
    }

    /// Where in `items` the watchers whose neighbourhood covers the cell of `p` are, in
    /// ascending order (a range, not a slice, so a look-up retains nothing). Inlined, so the
    /// caller reads the grid in place rather than through a copy of it.
    @inlinable @inline(__always)
    public func near(x: Double, y: Double) -> Range<Int> {
        guard mask > 0 else { return 0..<0 }
        let key = Self.key(index(x), index(y))
        let hash = Self.hash(key)
        // `bitShift` is below 64 (`sizeTable`): a masking shift, without the check for 64 or more.
        let b = hash &>> bitShift
        guard bits[Int(truncatingIfNeeded: b >> 6)] & (1 << (b & 63)) != 0 else { return 0..<0 }
        var s = Int(truncatingIfNeeded: hash >> 32) & mask
        while keys[s] != Self.empty {
            if keys[s] == key { return Range(uncheckedBounds: (start[s], end[s])) }
            s = (s + 1) & mask
        }
        return 0..<0
    }
}
