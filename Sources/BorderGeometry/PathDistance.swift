/// The farthest a straight path gets from a set of segments: the exact maximum, over every
/// point of the path, of the distance to the nearest segment (the depth of a walk inside a
/// zone, whose deepest point is usually between two step positions).
///
/// The distance to one segment is convex along a straight path, so the distance to the
/// nearest of several, their lower envelope, peaks only at the path's ends or where two of
/// them are equal. Squared, each is a quadratic in the path's parameter on at most three
/// stretches (nearer the segment's first end, its interior, its last end); equal pairs are
/// the roots of the difference of two quadratics on each stretch both share, found in
/// closed form. Every candidate is then measured, and the largest wins.
///
/// - Complexity: O(k²) for k segments; callers pass only those near the path.
public enum PathDistance {
    /// The fraction `t` of the path from `a` to `b` at which it is farthest from `segments`,
    /// that distance in the coordinates' unit, and the distances at the path's two ends (so a
    /// caller can tell a peak between them from an end). Nil when `segments` is empty.
    public static func farthest(from a: Coordinate, to b: Coordinate, segments: [(Coordinate, Coordinate)])
        -> (t: Double, distance: Double, start: Double, end: Double)?
    {
        guard !segments.isEmpty else { return nil }
        let dx = b.x - a.x
        let dy = b.y - a.y
        // Local coordinates with `a` at the origin: metric-grid magnitudes would cancel digits.
        let pieces = segments.map {
            Stretches(
                p: Coordinate(x: $0.0.x - a.x, y: $0.0.y - a.y),
                q: Coordinate(x: $0.1.x - a.x, y: $0.1.y - a.y), dx: dx, dy: dy)
        }
        var candidates: [Double] = [0, 1]
        for i in pieces.indices {
            for j in pieces.indices where j > i {
                candidates += equalities(pieces[i], pieces[j])
            }
        }
        func distance(at t: Double) -> Double { max(0, pieces.map { $0.squared(at: t) }.min()!).squareRoot() }
        var best = (t: 0.0, distance: -1.0)
        for t in candidates {
            let d = distance(at: t)
            if d > best.distance { best = (t, d) }
        }
        return (best.t, best.distance, distance(at: 0), distance(at: 1))
    }

    /// The parameters in [0, 1] where the two squared distances are equal.
    private static func equalities(_ f: Stretches, _ g: Stretches) -> [Double] {
        let cuts = ([0.0, 1.0] + f.breaks + g.breaks).filter { $0 >= 0 && $0 <= 1 }.sorted()
        var roots = [Double]()
        for (lo, hi) in zip(cuts, cuts.dropFirst()) where hi > lo {
            let mid = (lo + hi) / 2
            let p = f.quadratic(at: mid)
            let q = g.quadratic(at: mid)
            for r in Quadratic(a: p.a - q.a, b: p.b - q.b, c: p.c - q.c).roots where r >= lo && r <= hi {
                roots.append(r)
            }
        }
        return roots
    }
}

/// a·t² + b·t + c.
struct Quadratic {
    var a: Double, b: Double, c: Double

    func callAsFunction(_ t: Double) -> Double { (a * t + b) * t + c }

    /// Real roots, by the cancellation-free form; a vanishing leading term falls back to the
    /// linear root, and an identically zero quadratic has none worth listing (equal everywhere).
    var roots: [Double] {
        let scale = max(abs(a), abs(b), abs(c))
        guard scale > 0 else { return [] }
        if abs(a) <= 1e-12 * scale {
            return abs(b) <= 1e-12 * scale ? [] : [-c / b]
        }
        let disc = b * b - 4 * a * c
        guard disc >= 0 else { return [] }
        let q = -0.5 * (b + (b >= 0 ? 1 : -1) * disc.squareRoot())
        return q == 0 ? [0] : [q / a, c / q]
    }
}

/// The squared distance from the path's point at t, (t·dx, t·dy), to the segment p–q, as one
/// quadratic in t on each stretch where the nearest point of the segment is its first end,
/// its interior, or its last end.
private struct Stretches {
    let toP: Quadratic, toQ: Quadratic, across: Quadratic
    /// The segment's own parameter of the nearest point on its line: u0 + u1·t.
    let u0: Double, u1: Double
    let degenerate: Bool

    init(p: Coordinate, q: Coordinate, dx: Double, dy: Double) {
        let ex = q.x - p.x
        let ey = q.y - p.y
        let e2 = ex * ex + ey * ey
        let l2 = dx * dx + dy * dy
        toP = Quadratic(a: l2, b: -2 * (p.x * dx + p.y * dy), c: p.x * p.x + p.y * p.y)
        toQ = Quadratic(a: l2, b: -2 * (q.x * dx + q.y * dy), c: q.x * q.x + q.y * q.y)
        degenerate = e2 == 0
        if degenerate {
            across = toP
            u0 = 0
            u1 = 0
        } else {
            // cross(e, point − p) = c0 + c1·t, squared over |e|².
            let c0 = ex * (-p.y) - ey * (-p.x)
            let c1 = ex * dy - ey * dx
            across = Quadratic(a: c1 * c1 / e2, b: 2 * c0 * c1 / e2, c: c0 * c0 / e2)
            u0 = (-p.x * ex - p.y * ey) / e2
            u1 = (dx * ex + dy * ey) / e2
        }
    }

    /// Where the nearest point changes stretch.
    var breaks: [Double] { degenerate || u1 == 0 ? [] : [-u0 / u1, (1 - u0) / u1] }

    func quadratic(at t: Double) -> Quadratic {
        if degenerate { return toP }
        let u = u0 + u1 * t
        return u <= 0 ? toP : u >= 1 ? toQ : across
    }

    func squared(at t: Double) -> Double { quadratic(at: t)(t) }
}
