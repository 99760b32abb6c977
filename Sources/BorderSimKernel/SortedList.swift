/// Operations on ascending lists of indices (units or members in the area, groups taken away),
/// and a stable sort for lists that are nearly in order: the step loop keeps such lists
/// between steps, so these work in place, without copying the list.
extension Array where Element == Int {
    /// Removes the ascending, disjoint `stretches`, moving what lies between them down in bulk.
    package mutating func remove(stretches: [Range<Int>]) {
        guard let first = stretches.first else { return }
        var kept = first.lowerBound
        withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            for (k, stretch) in stretches.enumerated() {
                let next = k + 1 < stretches.count ? stretches[k + 1].lowerBound : buffer.count
                let count = next - stretch.upperBound
                // The regions may overlap: a memmove.
                UnsafeMutableRawPointer(base + kept).copyMemory(
                    from: base + stretch.upperBound,
                    byteCount: count * MemoryLayout<Int>.stride)
                kept += count
            }
        }
        removeLast(count - kept)
    }

    /// Where `value` is in this ascending list, by binary search.
    package func position(ofSorted value: Int) -> Int? {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < count && self[low] == value ? low : nil
    }

    /// Puts `value` into this ascending list, unless it is there already.
    package mutating func insertInOrder(_ value: Int) {
        let i = firstIndex { $0 >= value } ?? count
        if i == count || self[i] != value { insert(value, at: i) }
    }

    /// Takes `value` out of this list, if it is there.
    package mutating func removeValue(_ value: Int) {
        if let i = firstIndex(of: value) { remove(at: i) }
    }
}

extension Array {
    /// Sorts by `key`, elements with equal keys kept in the order they were: an insertion sort
    /// in place, linear for a list where only neighbours are out of order (events found step
    /// by step), and without the copy a sort of a 75,000-event list would make.
    package mutating func stablySort<Key: Comparable>(by key: (Element) -> Key) {
        withUnsafeMutableBufferPointer { list in
            for i in list.indices.dropFirst() where key(list[i]) < key(list[i - 1]) {
                let element = list[i]
                var j = i
                while j > 0 && key(list[j - 1]) > key(element) {
                    list[j] = list[j - 1]
                    j -= 1
                }
                list[j] = element
            }
        }
    }
}
