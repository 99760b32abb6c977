import BorderGeometry
import Foundation

/// How likely an observed incursion is, given how uncertain each fix's position is.
///
/// Each fix's true position is taken as uniform in the disc of its radius around where it was
/// observed, independently of every other fix (a geolocation's error circle read as "somewhere
/// in here, no place likelier"). Monte Carlo: `samples` copies of every track, each fix moved
/// by its own draw from a stream seeded by (seed, person, copy), are judged together by
/// `ObservedJudge` in one run, so the result is the same bytes for the same input.
public struct UncertaintyReport: Sendable, Hashable {
    public var samples: Int
    public var seed: UInt64
    /// Metres; the probability of being deeper than each is reported.
    public var bands: [Double]
    /// One per incursion of the exact judgement, in its order.
    public var incursions: [Entry]
    /// People who were beyond a frame or in a zone in some copies but in no incursion of the
    /// exact judgement there, in order of the people and frames.
    public var possible: [Entry]

    /// The copies' verdicts on one incursion (or one person and frame).
    public struct Entry: Sendable, Hashable {
        public var unit: String
        public var member: Int
        public var boundary: String
        public var isZone: Bool
        /// Index into the exact judgement's incursions; nil for a possible one.
        public var incursion: Int?
        /// The share of copies in which the person was beyond the line (or in the zone).
        public var beyond: Double
        /// The share of copies deeper than each band.
        public var beyondBands: [Double]
        /// The 5, 50 and 95 % quantiles of the copies' depth (0 where not beyond), metres.
        public var depthQuantiles: [Double]
    }

    /// The quantile levels of `depthQuantiles`.
    public static let levels = [0.05, 0.5, 0.95]
}

extension ObservedJudge {
    /// The exact judgement of `people` (as `judge`), and the uncertainty of every incursion in
    /// it: `radii[i][k]` is the radius, metres, of fix k of person i.
    ///
    /// A copy's incursion counts for an exact one when it is the same person's in the same
    /// frame and their times overlap, give or take the person's longest gap between fixes
    /// (within which a move of the fixes can shift an entry). With every radius 0 the copies
    /// are the exact judgement itself: every probability is 0 or 1.
    public static func judge(
        _ people: [ObservedPerson], radii: [[Double]], in world: Scenario, samples: Int,
        seed: UInt64, bands: [Double]
    ) throws(SimulationError) -> (RunResult, UncertaintyReport) {
        let exact = try judge(people, in: world)
        let n = max(1, samples)
        let copies: RunResult
        if radii.allSatisfy({ $0.allSatisfy { $0 == 0 } }) {
            copies = exact
        } else {
            var many = [ObservedPerson]()
            many.reserveCapacity(people.count * n)
            for s in 0..<n {
                for (i, p) in people.enumerated() {
                    many.append(moved(p, radii: radii[i], copy: s, seed: seed))
                }
            }
            copies = try judge(many, in: world, context: GeometryContext(), tracks: false)
        }
        let report = Tally(
            people: people, exact: exact, copies: copies, samples: n,
            copiesAreExact: radii.allSatisfy({ $0.allSatisfy { $0 == 0 } }),
            step: world.clock.step, bands: bands
        ).report(seed: seed)
        return (exact, report)
    }

    /// Person `p` with every fix moved uniformly within its disc (copy `copy`), as unit `unit␟copy`.
    static func moved(_ p: ObservedPerson, radii: [Double], copy: Int, seed: UInt64) -> ObservedPerson {
        var rng = RandomStream(seed: seed, entity: p.unit + "#" + String(p.member), purpose: UInt64(copy) + 1)
        var q = p
        q.unit = p.unit + copySeparator + String(copy)
        for k in q.positions.indices {
            // Uniform in the disc: the radius as the square root of a uniform draw.
            let r = radii[k] * rng.unit().squareRoot()
            let a = 2 * Double.pi * rng.unit()
            q.positions[k] = Coordinate(x: p.positions[k].x + r * cos(a), y: p.positions[k].y + r * sin(a))
        }
        return q
    }

    static let copySeparator = "\u{1F}"
}

/// Gathers the copies' incursions per exact incursion and per person and frame.
private struct Tally {
    let people: [ObservedPerson]
    let exact: RunResult
    let copies: RunResult
    let samples: Int
    /// Whether `copies` is the exact judgement itself, standing for every copy (every radius 0).
    let copiesAreExact: Bool
    let step: Double
    let bands: [Double]

    func report(seed: UInt64) -> UncertaintyReport {
        // Copy incursions by (person, frame), each with its copy number.
        var byKey = [String: [(copy: Int, incursion: Incursion)]]()
        for inc in copies.incursions {
            let parts = inc.unit.split(
                separator: Character(ObservedJudge.copySeparator), omittingEmptySubsequences: false)
            let unit = copiesAreExact ? inc.unit : parts.dropLast().joined(separator: ObservedJudge.copySeparator)
            let copy = copiesAreExact ? 0 : Int(parts.last!) ?? 0
            byKey[key(unit, inc.member, inc.boundary), default: []].append((copy, inc))
        }
        let end = copies.endTime
        var entries = [UncertaintyReport.Entry]()
        for (i, inc) in exact.incursions.enumerated() {
            let slack = gap(of: inc.unit, inc.member)
            let lo = inc.entryTime - slack
            let hi = (inc.exitTime ?? end) + slack
            let found = (byKey[key(inc.unit, inc.member, inc.boundary)] ?? []).filter {
                $0.incursion.entryTime <= hi && ($0.incursion.exitTime ?? end) >= lo
            }
            entries.append(entry(inc.unit, inc.member, inc.boundary, inc.isZone, incursion: i, found))
        }
        var possible = [UncertaintyReport.Entry]()
        var seen = Set(exact.incursions.map { key($0.unit, $0.member, $0.boundary) })
        for p in people {
            for inc in copies.incursions where unit(of: inc) == p.unit && inc.member == p.member {
                let k = key(p.unit, p.member, inc.boundary)
                guard !seen.contains(k) else { continue }
                seen.insert(k)
                possible.append(entry(p.unit, p.member, inc.boundary, inc.isZone, incursion: nil, byKey[k] ?? []))
            }
        }
        return UncertaintyReport(samples: samples, seed: seed, bands: bands, incursions: entries, possible: possible)
    }

    private func unit(of inc: Incursion) -> String {
        copiesAreExact
            ? inc.unit : String(inc.unit.split(separator: Character(ObservedJudge.copySeparator)).first ?? "")
    }

    private func key(_ unit: String, _ member: Int, _ boundary: String) -> String {
        unit + "#" + String(member) + "\u{0}" + boundary
    }

    /// The person's longest time between two fixes, seconds.
    private func gap(of unit: String, _ member: Int) -> Double {
        guard let p = people.first(where: { $0.unit == unit && $0.member == member }) else { return 0 }
        return Double(zip(p.ticks, p.ticks.dropFirst()).map { $1 - $0 }.max() ?? 0) * step
    }

    /// The entry for the copy incursions `found`: each copy's depth is its deepest among them.
    private func entry(
        _ unit: String, _ member: Int, _ boundary: String, _ isZone: Bool, incursion: Int?,
        _ found: [(copy: Int, incursion: Incursion)]
    ) -> UncertaintyReport.Entry {
        var depth = [Double?](repeating: nil, count: samples)
        for (copy, inc) in found where copy < samples {
            depth[copy] = max(depth[copy] ?? 0, inc.maxDepth)
        }
        if copiesAreExact { depth = Array(repeating: depth[0], count: samples) }
        let beyond = Double(depth.filter { $0 != nil }.count) / Double(samples)
        let depths = depth.map { $0 ?? 0 }.sorted()
        return UncertaintyReport.Entry(
            unit: unit, member: member, boundary: boundary, isZone: isZone, incursion: incursion, beyond: beyond,
            beyondBands: bands.map { b in Double(depths.filter { $0 > b }.count) / Double(samples) },
            depthQuantiles: UncertaintyReport.levels.map { q in
                depths[min(samples - 1, max(0, Int((q * Double(samples)).rounded(.up)) - 1))]
            })
    }
}
