/// Elements in one allocation, read and written in place.
///
/// A Swift array copies its storage on a write whenever it is shared, so workers writing
/// their own elements of one array at the same time would race on that copy. Here a write
/// goes straight to the element: several threads may write *different* elements at once.
/// Growing it (`append`) is for sequential code only.
final class InPlaceArray<Element> {
    private var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init() {
        capacity = 16
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var indices: Range<Int> { 0..<count }
    var elements: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    subscript(i: Int) -> Element {
        unsafeAddress {
            precondition(i >= 0 && i < count, "index out of range")
            return UnsafePointer(base + i)
        }
        unsafeMutableAddress {
            precondition(i >= 0 && i < count, "index out of range")
            return base + i
        }
    }

    /// Where element `i` is, for a loop that reads and writes many of its fields: valid until
    /// the next `append` or `reserve`.
    func address(_ i: Int) -> UnsafeMutablePointer<Element> {
        precondition(i >= 0 && i < count, "index out of range")
        return base + i
    }

    /// Makes room for `capacity` elements in all, so appending up to there never moves them.
    func reserve(_ capacity: Int) {
        guard capacity > self.capacity else { return }
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        self.capacity = capacity
    }

    func append(_ element: Element) {
        if count == capacity { reserve(2 * capacity) }
        (base + count).initialize(to: element)
        count += 1
    }

    func append(contentsOf elements: [Element]) {
        for e in elements { append(e) }
    }
}
