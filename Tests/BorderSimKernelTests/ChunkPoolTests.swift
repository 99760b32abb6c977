import Synchronization
import Testing

@testable import BorderSimKernel

/// The pool behind every parallel phase: each index is visited once, by the chunk that owns it,
/// whatever the number of threads; a failure is the first failing chunk's, after all ran.
@Suite("ChunkPool: loops split among threads")
struct ChunkPoolTests {
    final class Tally {
        var visited: [Int] = []
        var thread = -1
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
}
