import Dispatch
import Testing

@testable import BorderSimKernel

@Suite("InPlaceArray: storage workers write in place")
struct InPlaceArrayTests {
    @Test func growingKeepsEveryElementInOrder() {
        let array = InPlaceArray<String>()
        for i in 0..<1_000 { array.append("item \(i)") }
        array.reserve(5_000)
        array.append(contentsOf: ["last"])
        #expect(array.count == 1_001)
        #expect(array.elements == (0..<1_000).map { "item \($0)" } + ["last"])
    }

    /// The bounds check is one unsigned comparison: it must still catch a negative index.
    @Test func indicesWithinBoundsAndNoOthers() {
        #expect(InPlaceArray<Int>.holds(0, 3) && InPlaceArray<Int>.holds(2, 3))
        #expect(!InPlaceArray<Int>.holds(3, 3) && !InPlaceArray<Int>.holds(-1, 3))
        #expect(!InPlaceArray<Int>.holds(Int.min, 3) && !InPlaceArray<Int>.holds(0, 0))
    }

    @Test func aNegativeIndexStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            let array = InPlaceArray<Int>()
            array.append(1)
            _ = array[-CommandLine.arguments.count]  // not a constant the compiler could reject
        }
    }

    @Test func readLendsTheElementAtItsIndexAsWrittenLast() {
        let array = InPlaceArray<(name: String, weight: Double)>()
        for i in 0..<100 { array.append((name: "unit \(i)", weight: Double(i))) }
        array[42].weight = -1
        #expect(array.read(42) { "\($0.name) \($0.weight)" } == "unit 42 -1.0")
        #expect(array.read(99) { $0.name } == "unit 99")
    }

    @Test func twoThreadsWritingTheirOwnHalvesLoseNothing() {
        let array = InPlaceArray<Int>()
        for _ in 0..<100_000 { array.append(0) }
        nonisolated(unsafe) let shared = array
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            for _ in 0..<10 {
                for i in stride(from: k * 50_000, to: (k + 1) * 50_000, by: 1) { shared[i] += i }
            }
        }
        #expect(array.elements == (0..<100_000).map { 10 * $0 })
    }
}
