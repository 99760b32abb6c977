import BorderGeometry

/// How deep an open incursion gets: measured over the whole path, not only at step ends, and
/// for an officer walking straight, once per straight run (`Findings.DepthRun`).
extension BoundaryWatcher {
    /// Records how far beyond the line (or inside the zone) an open incursion has got at `point`.
    func deepen(
        watchIndex w: Int, boundary b: Boundary, at point: Coordinate, _ worker: Worker
    ) throws(GeometryError) {
        guard let i = watches[w].incursion else { return }
        if i >= 0 { try settle(incursion: i, boundary: b) }
        record(depth: try b.distance(from: point), at: point, watchIndex: w, worker)
    }

    /// Records the deepest an open incursion has got along the straight move from `a` to `z`,
    /// over the whole path (`Boundary.deepest`), not only at its ends.
    func deepen(
        watchIndex w: Int, boundary b: Boundary, from a: Coordinate, to z: Coordinate, _ worker: Worker
    ) throws(GeometryError) {
        guard let i = watches[w].incursion else { return }
        guard i >= 0 else {
            let (point, depth, _) = try b.deepest(from: a, to: z)
            record(depth: depth, at: point, watchIndex: w, worker)
            return
        }
        try settle(incursion: i, boundary: b)
        try measure(incursion: i, boundary: b, from: a, to: z)
    }

    /// The same, for a move that may continue the straight run the member is on
    /// (`Findings.DepthRun`): it is measured with the run when the run ends, so an officer
    /// walking straight beyond the line costs one measure per run, not one per step.
    func walk(
        watchIndex w: Int, boundary b: Boundary, from a: Coordinate, to z: Coordinate, _ worker: Worker
    ) throws(GeometryError) {
        guard let i = watches[w].incursion, i >= 0 else {
            try deepen(watchIndex: w, boundary: b, from: a, to: z, worker)
            return
        }
        let runs = state.findings.depthRuns
        if runs[i].extend(from: a, to: z) { return }
        try settle(incursion: i, boundary: b)
        runs[i] = Findings.DepthRun(start: a, end: z)
    }

    /// Measures the run incursion `i`'s member is on, if any, and ends it.
    func settle(incursion i: Int, boundary b: Boundary) throws(GeometryError) {
        let run = state.findings.depthRuns[i]
        guard run.isOpen else { return }
        state.findings.depthRuns[i] = .none
        try measure(incursion: i, boundary: b, from: run.start, to: run.end)
    }

    /// Measures every run still open (before the run's incursions are read), each against the
    /// boundary of the watch that holds its incursion.
    func settleRuns() throws(GeometryError) {
        for w in watches.indices {
            guard let i = watches[w].incursion, i >= 0 else { continue }
            try settle(incursion: i, boundary: boundaries[w % boundaries.count])
        }
    }

    /// The deepest point of the straight path from `a` to `z`, recorded in incursion `i`, unless
    /// the path stays near where the member was last measured: it cannot go deeper than that
    /// depth plus its distance from there, and when that is short of the incursion's depth so
    /// far, by a margin for rounding, nothing is measured (an officer walking back and forth
    /// beyond the line is measured as he nears his deepest, not every step).
    func measure(incursion i: Int, boundary b: Boundary, from a: Coordinate, to z: Coordinate)
        throws(GeometryError)
    {
        let marks = state.findings.depthMarks
        let mark = marks[i]
        let away = max(squaredDistance(a, mark.at), squaredDistance(z, mark.at)).squareRoot()
        if (mark.depth + away) * (1 + 1e-9) + 1e-6 < state.findings.incursions[i].maxDepth { return }
        let (point, depth, end) = try b.deepest(from: a, to: z)
        state.findings.incursions[i].reach(depth: depth, at: point)
        marks[i] = Findings.DepthMark(at: z, depth: end)
    }

    func record(depth: Double, at point: Coordinate, watchIndex w: Int, _ worker: Worker) {
        withIncursion(of: w, worker) { $0.reach(depth: depth, at: point) }
    }
}

extension Incursion {
    /// Takes `depth` at `point` as the incursion's deepest if it is deeper than any so far.
    mutating func reach(depth: Double, at point: Coordinate) {
        guard depth > maxDepth else { return }
        maxDepth = depth
        deepestPoint = point
    }
}
