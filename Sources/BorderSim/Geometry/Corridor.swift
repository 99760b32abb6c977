import BorderGeometry

/// Where a member can go without its region changing: every point closer than `radius` to
/// the segment from `start`, `length` metres along the unit vector `direction` — a capsule
/// that GEOS found to keep `radius` metres from the boundary's edges.
///
/// The capsule is convex, so while every position since the last exact test lies in it,
/// every move since then does too, and none of them can have touched an edge: the step costs
/// no GEOS call. It is laid along the member's direction of travel, up to just short of where
/// that path would first meet an edge, so someone walking straight is tested only as they
/// come to the line; a zero-length corridor is the disc of the plain clearance.
struct Corridor {
    var start: Coordinate
    var direction: Coordinate
    var length: Double
    var radius: Double

    /// Forces an exact test at the member's next move (after a jump, say).
    static let none = Corridor(start: Coordinate(x: 0, y: 0), direction: Coordinate(x: 0, y: 0), length: 0, radius: 0)

    /// Whether `c` is surely inside, with room for rounding in the arithmetic (≈ 1e-9 m at
    /// metric-grid magnitudes): anything closer to the rim gets the exact test.
    func holds(_ c: Coordinate) -> Bool {
        let safe = radius * (1 - 1e-9) - 1e-6
        guard safe > 0 else { return false }
        let dx = c.x - start.x
        let dy = c.y - start.y
        let along = dx * direction.x + dy * direction.y
        let d2: Double
        if along <= 0 {
            d2 = dx * dx + dy * dy
        } else if along >= length {
            let ex = dx - direction.x * length
            let ey = dy - direction.y * length
            d2 = ex * ex + ey * ey
        } else {
            let across = dx * direction.y - dy * direction.x
            d2 = across * across
        }
        return d2 < safe * safe
    }
}

extension Corridor {
    /// The corridor `radius` wide along the straight segment from `a` to `b`.
    static func along(_ a: Coordinate, _ b: Coordinate, radius: Double) -> Corridor {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let length = (dx * dx + dy * dy).squareRoot()
        let direction = length > 0 ? Coordinate(x: dx / length, y: dy / length) : Coordinate(x: 0, y: 0)
        return Corridor(start: a, direction: direction, length: length, radius: radius)
    }

    /// Whether this is the corridor along the same segment as `other`, whatever their widths.
    func hasAxis(of other: Corridor) -> Bool {
        start == other.start && direction == other.direction && length == other.length
    }
}

extension Boundary {
    /// The corridor along the straight leg from `a` to `b` (a route's, say), as wide as GEOS
    /// finds the leg keeps from the edges: 0 if it meets one.
    func corridor(along a: Coordinate, to b: Coordinate) throws(GeometryError) -> Corridor {
        guard a != b else {
            return Corridor(start: a, direction: Coordinate(x: 0, y: 0), length: 0, radius: try clearance(from: a))
        }
        return Corridor.along(a, b, radius: try edges.distance(to: context.lineString([a, b])))
    }
}
