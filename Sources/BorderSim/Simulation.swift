import Foundation
import BorderGeometry

/// One run of a scenario with one seed: builds the world's geometry, steps the clock, and
/// returns what happened.
///
/// Each tick runs the same named phases in the same order, each reading the state the
/// previous phases left: orders → anchors → members → barriers → boundaries → sensing →
/// sampling. Nothing iterates a dictionary to decide an order, and every random draw comes
/// from a unit's own stream, so a seed gives the same result on any machine. The phases that
/// touch every unit or member run on `threads` workers at once (`Worker`), with the same result
/// on any number of them.
public final class Simulation {
    public let scenario: Scenario
    public let seed: UInt64
    /// Positions are sampled for the tracks every this many ticks (and at the last tick).
    let sampleEvery: Int
    /// The first worker's GEOS context and boundaries, for the phases that run on one thread.
    let context: GeometryContext
    let boundaries: [Boundary]
    /// One GEOS context and set of boundaries per thread, and the chunks' workers of a parallel phase.
    let geometries: [ThreadGeometry]
    let workers: [Worker]
    static let chunksPerThread = 4
    /// Phases over fewer items than this per worker run on one thread: dispatching would cost
    /// more than they take. (Tests lower it to split even tiny scenarios.)
    var smallestChunk = 256
    /// Each unit as declared, and its state, by unit index.
    var specs: [UnitSpec] = []
    let units = InPlaceArray<UnitState>()
    /// True while unit u is in the simulated area, from its appearance until it leaves: apart
    /// from `units`, so the lists of present units are rebuilt without reading every unit's state.
    let isPresent = InPlaceArray<Bool>()
    let records = InPlaceArray<UnitRecord>()
    /// Units whose pending orders may fire at the next order phase: listed when something that
    /// can open a gate happens (the clock or arriving, in the anchors phase, on the workers'
    /// lists; a warning, a detection, appearing), so the order phase visits only these.
    var ordersDue: [Int] = []
    var members = Members()
    /// Watch state of member m against boundary b at `m * boundaries.count + b`.
    let watches = InPlaceArray<Watch>()
    var events: [Event] = []
    let incursions = InPlaceArray<Incursion>()
    /// Units that hold migrants back as a line (`UnitSpec.isBarrier`), and all officer units.
    var barriers: [Int] = []
    var officers: [Int] = []
    /// Units in the simulated area now, and their members, ascending: the per-unit and
    /// per-member phases visit only these, so groups yet to arrive or long gone cost nothing.
    var activeUnits: [Int] = []
    var activeMembers: [Int] = []
    /// Whether members move in the anchors phase, right after their unit's anchor: when no
    /// phase between the two can hold anchors back (`holdAnchors`: fences, shifts). Either way
    /// gives the same run (tests switch it off to check).
    var membersMoveWithAnchors = false
    /// Whether members' moves are watched in the anchors phase too, right after they move: when
    /// they move there and no barrier can put them elsewhere before the boundaries phase.
    var watchesWithAnchors: Bool { membersMoveWithAnchors && barriers.isEmpty }
    /// Whether who sees each member is found in the anchors phase too, right after its move:
    /// when its moves are watched there and there is anyone to see them.
    var sightsWithAnchors: Bool { watchesWithAnchors && !watchers.isEmpty }
    /// Set when a unit appears (or before the lists are first built): the lists are then rebuilt
    /// from scratch. Units that leave are listed, here and by the workers, and taken out.
    private var someoneAppeared = true
    private var departed: [Int] = []
    var tracks: [[Coordinate]] = []
    var sampleTicks: [Int] = []
    var tick = 0
    /// Members of officer units that detect (range > 0), their units, and the grid that finds
    /// them near a person.
    var watchers: [Int] = []
    var watcherUnits: [Int] = []
    var grid: SpatialGrid
    /// Units that appear after the start, by time of appearance, and the next one due.
    var appearances: [Int] = []
    var nextAppearance = 0
    /// Each unit's id, hashed once, for draws keyed by units rather than by their order.
    var idHash: [UInt64] = []
    /// Each unit's affiliation as a small number, to compare sides without comparing strings.
    var side: [Int] = []
    /// Fences, cameras, retries and shifts (Simulation+Fences/Cameras/Retries/BorderWide.swift).
    var borderWide = BorderWideState()

    /// What a member's last exact test against one boundary found.
    struct Watch {
        var region: Int
        /// Where the member can still go without possibly reaching the boundary.
        var corridor: Corridor
        /// Index into `incursions` of the one in progress, if any.
        var incursion: Int?
    }

    /// - Parameters:
    ///   - seed: the replicate's seed (the scenario's own seed for a single run).
    ///   - sampleInterval: seconds between track samples; nil samples every tick.
    ///   - threads: workers for the phases that touch every unit or member.
    public init(scenario: Scenario, seed: UInt64? = nil, sampleInterval: Double? = nil,
                context: GeometryContext = GeometryContext(), threads: Int = 1) throws(SimulationError) {
        self.scenario = scenario
        self.seed = seed ?? scenario.seed
        self.context = context
        let every = ((sampleInterval ?? scenario.clock.step) / scenario.clock.step).rounded()
        // An interval longer than the run (or infinite) keeps only the first and last samples.
        sampleEvery = every < Double(scenario.clock.ticks) + 1 ? max(1, Int(every)) : Int.max
        guard !scenario.frames.isEmpty else { throw .invalidScenario("no mapped border frame") }
        do {
            var list = [ThreadGeometry]()
            for k in 0..<max(1, threads) {
                let own = k == 0 ? context : GeometryContext()
                list.append(ThreadGeometry(context: own, boundaries: try Self.boundaries(of: scenario, in: own)))
            }
            geometries = list
            // Several chunks per thread (one alone), so a thread that falls behind holds the others up less.
            workers = (0..<(list.count == 1 ? 1 : Self.chunksPerThread * list.count)).map { _ in Worker(list[0]) }
            boundaries = list[0].boundaries
        } catch {
            throw .geometry(error, tick: 0, unit: nil)
        }
        grid = SpatialGrid(cell: max(1, scenario.units.map(\.detectionRange).max() ?? 1))
        var all = scenario.units
        do {
            let end = scenario.clock.seconds(atTick: scenario.clock.ticks)
            for flow in scenario.arrivals {
                all += try flow.groups(seed: self.seed, until: end) { (along, offset, state) throws(GeometryError) in
                    try boundaries[0].place(along: along, offset: offset, into: state)
                }
            }
        } catch {
            throw .geometry(error, tick: 0, unit: nil)
        }
        // The scenario's own list when nothing was drawn: shared, not copied (100,000 units take 30 MB).
        specs = all
        placeMembers(all)
        ordersDue = Array(specs.indices)
        appearances = specs.indices.filter { specs[$0].appearsAt > 0 }
            .sorted { (specs[$0].appearsAt, $0) < (specs[$1].appearsAt, $1) }
        idHash = specs.map { spec in
            var stream = RandomStream(seed: 0, entity: spec.id, purpose: 0)
            return stream.next()
        }
        var sides = [String: Int]()
        side = specs.map { spec in
            if let known = sides[spec.affiliation] { return known }
            sides[spec.affiliation] = sides.count
            return sides.count - 1
        }
        watchers = (0..<members.count).filter { specs[members.unit[$0]].detects }
        watcherUnits = specs.indices.filter { specs[$0].detects }
        barriers = specs.indices.filter { specs[$0].isBarrier && specs[$0].size >= 1 }
        officers = specs.indices.filter { specs[$0].kind == .officers }
        do { try setUpBorderWide() } catch { throw .geometry(error, tick: 0, unit: nil) }  // border-wide hook
        membersMoveWithAnchors = borderWide.fences.isEmpty && borderWide.shiftUnits.isEmpty
    }

    /// Brings `activeUnits` and `activeMembers` up to date if a unit has appeared or left since.
    func refreshActive() {
        for worker in workers where !worker.departed.isEmpty {
            departed += worker.departed
            worker.departed.removeAll(keepingCapacity: true)
        }
        // Those who left stand still from now on.
        for u in departed where !isPresent[u] { members.settle(units[u].members) }
        if someoneAppeared {
            someoneAppeared = false
            departed.removeAll(keepingCapacity: true)
            activeUnits.removeAll(keepingCapacity: true)
            activeMembers.removeAll(keepingCapacity: true)
            for u in units.indices where isPresent[u] { activeUnits.append(u) }
            for m in 0..<members.count where isPresent[members.unit[m]] { activeMembers.append(m) }
        } else if !departed.isEmpty {
            // Only departures: each leaver's stretch of each (ascending) list is found by binary
            // search, and the rest closes up in bulk, in order.
            departed.sort()
            var units = [Range<Int>](), people = [Range<Int>]()
            for (k, u) in departed.enumerated() where !isPresent[u] && (k == 0 || departed[k - 1] != u) {
                guard let i = Self.position(of: u, in: activeUnits) else { continue }
                units.append(i..<(i + 1))
                let own = self.units[u].members
                if !own.isEmpty, let j = Self.position(of: own.lowerBound, in: activeMembers) {
                    people.append(j..<(j + own.count))
                }
            }
            departed.removeAll(keepingCapacity: true)
            Self.remove(units, from: &activeUnits)
            Self.remove(people, from: &activeMembers)
        }
    }

    /// Removes the ascending, disjoint `stretches` from `list`, moving what lies between them
    /// down in bulk.
    private static func remove(_ stretches: [Range<Int>], from list: inout [Int]) {
        guard let first = stretches.first else { return }
        var kept = first.lowerBound
        list.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            for (k, stretch) in stretches.enumerated() {
                let next = k + 1 < stretches.count ? stretches[k + 1].lowerBound : buffer.count
                let count = next - stretch.upperBound
                // The regions may overlap: a memmove.
                UnsafeMutableRawPointer(base + kept).copyMemory(from: base + stretch.upperBound,
                                                                byteCount: count * MemoryLayout<Int>.stride)
                kept += count
            }
        }
        list.removeLast(list.count - kept)
    }

    /// Where `value` is in the ascending `list`, by binary search.
    private static func position(of value: Int, in list: [Int]) -> Int? {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < list.count && list[low] == value ? low : nil
    }

    /// Puts unit `u` in or out of the simulated area (from sequential code; a worker lists its own leavers).
    func setPresent(_ u: Int, _ present: Bool) {
        isPresent[u] = present
        if present {
            ordersDue.append(u)
            someoneAppeared = true
        } else {
            departed.append(u)
        }
    }

    /// The mapped border, claimed lines and zones, prepared in `context`.
    private static func boundaries(of scenario: Scenario, in context: GeometryContext) throws(GeometryError) -> [Boundary] {
        var list = [Boundary]()
        for frame in scenario.frames {
            list.append(try Boundary(name: frame.name, isZone: false, line: frame.line,
                                     regions: frame.territories.map { ($0.state, $0.area) }, forbiddenTo: [],
                                     rule: scenario.crossingRule, in: context))
        }
        for zone in scenario.zones {
            let edge = try context.make(zone.area).boundary().value
            list.append(try Boundary(name: zone.name, isZone: true, line: edge, regions: [(zone.name, zone.area)],
                                     forbiddenTo: zone.forbiddenTo, rule: scenario.crossingRule, in: context))
        }
        return list
    }

    /// Draws each unit's members around its start: position, offset in formation, speed.
    private func placeMembers(_ all: [UnitSpec]) {
        units.reserve(all.count)
        isPresent.reserve(all.count)
        records.reserve(all.count)
        let people = all.reduce(0) { $0 + $1.size }
        members.reserve(people)
        for (u, spec) in all.enumerated() {
            var rng = RandomStream(seed: seed, entity: spec.id, purpose: 1)
            let first = members.count
            var slowest = Double.infinity
            var offsets = [Coordinate]()
            let heading = initialHeading(spec)
            for k in 0..<spec.size {
                let offset = switch spec.formation {
                case .cluster: formationPlace(among: offsets, spread: spec.spread, spacing: spec.spacing, rng: &rng)
                case .line: Coordinate(x: (Double(k) - Double(spec.size - 1) / 2) * spec.spacing, y: 0)
                }
                offsets.append(offset)
                let place = slot(offset, formation: spec.formation, heading: heading)
                let speed = max(0.1 * spec.speed, spec.speed * (1 + spec.speedVariation * rng.gaussian()))
                slowest = min(slowest, speed)
                members.position.append(Coordinate(x: spec.start.x + place.x, y: spec.start.y + place.y))
                members.previous.append(Coordinate(x: spec.start.x + place.x, y: spec.start.y + place.y))
                members.offset.append(offset)
                members.speed.append(speed)
                members.unit.append(u)
                members.index.append(k)
                members.walked.append(0)
            }
            units.append(UnitState(first: first, size: spec.size, spacing: spec.spacing, anchor: spec.start,
                                   anchorSpeed: spec.size > 0 ? slowest : spec.speed, previousAnchor: spec.start,
                                   pending: spec.orders.count,
                                   gate: OrderGate(spec.orders, fired: Array(repeating: false, count: spec.orders.count)),
                                   formation: spec.formation, keepsToOwnSide: spec.keepsToOwnSide,
                                   facesHeading: spec.formation == .line || spec.isBarrier,
                                   detects: spec.detects))
            records.append(UnitRecord(heading: heading, previousHeading: heading,
                                      fired: Array(repeating: false, count: spec.orders.count)))
            isPresent.append(spec.appearsAt <= 0)
        }
    }

    /// The direction a unit faces at the start: toward where its first order sends it, else north.
    private func initialHeading(_ spec: UnitSpec) -> Coordinate {
        let target: Coordinate? = switch spec.orders.first(where: { $0.trigger == .start })?.action {
        case .goTo(let p), .withdraw(let p): p
        case .followRoute(let route, _): route.first
        default: nil
        }
        guard let target, squaredDistance(target, spec.start) > 0 else { return Coordinate(x: 0, y: 1) }
        let d = squaredDistance(target, spec.start).squareRoot()
        return Coordinate(x: (target.x - spec.start.x) / d, y: (target.y - spec.start.y) / d)
    }

    /// A member's place relative to the anchor, in east/north metres.
    func slot(_ offset: Coordinate, formation: UnitSpec.Formation, heading h: Coordinate) -> Coordinate {
        switch formation {
        case .cluster: offset
        // across × right-hand normal of the heading + ahead × heading
        case .line: Coordinate(x: offset.x * h.y + offset.y * h.x, y: -offset.x * h.x + offset.y * h.y)
        }
    }

    /// A place in the formation, uniform in a disc of radius `spread` and at least `spacing`
    /// from the places already taken; the disc grows a little whenever it is too crowded.
    private func formationPlace(among taken: [Coordinate], spread: Double, spacing: Double,
                                rng: inout RandomStream) -> Coordinate {
        var radius = spread
        while true {
            for _ in 0..<30 {
                let r = radius * rng.unit().squareRoot()
                let angle = 2 * Double.pi * rng.unit()
                let c = Coordinate(x: r * cos(angle), y: r * sin(angle))
                if taken.allSatisfy({ squaredDistance($0, c) >= spacing * spacing }) { return c }
            }
            radius = max(radius * 1.2, spacing)
        }
    }

    /// Runs the whole span and returns the outcome.
    /// - Parameter progress: called with (ticks done, ticks in all) about a hundred times a run.
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(SimulationError) -> RunResult {
        try start()
        let every = max(1, scenario.clock.ticks / 100)
        while !isFinished {
            try step()
            if tick % every == 0 { progress?(tick, scenario.clock.ticks) }
        }
        return finish()
    }

    /// Locates every member against every boundary and takes the first sample; call once
    /// before the first `step()`.
    public func start() throws(SimulationError) {
        try startWatches()
        sample()
    }

    /// Whether every tick of the scenario has run.
    public var isFinished: Bool { tick >= scenario.clock.ticks }

    /// Advances one tick: members move from time `tick·step` to `(tick+1)·step`.
    public func step() throws(SimulationError) {
        do { try beginBorderWideStep() } catch { throw .geometry(error, tick: tick, unit: nil) }  // border-wide hook
        do {
            try fireOrders()
            try moveAnchors()
            try holdAnchors()  // border-wide hook
            try moveMembers()
            holdBarriers()
            try holdFences()  // border-wide hook
            try watchAndSee()
            try sense()
            watchTurnBacks()  // border-wide hook
            try watchCameras()  // border-wide hook
        } catch {
            throw .geometry(error, tick: tick, unit: nil)
        }
        tick += 1
        if tick % sampleEvery == 0 || tick == scenario.clock.ticks { sample() }
    }

    private func sample() {
        if tracks.isEmpty { tracks = Array(repeating: [], count: members.count) }
        for m in 0..<members.count { tracks[m].append(members.position[m]) }
        sampleTicks.append(tick)
    }

    /// The outcome so far (normally after the last step).
    public func finish() -> RunResult {
        let end = scenario.clock.seconds(atTick: tick)
        Self.putInTimeOrder(&events)
        let trackList = (0..<members.count).map { m in
            let spec = specs[members.unit[m]]
            let unit = records[members.unit[m]]
            let present: Range<Int>? = unit.appearedSample == nil && unit.leftSample == nil ? nil
                : (unit.appearedSample ?? 0)..<(min(unit.leftSample ?? sampleTicks.count - 1, sampleTicks.count - 1) + 1)
            return RunResult.Track(unit: spec.id, member: members.index[m], affiliation: spec.affiliation,
                                   role: spec.role, kind: spec.kind, positions: tracks[m], distance: members.walked[m],
                                   present: present)
        }
        // The scenario as run: drawn arrivals become units of their own.
        var asRun = scenario
        asRun.units = specs
        asRun.arrivals = []
        return RunResult(scenario: asRun, seed: seed, events: events, incursions: incursions.elements,
                         sampleTicks: sampleTicks, tracks: trackList, endTime: end)
    }

    /// Sorts `events` by time, those at the same instant in the order they were found: a stable
    /// insertion sort in place. Events are found step by step, so only those of one step can be
    /// out of order, and the list (75,000 events at 100,000 walkers) is not copied.
    static func putInTimeOrder(_ events: inout [Event]) {
        events.withUnsafeMutableBufferPointer { list in
            for i in list.indices.dropFirst() where list[i].time < list[i - 1].time {
                let event = list[i]
                var j = i
                while j > 0 && list[j - 1].time > event.time {
                    list[j] = list[j - 1]
                    j -= 1
                }
                list[j] = event
            }
        }
    }

    /// Seconds since the start at fraction `t` of the current tick's move.
    func time(_ t: Double) -> Double { (Double(tick) + t) * scenario.clock.step }
}

extension RandomStream {
    /// Standard normal draw (Box–Muller).
    mutating func gaussian() -> Double {
        let u1 = max(unit(), 0x1.0p-53)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
