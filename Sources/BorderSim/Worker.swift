import BorderGeometry
import Dispatch

/// One worker thread's share of a step: its own GEOS context and the boundaries prepared in
/// it (GEOS objects are never shared between threads), and buffers for what it finds.
///
/// A parallel phase splits the units or members into one contiguous chunk per worker; once
/// all are done, the buffers are merged in chunk order, which is the order a single worker
/// would have found things in. So a run gives the same result on any number of threads.
final class Worker {
    let context: GeometryContext
    let boundaries: [Boundary]
    var events: [Event] = []
    /// Incursions opened during the phase; a watch refers to local one `i` as `-(i + 1)` until the merge.
    var incursions: [Incursion] = []
    /// Watches that took a local incursion during the phase.
    var opened: [Int] = []
    /// (watcher, member seen) pairs within range this step, in the order they were met.
    var sightings: [(watcher: Int, member: Int)] = []
    var failure: GeometryError?
    /// Units whose orders may fire at the next order phase (`Simulation.ordersDue`).
    var ordersDue: [Int] = []
    /// Units that left during the phase (`Simulation.refreshActive`).
    var departed: [Int] = []

    init(context: GeometryContext, boundaries: [Boundary]) {
        self.context = context
        self.boundaries = boundaries
    }
}

extension Simulation {
    /// Runs `body` on `0..<count` split into one contiguous chunk per worker, all at once, then
    /// merges the workers' events and incursions in chunk order. Sightings are left for the
    /// sensing phase to merge. If chunks fail, the error of the first failing chunk is thrown.
    func inParallel(_ count: Int, _ body: (Range<Int>, Worker) throws(GeometryError) -> Void) throws(GeometryError) {
        let chunks = count < smallestChunk * workers.count ? 1 : workers.count
        if chunks == 1 {
            try body(0..<count, workers[0])
        } else {
            withoutActuallyEscaping(body) { body in
                // Each worker writes only its own chunk's elements and its own buffers.
                let job = Job(workers: workers, body: body)
                DispatchQueue.concurrentPerform(iterations: chunks) { k in
                    let worker = job.workers[k]
                    do throws(GeometryError) {
                        try job.body(count * k / chunks..<count * (k + 1) / chunks, worker)
                    } catch {
                        worker.failure = error
                    }
                }
            }
        }
        for w in workers.prefix(chunks) {
            if let error = w.failure {
                workers.forEach { $0.failure = nil }
                throw error
            }
        }
        mergeFindings()
    }

    /// Moves what the workers found into the run's events and incursions, in worker order.
    func mergeFindings() {
        for w in workers {
            events += w.events
            w.events.removeAll(keepingCapacity: true)
            let base = incursions.count
            incursions.append(contentsOf: w.incursions)
            for i in w.opened {
                if let local = watches[i].incursion, local < 0 { watches[i].incursion = base - local - 1 }
            }
            w.incursions.removeAll(keepingCapacity: true)
            w.opened.removeAll(keepingCapacity: true)
        }
    }
}

/// A parallel phase's workers and body, handed to the worker threads (see `inParallel` for why
/// the sharing is safe).
private struct Job: @unchecked Sendable {
    let workers: [Worker]
    let body: (Range<Int>, Worker) throws(GeometryError) -> Void
}
