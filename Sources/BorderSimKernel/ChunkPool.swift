import Synchronization

/// Runs a loop over `0..<count` on several threads, split into contiguous chunks that the
/// threads take as they come free, each chunk with a worker of its own.
///
/// The caller keeps whatever a chunk finds in that chunk's worker and merges the workers in
/// chunk order afterwards, which is the order one thread would have found things in: so the
/// result does not depend on the number of threads, and a thread slowed down (by the work in
/// its chunk, or by the machine) holds the others up less. `prepare(worker, thread)` hands each
/// chunk's worker the per-thread resources (a GEOS context) of the thread that runs it.
///
/// The calling thread is thread 0; the others are the pool's own (`Crew`), started on the
/// first loop that is split and ended when the pool goes.
package final class ChunkPool<Worker: AnyObject> {
    /// One per chunk; a loop too small to split runs as the first one alone.
    package let workers: [Worker]
    package let threads: Int
    private(set) var crew: Crew?

    package init(threads: Int, chunksPerThread: Int, makeWorker: () -> Worker) {
        self.threads = max(1, threads)
        workers = (0..<(self.threads == 1 ? 1 : chunksPerThread * self.threads)).map { _ in makeWorker() }
    }

    deinit { crew?.stop() }

    /// Runs `body` over `0..<count`: on the calling thread as one chunk when `count` is under
    /// `smallest` per thread, else split among the threads. Returns how many chunks ran. If
    /// chunks fail, the error of the first failing chunk is thrown once all have finished.
    package func run<E: Error>(
        _ count: Int, smallest: Int, prepare: (Worker, Int) -> Void,
        _ body: (Range<Int>, Worker) throws(E) -> Void
    ) throws(E) -> Int {
        let chunks = count < smallest * threads ? 1 : workers.count
        if chunks == 1 {
            try body(0..<count, workers[0])
            return 1
        }
        let crew = self.crew ?? Crew(helpers: threads - 1)
        self.crew = crew
        var failures = [E?](repeating: nil, count: chunks)
        failures.withUnsafeMutableBufferPointer { failed in
            withoutActuallyEscaping(body) { body in
                withoutActuallyEscaping(prepare) { prepare in
                    crew.run(Job(count: count, workers: workers, body: body, prepare: prepare, failed: failed))
                }
            }
        }
        // The sequential code after the loop uses the first worker, on the calling thread.
        prepare(workers[0], 0)
        if let error = failures.lazy.compactMap({ $0 }).first { throw error }
        return chunks
    }
}

/// A loop's chunks, body and failures, and the next chunk to take, shared by the threads:
/// each chunk's worker and failure slot are written by the one thread that took the chunk,
/// which prepares the worker with its own resources first.
private final class Job<Worker: AnyObject, E: Error>: Shift, @unchecked Sendable {
    let count: Int
    let workers: [Worker]
    let body: (Range<Int>, Worker) throws(E) -> Void
    let prepare: (Worker, Int) -> Void
    let failed: UnsafeMutableBufferPointer<E?>
    let next = Atomic<Int>(0)

    init(
        count: Int, workers: [Worker], body: @escaping (Range<Int>, Worker) throws(E) -> Void,
        prepare: @escaping (Worker, Int) -> Void, failed: UnsafeMutableBufferPointer<E?>
    ) {
        self.count = count
        self.workers = workers
        self.body = body
        self.prepare = prepare
        self.failed = failed
    }

    func work(thread t: Int) {
        let chunks = failed.count
        while true {
            let k = next.add(1, ordering: .relaxed).oldValue
            guard k < chunks else { return }
            prepare(workers[k], t)
            do throws(E) {
                try body(count * k / chunks..<count * (k + 1) / chunks, workers[k])
            } catch {
                failed[k] = error
            }
        }
    }
}
