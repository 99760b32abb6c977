import BorderGeometry
import BorderSimKernel

/// What the run has found so far: events, incursions, and each member's watch on each boundary.
final class Findings {
    @exclusivity(unchecked) var events: [Event] = []
    let incursions = InPlaceArray<Incursion>()
    /// Where each incursion's member was last measured from the line, and how deep it was
    /// there, by incursion (`BoundaryWatcher.measure` skips paths that cannot go deeper).
    let depthMarks = InPlaceArray<DepthMark>()
    /// The straight stretch each incursion's member has walked since it was last measured, by
    /// incursion: measured as one path when it ends (`BoundaryWatcher.settle`), not step by step.
    let depthRuns = InPlaceArray<DepthRun>()
    /// Watch state of member m against boundary b at `m * boundaries + b`.
    let watches = InPlaceArray<Watch>()
    /// For each watch, the corridors along the legs of its member's route, by leg, found the
    /// first time the member walks each (`BoundaryWatcher.legCorridor`); empty off routes.
    let legs = InPlaceArray<[Corridor]>()

    /// What a member's last exact test against one boundary found.
    /// 56 bytes: the region and the incursion are kept in 32 bits.
    struct Watch {
        /// Where the member can still go without possibly reaching the boundary.
        var corridor: Corridor
        private var regionIndex: Int32
        /// `Int32.min`: none.
        private var incursionIndex: Int32

        init(region: Int, corridor: Corridor, incursion: Int?) {
            self.corridor = corridor
            regionIndex = Int32(region)
            incursionIndex = incursion.map { Int32($0) } ?? .min
        }

        var region: Int {
            get { Int(regionIndex) }
            set { regionIndex = Int32(newValue) }
        }

        /// Index into `incursions` of the one in progress, if any.
        var incursion: Int? {
            get { incursionIndex == .min ? nil : Int(incursionIndex) }
            set { incursionIndex = newValue.map { Int32($0) } ?? .min }
        }
    }

    /// A point measured `depth` metres from the line: no point within `r` of it is deeper than
    /// `depth + r` (a distance changes no faster than the point moves).
    struct DepthMark {
        var at: Coordinate
        var depth: Double
        /// Not measured yet: bounds nothing.
        static let unknown = DepthMark(at: Coordinate(x: 0, y: 0), depth: .infinity)
    }

    /// Consecutive moves along one straight line, from `start` to `end`: every position between
    /// lies within `Self.straight` of the segment, so its deepest point is the segment's, to
    /// within that (a distance changes no faster than the point moves).
    struct DepthRun {
        var start: Coordinate
        var end: Coordinate

        static let none = DepthRun(start: Coordinate(x: 0, y: 0), end: Coordinate(x: 0, y: 0))

        var isOpen: Bool { start != end }

        /// Metres off the run's line within which a move still extends it.
        static let straight = 1e-6
        /// Longest run measured at once: the segments near it, and the cost of finding its
        /// deepest point among them, grow with its length.
        static let longest = 250.0

        /// Extends the run by the move from `a` to `z` if the move continues it: from its end,
        /// onward along its line, and no longer than `longest` in all.
        mutating func extend(from a: Coordinate, to z: Coordinate) -> Bool {
            guard isOpen, a == end else { return false }
            let dx = end.x - start.x
            let dy = end.y - start.y
            let ex = z.x - start.x
            let ey = z.y - start.y
            let length2 = dx * dx + dy * dy
            let along = ex * dx + ey * dy
            let across = ex * dy - ey * dx
            // Beyond the end, within `straight` of the line (|across| / length), not too long.
            guard along > length2, across * across <= Self.straight * Self.straight * length2,
                ex * ex + ey * ey <= Self.longest * Self.longest
            else { return false }
            end = z
            return true
        }
    }

    /// Moves what worker `w` found into the run's lists: the watches that opened an incursion
    /// in the worker's buffer (as `-(i + 1)`) are pointed at its place in `incursions`.
    func merge(_ w: Worker) {
        events += w.events
        w.events.removeAll(keepingCapacity: true)
        let base = incursions.count
        incursions.append(contentsOf: w.incursions)
        for _ in w.incursions {
            depthMarks.append(.unknown)
            depthRuns.append(.none)
        }
        for i in w.opened {
            if let local = watches[i].incursion, local < 0 { watches[i].incursion = base - local - 1 }
        }
        w.incursions.removeAll(keepingCapacity: true)
        w.opened.removeAll(keepingCapacity: true)
    }
}

/// The tracks' samples: every member's position every `every` ticks (and at the last).
final class Samples {
    let every: Int
    @exclusivity(unchecked) var tracks: [SampledPositions] = []
    @exclusivity(unchecked) var ticks: [Int] = []

    /// - Parameter interval: seconds between samples; nil samples every tick.
    init(step: Double, ticks: Int, interval: Double?) {
        let every = ((interval ?? step) / step).rounded()
        // An interval longer than the run (or infinite) keeps only the first and last samples.
        self.every = every < Double(ticks) + 1 ? max(1, Int(every)) : Int.max
    }

    /// Takes a sample of where every member is at `tick`.
    func take(_ members: Members, tick: Int) {
        if tracks.isEmpty { tracks = Array(repeating: SampledPositions(), count: members.count) }
        for m in 0..<members.count { tracks[m].append(members.position[m]) }
        ticks.append(tick)
    }
}
