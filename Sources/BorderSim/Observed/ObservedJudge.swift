import BorderGeometry

/// One observed person to judge: fixes in the world's metric CRS, at whole ticks of its clock.
public struct ObservedPerson: Sendable, Hashable {
    /// The group (bordersim's `unit`) and the person's number in it (`member`).
    public var unit: String
    public var member: Int
    /// A state id (an officer of that state) or `migrants`.
    public var affiliation: String
    public var role: String
    /// Ticks of the world's clock at which the person was seen, strictly increasing.
    public var ticks: [Int]
    /// Where, one per tick.
    public var positions: [Coordinate]

    public init(
        unit: String, member: Int, affiliation: String, role: String = "observed", ticks: [Int],
        positions: [Coordinate]
    ) {
        self.unit = unit
        self.member = member
        self.affiliation = affiliation
        self.role = role
        self.ticks = ticks
        self.positions = positions
    }

    /// Where the person is at `tick`: on the straight line between the fixes around it, at
    /// constant speed; at the first fix before it and at the last after it. Exact at a fix.
    public func position(atTick tick: Int) -> Coordinate {
        if tick <= ticks[0] { return positions[0] }
        if tick >= ticks[ticks.count - 1] { return positions[positions.count - 1] }
        var lo = 0
        var hi = ticks.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if ticks[mid] <= tick { lo = mid } else { hi = mid }
        }
        if ticks[lo] == tick { return positions[lo] }
        let f = Double(tick - ticks[lo]) / Double(ticks[hi] - ticks[lo])
        let a = positions[lo]
        let b = positions[hi]
        return Coordinate(x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f)
    }
}

/// Judges observed tracks with the run's own detector: every observed person becomes a member
/// of a unit of one run of `world`, placed each tick where its track puts it (straight and at
/// constant speed between fixes), and the run's `BoundaryWatcher` tests each move against every
/// frame and zone exactly as it tests a simulated step. Nothing else of a run happens: no
/// orders, sighting, warnings or fences.
public enum ObservedJudge {
    /// Judges `people` in `world` (its frames, zones, tolerance, crossing rule and clock; its
    /// units, arrivals, fences and cameras are ignored).
    ///
    /// The result is a run's: events in time order, incursions in order of entry, and one
    /// track per person sampled at every tick at which anyone was seen (`present`: from the
    /// person's first fix to their last). A person already beyond a line at their first fix
    /// enters there, at that fix's time.
    ///
    /// - Complexity: O(ticks × people) steps of the watcher; most cost no GEOS call.
    public static func judge(
        _ people: [ObservedPerson], in world: Scenario,
        context: GeometryContext = GeometryContext()
    ) throws(SimulationError) -> RunResult {
        try judge(people, in: world, context: context, tracks: true)
    }

    /// `judge`, with the tracks left empty unless `tracks` (the uncertainty's many copies need none).
    static func judge(
        _ people: [ObservedPerson], in world: Scenario, context: GeometryContext,
        tracks: Bool
    ) throws(SimulationError) -> RunResult {
        var scenario = world
        scenario.arrivals = []
        scenario.fences = []
        scenario.cameras = []
        scenario.expectations = []
        scenario.units = []
        // One unit per observed group, in order of first appearance; its members in file order.
        var unitIndex = [String: Int]()
        var memberOf = [(unit: Int, k: Int)]()
        for p in people {
            guard !p.ticks.isEmpty, p.ticks.count == p.positions.count else {
                throw .invalidScenario(
                    "observed person \(p.unit)#\(p.member) has no fixes, or not one position per tick")
            }
            let u = unitIndex[p.unit] ?? scenario.units.count
            if u == scenario.units.count {
                unitIndex[p.unit] = u
                let kind: UnitSpec.Kind = p.affiliation == "migrants" ? .migrants : .officers
                scenario.units.append(
                    UnitSpec(
                        id: p.unit, kind: kind, affiliation: p.affiliation, role: p.role, size: 0,
                        start: p.positions[0], spread: 0, speed: 1, speedVariation: 0))
            }
            memberOf.append((u, scenario.units[u].size))
            scenario.units[u].size += 1
        }
        let simulation = try Simulation(
            scenario: scenario, seed: 0, sampleInterval: nil, context: context,
            threads: 1, fusing: false)
        let state = simulation.state
        let members = [Int](
            people.indices.map { i in state.units[memberOf[i].unit].members.lowerBound + memberOf[i].k })
        place(people, as: members, in: state)
        let watcher = BoundaryWatcher(state: state)
        try watcher.start()
        let worker = state.geometry.pool.workers[0]
        let ticks = scenario.clock.ticks
        // Everyone's moves of one tick, then the next: the order a run watches them in.
        while state.tick < ticks {
            state.members.startStep()
            for (i, m) in members.enumerated() {
                state.members.position[m] = people[i].position(atTick: state.tick + 1)
                do { try watcher.watch(member: m, worker) } catch {
                    throw .geometry(error, tick: state.tick, unit: people[i].unit)
                }
            }
            state.mergeFindings()
            state.tick += 1
        }
        do { try watcher.settleRuns() } catch { throw .geometry(error, tick: state.tick, unit: nil) }
        return result(of: people, members: members, state: state, scenario: scenario, tracks: tracks)
    }

    /// Puts every member at its person's first fix, numbered as the file numbers it, with the
    /// speed and heading of its first move (which only size the watcher's first corridor).
    private static func place(_ people: [ObservedPerson], as members: [Int], in state: RunState) {
        let step = state.scenario.clock.step
        for (i, m) in members.enumerated() {
            let p = people[i]
            state.members.position[m] = p.positions[0]
            state.members.previous[m] = p.positions[0]
            state.members.index[m] = p.member
            var fastest = 0.1
            for k in p.ticks.indices.dropFirst() {
                let d = squaredDistance(p.positions[k], p.positions[k - 1]).squareRoot()
                fastest = max(fastest, d / (Double(p.ticks[k] - p.ticks[k - 1]) * step))
            }
            state.members.speed[m] = fastest
            let u = state.members.unit[m]
            if p.positions.count > 1, squaredDistance(p.positions[1], p.positions[0]) > 0 {
                let d = squaredDistance(p.positions[1], p.positions[0]).squareRoot()
                state.records[u].heading = Coordinate(
                    x: (p.positions[1].x - p.positions[0].x) / d,
                    y: (p.positions[1].y - p.positions[0].y) / d)
            }
        }
    }

    /// The run's result: events, incursions (an incursion open at the start dated at the
    /// person's first fix), and the tracks at every tick anyone was seen.
    private static func result(
        of people: [ObservedPerson], members: [Int], state: RunState,
        scenario: Scenario, tracks withTracks: Bool
    ) -> RunResult {
        let step = scenario.clock.step
        var first = [String: Double]()
        for p in people { first[p.unit + "#" + String(p.member)] = Double(p.ticks[0]) * step }
        func seen(_ unit: String, _ member: Int?) -> Double { first[unit + "#" + String(member ?? -1)] ?? 0 }
        var incursions = state.findings.incursions.elements
        for i in incursions.indices where incursions[i].entryTime == 0 {
            incursions[i].entryTime = seen(incursions[i].unit, incursions[i].member)
        }
        var events = state.findings.events
        for i in events.indices where events[i].time == 0 && events[i].kind == .incursionStart {
            events[i].time = seen(events[i].unit, events[i].member)
        }
        events.stablySort { $0.time }
        let sampleTicks = withTracks ? Array(Set(people.flatMap(\.ticks))).sorted() : []
        let tracks: [RunResult.Track] =
            !withTracks
            ? []
            : people.enumerated().map { (i, p) -> RunResult.Track in
                let lo = sampleTicks.firstIndex(of: p.ticks[0])!
                let hi = sampleTicks.firstIndex(of: p.ticks[p.ticks.count - 1])!
                var walked = 0.0
                for k in p.positions.indices.dropFirst() {
                    walked += squaredDistance(p.positions[k], p.positions[k - 1]).squareRoot()
                }
                let spec = scenario.units[state.members.unit[members[i]]]
                return RunResult.Track(
                    unit: p.unit, member: p.member, affiliation: p.affiliation, role: p.role,
                    kind: spec.kind, positions: SampledPositions(sampleTicks.lazy.map(p.position(atTick:))),
                    distance: walked,
                    present: lo..<(hi + 1))
            }
        var asJudged = scenario
        asJudged.units = (0..<state.specs.count).map { state.specs[$0] }
        return RunResult(
            scenario: asJudged, seed: 0, events: events, incursions: incursions, sampleTicks: sampleTicks,
            tracks: tracks, endTime: scenario.clock.seconds(atTick: scenario.clock.ticks))
    }
}
