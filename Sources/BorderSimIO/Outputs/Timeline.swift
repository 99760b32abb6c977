import BorderSim

/// The story of a run in a few lines, as `bordersim run` prints it and `summary.json` keeps it.
///
/// One line per fact, each starting with its local time (`HH:MM:SS`, or `YYYY-MM-DD HH:MM:SS`
/// when the run spans more than one day) and two spaces, ordered by time; ties keep the order
/// below. Facts:
/// - each unit's first detection of each other unit;
/// - each migrant group's crossings of the mapped border, per direction: members and times;
/// - incursions per unit and boundary (frame or zone): members, first entry, last exit, depth;
/// - warnings per (warning unit, warned unit): count, first and last;
/// - push-backs per (unit, group), apprehensions, and withdrawals per unit;
/// - units sent after a group by a camera's alert, groups getting over or past a fence, and
///   groups trying again after a turn-back or giving up.
///
/// Units are named `AFFILIATION role (id)`, e.g. `BY riot-police (by-officers)`.
public enum Timeline {
    public static func lines(for result: RunResult) -> [String] {
        let scenario = result.scenario
        let time = Timestamp(clock: scenario.clock)
        let multiDay = time.localDay(0) != time.localDay(result.endTime)
        func clock(_ t: Double) -> String { multiDay ? time.dateAndTime(t) : time.timeOfDay(t) }
        let specs = Dictionary(scenario.units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func label(_ unit: String, affiliation: String?) -> String {
            guard let spec = specs[unit] else { return (affiliation.map { $0 + " " } ?? "") + "(\(unit))" }
            return "\(spec.affiliation) \(spec.role) (\(unit))"
        }
        func label(_ e: Event) -> String { label(e.unit, affiliation: e.affiliation) }
        func counterpart(_ e: Event) -> String {
            e.counterpart.map { label($0, affiliation: nil) } ?? "an unknown unit"
        }
        func isMigrants(_ e: Event) -> Bool {
            specs[e.unit].map { $0.kind == .migrants } ?? (e.affiliation == "migrants")
        }

        var entries = [(time: Double, text: String)]()

        for group in groups(result.events, where: { $0.kind == .detection }, by: { [$0.unit, $0.counterpart ?? ""] }) {
            let e = group[0]
            let more = group.count > 1 ? " (\(group.count) detections)" : ""
            entries.append((e.time, "\(label(e)) first detected \(counterpart(e))\(more)"))
        }

        let crossings = groups(result.events, where: { $0.kind == .crossing && isMigrants($0) }) {
            [$0.unit, $0.boundary ?? "", $0.fromState ?? "", $0.intoState ?? ""]
        }
        for group in crossings {
            let e = group[0]
            let members = Set(group.map { $0.member ?? -1 }).count
            let times = group.count > members ? " \(group.count) times" : ""
            let span = group.count > 1 ? " (first \(clock(e.time)), last \(clock(group[group.count - 1].time)))" : ""
            entries.append(
                (
                    e.time,
                    "\(label(e)): \(count(members, "member")) crossed \(boundary(e.boundary ?? "", isZone: false))"
                        + " from \(e.fromState ?? "?") into \(e.intoState ?? "?")\(times)\(span)"
                ))
        }

        let zones = Set(result.incursions.filter(\.isZone).map(\.boundary))
        for u in result.incursionsByUnit() {
            let isZone = zones.contains(u.boundary)
            let verb =
                isZone
                ? "entered \(boundary(u.boundary, isZone: true))"
                : "crossed \(boundary(u.boundary, isZone: false)) into \(u.intoState)"
            let times = u.incursions > u.members ? " \(u.incursions) times" : ""
            var details = [
                "first \(clock(u.firstEntry))",
                u.lastExit.map { "last out \(clock($0))" } ?? "still inside at the end",
                "max depth \(Self.metres(u.maxDepth))",
            ]
            if scenario.tolerance > 0 {
                details.append(
                    "\(u.beyondTolerance) of \(u.incursions) beyond the \(Self.metres(scenario.tolerance)) tolerance")
            }
            entries.append(
                (
                    u.firstEntry,
                    "\(label(u.unit, affiliation: u.affiliation)): \(count(u.members, "member"))"
                        + " \(verb)\(times) (\(details.joined(separator: ", ")))"
                ))
        }

        for group in groups(result.events, where: { $0.kind == .warning }, by: { [$0.unit, $0.counterpart ?? ""] }) {
            let e = group[0]
            let text =
                group.count == 1
                ? "once"
                : "\(group.count) times (first \(clock(e.time)), last \(clock(group[group.count - 1].time)))"
            entries.append((e.time, "\(label(e)) warned \(counterpart(e)) \(text)"))
        }

        for group in groups(result.events, where: { $0.kind == .pushBack }, by: { [$0.unit, $0.counterpart ?? ""] }) {
            let e = group[0]
            let more = group.count > 1 ? " (\(group.count) times)" : ""
            entries.append((e.time, "\(label(e)) pushed back \(counterpart(e))\(more)"))
        }

        for e in result.events where e.kind == .apprehension {
            entries.append((e.time, "\(label(e)) apprehended \(counterpart(e))"))
        }

        for group in groups(result.events, where: { $0.kind == .withdrawal }, by: { [$0.unit] }) {
            let w = group[0]
            let warnings = result.events.filter { $0.kind == .warning && $0.counterpart == w.unit && $0.time <= w.time }
            let after =
                warnings.first.map {
                    " after \(count(warnings.count, "warning")), \(duration(w.time - $0.time)) after the first"
                } ?? ""
            entries.append((w.time, "\(label(w)) withdrew\(after)"))
        }

        for e in result.events where e.kind == .alert {
            entries.append((e.time, "\(label(e)) sent after \(counterpart(e)) on a camera's detection"))
        }
        for e in result.events where e.kind == .fenceClimbed || e.kind == .fencePassed {
            let how = e.kind == .fenceClimbed ? "got over" : "got past"
            entries.append((e.time, "\(label(e)) \(how) the fence \(e.boundary ?? "")"))
        }
        var attempts = [String: Int]()
        for e in result.events where e.kind == .retry || e.kind == .gaveUp {
            if e.kind == .retry {
                attempts[e.unit, default: 1] += 1
                entries.append((e.time, "\(label(e)) tried again (attempt \(attempts[e.unit]!))"))
            } else {
                entries.append((e.time, "\(label(e)) gave up after \(Self.count(attempts[e.unit] ?? 1, "attempt"))"))
            }
        }

        // Sorted by time; the index keeps ties in the order above, whatever the sort's stability.
        return entries.enumerated()
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map { "\(clock($0.element.time))  \($0.element.text)" }
    }

    /// Events matching `include`, grouped by `key`, groups in order of their first event.
    private static func groups(
        _ events: [Event], where include: (Event) -> Bool,
        by key: (Event) -> [String]
    ) -> [[Event]] {
        var index = [[String]: Int]()
        var out = [[Event]]()
        for e in events where include(e) {
            let k = key(e)
            if let i = index[k] {
                out[i].append(e)
            } else {
                index[k] = out.count
                out.append([e])
            }
        }
        return out
    }

    private static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    /// "45 s", "2 min 5 s".
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s < 60 ? "\(s) s" : s % 60 == 0 ? "\(s / 60) min" : "\(s / 60) min \(s % 60) s"
    }

    private static func boundary(_ name: String, isZone: Bool) -> String {
        if isZone { return "zone '\(name)'" }
        return name == "mapped" ? "the mapped border" : "the line '\(name)'"
    }

    /// Metres with one decimal, e.g. "6.2 m".
    static func metres(_ value: Double) -> String {
        var bytes = [UInt8]()
        JSONText.appendDecimal(value, decimals: 1, fixed: true, to: &bytes)
        return String(decoding: bytes, as: UTF8.self) + " m"
    }

    /// A table of how many people went deeper than each tolerance band, per boundary and side.
    public static func toleranceTable(for result: RunResult) -> [String] {
        let bands = result.toleranceBands
        let rows = result.membersBeyond(bands: bands)
        guard !rows.isEmpty else { return [] }
        let width = max(24, rows.map { $0.boundary.count + $0.affiliation.count + 3 }.max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        func left(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        var out = [
            "people deeper than the tolerance band (metres beyond the line or inside the zone):",
            pad("boundary (who)", width) + bands.map { left("> \(metres($0))", 9) }.joined(),
        ]
        for row in rows {
            out.append(
                pad("\(row.boundary) (\(row.affiliation))", width) + row.counts.map { left("\($0)", 9) }.joined())
        }
        return out
    }
}
