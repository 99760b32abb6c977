import BorderSim
import Foundation

/// Screening and variance-based sensitivity analysis on the unit cube: the sample designs and
/// their estimators, pure functions of the design and the model outputs (docs/sensitivity.md).
///
/// - Morris (elementary effects): Morris, M. D. (1991), "Factorial sampling plans for
///   preliminary computational experiments", *Technometrics* 33(2), 161–174; μ* from
///   Campolongo, F., Cariboni, J. & Saltelli, A. (2007), "An effective screening design for
///   sensitivity analysis of large models", *Environ. Model. Softw.* 22(10), 1509–1518.
/// - Sobol' indices with Saltelli sampling: Saltelli, A. et al. (2010), "Variance based
///   sensitivity analysis of model output. Design and estimator for the total sensitivity
///   index", *Comput. Phys. Commun.* 181(2), 259–270: first order by their eq. (b) of Table 2,
///   total by Jansen (1999) (their eq. (f)); the points from a Sobol' sequence with the
///   direction numbers of Joe, S. & Kuo, F. Y. (2008), *SIAM J. Sci. Comput.* 30(5), 2635–2654.
public enum SensitivityEstimators {
    // MARK: Morris

    /// One elementary-effects result per parameter: mean μ, mean of absolute values μ*, and
    /// standard deviation σ of the effects, in output units per whole range of the parameter.
    public struct MorrisIndices: Sendable, Equatable {
        public var mu: Double
        public var muStar: Double
        public var sigma: Double
    }

    /// `trajectories` Morris trajectories of `d + 1` points each on a `levels`-level grid of
    /// [0, 1]^d; each step moves one parameter by Δ = levels / (2 (levels − 1)), up or down.
    public static func morrisPoints(parameters d: Int, trajectories r: Int, levels p: Int, seed: UInt64) -> [[Double]] {
        var random = RandomStream(seed: seed)
        let delta = Double(p) / (2 * Double(p - 1))
        // Base levels from which +Δ stays in [0, 1]: 0, 1/(p−1), …, 1 − Δ.
        let bases = (0..<p).map { Double($0) / Double(p - 1) }.filter { $0 + delta <= 1 + 1e-12 }
        var points = [[Double]]()
        for _ in 0..<r {
            var order = Array(0..<d)
            for i in stride(from: d - 1, to: 0, by: -1) { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
            var x = [Double](repeating: 0, count: d)
            var up = [Bool](repeating: true, count: d)
            for i in 0..<d {
                let base = bases[Int(random.next() % UInt64(bases.count))]
                up[i] = random.next() & 1 == 0
                x[i] = up[i] ? base : base + delta
            }
            points.append(x)
            for i in order {
                x[i] += up[i] ? delta : -delta
                points.append(x)
            }
        }
        return points
    }

    /// μ, μ* and σ of each parameter from the outputs `y` at `morrisPoints` (same order).
    public static func morris(points: [[Double]], outputs y: [Double], parameters d: Int) -> [MorrisIndices] {
        var effects = [[Double]](repeating: [], count: d)
        let r = points.count / (d + 1)
        for t in 0..<r {
            for s in 0..<d {
                let a = t * (d + 1) + s
                let b = a + 1
                guard let i = (0..<d).first(where: { points[a][$0] != points[b][$0] }) else { continue }
                effects[i].append((y[b] - y[a]) / (points[b][i] - points[a][i]))
            }
        }
        return effects.map { e in
            let n = Double(e.count)
            let mu = e.reduce(0, +) / n
            let muStar = e.map(abs).reduce(0, +) / n
            let sigma = e.count > 1 ? (e.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / (n - 1)).squareRoot() : 0
            return MorrisIndices(mu: mu, muStar: muStar, sigma: sigma)
        }
    }

    // MARK: Sobol'

    /// An index and its bootstrap 95 % interval.
    public struct Estimate: Sendable, Equatable {
        public var value: Double
        public var low: Double
        public var high: Double
    }

    public struct SobolIndices: Sendable, Equatable {
        public var firstOrder: Estimate
        public var total: Estimate
    }

    /// Saltelli's `samples · (d + 2)` points: the rows of A, then of B, then for each parameter
    /// i the rows of A with column i taken from B. A and B are the first and last d
    /// coordinates of points 1…N of a 2d-dimensional Sobol' sequence.
    public static func saltelliPoints(parameters d: Int, samples n: Int) -> [[Double]] {
        var sequence = SobolSequence(dimensions: 2 * d)
        var a = [[Double]]()
        var b = [[Double]]()
        _ = sequence.next()  // skip the origin
        for _ in 0..<n {
            let x = sequence.next()
            a.append(Array(x[0..<d]))
            b.append(Array(x[d..<(2 * d)]))
        }
        var points = a + b
        for i in 0..<d {
            for j in 0..<n {
                var row = a[j]
                row[i] = b[j][i]
                points.append(row)
            }
        }
        return points
    }

    /// First-order and total indices of each parameter from the outputs at `saltelliPoints`,
    /// with 95 % percentile intervals from `bootstrap` resamples of the N rows (seeded, so
    /// the same outputs give the same intervals). Nil when the output does not vary.
    public static func sobol(outputs y: [Double], parameters d: Int, samples n: Int, bootstrap: Int, seed: UInt64)
        -> [SobolIndices]?
    {
        let fA = Array(y[0..<n])
        let fB = Array(y[n..<(2 * n)])
        let fAB = (0..<d).map { Array(y[((2 + $0) * n)..<((3 + $0) * n)]) }
        func indices(_ rows: [Int]) -> [(Double, Double)]? {
            let all = rows.map { fA[$0] } + rows.map { fB[$0] }
            let mean = all.reduce(0, +) / Double(all.count)
            let variance = all.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(all.count)
            guard variance > 0 else { return nil }
            let m = Double(rows.count)
            return (0..<d).map { i in
                var first = 0.0
                var total = 0.0
                for j in rows {
                    first += fB[j] * (fAB[i][j] - fA[j])
                    total += (fA[j] - fAB[i][j]) * (fA[j] - fAB[i][j])
                }
                return (first / m / variance, total / (2 * m) / variance)
            }
        }
        guard let point = indices(Array(0..<n)) else { return nil }
        var random = RandomStream(seed: seed)
        var firsts = [[Double]](repeating: [], count: d)
        var totals = [[Double]](repeating: [], count: d)
        for _ in 0..<bootstrap {
            let rows = (0..<n).map { _ in Int(random.next() % UInt64(n)) }
            guard let resample = indices(rows) else { continue }
            for i in 0..<d {
                firsts[i].append(resample[i].0)
                totals[i].append(resample[i].1)
            }
        }
        func estimate(_ value: Double, _ samples: [Double]) -> Estimate {
            guard !samples.isEmpty else { return Estimate(value: value, low: .nan, high: .nan) }
            let s = samples.sorted()
            func quantile(_ q: Double) -> Double {
                let h = q * Double(s.count - 1)
                let lo = Int(h.rounded(.down))
                let hi = min(lo + 1, s.count - 1)
                return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
            }
            return Estimate(value: value, low: quantile(0.025), high: quantile(0.975))
        }
        return (0..<d).map {
            SobolIndices(firstOrder: estimate(point[$0].0, firsts[$0]), total: estimate(point[$0].1, totals[$0]))
        }
    }
}

/// The Sobol' low-discrepancy sequence in up to 21 dimensions (Gray-code order), with the
/// direction numbers of Joe & Kuo (2008, file new-joe-kuo-6.21201); dimension 1 is van der Corput.
struct SobolSequence {
    static let maxDimensions = 21
    /// (degree s, coefficients a, initial m_1…m_s) for dimensions 2…21.
    private static let table: [(s: Int, a: UInt32, m: [UInt32])] = [
        (1, 0, [1]), (2, 1, [1, 3]), (3, 1, [1, 3, 1]), (3, 2, [1, 1, 1]), (4, 1, [1, 1, 3, 3]),
        (4, 4, [1, 3, 5, 13]), (5, 2, [1, 1, 5, 5, 17]), (5, 4, [1, 1, 5, 5, 5]), (5, 7, [1, 1, 7, 11, 19]),
        (5, 11, [1, 1, 5, 1, 1]), (5, 13, [1, 1, 1, 3, 11]), (5, 14, [1, 3, 5, 5, 31]),
        (6, 1, [1, 3, 3, 9, 7, 49]), (6, 13, [1, 1, 1, 15, 21, 21]), (6, 16, [1, 3, 1, 13, 27, 49]),
        (6, 19, [1, 1, 1, 15, 7, 5]), (6, 22, [1, 3, 1, 15, 13, 25]), (6, 25, [1, 1, 5, 5, 19, 61]),
        (7, 1, [1, 3, 7, 11, 23, 15, 103]), (7, 4, [1, 3, 7, 13, 13, 15, 69]),
    ]
    private static let bits = 32
    private var directions: [[UInt32]]
    private var x: [UInt32]
    private var index: UInt32 = 0

    init(dimensions: Int) {
        precondition((1...Self.maxDimensions).contains(dimensions), "at most \(Self.maxDimensions) dimensions")
        var directions = [[UInt32]]()
        directions.append((0..<Self.bits).map { UInt32(1) << UInt32(31 - $0) })
        for j in 1..<dimensions {
            let (s, a, m) = Self.table[j - 1]
            var v = [UInt32](repeating: 0, count: Self.bits)
            for i in 0..<min(s, Self.bits) { v[i] = m[i] << UInt32(31 - i) }
            if s < Self.bits {
                for i in s..<Self.bits {
                    var value = v[i - s] ^ (v[i - s] >> UInt32(s))
                    for k in 1..<s where (a >> UInt32(s - 1 - k)) & 1 == 1 { value ^= v[i - k] }
                    v[i] = value
                }
            }
            directions.append(v)
        }
        self.directions = directions
        x = [UInt32](repeating: 0, count: dimensions)
    }

    /// The next point in [0, 1)^d; the first is the origin.
    mutating func next() -> [Double] {
        let point = x.map { Double($0) / 4_294_967_296.0 }
        // Gray code: flip the direction of the lowest zero bit of the index.
        var c = 0
        var i = index
        while i & 1 == 1 {
            i >>= 1
            c += 1
        }
        for j in x.indices { x[j] ^= directions[j][c] }
        index += 1
        return point
    }
}
