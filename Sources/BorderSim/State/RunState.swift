import BorderGeometry
import BorderSimKernel

/// Everything a run knows and changes, in one place with one owner: the phases of a tick
/// (`Pipeline`) read and write it, and nothing else does.
///
/// Per-unit and per-member state lives in arrays written in place (`InPlaceArray`), so the
/// workers of a parallel phase can each write their own elements at once; the lists the phases
/// visit, the findings and the geometry are grouped in the types beside this one.
final class RunState {
    let scenario: Scenario
    /// Each unit as declared or drawn from an arrival flow, by unit index.
    let specs: [UnitSpec]
    /// Each unit's state (what every step reads) and record (what some phases keep), by unit index.
    let units = InPlaceArray<UnitState>()
    let records = InPlaceArray<UnitRecord>()
    let members = Members()
    let presence: Presence
    let roster: Roster
    let findings = Findings()
    let samples: Samples
    let geometry: RunGeometry
    /// The step being run: from time `tick·step` to `(tick+1)·step`.
    @exclusivity(unchecked) var tick = 0

    init(
        scenario: Scenario, seed: UInt64, specs: [UnitSpec], sampleInterval: Double?,
        geometry: RunGeometry
    ) {
        self.scenario = scenario
        self.specs = specs
        self.geometry = geometry
        samples = Samples(step: scenario.clock.step, ticks: scenario.clock.ticks, interval: sampleInterval)
        Placement(seed: seed).place(specs, units: units, records: records, members: members)
        presence = Presence(specs: specs, units: units)
        // The declared units' longest range (drawn groups do not detect).
        roster = Roster(
            seed: seed, specs: specs, members: members,
            cell: max(1, scenario.units.map(\.detectionRange).max() ?? 1))
    }

    /// The mapped border's watch state of every member: boundary 0.
    var mapped: Boundary { geometry.boundaries[0] }

    /// The replicate's seed, which every random draw of the run is keyed by.
    var seed: UInt64 { roster.seed }

    /// Seconds since the start at fraction `t` of the current tick's move.
    func time(_ t: Double) -> Double { (Double(tick) + t) * scenario.clock.step }

    /// Puts unit `u` in or out of the simulated area (from sequential code; a worker lists its own leavers).
    func setPresent(_ u: Int, _ present: Bool) { presence.set(u, present) }

    /// Brings the lists of units and members in the area up to date.
    func refreshActive() { presence.refresh(units: units, members: members, workers: geometry.pool.workers) }

    /// Runs `body` on `0..<count` split among the threads (`ChunkPool`), then merges what the
    /// workers found, in chunk order. Sightings are left for the sensing phase to merge.
    func inParallel(_ count: Int, _ body: (Range<Int>, Worker) throws(GeometryError) -> Void) throws(GeometryError) {
        let geometry = self.geometry
        _ = try geometry.pool.run(
            count, smallest: geometry.smallestChunk,
            prepare: { worker, thread in worker.use(geometry.threads[thread]) }, body)
        mergeFindings()
    }

    /// Moves what the workers found into the run's events and incursions, in worker order.
    func mergeFindings() {
        for w in geometry.pool.workers { findings.merge(w) }
    }

    /// The centre of unit `u`'s members, now or at the start of the step.
    func centroid(of u: Int, startOfStep: Bool = false) -> Coordinate {
        let positions = startOfStep ? members.previous : members.position
        var x = 0.0
        var y = 0.0
        for m in units[u].members {
            x += positions[m].x
            y += positions[m].y
        }
        let n = Double(max(1, specs[u].size))
        return Coordinate(x: x / n, y: y / n)
    }

    /// Adds event `kind` of unit `u` now (sequential phases; workers keep their own).
    func record(
        _ kind: Event.Kind, of u: Int, at position: Coordinate, time: Double,
        member: Int? = nil, counterpart: String? = nil, boundary: String? = nil
    ) {
        let spec = specs[u]
        findings.events.append(
            Event(
                time: time, kind: kind, unit: spec.id, member: member, affiliation: spec.affiliation,
                position: position, boundary: boundary, counterpart: counterpart))
    }
}

/// The run's geometry: the mapped border, claimed lines and zones prepared in each thread's
/// GEOS context, and the pool whose workers run the parallel phases.
final class RunGeometry {
    /// The first thread's context and boundaries, for the phases that run on one thread.
    let context: GeometryContext
    let boundaries: [Boundary]
    let threads: [ThreadGeometry]
    let pool: ChunkPool<Worker>
    /// Phases over fewer items than this per thread run on one thread: dispatching would cost
    /// more than they take. (Tests lower it to split even tiny scenarios.)
    var smallestChunk = 256
    static let chunksPerThread = 4

    init(threads: [ThreadGeometry]) {
        self.threads = threads
        context = threads[0].context
        boundaries = threads[0].boundaries
        pool = ChunkPool(threads: threads.count, chunksPerThread: Self.chunksPerThread) { Worker(threads[0]) }
    }
}
