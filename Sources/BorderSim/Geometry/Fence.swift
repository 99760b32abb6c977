import BorderGeometry

/// A fence: a line the people it holds cannot walk through except at its gaps, either at all
/// (`climb` nil) or until they have spent `climb` seconds getting over it.
///
/// It holds the affiliations in `holds`: migrants by default, as fences always did; officers
/// only when a state's id is listed (otherwise they use its gates). Groups being escorted back
/// across the border after a push-back are never held.
public struct FenceSpec: Sendable, Hashable {
    public var name: String
    /// The fence line, metric, from its first point to its last.
    public var line: [Coordinate]
    /// Open stretches, metres along `line` from its first point (gaps, gates).
    public var gaps: [ClosedRange<Double>]
    /// Seconds a group needs to get over the fence; nil: it cannot be climbed, and a group
    /// that meets it walks along it to the nearest gap (or around its nearest end).
    public var climb: Double?
    /// The affiliations it holds: `migrants` and state ids (that state's officers).
    public var holds: Set<String>

    public init(
        name: String, line: [Coordinate], gaps: [ClosedRange<Double>] = [], climb: Double? = nil,
        holds: Set<String> = ["migrants"]
    ) {
        self.name = name
        self.line = line
        self.gaps = gaps
        self.climb = climb
        self.holds = holds
    }
}

/// A fence built in a run's GEOS context: its solid stretches prepared for the distance and
/// intersection tests every nearby move needs.
final class Fence {
    let spec: FenceSpec
    let length: Double
    /// Metres along the line where a group can get past an unclimbable fence: the middle of
    /// each gap, and both ends (going round).
    let passes: [Double]
    private let line: Geometry
    private let solid: Geometry
    private let prepared: PreparedGeometry
    /// The solid stretches cut into short runs in an STRtree: a move is intersected only with
    /// the runs near it, not with the whole fence (an overlay clips every segment of its input
    /// first, ≈ the fence's length in work per call).
    private let runs: Boundary.Pieces
    private let context: GeometryContext

    /// Nil when the gaps leave no solid stretch at all.
    init?(_ spec: FenceSpec, in context: GeometryContext) throws(GeometryError) {
        self.spec = spec
        self.context = context
        line = try context.lineString(spec.line)
        length = try line.length()
        var pieces = [[Coordinate]]()
        var from = 0.0
        for gap in spec.gaps.sorted(by: { $0.lowerBound < $1.lowerBound }) + [length...length] {
            let to = min(max(gap.lowerBound, from), length)
            if to - from > 1e-6, case .lineString(let points) = try line.substring(from: from, to: to).value {
                pieces.append(points)
            }
            from = max(from, min(gap.upperBound, length))
        }
        guard !pieces.isEmpty else { return nil }
        solid = try context.make(.multiLineString(pieces))
        prepared = try PreparedGeometry(solid)
        runs = try Boundary.Pieces(.multiLineString(pieces), in: context)
        passes = ([0] + spec.gaps.map { ($0.lowerBound + $0.upperBound) / 2 } + [length]).sorted()
    }

    /// Metres from `c` to the nearest solid stretch.
    func clearance(from c: Coordinate) throws(GeometryError) -> Double {
        try prepared.distance(to: context.point(c))
    }

    /// The fraction of the move from `a` to `b` at which it first meets a solid stretch, if it does.
    ///
    /// The move is intersected with the runs whose box meets its box: a segment of a run
    /// outside it cannot meet the move, and each point where the move meets the fence is
    /// computed from the same pair of segments as in an overlay with the whole fence
    /// (`firstTouchOverWholeFence`, which a test compares it with).
    func firstTouch(from a: Coordinate, to b: Coordinate) throws(GeometryError) -> Double? {
        let move = try context.lineString([a, b])
        guard try prepared.intersects(move) else { return nil }
        let near = runs.index.candidates(intersecting: move)
        let target: Geometry
        switch near.count {
        case 0: target = solid
        case 1: target = runs.index.items[near[0]]
        default: target = try context.make(.multiLineString(near.map { runs.vertices[$0] }))
        }
        return try Self.first(of: target.intersection(move), from: a, to: b)
    }

    /// `firstTouch` by an overlay of the move with the whole fence, as it was first written.
    func firstTouchOverWholeFence(from a: Coordinate, to b: Coordinate) throws(GeometryError) -> Double? {
        let move = try context.lineString([a, b])
        guard try prepared.intersects(move) else { return nil }
        return try Self.first(of: solid.intersection(move), from: a, to: b)
    }

    /// The least fraction along the move from `a` to `b` of the points of `meeting`.
    private static func first(of meeting: Geometry, from a: Coordinate, to b: Coordinate) -> Double {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        return meeting.value.allCoordinates
            .map { min(1, max(0, (($0.x - a.x) * dx + ($0.y - a.y) * dy) / length2)) }.min() ?? 1
    }

    /// Metres along the line to its point nearest `c`.
    func along(_ c: Coordinate) throws(GeometryError) -> Double { try line.project(context.point(c)) }

    func point(along s: Double) throws(GeometryError) -> Coordinate { try line.interpolate(min(max(s, 0), length)) }

    /// Unit vector to the left of the line's direction at `s` metres along it.
    func leftNormal(along s: Double) throws(GeometryError) -> Coordinate {
        try line.leftNormal(atDistance: min(max(s, 0), length))
    }
}
