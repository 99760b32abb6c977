import BorderGeometry

/// One chunk's share of a parallel phase (`ChunkPool`): the GEOS context and boundaries of the
/// thread that runs it (GEOS objects are never shared between threads at once), and buffers
/// for what it finds, merged into the run in chunk order once the phase is done
/// (`RunState.mergeFindings`).
final class Worker {
    private(set) var context: GeometryContext
    private(set) var boundaries: [Boundary]
    @exclusivity(unchecked) var events: [Event] = []
    /// Incursions opened during the phase; a watch refers to local one `i` as `-(i + 1)` until the merge.
    @exclusivity(unchecked) var incursions: [Incursion] = []
    /// Watches that took a local incursion during the phase.
    @exclusivity(unchecked) var opened: [Int] = []
    /// (watcher, member seen) pairs within range this step, in the order they were met.
    @exclusivity(unchecked) var sightings: [(watcher: Int, member: Int)] = []
    /// Units whose orders may fire at the next order phase (`Presence.ordersDue`).
    @exclusivity(unchecked) var ordersDue: [Int] = []
    /// Units that left during the phase (`Presence.refresh`).
    @exclusivity(unchecked) var departed: [Int] = []

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
