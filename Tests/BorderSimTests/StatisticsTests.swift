import Foundation
import Testing

@testable import BorderSim

/// Standard normal draws from a seeded stream (Box–Muller), for samples with known distributions.
private struct NormalDraws {
    var rng: RandomStream

    init(seed: UInt64) { rng = RandomStream(seed: seed) }

    mutating func next(mean: Double = 0, sd: Double = 1) -> Double {
        let u1 = max(rng.unit(), 0x1.0p-53)
        let u2 = rng.unit()
        return mean + sd * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    mutating func sample(_ n: Int, mean: Double = 0, sd: Double = 1) -> [Double] {
        (0..<n).map { _ in next(mean: mean, sd: sd) }
    }
}

@Suite("Statistics: means, intervals and Student's t")
struct StatisticsTests {
    /// Printed tables (e.g. NIST/SEMATECH e-Handbook, table of t critical values), to 3 decimals.
    @Test(arguments: [
        (1.0, 12.706), (4.0, 2.776), (29.0, 2.045), (Double.infinity, 1.960),
        (2.0, 4.303), (10.0, 2.228), (100.0, 1.984),
    ])
    func tQuantileMatchesTheTables(df: Double, expected: Double) {
        let t = Statistics.studentTQuantile(0.975, degreesOfFreedom: df)
        #expect(abs(t - expected) < 0.0005, "t(0.975, \(df)) = \(t)")
    }

    @Test func tQuantileIsAccurateWhereClosedFormsExist() {
        // ν = 1 is the Cauchy distribution: t = tan(π (p − ½)); ν = 2: t = (2p − 1) / √(2p(1 − p)).
        for p in [0.6, 0.9, 0.975, 0.995, 0.9995] {
            let cauchy = tan(Double.pi * (p - 0.5))
            #expect(abs(Statistics.studentTQuantile(p, degreesOfFreedom: 1) - cauchy) < 1e-9 * cauchy)
            let two = (2 * p - 1) / (2 * p * (1 - p)).squareRoot()
            #expect(abs(Statistics.studentTQuantile(p, degreesOfFreedom: 2) - two) < 1e-9 * two)
        }
        // Symmetric, and tends to the normal quantile as ν grows.
        #expect(
            Statistics.studentTQuantile(0.025, degreesOfFreedom: 7) == -Statistics.studentTQuantile(
                0.975, degreesOfFreedom: 7))
        let z = Statistics.normalQuantile(0.975)
        #expect(abs(z - 1.959963984540054) < 1e-12)
        #expect(abs(Statistics.studentTQuantile(0.975, degreesOfFreedom: 1e7) - z) < 1e-6)
    }

    @Test func incompleteBetaMatchesTheBinomialSum() {
        // For whole a, b: I_x(a, b) = P(Binomial(a + b − 1, x) ≥ a).
        func binomialTail(_ n: Int, _ x: Double, atLeast a: Int) -> Double {
            var total = 0.0
            for k in a...n {
                var choose = 1.0
                for i in 0..<k { choose = choose * Double(n - i) / Double(i + 1) }
                total += choose * pow(x, Double(k)) * pow(1 - x, Double(n - k))
            }
            return total
        }
        for (a, b) in [(1, 1), (2, 3), (5, 2), (7, 9)] {
            for x in [0.05, 0.3, 0.5, 0.77, 0.99] {
                let expected = binomialTail(a + b - 1, x, atLeast: a)
                #expect(
                    abs(Statistics.regularizedIncompleteBeta(x, Double(a), Double(b)) - expected) < 1e-12,
                    "I_\(x)(\(a), \(b))")
            }
        }
    }

    @Test func meanStandardDeviationAndQuantiles() {
        let values = [2.0, 4, 4, 4, 5, 5, 7, 9]
        #expect(Statistics.mean(values) == 5)
        // Squared deviations sum to 32; n − 1 = 7.
        #expect(abs(Statistics.standardDeviation(values) - (32.0 / 7).squareRoot()) < 1e-15)
        #expect(Statistics.quantile([4, 1, 3, 2], 0.5) == 2.5)
        #expect(abs(Statistics.quantile([4, 1, 3, 2], 0.9)! - 3.7) < 1e-12)
        #expect(Statistics.quantile([], 0.5) == nil)
        #expect(Statistics.mean([]).isNaN)
        let one = Statistics.summary([3])
        #expect(one.n == 1 && one.mean == 3 && one.halfWidth == .infinity)
        let constant = Statistics.summary([2, 2, 2])
        #expect(constant.halfWidth == 0 && constant.lower == 2 && constant.upper == 2)
    }

    @Test func intervalIsTheTQuantileTimesTheStandardError() {
        let values = [10.0, 12, 9, 14, 11]
        let s = Statistics.summary(values)
        let se = Statistics.standardDeviation(values) / 5.0.squareRoot()
        #expect(abs(s.halfWidth - Statistics.studentTQuantile(0.975, degreesOfFreedom: 4) * se) < 1e-12)
        #expect(s.lower < s.mean && s.mean < s.upper)
    }

    @Test func halfWidthShrinksAsReplicatesGrow() {
        var draws = NormalDraws(seed: 11)
        let all = draws.sample(640, mean: 50, sd: 8)
        let widths = [10, 40, 160, 640].map { Statistics.summary(Array(all.prefix($0))).halfWidth }
        for (a, b) in zip(widths, widths.dropFirst()) { #expect(b < a, "\(widths)") }
        // About 1/√n: quadrupling n roughly halves the width.
        for (a, b) in zip(widths.dropFirst(), widths.dropFirst(2)) {
            #expect(b / a > 0.35 && b / a < 0.65, "\(widths)")
        }
    }

    /// The intervals cover the true mean about 95 % of the time, even for n = 4 (where the
    /// normal quantile would give only about 86 %).
    @Test func intervalsCoverTheTrueMeanNinetyFivePercentOfTheTime() {
        var draws = NormalDraws(seed: 3)
        let trials = 4000
        var covered = 0
        for _ in 0..<trials {
            let s = Statistics.summary(draws.sample(4, mean: 10, sd: 2))
            if s.lower <= 10 && 10 <= s.upper { covered += 1 }
        }
        let rate = Double(covered) / Double(trials)
        // Binomial standard error at 0.95 over 4000 trials: 0.0034; allow 4 of them.
        #expect(abs(rate - 0.95) < 0.014, "coverage \(rate)")
    }

    @Test func pairingRemovesTheVariationTwoPoliciesShare() {
        var draws = NormalDraws(seed: 5)
        // Each replicate has a large shared part (the same migrants), and a policy effect of 1.
        let shared = draws.sample(30, sd: 10)
        let a = shared.map { $0 + 1 + draws.next(sd: 0.5) }
        let b = shared.map { $0 + draws.next(sd: 0.5) }
        let paired = Statistics.pairedDifference(a, b)
        let unpaired = Statistics.unpairedDifference(a, b)
        #expect(abs(paired.mean - unpaired.mean) < 1e-9)
        #expect(paired.halfWidth < unpaired.halfWidth / 5)
        #expect(paired.lower < 1 && 1 < paired.upper)
        // Pairs with a missing value are left out.
        let d = Statistics.pairedDifference([1, nil, 3, 4], [0, 5, nil, 1])
        #expect(d.n == 2 && d.mean == 2)
    }
}
