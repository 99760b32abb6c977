import Foundation
import Testing

@testable import BorderSimIO

/// The sensitivity estimators against functions whose indices are known analytically.
@Suite struct SensitivityEstimatorTests {
    /// Ishigami & Homma (1990): f = sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³, a = 7, b = 0.1.
    static func ishigami(_ u: [Double]) -> Double {
        let x = u.map { -Double.pi + 2 * Double.pi * $0 }
        return sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0])
    }

    /// Analytic indices (e.g. Saltelli et al. 2008, *Global Sensitivity Analysis: The Primer*, §4.8).
    static let firstOrder = [0.3139, 0.4424, 0.0]
    static let total = [0.5576, 0.4424, 0.2437]

    /// The documented sample size (docs/sensitivity.md): N = 8192 base samples.
    @Test func sobolIndicesOfIshigamiAreWithinTwoHundredthsAtTheDocumentedSampleSize() throws {
        let n = 8192
        let points = SensitivityEstimators.saltelliPoints(parameters: 3, samples: n)
        #expect(points.count == n * 5)
        let y = points.map(Self.ishigami)
        let indices = try #require(
            SensitivityEstimators.sobol(
                outputs: y, parameters: 3, samples: n, bootstrap: 200,
                seed: 1))
        // BORDERSIM_PRINT_INDICES=1 prints them, for docs/sensitivity.md.
        if ProcessInfo.processInfo.environment["BORDERSIM_PRINT_INDICES"] != nil {
            for (i, x) in indices.enumerated() {
                print(
                    "Ishigami x\(i + 1): S1 \(x.firstOrder.value) [\(x.firstOrder.low), \(x.firstOrder.high)] "
                        + "ST \(x.total.value) [\(x.total.low), \(x.total.high)]")
            }
        }
        for i in 0..<3 {
            #expect(abs(indices[i].firstOrder.value - Self.firstOrder[i]) < 0.02, "S1[\(i)] = \(indices[i].firstOrder)")
            #expect(abs(indices[i].total.value - Self.total[i]) < 0.02, "ST[\(i)] = \(indices[i].total)")
            #expect(indices[i].total.low <= indices[i].total.value && indices[i].total.value <= indices[i].total.high)
            #expect(indices[i].total.high - indices[i].total.low < 0.1)
        }
        // The same outputs and seed give the same intervals.
        let again = SensitivityEstimators.sobol(outputs: y, parameters: 3, samples: n, bootstrap: 200, seed: 1)
        #expect(again == indices)
    }

    @Test func aConstantOutputHasNoIndices() {
        let points = SensitivityEstimators.saltelliPoints(parameters: 2, samples: 16)
        #expect(
            SensitivityEstimators.sobol(
                outputs: points.map { _ in 3 }, parameters: 2, samples: 16, bootstrap: 10,
                seed: 1) == nil)
    }

    /// Each coordinate of the first 2^k points (the origin included) puts one point in each
    /// of the 2^k equal intervals of [0, 1): the defining property of a Sobol' sequence.
    @Test func everyDimensionOfTheSobolSequenceIsStratified() {
        var sequence = SobolSequence(dimensions: SobolSequence.maxDimensions)
        let points = (0..<1024).map { _ in sequence.next() }
        for j in 0..<SobolSequence.maxDimensions {
            for k in [1, 4, 10] {
                let cells = Set(points.prefix(1 << k).map { Int($0[j] * Double(1 << k)) })
                #expect(cells.count == 1 << k, "dimension \(j + 1), 2^\(k) points")
            }
        }
        // The first points of the unscrambled Joe–Kuo sequence (as SciPy's qmc.Sobol gives them).
        let known: [[Double]] = [
            [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875],
            [0.125, 0.625, 0.375],
        ]
        #expect(points.prefix(8).map { Array($0.prefix(3)) } == known)
    }

    /// y = 10 x1 − 5 x2 + x3 (+ 0 · x4): every elementary effect is the coefficient.
    @Test func morrisRanksTheInputsOfALinearModel() {
        let c = [10.0, -5, 1, 0]
        let points = SensitivityEstimators.morrisPoints(parameters: 4, trajectories: 10, levels: 4, seed: 7)
        #expect(points.count == 10 * 5)
        #expect(points.allSatisfy { $0.allSatisfy { (0...1).contains($0) } })
        let y = points.map { x in zip(c, x).map(*).reduce(0, +) }
        let m = SensitivityEstimators.morris(points: points, outputs: y, parameters: 4)
        for i in 0..<4 {
            #expect(abs(m[i].muStar - abs(c[i])) < 1e-9)
            #expect(abs(m[i].mu - c[i]) < 1e-9)
            #expect(m[i].sigma < 1e-9)
        }
        let ranking = (0..<4).sorted { m[$0].muStar > m[$1].muStar }
        #expect(ranking == [0, 1, 2, 3])
    }

    /// A non-additive term shows as σ: y = x1 · x2 has effects that depend on the other input.
    @Test func morrisSigmaShowsAnInteraction() {
        let points = SensitivityEstimators.morrisPoints(parameters: 3, trajectories: 20, levels: 4, seed: 3)
        let m = SensitivityEstimators.morris(points: points, outputs: points.map { $0[0] * $0[1] }, parameters: 3)
        #expect(m[0].sigma > 0.1 && m[1].sigma > 0.1)
        #expect(m[2].muStar == 0 && m[2].sigma == 0)
    }

    @Test func integerParametersSplitTheirRangeIntoEqualBins() {
        let p = SensitivityDesign.Parameter(
            key: "units.x.size", low: 1, high: 4, unit: "", integer: true,
            writtenKey: .init(text: "k", mark: nil, plain: true, path: "", file: ""))
        #expect([0, 0.24, 0.25, 0.5, 0.99, 1].map(p.value(at:)) == [1, 1, 2, 3, 4, 4])
        let q = SensitivityDesign.Parameter(
            key: "units.x.speed", low: 2, high: 4, unit: "km/h", integer: false,
            writtenKey: .init(text: "k", mark: nil, plain: true, path: "", file: ""))
        #expect(q.text(at: 0.25) == "2.5 km/h")
    }
}
