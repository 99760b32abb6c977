import BorderGeometry
import BorderSimKernel

/// Finds who sees whom: for each person, the watchers of another side within range
/// (`Roster.grid`), each glimpsing them with its unit's detection probability. The pairs are
/// listed on the workers and taken in member order by the sensing phase (`Detections`).
struct Sighter {
    let state: RunState
    // What a look-up reads, held here so the per-member loop reaches it directly.
    private let members: Members, roster: Roster, grid: SpatialGrid, isPresent: InPlaceArray<Bool>

    init(state: RunState) {
        self.state = state
        members = state.members
        roster = state.roster
        grid = state.roster.grid
        isPresent = state.presence.isPresent
    }

    /// Enters every watcher in the grid where it stands now.
    func placeWatchers() {
        let position = state.members.position
        state.roster.grid.rebuild(state.roster.watchers) { (position[$0].x, position[$0].y) }
    }

    /// Whether a watcher is present with anyone of another side, the only case in which anyone
    /// can be seen: when not (no group in the area, say), the step skips the watcher grid and
    /// the look-ups.
    func anyoneToSee() -> Bool {
        let side = state.roster.side
        let isPresent = state.presence.isPresent
        var watching: UInt64 = 0
        var present: UInt64 = 0
        for u in state.roster.watcherUnits where isPresent[u] {
            guard side[u] < 64 else { return true }
            watching |= 1 << side[u]
        }
        guard watching != 0 else { return false }
        for u in state.presence.activeUnits {
            guard side[u] < 64 else { return true }
            present |= 1 << side[u]
            if (watching | present).nonzeroBitCount > 1 { return true }
        }
        return false
    }

    /// Lists the watchers that see member `m` this step and whose unit had not yet detected
    /// `m`'s unit when the step began (the merge drops pairs detected earlier in the step). Most
    /// people are where no watcher can see: one look-up in the grid, inlined into the loop.
    @inline(__always)
    func sight(_ m: Int, _ worker: Worker) { sight(m, at: members.position[m], worker) }

    /// The same, for member `m` standing at `p` (its current position, which the caller has at hand).
    @inline(__always)
    func sight(_ m: Int, at p: Coordinate, _ worker: Worker) {
        let near = grid.near(x: p.x, y: p.y)
        if !near.isEmpty { sight(m, at: p, by: near, worker) }
    }

    @inline(never)
    private func sight(_ m: Int, at p: Coordinate, by near: Range<Int>, _ worker: Worker) {
        let v = members.unit[m]
        let side = roster.side
        let own = side[v]
        for n in near {
            let o = grid.item(n)
            let u = members.unit[o]
            // Watchers of the person's own side first, the commonest near a patrol: its fellows.
            guard side[u] != own, isPresent[u] else { continue }
            let range = state.specs[u].detectionRange
            guard squaredDistance(members.position[o], p) <= range * range,
                !state.records[u].detectedSet.contains(v), glimpse(u, v)
            else { continue }
            worker.sightings.append((o, m))
        }
    }

    /// Whether unit `u` notices unit `v` this step, with `u`'s detection probability. The draw
    /// is a hash of (seed, both units' ids, tick): the same for every pair of their members in
    /// a step, whatever order they are met in, and the same in every policy run on this seed.
    private func glimpse(_ u: Int, _ v: Int) -> Bool {
        let p = state.specs[u].detectionProbability
        guard p < 1 else { return true }
        let idHash = state.roster.idHash
        var draw = RandomStream(
            seed: state.seed ^ idHash[u] &* 0x9E37_79B9_7F4A_7C15 ^ idHash[v] &* 0xC2B2_AE3D_27D4_EB4F,
            entity: "", purpose: UInt64(state.tick))
        return draw.unit() < p
    }
}
