import BorderGeometry

/// The outcome of one run in the numbers a patrol policy is judged by: how many migrants
/// arrived and crossed, how many were found and how fast, how many got through, how often
/// groups were turned back, how often foreign officers crossed, and the patrols' effort.
///
/// Pure computation from a `RunResult`; `RunMetrics.names` is the fixed order of the values
/// in every output. A value that has no meaning in a run (a detection delay when no group
/// was detected, a rate with nothing to divide by) is nil rather than NaN.
///
/// The *origin* is the state migrants come from (Belarus on every border in geodata/); the
/// *patrolling side* is every other state's officers. A migrant member has *entered* when it
/// has crossed the mapped border from the origin into another state; a group is *detected*
/// when officers of the patrolling side detect it.
public struct RunMetrics: Sendable, Hashable {
    /// One metric: its name in the outputs, its unit, and what it counts.
    public struct Metric: Sendable, Hashable {
        public var name: String
        /// "people", "groups", "events", "s", "min", "m" or "" for a ratio.
        public var unit: String
        public var meaning: String
    }

    /// Every metric, in the order of `values` and of the columns of `runs.csv`.
    public static let metrics: [Metric] = [
        Metric(name: "arrivals", unit: "people", meaning: "migrants present in the run"),
        Metric(
            name: "crossings", unit: "people",
            meaning: "migrants who crossed the mapped border from the origin into another state"),
        Metric(name: "detections", unit: "groups", meaning: "migrant groups detected by the patrolling side"),
        Metric(
            name: "got_through", unit: "people",
            meaning: "migrants who crossed and whose group was never detected by the patrolling side"),
        Metric(name: "push_backs", unit: "events", meaning: "push_back events"),
        Metric(name: "turned_back", unit: "groups", meaning: "distinct migrant groups pushed back"),
        Metric(name: "apprehensions", unit: "groups", meaning: "groups apprehended (leave for processing)"),
        Metric(
            name: "detection_delay_mean", unit: "s",
            meaning: "mean over detected groups that crossed of the time from the group's first crossing to its "
                + "first detection (0 if it was seen before it crossed)"),
        Metric(name: "detection_delay_p50", unit: "s", meaning: "median of the same delays"),
        Metric(name: "detection_delay_p90", unit: "s", meaning: "90th percentile of the same delays"),
        Metric(
            name: "officer_incursions", unit: "events",
            meaning: "incursions of officers into another state's territory across the mapped border"),
        Metric(name: "incursion_minutes", unit: "min", meaning: "total time of those incursions"),
        Metric(name: "patrol_distance", unit: "m", meaning: "distance walked by every officer of the patrolling side"),
        Metric(
            name: "repeat_attempts", unit: "events",
            meaning: "attempts after a turn-back: groups dropped off again to try anew (retry events)"),
        Metric(name: "gave_up", unit: "groups", meaning: "groups that gave up after their last turn-back"),
        Metric(
            name: "through_undetected", unit: "groups",
            meaning: "groups whose last attempt reached its destination without being detected in that attempt"),
        Metric(
            name: "through_detected", unit: "groups",
            meaning: "groups whose last attempt reached its destination although detected in it (not caught)"),
        Metric(name: "camera_detections", unit: "groups", meaning: "groups detected at least once by a camera"),
        Metric(name: "fence_climbs", unit: "events", meaning: "groups getting over a fence (fence_climbed events)"),
        Metric(
            name: "effectiveness", unit: "",
            meaning: "(apprehended + turned-back groups) / (apprehended + turned-back groups + attempts that "
                + "crossed and were never detected)"),
    ]

    /// The metric names, in order.
    public static var names: [String] { metrics.map(\.name) }

    /// The state the migrants came from.
    public var origin: String
    /// `values[i]` is the value of `metrics[i]`; nil where it has no meaning in this run.
    public var values: [Double?]

    /// The value of the metric named `name`; nil when it has none in this run or no such metric exists.
    public subscript(_ name: String) -> Double? {
        guard let i = Self.metrics.firstIndex(where: { $0.name == name }) else { return nil }
        return values[i]
    }

    public init(origin: String, values: [Double?]) {
        precondition(values.count == Self.metrics.count, "one value per metric")
        self.origin = origin
        self.values = values
    }

    /// Measures a run.
    ///
    /// - Parameter origin: the state the migrants come from (see `origin(of:)`).
    /// - Complexity: O(events + incursions + track samples).
    public init(_ result: RunResult, origin: String) {
        self.origin = origin
        let scenario = result.scenario
        let migrantUnits = scenario.units.filter { $0.kind == .migrants }
        let migrantIDs = Set(migrantUnits.map(\.id))
        let patrolling = Set(scenario.units.filter { $0.kind == .officers && $0.affiliation != origin }.map(\.id))
            .union(scenario.cameras.filter { $0.state != origin }.map(\.id))
        let cameraIDs = Set(scenario.cameras.map(\.id))

        let (entered, firstCrossing) = Self.entries(result, migrants: migrantIDs, origin: origin)
        let firstDetection = Self.firstDetections(result, migrants: migrantIDs, by: patrolling)
        let pushBacks = result.events.filter { $0.kind == .pushBack }
        let turnedBack = Set(pushBacks.compactMap(\.counterpart).filter(migrantIDs.contains))

        let gotThrough = entered.count(where: { firstDetection[$0.unit] == nil })
        // Groups in the scenario's order, so the delays are summed in a fixed order.
        let delays = migrantUnits.compactMap { unit -> Double? in
            guard let crossed = firstCrossing[unit.id], let seen = firstDetection[unit.id] else { return nil }
            return max(0, seen - crossed)
        }
        let outcomes = Outcomes(result, migrants: migrantIDs, patrolling: patrolling, origin: origin)

        let (officerIncursions, incursionSeconds, patrolDistance) = Self.officerFigures(result, patrolling: patrolling)

        let apprehended = Set(result.events.filter { $0.kind == .apprehension }.compactMap(\.counterpart)).count
        let stopped = Double(apprehended + turnedBack.count)
        let known = stopped + Double(outcomes.gotAwayAttempts)
        let cameraDetected = Set(
            result.events.filter { $0.kind == .detection && cameraIDs.contains($0.unit) }
                .compactMap(\.counterpart))
        values = [
            Double(migrantUnits.map(\.size).reduce(0, +)),
            Double(entered.count),
            Double(firstDetection.count),
            Double(gotThrough),
            Double(pushBacks.count),
            Double(turnedBack.count),
            Double(apprehended),
            delays.isEmpty ? nil : Statistics.mean(delays),
            Statistics.quantile(delays, 0.5),
            Statistics.quantile(delays, 0.9),
            Double(officerIncursions),
            incursionSeconds / 60,
            patrolDistance,
            Double(result.events.count { $0.kind == .retry }),
            Double(result.events.count { $0.kind == .gaveUp }),
            Double(outcomes.throughUndetected),
            Double(outcomes.throughDetected),
            Double(cameraDetected.count),
            Double(result.events.count { $0.kind == .fenceClimbed && $0.affiliation == "migrants" }),
            known > 0 ? stopped / known : nil,
        ]
    }

    /// A member who crossed out of the origin state.
    private struct Member: Hashable {
        var unit: String
        var index: Int
    }

    /// Members who entered, and each group's first crossing, in event (time) order.
    private static func entries(
        _ result: RunResult, migrants: Set<String>, origin: String
    ) -> (entered: Set<Member>, firstCrossing: [String: Double]) {
        var entered = Set<Member>()
        var firstCrossing = [String: Double]()
        for e in result.events
        where e.kind == .crossing && e.boundary == "mapped" && migrants.contains(e.unit)
            && e.fromState == origin && e.intoState != origin
        {
            entered.insert(Member(unit: e.unit, index: e.member ?? -1))
            if firstCrossing[e.unit] == nil { firstCrossing[e.unit] = e.time }
        }
        return (entered, firstCrossing)
    }

    /// When each migrant group was first detected by the patrolling side.
    private static func firstDetections(
        _ result: RunResult, migrants: Set<String>,
        by patrolling: Set<String>
    ) -> [String: Double] {
        var first = [String: Double]()
        for e in result.events where e.kind == .detection && patrolling.contains(e.unit) {
            guard let target = e.counterpart, migrants.contains(target), first[target] == nil else { continue }
            first[target] = e.time
        }
        return first
    }

    /// Officers' incursions across the mapped line (how many, and their minutes in all), and
    /// the metres the patrolling side's officers walked.
    private static func officerFigures(_ result: RunResult, patrolling: Set<String>)
        -> (incursions: Int, seconds: Double, patrolled: Double)
    {
        let officerIncursions = result.incursions.filter { i in
            !i.isZone && i.boundary == "mapped"
                && result.scenario.units.contains { $0.id == i.unit && $0.kind == .officers }
        }
        var seconds = 0.0
        for i in officerIncursions { seconds += i.duration(runEnd: result.endTime) }
        var patrolled = 0.0
        for track in result.tracks where track.kind == .officers && patrolling.contains(track.unit) {
            patrolled += track.distance
        }
        return (officerIncursions.count, seconds, patrolled)
    }

    /// Each group's attempts read from its events: an attempt starts at its appearance or a
    /// retry; it got through if the group left (`departure`) with no push-back in it, and it
    /// got away if a member crossed from the origin and nobody detected the group in it.
    struct Outcomes {
        var throughUndetected = 0
        var throughDetected = 0
        var gotAwayAttempts = 0

        init(_ result: RunResult, migrants: Set<String>, patrolling: Set<String>, origin: String) {
            struct Attempt { var crossed = false, detected = false, pushedBack = false, left = false }
            var current = [String: Attempt]()
            func close(_ a: Attempt) -> Int { a.crossed && !a.detected ? 1 : 0 }
            for e in result.events {
                switch e.kind {
                case .retry where migrants.contains(e.unit):
                    gotAwayAttempts += close(current[e.unit] ?? Attempt())
                    current[e.unit] = Attempt()
                case .crossing
                where migrants.contains(e.unit) && e.boundary == "mapped" && e.fromState == origin
                    && e.intoState != origin:
                    current[e.unit, default: Attempt()].crossed = true
                case .detection where patrolling.contains(e.unit) && migrants.contains(e.counterpart ?? ""):
                    current[e.counterpart!, default: Attempt()].detected = true
                case .pushBack where migrants.contains(e.counterpart ?? ""):
                    current[e.counterpart!, default: Attempt()].pushedBack = true
                case .departure where migrants.contains(e.unit):
                    current[e.unit, default: Attempt()].left = true
                default:
                    break
                }
            }
            // Groups in sorted order so that nothing depends on the dictionary's order.
            for id in current.keys.sorted() {
                let a = current[id]!
                gotAwayAttempts += close(a)
                if a.left && !a.pushedBack {
                    if a.detected { throughDetected += 1 } else { throughUndetected += 1 }
                }
            }
        }
    }

    /// The state most migrants start in: where the scenario's migrant members come from.
    /// Nil when the scenario has no migrants or none starts on a state's territory.
    ///
    /// Each migrant unit's start point is located in `scenario.states` with GEOS; ties go to
    /// the state listed first.
    public static func origin(of scenario: Scenario, context: GeometryContext = GeometryContext())
        throws(GeometryError) -> String?
    {
        var people = [Int](repeating: 0, count: scenario.states.count)
        var territories = [PreparedGeometry]()
        for state in scenario.states { territories.append(try PreparedGeometry(context.make(state.territory))) }
        for unit in scenario.units where unit.kind == .migrants {
            let point = try context.point(unit.start)
            for (i, territory) in territories.enumerated() where try territory.contains(point) {
                people[i] += unit.size
                break
            }
        }
        // Arrival flows: the people they are expected to bring over the run.
        let end = scenario.clock.seconds(atTick: scenario.clock.ticks)
        for flow in scenario.arrivals {
            guard let i = scenario.states.firstIndex(where: { $0.id == flow.from }) else { continue }
            for (k, rate) in flow.rates.enumerated() {
                let until = k + 1 < flow.rates.count ? min(flow.rates[k + 1].from, end) : end
                people[i] += Int((rate.peoplePerDay * max(0, until - rate.from) / 86_400).rounded())
            }
        }
        guard let best = people.indices.max(by: { (people[$0], -$0) < (people[$1], -$1) }), people[best] > 0 else {
            return nil
        }
        return scenario.states[best].id
    }
}
