import BorderSim

/// `summary.json`: the run at a glance, for people and for scripts comparing replicates.
///
/// Members, in this order:
/// - `scenario`, `seed`;
/// - `span`: `start` and `end` (ISO 8601), `seconds` (run length), `ticks`, `step_s`, `utc_offset`;
/// - `tolerance_m`: the mapping tolerance incursions are judged against;
/// - `tracks`: `members`, `samples` (recorded), `vertices` (written per track after thinning);
/// - `event_counts`: `by_kind` (every kind, zeros included, in `Event.Kind.allCases` order),
///   `by_affiliation` and `by_unit` (the scenario's order, then any others in event order),
///   each with a `total` and the same `by_kind` counts;
/// - `incursions_by_unit`: `RunResult.incursionsByUnit()` with ISO times; `duration_s` runs
///   from the first entry to the last exit (or the end of the run if someone stayed);
/// - `timeline`: `Timeline.lines(for:)`;
/// - `files`: the other files of the output;
/// - `provenance`: tool version, scenario and geodata files with SHA-256, seed, CRS chain.
///
/// Nothing comes from the wall clock, so the same inputs give the same bytes.
enum SummaryWriter {
    static func write(
        _ context: OutputContext, provenance: Provenance, files: [String],
        to file: OutputFile
    ) throws(OutputError) {
        let result = context.result
        let scenario = result.scenario
        let time = context.time
        let s = OutputContext.secondsDecimals
        let m = OutputContext.metresDecimals

        func byKind(_ events: [Event]) -> OrderedJSON {
            var counts = [Event.Kind: Int]()
            for e in events { counts[e.kind, default: 0] += 1 }
            return .object(Event.Kind.allCases.map { ($0.rawValue, .integer(counts[$0] ?? 0)) })
        }
        let affiliations = ordered(scenario.units.map(\.affiliation) + result.events.map(\.affiliation))
        let units = ordered(scenario.units.map(\.id) + result.events.map(\.unit))
        let roles = Dictionary(
            scenario.units.map { ($0.id, ($0.affiliation, $0.role)) }, uniquingKeysWith: { a, _ in a })
        let eventsByAffiliation = Dictionary(grouping: result.events, by: \.affiliation)
        let eventsByUnit = Dictionary(grouping: result.events, by: \.unit)

        let summary = OrderedJSON.object([
            ("scenario", .string(scenario.name)),
            ("seed", .unsigned(result.seed)),
            (
                "span",
                .object([
                    ("start", .string(time.iso8601(0))), ("end", .string(time.iso8601(result.endTime))),
                    ("seconds", .decimal(result.endTime, s)), ("ticks", .integer(scenario.clock.ticks)),
                    ("step_s", .decimal(scenario.clock.step, 6)), ("utc_offset", .string(time.offsetText)),
                ])
            ),
            ("tolerance_m", .decimal(scenario.tolerance, m)),
            (
                "tracks",
                .object([
                    ("members", .integer(result.tracks.count)), ("samples", .integer(result.sampleTicks.count)),
                    ("vertices", .integer(result.tracks.isEmpty ? 0 : max(2, context.kept.count))),
                ])
            ),
            (
                "event_counts",
                .object([
                    ("total", .integer(result.events.count)),
                    ("by_kind", byKind(result.events)),
                    (
                        "by_affiliation",
                        .array(
                            affiliations.map { a in
                                let events = eventsByAffiliation[a] ?? []
                                return .object([
                                    ("affiliation", .string(a)), ("total", .integer(events.count)),
                                    ("by_kind", byKind(events)),
                                ])
                            })
                    ),
                    (
                        "by_unit",
                        .array(
                            units.map { u in
                                let events = eventsByUnit[u] ?? []
                                return .object([
                                    ("unit", .string(u)),
                                    ("affiliation", .optional(roles[u]?.0 ?? events.first?.affiliation)),
                                    ("role", .optional(roles[u]?.1)),
                                    ("total", .integer(events.count)), ("by_kind", byKind(events)),
                                ])
                            })
                    ),
                ])
            ),
            (
                "incursions_by_unit",
                .array(
                    result.incursionsByUnit().map { u in
                        .object([
                            ("unit", .string(u.unit)), ("affiliation", .string(u.affiliation)),
                            ("frame", .string(u.boundary)),
                            ("into_state", .string(u.intoState)), ("incursions", .integer(u.incursions)),
                            ("members", .integer(u.members)),
                            ("first_entry", .string(time.iso8601(u.firstEntry))),
                            ("last_exit", .optional(u.lastExit.map(time.iso8601))),
                            ("duration_s", .decimal((u.lastExit ?? result.endTime) - u.firstEntry, s)),
                            ("max_depth_m", .decimal(u.maxDepth, m)), ("beyond_tolerance", .integer(u.beyondTolerance)),
                        ])
                    })
            ),
            (
                "people_beyond_tolerance",
                .object([
                    ("bands_m", .array(result.toleranceBands.map { .decimal($0, m) })),
                    (
                        "rows",
                        .array(
                            result.membersBeyond(bands: result.toleranceBands).map { row in
                                .object([
                                    ("frame", .string(row.boundary)), ("affiliation", .string(row.affiliation)),
                                    ("counts", .array(row.counts.map(OrderedJSON.integer))),
                                ])
                            })
                    ),
                ])
            ),
            ("timeline", .array(Timeline.lines(for: result).map(OrderedJSON.string))),
            ("files", .array(files.map(OrderedJSON.string))),
            ("provenance", json(provenance)),
        ])
        summary.write(to: file)
        try file.flushIfFull()
    }

    /// The `provenance` member (also the GeoPackage's metadata).
    static func json(_ provenance: Provenance) -> OrderedJSON {
        .object([
            ("tool_version", .string(provenance.toolVersion)),
            ("tool_revision", .string(provenance.toolRevision)),
            ("libraries", .object(provenance.libraries.map { ($0.name, .string($0.version)) })),
            (
                "scenario",
                .object([
                    ("path", .string(provenance.scenarioPath)),
                    ("sha256", .string(provenance.scenarioSHA256)),
                    ("policy", .optional(provenance.policy)),
                ])
            ),
            (
                "geodata",
                .array(
                    provenance.geodata.map { .object([("path", .string($0.path)), ("sha256", .string($0.sha256))]) })
            ),
            ("seed", .unsigned(provenance.seed)),
            ("crs_chain", .array(provenance.crsChain.map(OrderedJSON.string))),
        ])
    }

    /// The distinct values in order of first appearance.
    private static func ordered(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
