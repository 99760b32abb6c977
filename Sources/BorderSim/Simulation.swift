import BorderGeometry

/// One run of a scenario with one seed: builds the world's geometry and the run's state, steps
/// the clock through the tick's phases (`Pipeline`, in the order `Stage` lists them), and
/// returns what happened.
///
/// Nothing iterates a dictionary to decide an order, and every random draw comes from a unit's
/// own stream, so a seed gives the same result on any machine. The phases that touch every unit
/// or member run on `threads` workers at once (`ChunkPool`), with the same result on any number.
public final class Simulation {
    public let scenario: Scenario
    public let seed: UInt64
    let state: RunState
    let pipeline: Pipeline

    /// - Parameters:
    ///   - seed: the replicate's seed (the scenario's own seed for a single run).
    ///   - sampleInterval: seconds between track samples; nil samples every tick.
    ///   - threads: workers for the phases that touch every unit or member.
    public convenience init(
        scenario: Scenario, seed: UInt64? = nil, sampleInterval: Double? = nil,
        context: GeometryContext = GeometryContext(), threads: Int = 1
    ) throws(SimulationError) {
        try self.init(
            scenario: scenario, seed: seed, sampleInterval: sampleInterval, context: context,
            threads: threads, fusing: true)
    }

    /// - Parameter fusing: whether the pipeline fuses phases (`Pipeline.fuse`); tests compare both.
    init(
        scenario: Scenario, seed: UInt64?, sampleInterval: Double?, context: GeometryContext, threads: Int,
        fusing: Bool
    ) throws(SimulationError) {
        self.scenario = scenario
        let seed = seed ?? scenario.seed
        self.seed = seed
        guard !scenario.frames.isEmpty else { throw .invalidScenario("no mapped border frame") }
        let geometry: RunGeometry
        let specs: [UnitSpec]
        do {
            var list = [ThreadGeometry]()
            for k in 0..<max(1, threads) {
                let own = k == 0 ? context : GeometryContext()
                list.append(ThreadGeometry(context: own, boundaries: try Self.boundaries(of: scenario, in: own)))
            }
            geometry = RunGeometry(threads: list)
            specs = try Self.units(of: scenario, seed: seed, placingWith: geometry.boundaries[0])
        } catch {
            throw .geometry(error, tick: 0, unit: nil)
        }
        state = RunState(
            scenario: scenario, seed: seed, specs: specs, sampleInterval: sampleInterval,
            geometry: geometry)
        do { pipeline = try Pipeline(for: state, fusing: fusing) } catch { throw .geometry(error, tick: 0, unit: nil) }
    }

    /// The declared units, then the groups each arrival flow draws over the run.
    private static func units(
        of scenario: Scenario, seed: UInt64,
        placingWith mapped: Boundary
    ) throws(GeometryError) -> [UnitSpec] {
        var all = scenario.units
        let end = scenario.clock.seconds(atTick: scenario.clock.ticks)
        for flow in scenario.arrivals {
            all += try flow.groups(seed: seed, until: end) { (along, offset, state) throws(GeometryError) in
                try mapped.place(along: along, offset: offset, into: state)
            }
        }
        return all
    }

    /// The mapped border, claimed lines and zones, prepared in `context`.
    private static func boundaries(of scenario: Scenario, in context: GeometryContext) throws(GeometryError)
        -> [Boundary]
    {
        var list = [Boundary]()
        for frame in scenario.frames {
            list.append(
                try Boundary(
                    name: frame.name, isZone: false, line: frame.line,
                    regions: frame.territories.map { ($0.state, $0.area) }, forbiddenTo: [],
                    rule: scenario.crossingRule, in: context))
        }
        for zone in scenario.zones {
            let edge = try context.make(zone.area).boundary().value
            list.append(
                try Boundary(
                    name: zone.name, isZone: true, line: edge, regions: [(zone.name, zone.area)],
                    forbiddenTo: zone.forbiddenTo, rule: scenario.crossingRule, in: context))
        }
        return list
    }

    /// Runs the whole span and returns the outcome.
    /// - Parameter progress: called with (ticks done, ticks in all) about a hundred times a run.
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(SimulationError) -> RunResult {
        try start()
        let every = max(1, scenario.clock.ticks / 100)
        while !isFinished {
            try step()
            if state.tick % every == 0 { progress?(state.tick, scenario.clock.ticks) }
        }
        return try finish()
    }

    /// Locates every member against every boundary and takes the first sample; call once
    /// before the first `step()`.
    public func start() throws(SimulationError) {
        try BoundaryWatcher(state: state).start()
        state.samples.take(state.members, tick: state.tick)
    }

    /// Whether every tick of the scenario has run.
    public var isFinished: Bool { state.tick >= scenario.clock.ticks }

    /// Advances one tick: members move from time `tick·step` to `(tick+1)·step`.
    /// The last one also measures the straight runs still open (`BoundaryWatcher.settleRuns`),
    /// so the steps' cost includes them.
    public func step() throws(SimulationError) {
        try pipeline.step(state)
        if isFinished { try settleRuns() }
    }

    private func settleRuns() throws(SimulationError) {
        do { try BoundaryWatcher(state: state).settleRuns() } catch {
            throw .geometry(error, tick: state.tick, unit: nil)
        }
    }

    /// The phases this run's tick goes through, in order (`Pipeline.description`).
    public var phases: [String] { pipeline.description }

    /// The outcome so far (normally after the last step).
    public func finish() throws(SimulationError) -> RunResult {
        try settleRuns()
        let end = scenario.clock.seconds(atTick: state.tick)
        state.findings.events.stablySort { $0.time }
        let members = state.members
        let samples = state.samples
        let trackList = (0..<members.count).map { m in
            let spec = state.specs[members.unit[m]]
            let unit = state.records[members.unit[m]]
            let present: Range<Int>? =
                unit.appearedSample == nil && unit.leftSample == nil
                ? nil
                : (unit.appearedSample ?? 0)..<(min(unit.leftSample ?? samples.ticks.count - 1, samples.ticks.count - 1)
                    + 1)
            return RunResult.Track(
                unit: spec.id, member: members.index[m], affiliation: spec.affiliation,
                role: spec.role, kind: spec.kind, positions: samples.tracks[m],
                distance: members.walked[m], present: present)
        }
        // The scenario as run: drawn arrivals become units of their own, where they last set off.
        var asRun = scenario
        asRun.units = state.specs
        for (g, along) in (pipeline.borderWide.retries?.along ?? []).enumerated() where along != nil {
            asRun.units[g].retry?.along = along!
        }
        asRun.arrivals = []
        return RunResult(
            scenario: asRun, seed: seed, events: state.findings.events,
            incursions: state.findings.incursions.elements, sampleTicks: samples.ticks,
            tracks: trackList, endTime: end)
    }
}
