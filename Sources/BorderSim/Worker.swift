import BorderGeometry
import Dispatch
import Synchronization

/// One chunk's share of a parallel phase: the GEOS context and boundaries of the thread that
/// runs it (GEOS objects are never shared between threads at once), and buffers for what it
/// finds.
///
/// A parallel phase splits the units or members into contiguous chunks, several per thread,
/// which the threads take as they come free; once all are done, the buffers are merged in
/// chunk order, which is the order a single thread would have found things in. So a run gives
/// the same result on any number of threads, and a thread slowed down (by exact tests falling
/// in its chunk, or by the machine) holds the others up less.
final class Worker {
    private(set) var context: GeometryContext
    private(set) var boundaries: [Boundary]
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

    init(_ geometry: ThreadGeometry) {
        context = geometry.context
        boundaries = geometry.boundaries
    }

    /// Runs the chunk with `geometry`, the geometry of the thread taking it.
    func use(_ geometry: ThreadGeometry) {
        context = geometry.context
        boundaries = geometry.boundaries
    }
}

/// A thread's GEOS context and the boundaries prepared in it.
struct ThreadGeometry {
    let context: GeometryContext
    let boundaries: [Boundary]
}

extension Simulation {
    /// Runs `body` on `0..<count` split into one contiguous chunk per worker, all at once, then
    /// merges the workers' events and incursions in chunk order. Sightings are left for the
    /// sensing phase to merge. If chunks fail, the error of the first failing chunk is thrown.
    func inParallel(_ count: Int, _ body: (Range<Int>, Worker) throws(GeometryError) -> Void) throws(GeometryError) {
        let threads = geometries.count
        let chunks = count < smallestChunk * threads ? 1 : workers.count
        if chunks == 1 {
            try body(0..<count, workers[0])
        } else {
            withoutActuallyEscaping(body) { body in
                // Each chunk writes only its own elements and its own buffers; each thread uses
                // its own geometry for every chunk it takes.
                let job = Job(workers: workers, geometries: geometries, body: body)
                DispatchQueue.concurrentPerform(iterations: threads) { t in
                    while true {
                        let k = job.next.add(1, ordering: .relaxed).oldValue
                        guard k < chunks else { break }
                        let worker = job.workers[k]
                        worker.use(job.geometries[t])
                        do throws(GeometryError) {
                            try job.body(count * k / chunks..<count * (k + 1) / chunks, worker)
                        } catch {
                            worker.failure = error
                        }
                    }
                }
            }
            // The sequential phases use the first chunk's worker, on the calling thread.
            workers[0].use(geometries[0])
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

/// A parallel phase's chunks, geometries and body, and the next chunk to take, handed to the
/// threads (see `inParallel` for why the sharing is safe).
private final class Job: @unchecked Sendable {
    let workers: [Worker]
    let geometries: [ThreadGeometry]
    let body: (Range<Int>, Worker) throws(GeometryError) -> Void
    let next = Atomic<Int>(0)

    init(workers: [Worker], geometries: [ThreadGeometry], body: @escaping (Range<Int>, Worker) throws(GeometryError) -> Void) {
        self.workers = workers
        self.geometries = geometries
        self.body = body
    }
}
