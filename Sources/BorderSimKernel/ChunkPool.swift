import Dispatch
import Synchronization

/// Runs a loop over `0..<count` on several threads, split into contiguous chunks that the
/// threads take as they come free, each chunk with a worker of its own.
///
/// The caller keeps whatever a chunk finds in that chunk's worker and merges the workers in
/// chunk order afterwards, which is the order one thread would have found things in: so the
/// result does not depend on the number of threads, and a thread slowed down (by the work in
/// its chunk, or by the machine) holds the others up less. `prepare(worker, thread)` hands each
/// chunk's worker the per-thread resources (a GEOS context) of the thread that runs it.
package final class ChunkPool<Worker: AnyObject> {
    /// One per chunk; a loop too small to split runs as the first one alone.
    package let workers: [Worker]
    package let threads: Int

    package init(threads: Int, chunksPerThread: Int, makeWorker: () -> Worker) {
        self.threads = max(1, threads)
        workers = (0..<(self.threads == 1 ? 1 : chunksPerThread * self.threads)).map { _ in makeWorker() }
    }

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
        var failures = [E?](repeating: nil, count: chunks)
        failures.withUnsafeMutableBufferPointer { failed in
            withoutActuallyEscaping(body) { body in
                withoutActuallyEscaping(prepare) { prepare in
                    // Each chunk writes only its own elements and its own worker; each thread
                    // prepares every worker it takes with its own resources.
                    let job = Job(workers: workers, body: body, prepare: prepare, failed: failed)
                    DispatchQueue.concurrentPerform(iterations: threads) { t in
                        while true {
                            let k = job.next.add(1, ordering: .relaxed).oldValue
                            guard k < chunks else { break }
                            job.prepare(job.workers[k], t)
                            do throws(E) {
                                try job.body(count * k / chunks..<count * (k + 1) / chunks, job.workers[k])
                            } catch {
                                job.failed[k] = error
                            }
                        }
                    }
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
/// each chunk's worker and failure slot are written by the one thread that took the chunk.
private final class Job<Worker: AnyObject, E: Error>: @unchecked Sendable {
    let workers: [Worker]
    let body: (Range<Int>, Worker) throws(E) -> Void
    let prepare: (Worker, Int) -> Void
    let failed: UnsafeMutableBufferPointer<E?>
    let next = Atomic<Int>(0)

    init(
        workers: [Worker], body: @escaping (Range<Int>, Worker) throws(E) -> Void,
        prepare: @escaping (Worker, Int) -> Void, failed: UnsafeMutableBufferPointer<E?>
    ) {
        self.workers = workers
        self.body = body
        self.prepare = prepare
        self.failed = failed
    }
}
