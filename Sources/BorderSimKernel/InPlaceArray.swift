/// Elements in one allocation, read and written in place.
///
/// A Swift array copies its storage on a write whenever it is shared, so workers writing
/// their own elements of one array at the same time would race on that copy. Here a write
/// goes straight to the element: several threads may write *different* elements at once.
/// Growing it (`append`) is for sequential code only.
public final class InPlaceArray<Element> {
    // Read on every element access, also where the subscript is inlined into other modules:
    // no dynamic exclusivity check (nothing takes an inout access to them across a call).
    @exclusivity(unchecked) @usableFromInline var base: UnsafeMutablePointer<Element>
    @exclusivity(unchecked) @usableFromInline var storedCount = 0
    private var capacity: Int

    public init() {
        capacity = 16
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: storedCount)
        base.deallocate()
    }

    @inlinable public var count: Int { @inline(__always) get { storedCount } }
    @inlinable public var indices: Range<Int> { 0..<storedCount }
    package var elements: [Element] { Array(UnsafeBufferPointer(start: base, count: storedCount)) }

    @inlinable public subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress {
            precondition(Self.holds(i, storedCount), "index out of range")
            return UnsafePointer(base + i)
        }
        @inline(__always) unsafeMutableAddress {
            precondition(Self.holds(i, storedCount), "index out of range")
            return base + i
        }
    }

    /// `0 <= i < count` in one comparison: a negative `i` is a huge unsigned one. (The step
    /// loop checks a dozen indices per person per step; two comparisons each were 5 % of it.)
    @inlinable @inline(__always)
    static func holds(_ i: Int, _ count: Int) -> Bool { UInt(bitPattern: i) < UInt(bitPattern: count) }

    /// Element `i` lent to `body`: one bounds check and one load of the buffer for all the
    /// fields `body` reads, where each `self[i].field` would repeat both (a write through any
    /// element may, for all the compiler knows, have moved the buffer).
    @inlinable @inline(__always)
    public func read<R>(_ i: Int, _ body: (borrowing Element) throws -> R) rethrows -> R {
        precondition(Self.holds(i, storedCount), "index out of range")
        return try body(base[i])
    }

    /// Makes room for `capacity` elements in all, so appending up to there never moves them.
    package func reserve(_ capacity: Int) {
        guard capacity > self.capacity else { return }
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        grown.moveInitialize(from: base, count: storedCount)
        base.deallocate()
        base = grown
        self.capacity = capacity
    }

    package func append(_ element: Element) {
        if storedCount == capacity { reserve(2 * capacity) }
        (base + storedCount).initialize(to: element)
        storedCount += 1
    }

    package func append(contentsOf elements: [Element]) {
        for e in elements { append(e) }
    }

    /// Exchanges the elements of the two arrays without copying any: each keeps its identity,
    /// so phases holding either array see the other's elements from now on.
    package func swapElements(with other: InPlaceArray<Element>) {
        swap(&base, &other.base)
        swap(&storedCount, &other.storedCount)
        swap(&capacity, &other.capacity)
    }
}
