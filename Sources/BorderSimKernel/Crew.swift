import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A loop shared by the calling thread and the crew's helpers: each thread calls `work` with
/// its own index, and `work` returns once there is nothing left for it to take.
protocol Shift: AnyObject {
    func work(thread: Int)
}

/// Helper threads kept for the life of a `ChunkPool`, so that a parallel phase starts without
/// waking libdispatch's threads, which once asleep take 30–40 µs to start (longer than a phase
/// of a small run takes).
///
/// Between loops a helper spins a little while (most phases of a step follow each other more
/// closely than that), then sleeps on a condition. The caller never waits for a helper to
/// join a loop: it runs every chunk no one else has taken, and waits only for helpers still in
/// a chunk. `stop()` ends and joins the helpers.
final class Crew: @unchecked Sendable {
    /// 2 × the helpers inside the current loop, + 1 while the loop is open to them.
    private let state = Atomic<Int>(0)
    /// Counts the loops started, so that a helper knows one is new; and the helpers asleep.
    private let generation = Atomic<Int>(0)
    private let asleep = Atomic<Int>(0)
    private let callerAsleep = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    /// The open loop: written by the caller while the loop is closed, read by helpers inside it.
    private var shift: (any Shift)?
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Helpers sleep on `wake`, the caller on `done`.
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let done = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var handles: [pthread_t] = []

    /// How long a helper spins for the next loop before it sleeps: long enough to bridge the
    /// sequential code between most of a step's phases, short enough not to take much from the
    /// other vCPU's work (50–100 µs did best on the bench, docs/performance.md).
    static let idleSpinNanoseconds = 50_000
    /// How long the caller spins for the helpers still in a chunk (normally less than a chunk
    /// takes) before it sleeps: sleeping at once would add a wake-up (30–40 µs here) to most
    /// phases.
    static let finishSpinNanoseconds = 1_000_000

    init(helpers: Int) {
        pthread_mutex_init(lock, nil)
        pthread_cond_init(wake, nil)
        pthread_cond_init(done, nil)
        for t in 1...helpers {
            // Each helper keeps the crew alive until it returns (after `stop`).
            let start = Unmanaged.passRetained(Start(crew: self, thread: t)).toOpaque()
            #if canImport(Glibc)
                var handle = pthread_t()
            #else
                var handle: pthread_t?
            #endif
            let created = pthread_create(
                &handle, nil,
                { argument in
                    // Optional on Linux, not on Darwin.
                    let argument: UnsafeMutableRawPointer? = argument
                    let start = Unmanaged<Start>.fromOpaque(argument!).takeRetainedValue()
                    start.crew.serve(thread: start.thread)
                    return nil
                }, start)
            precondition(created == 0, "cannot start a helper thread (error \(created))")
            #if canImport(Glibc)
                handles.append(handle)
            #else
                handles.append(handle!)
            #endif
        }
    }

    deinit {
        pthread_cond_destroy(done)
        pthread_cond_destroy(wake)
        pthread_mutex_destroy(lock)
        done.deallocate()
        wake.deallocate()
        lock.deallocate()
    }

    /// Runs `shift` on the calling thread (index 0) and whichever helpers come free to join it;
    /// returns once every helper that joined has left.
    func run(_ shift: any Shift) {
        self.shift = shift
        state.add(1, ordering: .sequentiallyConsistent)
        generation.add(1, ordering: .sequentiallyConsistent)
        if asleep.load(ordering: .sequentiallyConsistent) > 0 { broadcast(wake) }
        shift.work(thread: 0)
        if state.subtract(1, ordering: .sequentiallyConsistent).newValue != 0 { awaitHelpers() }
        self.shift = nil
    }

    /// Ends the helpers and waits for them to return.
    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        generation.add(1, ordering: .sequentiallyConsistent)
        broadcast(wake)
        for handle in handles { pthread_join(handle, nil) }
    }

    /// A helper's life: wait for a loop, take part in it if it is still open, and again.
    private func serve(thread t: Int) {
        var seen = 0
        while true {
            seen = awaitLoop(after: seen)
            if stopping.load(ordering: .sequentiallyConsistent) { return }
            if state.add(2, ordering: .sequentiallyConsistent).oldValue & 1 != 0 { join(thread: t) }
            if state.subtract(2, ordering: .sequentiallyConsistent).newValue == 0,
                callerAsleep.load(ordering: .sequentiallyConsistent)
            {
                broadcast(done)
            }
        }
    }

    /// Works on the open loop; not inlined, so that the reference to it taken here is let go
    /// before the helper leaves the loop (the loop's closures must not outlive `run`).
    @inline(never)
    private func join(thread t: Int) { shift?.work(thread: t) }

    /// The generation after `seen`, once there is one.
    private func awaitLoop(after seen: Int) -> Int {
        let end = Self.now() + Self.idleSpinNanoseconds
        var spins = 0
        while true {
            let g = generation.load(ordering: .acquiring)
            if g != seen { return g }
            spins += 1
            if spins & 15 == 0, Self.now() > end { break }
            spinHint()
        }
        pthread_mutex_lock(lock)
        asleep.add(1, ordering: .sequentiallyConsistent)
        while generation.load(ordering: .sequentiallyConsistent) == seen { pthread_cond_wait(wake, lock) }
        asleep.subtract(1, ordering: .sequentiallyConsistent)
        pthread_mutex_unlock(lock)
        return generation.load(ordering: .acquiring)
    }

    /// Waits until no helper is inside the closed loop.
    private func awaitHelpers() {
        let end = Self.now() + Self.finishSpinNanoseconds
        var spins = 0
        while state.load(ordering: .acquiring) != 0 {
            spins += 1
            if spins & 15 == 0, Self.now() > end {
                pthread_mutex_lock(lock)
                callerAsleep.store(true, ordering: .sequentiallyConsistent)
                while state.load(ordering: .sequentiallyConsistent) != 0 { pthread_cond_wait(done, lock) }
                callerAsleep.store(false, ordering: .sequentiallyConsistent)
                pthread_mutex_unlock(lock)
                return
            }
            spinHint()
        }
    }

    private func broadcast(_ condition: UnsafeMutablePointer<pthread_cond_t>) {
        pthread_mutex_lock(lock)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(lock)
    }

    private static func now() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int(time.tv_sec) * 1_000_000_000 + Int(time.tv_nsec)
    }

    private final class Start {
        let crew: Crew
        let thread: Int
        init(crew: Crew, thread: Int) {
            self.crew = crew
            self.thread = thread
        }
    }
}

/// Lets other runnable threads have the vCPU while a thread spins (the machine is shared). The
/// CPU's `pause` did no better on the bench, and needs an LLVM intrinsic that ThreadSanitizer
/// builds cannot compile.
@inline(__always) private func spinHint() { sched_yield() }
