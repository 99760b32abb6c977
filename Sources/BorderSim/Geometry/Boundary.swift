import BorderGeometry

/// How crossings are found along a member's move.
public enum CrossingRule: String, Sendable, Hashable {
    /// Exact within the step: the move is split where it meets the line, so a member who crosses
    /// and comes back within one step is caught. A point on the line belongs to neither side.
    case continuous
    /// At step ends, as the border-crossing benchmark defines it (`../shared/bench/WORKLOAD.md`):
    /// the region is the first that covers the end point (the line counts as the first
    /// region's), and a change of region is a crossing only if the move touches the line.
    case stepEnd = "step-end"
}

/// A boundary members are watched against: a frame's line between state territories, or a zone's edge.
///
/// `regions` are the areas the boundary separates (a frame: one territory per state; a zone:
/// the zone alone, everything else being region `outside`). Built once per run in the run's
/// GEOS context and prepared, since every member is tested against it every step.
final class Boundary {
    static let outside = -1

    let name: String
    let isZone: Bool
    /// State ids of the regions (frames), or the zone's name.
    let regionNames: [String]
    /// Affiliations for which being inside a region is an incursion (zones only).
    let forbiddenTo: Set<String>
    let rule: CrossingRule
    private let line: Geometry
    private let preparedLine: PreparedGeometry
    /// The line cut into short pieces and indexed, with each piece's vertices, so a move is
    /// intersected only with the segments near it rather than with the whole border.
    let pieces: Pieces
    private let regions: [PreparedGeometry]
    /// Where a member's region can change: the line (continuous rule), or every region's edge
    /// (step-end rule, which also sees changes away from the line).
    let edges: PreparedGeometry
    /// Every region's edge, where a point's region can change whatever the rule.
    private let rims: PreparedGeometry
    private let edgePieces: Pieces
    let context: GeometryContext
    /// No two regions share interior points, so a point inside one is in no other (checked once).
    private let interiorsDisjoint: Bool
    /// The last point built for a test: the tests of one member's position in a step share it.
    private var lastPoint: (Coordinate, Geometry)?

    init(
        name: String, isZone: Bool, line: GeometryValue, regions: [(String, GeometryValue)], forbiddenTo: [String],
        rule: CrossingRule, in context: GeometryContext
    ) throws(GeometryError) {
        self.name = name
        self.isZone = isZone
        self.rule = rule
        self.context = context
        self.forbiddenTo = Set(forbiddenTo)
        self.line = try context.make(line)
        preparedLine = try PreparedGeometry(self.line)
        pieces = try Pieces(line, in: context)
        regionNames = regions.map(\.0)
        var prepared = [PreparedGeometry]()
        var rims = [GeometryValue]()
        var areas = [Geometry]()
        for (_, area) in regions {
            let g = try context.make(area)
            areas.append(g)
            prepared.append(try PreparedGeometry(g))
            rims.append(try g.boundary().value)
        }
        self.regions = prepared
        var disjoint = true
        for i in areas.indices {
            for j in areas.indices where j > i && disjoint {
                if try areas[i].intersects(areas[j]) { disjoint = try areas[i].touches(areas[j]) }
            }
        }
        interiorsDisjoint = disjoint
        let union = try context.make(.geometryCollection(rims)).unaryUnion()
        self.rims = try PreparedGeometry(union)
        if rule == .continuous {
            edges = preparedLine
            edgePieces = pieces
        } else {
            edges = self.rims
            edgePieces = try Pieces(union.value, in: context)
        }
    }

    /// The region that holds `c`, or `outside`. Continuous rule: the region whose interior holds
    /// it (a point on the line is in none). Step-end rule: the first region that covers it.
    ///
    /// `hint`, the region the member was last found in, is tried first: a point inside it is in
    /// no other region when their interiors are disjoint, so one test usually settles it.
    func region(at c: Coordinate, hint: Int = outside) throws(GeometryError) -> Int {
        let point = try self.point(c)
        if interiorsDisjoint && hint != Self.outside, try regions[hint].contains(point) { return hint }
        for (i, r) in regions.enumerated() {
            if try rule == .continuous ? r.contains(point) : r.covers(point) { return i }
        }
        return Self.outside
    }

    /// The point `offset` metres beside the line, into region `name`, at `along` metres from the
    /// line's start: straight out from the line along its normal there. Where the region is
    /// narrower than that (a salient, a neck), the offset is halved until the point is in it.
    func place(along: Double, offset: Double, into name: String) throws(GeometryError) -> Coordinate {
        let c = try line.interpolate(along)
        guard offset > 0 else { return c }
        let n = try line.leftNormal(atDistance: along)
        let nx = n.x
        let ny = n.y
        var d = offset
        while d >= 1 {
            for sign in [1.0, -1.0] {
                let p = Coordinate(x: c.x + sign * nx * d, y: c.y + sign * ny * d)
                let r = try region(at: p)
                if r != Self.outside && regionNames[r] == name { return p }
            }
            d /= 2
        }
        throw .unsupported("no point into \(name) beside the line at \(along) m along it")
    }

    /// Metres from `c` to the boundary line: the depth of an incursion.
    func distance(from c: Coordinate) throws(GeometryError) -> Double {
        try preparedLine.distance(to: point(c))
    }

    /// Metres from the edges, where a member's region can change, to `c`: the radius of the
    /// disc around `c` in which the member's region cannot change.
    func clearance(from c: Coordinate) throws(GeometryError) -> Double {
        try edges.distance(to: point(c))
    }

    /// Metres from every region's edge to `c`: within that distance of `c` every point lies in
    /// the region `c` lies in (`region(at:)`), and no nearer the line.
    func rimClearance(from c: Coordinate) throws(GeometryError) -> Double {
        try rims.distance(to: point(c))
    }

    /// The corridor ahead of a member at `c` heading along the unit vector `heading`: up to
    /// `reach` metres, stopping `Self.approach` short of where that path would first meet an
    /// edge, as wide as GEOS finds it keeps from the edges. A zero heading gives the disc.
    func corridor(from c: Coordinate, heading: Coordinate, reach: Double) throws(GeometryError) -> Corridor {
        var length = 0.0
        if reach > Self.approach && (heading.x != 0 || heading.y != 0) {
            let far = Coordinate(x: c.x + heading.x * reach, y: c.y + heading.y * reach)
            let found = try meetings(from: c, to: far, move: context.lineString([c, far]), in: edgePieces)
            let first = found.map { ($0.x - c.x) * heading.x + ($0.y - c.y) * heading.y }.min()
            length = first.map { max(0, $0 - Self.approach) } ?? reach
        }
        guard length > 0 else {
            return Corridor(start: c, direction: heading, length: 0, radius: try clearance(from: c))
        }
        let end = Coordinate(x: c.x + heading.x * length, y: c.y + heading.y * length)
        let radius = try edges.distance(to: context.lineString([c, end]))
        return Corridor(start: c, direction: heading, length: length, radius: radius)
    }

    /// Metres short of the first meeting with an edge at which a corridor stops: its width
    /// there is about this times the sine of the angle of approach.
    static let approach = 0.5

    /// A GEOS point at `c`, reused while the same position is tested again.
    private func point(_ c: Coordinate) throws(GeometryError) -> Geometry {
        if let (at, point) = lastPoint, at == c { return point }
        let point = try context.point(c)
        lastPoint = (c, point)
        return point
    }

    /// The fraction of the move from `a` to `b` at which it first touches the line, if it does.
    func firstTouch(from a: Coordinate, to b: Coordinate) throws(GeometryError) -> Double? {
        let found = try meetings(from: a, to: b, move: context.lineString([a, b]), in: pieces)
        guard !found.isEmpty else { return nil }
        let dx = b.x - a.x
        let dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        return found.map { min(1, max(0, ((($0.x - a.x) * dx + ($0.y - a.y) * dy) / length2))) }.min()
    }

    /// The points where the move from `a` to `b` meets the lines cut into `pieces`: GEOS's
    /// segment intersection with each segment near it, or, where the move runs along a
    /// segment, the ends of the stretch they share (GEOS's overlay with that piece). A point
    /// may come twice.
    private func meetings(
        from a: Coordinate, to b: Coordinate, move: Geometry,
        in pieces: Pieces
    ) throws(GeometryError) -> [Coordinate] {
        var found = [Coordinate]()
        let lo = Coordinate(x: min(a.x, b.x), y: min(a.y, b.y))
        let hi = Coordinate(x: max(a.x, b.x), y: max(a.y, b.y))
        for i in pieces.index.candidates(intersecting: move) {
            let vertices = pieces.vertices[i]
            for k in 0..<(vertices.count - 1) {
                let p = vertices[k]
                let q = vertices[k + 1]
                // Segments whose bounding box misses the move's cannot meet it.
                if max(p.x, q.x) < lo.x || min(p.x, q.x) > hi.x || max(p.y, q.y) < lo.y || min(p.y, q.y) > hi.y {
                    continue
                }
                let collinear = try context.orientation(p, q, a) == 0 ? try context.orientation(p, q, b) == 0 : false
                if collinear {
                    found += try pieces.index.items[i].intersection(move).value.allCoordinates
                } else if let c = try context.segmentIntersection(p, q, a, b) {
                    found.append(c)
                }
            }
        }
        return found
    }

    /// The point of the boundary line nearest to `c`.
    func nearestPoint(to c: Coordinate) throws(GeometryError) -> Coordinate {
        try preparedLine.nearestPoints(to: context.point(c)).0
    }

    /// The regions a straight move from `a` to `b` passes through, as (fraction of the move
    /// where the stretch starts, region), first stretch starting at 0.
    ///
    /// Exact: the move is split where GEOS finds it meets the boundary (points, or the ends
    /// of stretches run along it), and each piece's midpoint is located. Nil when the move
    /// does not touch the boundary at all, so the region is unchanged.
    func stretches(from a: Coordinate, to b: Coordinate, hint: Int) throws(GeometryError) -> [(t: Double, region: Int)]?
    {
        let found = try meetings(from: a, to: b, move: context.lineString([a, b]), in: pieces)
        guard !found.isEmpty else { return nil }
        let dx = b.x - a.x
        let dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        var cuts = [0.0, 1.0]
        for c in found {
            cuts.append(min(1, max(0, ((c.x - a.x) * dx + (c.y - a.y) * dy) / length2)))
        }
        cuts.sort()
        var result = [(t: Double, region: Int)]()
        for (t0, t1) in zip(cuts, cuts.dropFirst()) where t1 > t0 {
            let mid = (t0 + t1) / 2
            let r = try region(at: Coordinate(x: a.x + dx * mid, y: a.y + dy * mid), hint: result.last?.region ?? hint)
            if result.last?.region != r { result.append((t0, r)) }
        }
        // The end point decides where the member is now, whatever rounding did to the cuts.
        let end = try region(at: b, hint: hint)
        if end != Boundary.outside && result.last?.region != end { result.append((1, end)) }
        return result
    }
}
