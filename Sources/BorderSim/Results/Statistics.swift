import Foundation

/// Summary statistics and confidence intervals for comparing replicates of runs.
///
/// Everything is plain, deterministic arithmetic over arrays in the order given: the same
/// values give the same bits on any machine. Intervals are two-sided, from Student's t
/// distribution (the replicates' mean is treated as normally distributed, which holds for
/// sums of many independent effects and, by the central limit theorem, for large n).
public enum Statistics {
    /// The confidence level of every interval this module reports.
    public static let confidence = 0.95

    /// A sample's size, mean, sample standard deviation and two-sided confidence interval of its mean.
    public struct Summary: Sendable, Hashable {
        public var n: Int
        public var mean: Double
        /// Sample standard deviation (n − 1 in the denominator); NaN for n < 2.
        public var standardDeviation: Double
        /// Half the width of the confidence interval: t(1 − α/2, n − 1) · sd / √n; infinite for n < 2
        /// (one value says nothing about the spread), 0 when every value is the same.
        public var halfWidth: Double
        /// The confidence level, e.g. 0.95.
        public var confidence: Double

        public var lower: Double { mean - halfWidth }
        public var upper: Double { mean + halfWidth }

        public init(n: Int, mean: Double, standardDeviation: Double, halfWidth: Double, confidence: Double) {
            self.n = n
            self.mean = mean
            self.standardDeviation = standardDeviation
            self.halfWidth = halfWidth
            self.confidence = confidence
        }
    }

    /// The arithmetic mean; NaN for no values.
    public static func mean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        var sum = 0.0
        for v in values { sum += v }
        return sum / Double(values.count)
    }

    /// The sample standard deviation (denominator n − 1); NaN for fewer than two values.
    ///
    /// Two passes (mean, then squared deviations), which keeps the error small when the
    /// spread is tiny next to the mean.
    public static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return .nan }
        let m = mean(values)
        var squares = 0.0
        for v in values { squares += (v - m) * (v - m) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// Mean and confidence interval of the mean of `values`.
    public static func summary(_ values: [Double], confidence: Double = confidence) -> Summary {
        let n = values.count
        let m = mean(values)
        guard n >= 2 else {
            return Summary(n: n, mean: m, standardDeviation: .nan, halfWidth: .infinity, confidence: confidence)
        }
        let sd = standardDeviation(values)
        let t = studentTQuantile(0.5 + confidence / 2, degreesOfFreedom: Double(n - 1))
        return Summary(
            n: n, mean: m, standardDeviation: sd, halfWidth: t * sd / Double(n).squareRoot(),
            confidence: confidence)
    }

    /// The paired difference `a[k] − b[k]` over the pairs where both are present: its mean and
    /// confidence interval.
    ///
    /// Under common random numbers replicate k of two policies shares everything the policies
    /// do not change, so the pairs' differences vary much less than the values themselves, and
    /// this interval is much narrower than `unpairedDifference` on the same runs.
    public static func pairedDifference(_ a: [Double?], _ b: [Double?], confidence: Double = confidence) -> Summary {
        var differences = [Double]()
        for (x, y) in zip(a, b) {
            if let x, let y { differences.append(x - y) }
        }
        return summary(differences, confidence: confidence)
    }

    /// The difference of the means of two independent samples, `mean(a) − mean(b)`, with
    /// Welch's interval (unequal variances, Welch–Satterthwaite degrees of freedom). For
    /// comparison with `pairedDifference`: what the interval would be without pairing.
    /// `n` is the smaller of the two sample sizes; `standardDeviation` is the standard error.
    public static func unpairedDifference(_ a: [Double], _ b: [Double], confidence: Double = confidence) -> Summary {
        let n = min(a.count, b.count)
        let difference = mean(a) - mean(b)
        guard a.count >= 2, b.count >= 2 else {
            return Summary(
                n: n, mean: difference, standardDeviation: .nan, halfWidth: .infinity, confidence: confidence)
        }
        let va = pow(standardDeviation(a), 2) / Double(a.count)
        let vb = pow(standardDeviation(b), 2) / Double(b.count)
        let se = (va + vb).squareRoot()
        guard se > 0 else {
            return Summary(n: n, mean: difference, standardDeviation: 0, halfWidth: 0, confidence: confidence)
        }
        let df = (va + vb) * (va + vb) / (va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1))
        let t = studentTQuantile(0.5 + confidence / 2, degreesOfFreedom: df)
        return Summary(n: n, mean: difference, standardDeviation: se, halfWidth: t * se, confidence: confidence)
    }

    /// The `p`-quantile of a sample by linear interpolation between order statistics (type 7 of
    /// Hyndman & Fan, the default of R and NumPy): with the values sorted, position (n − 1)·p.
    /// Nil for no values.
    public static func quantile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let h = Double(sorted.count - 1) * min(1, max(0, p))
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    // MARK: Distributions

    /// The `p`-quantile of Student's t distribution with `degreesOfFreedom` ν > 0 (not
    /// necessarily whole): the t with P(T ≤ t) = p. An infinite ν gives the normal quantile.
    ///
    /// Found by bisection on the distribution function, P(T ≤ t) = 1 − I_x(ν/2, 1/2)/2 for
    /// t ≥ 0 with x = ν/(ν + t²), where I is the regularized incomplete beta function
    /// (`regularizedIncompleteBeta`); the bracket halves until it no longer shrinks in double
    /// precision. Accurate to about 1e-12 relative, e.g. t(0.975, 1) = 12.7062047…,
    /// t(0.975, 4) = 2.7764451…, t(0.975, 29) = 2.0452296…
    ///
    /// - Complexity: about 60 evaluations of the incomplete beta function, each a continued
    ///   fraction of at most a few hundred terms.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p < 1, "a quantile needs 0 < p < 1")
        precondition(nu > 0, "Student's t needs degrees of freedom > 0")
        if nu.isInfinite { return normalQuantile(p) }
        if p < 0.5 { return -studentTQuantile(1 - p, degreesOfFreedom: nu) }
        if p == 0.5 { return 0 }
        // Upper tail probability q = 1 − p, computed from p once.
        let q = 1 - p
        func upperTail(_ t: Double) -> Double { 0.5 * regularizedIncompleteBeta(nu / (nu + t * t), nu / 2, 0.5) }
        var lo = 0.0
        var hi = 1.0
        while upperTail(hi) > q {
            lo = hi
            hi *= 2
            if hi > 1e300 { return .infinity }
        }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            guard mid > lo && mid < hi else { break }
            if upperTail(mid) > q { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The `p`-quantile of the standard normal distribution (Wichura's algorithm AS 241,
    /// PPND16, relative accuracy about 1e-16).
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "a quantile needs 0 < p < 1")
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let num =
                (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                    + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                    + 133.14166789178437745) * r + 3.387132872796366608)
            let den =
                (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
                    + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                    + 42.313330701600911252) * r + 1)
            return q * num / den
        }
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        var value: Double
        if r <= 5 {
            r -= 1.6
            value =
                (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                    + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                    + 4.6303378461565452959) * r + 1.42343711074968357734)
                / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                    + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                    + 2.05319162663775882187) * r + 1)
        } else {
            r -= 5
            value =
                (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
                    + 0.0012426609473880784386) * r + 0.026532189526576123093) * r + 0.29656057182850489123) * r
                    + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772)
                / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r
                    + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r
                    + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1)
        }
        return q < 0 ? -value : value
    }

    /// The regularized incomplete beta function I_x(a, b), for 0 ≤ x ≤ 1 and a, b > 0.
    ///
    /// Lentz's continued fraction (Numerical Recipes, 3rd ed., §6.4 `betacf`), applied to x or
    /// to 1 − x by the symmetry I_x(a, b) = 1 − I_{1−x}(b, a), whichever converges fast.
    public static func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        let front = exp(logFront)
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(x, a, b) / a
        }
        return 1 - front * betaContinuedFraction(1 - x, b, a) / b
    }

    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
