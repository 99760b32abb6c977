import BorderGeometry
import BorderSim
import Foundation

/// Observed tracks made ready for the core's judge (`ObservedJudge`): in the world's metric CRS,
/// on a clock whose step divides every fix's time, each person numbered in their unit.
public struct PreparedTracks: Sendable {
    /// The world with the judge's clock: from the earliest fix to the latest.
    public var scenario: Scenario
    public var people: [ObservedPerson]
    /// Metres, one per fix of each person.
    public var radii: [[Double]]
    /// Each person's id in the file, for messages and `compare`.
    public var ids: [String]

    /// Whether any fix has an uncertainty above 0.
    public var isUncertain: Bool { radii.contains { $0.contains { $0 > 0 } } }
}

public enum ObservedJudgement {
    /// The most steps a judgement may take: the span of the fixes over their common step.
    public static let maxSteps = 20_000_000
    /// How far outside the border's corridor (its bounding box) a fix may lie, metres.
    public static let maxOutside = 50_000.0

    /// Puts `tracks` in `world`: fixes transformed from the file's CRS into the world's, times
    /// to the millisecond on a clock whose step is their greatest common divisor (so every
    /// fix is at a whole step, and a step between two fixes is a straight move at constant
    /// speed, as simulated steps are), people without an affiliation given `affiliation`.
    public static func prepare(
        _ tracks: ObservedTracks, world: Scenario, affiliation: String? = nil,
        uncertainty: Double? = nil
    ) throws(ScenarioError) -> PreparedTracks {
        let transform: CoordinateTransform
        do { transform = try CoordinateTransform(from: tracks.crs, to: world.crs) } catch {
            throw ScenarioError(
                .invalidValue, file: tracks.file,
                message: "cannot transform the tracks' CRS "
                    + "\(tracks.crs) to the border's \(world.crs): \(error.description); give --crs as PROJ knows it")
        }
        let box = bounds(world)
        let start = tracks.people.flatMap(\.fixes).map(\.time).min()!
        let first = tracks.people[0].fixes[0]
        var millis = [[Int]]()
        var step = 0
        for person in tracks.people {
            let ms = person.fixes.map { Int((($0.time - start) * 1000).rounded()) }
            for m in ms { step = gcd(step, m) }
            millis.append(ms)
        }
        if step == 0 { step = 1000 }  // every fix at one instant: any step will do
        let end = millis.flatMap { $0 }.max()!
        guard end / step <= maxSteps else {
            throw ScenarioError(
                .invalidValue, file: tracks.file,
                message: "the fixes' times share no step longer than "
                    + "\(step) ms, so judging their \(end / 1000) s would take \(end / step) steps "
                    + "(at most \(maxSteps)); round the times to a common step, e.g. whole seconds")
        }
        var scenario = world
        scenario.clock = Clock(
            start: start, utcOffset: first.utcOffset, step: Double(step) / 1000,
            ticks: max(1, end / step))
        let states = Set(world.states.map(\.id))
        var people = [ObservedPerson]()
        var radii = [[Double]]()
        var ids = [String]()
        var numbers = [String: Int]()
        var taken = Set<String>()
        for (i, person) in tracks.people.enumerated() {
            guard let who = person.affiliation ?? affiliation else {
                throw ObservedTracks.error(
                    at: person.source, .missingKey,
                    "the track of '\(person.id)' does not say "
                        + "whose it is; give it an 'affiliation' (one of \(states.sorted().joined(separator: ", ")) "
                        + "or migrants), or pass --affiliation")
            }
            guard who == "migrants" || states.contains(who) else {
                throw ObservedTracks.error(
                    at: person.source, .unknownName,
                    "the track of '\(person.id)' has affiliation "
                        + "'\(who)'; expected one of \(states.sorted().joined(separator: ", ")) or migrants")
            }
            let member = memberNumber(person, next: &numbers)
            guard taken.insert(person.unit + "#" + String(member)).inserted else {
                throw ObservedTracks.error(
                    at: person.source, .duplicate,
                    "person '\(person.id)' is member \(member) "
                        + "of unit '\(person.unit)', as another track is; give them distinct ids")
            }
            var positions = [Coordinate]()
            for fix in person.fixes {
                positions.append(try place(fix, transform, box: box, crs: tracks.crs))
            }
            people.append(
                ObservedPerson(
                    unit: person.unit, member: member, affiliation: who, ticks: millis[i].map { $0 / step },
                    positions: positions))
            radii.append(person.fixes.map { $0.uncertainty ?? uncertainty ?? 0 })
            ids.append(person.id)
        }
        return PreparedTracks(scenario: scenario, people: people, radii: radii, ids: ids)
    }

    /// The member number of `person`: `k` of an id `unit#k` (as bordersim writes them), else the
    /// next of its unit.
    private static func memberNumber(_ person: ObservedTracks.Person, next: inout [String: Int]) -> Int {
        let prefix = person.unit + "#"
        if person.id.hasPrefix(prefix), let k = Int(person.id.dropFirst(prefix.count)), k >= 0 {
            next[person.unit] = max(next[person.unit] ?? 0, k + 1)
            return k
        }
        let k = next[person.unit] ?? 0
        next[person.unit] = k + 1
        return k
    }

    /// A fix in the world's CRS, or a located error when it cannot be one near the border.
    private static func place(
        _ fix: ObservedTracks.Fix, _ transform: CoordinateTransform,
        box: (lo: Coordinate, hi: Coordinate), crs: String
    ) throws(ScenarioError) -> Coordinate {
        let p = fix.position
        let swapped =
            crs == "EPSG:4326" ? " (are longitude and latitude swapped? GeoJSON and CSV give longitude first)" : ""
        let c: Coordinate
        do { c = try transform.apply(p) } catch {
            throw ObservedTracks.error(
                at: fix.source, .outsideCorridor,
                "cannot place this fix (\(p.x), \(p.y)) "
                    + "in the border's CRS: \(error.description)\(swapped)")
        }
        let dx = max(box.lo.x - c.x, 0, c.x - box.hi.x)
        let dy = max(box.lo.y - c.y, 0, c.y - box.hi.y)
        let outside = (dx * dx + dy * dy).squareRoot()
        guard c.x.isFinite, c.y.isFinite, outside <= maxOutside else {
            throw ObservedTracks.error(
                at: fix.source, .outsideCorridor,
                "this fix (\(p.x), \(p.y)) lies "
                    + (outside.isFinite ? "\(Int(outside / 1000)) km" : "far")
                    + " outside the border's corridor; expected a position within "
                    + "\(Int(maxOutside / 1000)) km of it\(swapped)")
        }
        return c
    }

    /// The bounding box of every state's territory in the world.
    private static func bounds(_ world: Scenario) -> (lo: Coordinate, hi: Coordinate) {
        var lo = Coordinate(x: .infinity, y: .infinity)
        var hi = Coordinate(x: -.infinity, y: -.infinity)
        func visit(_ g: GeometryValue) {
            switch g {
            case .point(let c):
                lo = Coordinate(x: min(lo.x, c.x), y: min(lo.y, c.y))
                hi = Coordinate(x: max(hi.x, c.x), y: max(hi.y, c.y))
            case .lineString(let cs), .multiPoint(let cs): cs.forEach { visit(.point($0)) }
            case .polygon(let rings), .multiLineString(let rings): rings.forEach { visit(.lineString($0)) }
            case .multiPolygon(let polys): polys.forEach { visit(.polygon($0)) }
            case .geometryCollection(let parts): parts.forEach(visit)
            }
        }
        for s in world.states { visit(s.territory) }
        return (lo, hi)
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }
}
