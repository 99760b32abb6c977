import Synchronization
import Testing

@testable import BorderSimKernel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The pool behind every parallel phase: each index is visited once, by the chunk that owns it,
/// whatever the number of threads; a failure is the first failing chunk's, after all ran; the
/// pool's helper threads take part in loop after loop and end with the pool.
@Suite("ChunkPool: loops split among threads")
struct ChunkPoolTests {
    final class Tally {
        var visited: [Int] = []
        var thread = -1
        var threads: Set<Int> = []
    }

    struct Failure: Error, Equatable { let chunk: Int }

    @Test(arguments: [1, 2, 3])
    func everyIndexIsVisitedOnceInChunkOrder(threads: Int) throws {
        let pool = ChunkPool(threads: threads, chunksPerThread: 4) { Tally() }
        let chunks = try pool.run(10_000, smallest: 10, prepare: { tally, thread in tally.thread = thread }) {
            (range: Range<Int>, tally: Tally) throws(Failure) in
            tally.visited.append(contentsOf: range)
        }
        #expect(chunks == (threads == 1 ? 1 : 4 * threads))
        #expect(pool.workers.flatMap(\.visited) == Array(0..<10_000))
        // A split loop hands the first worker back to the calling thread (thread 0); a loop run
        // as one chunk runs on the calling thread and prepares no one.
        #expect(pool.workers[0].thread == (threads == 1 ? -1 : 0))
    }

    @Test func aLoopTooSmallToSplitRunsAsOneChunk() throws {
        let pool = ChunkPool(threads: 2, chunksPerThread: 4) { Tally() }
        let chunks = try pool.run(100, smallest: 256, prepare: { _, _ in }) {
            (range: Range<Int>, tally: Tally) throws(Failure) in
            tally.visited.append(contentsOf: range)
        }
        #expect(chunks == 1 && pool.workers[0].visited == Array(0..<100))
        // No helper thread is started for a loop the caller runs alone.
        #expect(pool.crew == nil)
    }

    @Test func theFirstFailingChunksErrorIsThrownOnceAllHaveRun() {
        let pool = ChunkPool(threads: 2, chunksPerThread: 4) { Tally() }
        let ran = Atomic<Int>(0)
        #expect(throws: Failure(chunk: 2)) {
            _ = try pool.run(800, smallest: 1, prepare: { _, _ in }) { (range: Range<Int>, _: Tally) throws(Failure) in
                ran.add(1, ordering: .relaxed)
                let chunk = range.lowerBound / 100
                if chunk == 2 || chunk == 5 { throw Failure(chunk: chunk) }
            }
        }
        #expect(ran.load(ordering: .relaxed) == 8)
    }

    @Test func aPoolOfOneThreadRunsOnTheCaller() throws {
        let pool = ChunkPool(threads: 1, chunksPerThread: 4) { Tally() }
        let caller = pthread_self()
        let elsewhere = Atomic<Int>(0)
        let chunks = try pool.run(10_000, smallest: 1, prepare: { _, _ in }) {
            (_: Range<Int>, _: Tally) throws(Failure) in
            if pthread_equal(pthread_self(), caller) == 0 { elsewhere.add(1, ordering: .relaxed) }
        }
        #expect(chunks == 1 && elsewhere.load(ordering: .relaxed) == 0 && pool.crew == nil)
    }

    /// Thousands of loops back to back, in stretches after a pause long enough for the helpers
    /// to fall asleep: each loop must see every index once, and in every stretch each helper
    /// must take chunks again (a lost wake-up would leave them asleep, or hang the caller).
    @Test func thousandsOfLoopsInARowLoseNoWakeUp() throws {
        let pool = ChunkPool(threads: 3, chunksPerThread: 4) { Tally() }
        for stretch in 0..<10 {
            usleep(UInt32(2 * Crew.idleSpinNanoseconds / 1_000))
            for w in pool.workers { w.threads.removeAll() }
            for loop in 0..<500 {
                let count = 3 + loop % 97
                let chunks = try pool.run(count, smallest: 1, prepare: { tally, thread in tally.thread = thread }) {
                    (range: Range<Int>, tally: Tally) throws(Failure) in
                    tally.visited.append(contentsOf: range)
                    tally.threads.insert(tally.thread)
                    // Long enough for the helpers to wake and take some of the chunks.
                    if loop % 10 == 0 { usleep(100) }
                }
                let visited = pool.workers.flatMap(\.visited)
                guard chunks == 12, visited == Array(0..<count) else {
                    Issue.record("stretch \(stretch), loop \(loop): \(chunks) chunks visited \(visited)")
                    return
                }
                for w in pool.workers { w.visited.removeAll(keepingCapacity: true) }
            }
            let took = pool.workers.reduce(into: Set<Int>()) { $0.formUnion($1.threads) }
            #expect(took == [0, 1, 2], "stretch \(stretch)")
        }
    }

    /// The helpers keep their crew alive until they return: once the pool is gone the crew must
    /// be too, or its threads were left running (and a sweep of many runs would pile them up).
    @Test func thePoolEndsAndJoinsItsThreads() throws {
        weak var crew: Crew?
        do {
            let pool = ChunkPool(threads: 2, chunksPerThread: 4) { Tally() }
            _ = try pool.run(1_000, smallest: 1, prepare: { _, _ in }) { (_: Range<Int>, _: Tally) throws(Failure) in }
            crew = pool.crew
            #expect(crew != nil)
        }
        #expect(crew == nil)
    }
}
