import BorderSim
import Foundation
import Testing

@testable import BorderSimIO

/// The border-crossing benchmark through the real core must give WORKLOAD.md's reference
/// values bit for bit. It reads only the project's own copy of the 1,000-walker workload and its
/// WKT (Fixtures/bench, taken from the shared benchmark data), so it runs on a clone alone.
@Suite("Bench: WORKLOAD.md reference values")
struct BenchWorkloadTests {
    static let workload = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bench/workload-1000.json").path

    // Copied from WORKLOAD.md's table for data/workload-1000.json (P = 20).
    @Test(arguments: [
        (1, 0, 0, 0, 0, "6642247249.083519", "c2dd8bec87ef6541"),
        (10, 10, 0, 0, 0, "6642251528.424889", "0ff6db39af46380f"),
        (100, 136, 3, 6, 0, "6642294321.838411", "da1c69a1541e81f8"),
        (360, 444, 24, 15, 12, "6642419787.420622", "394de8d395ff3276"),
    ])
    func thousandWalkersMatchTheReference(
        steps: Int, intoLT: Int, outOfLT: Int, detected: Int, arrived: Int,
        checksum: String, poshash: String
    ) throws {
        let bench = try BenchWorkload(path: Self.workload, steps: steps)
        #expect(bench.walkers == 1000 && bench.patrols == 20)
        let outcome = bench.outcome(of: try Simulation(scenario: bench.scenario, sampleInterval: .infinity).run())
        #expect(outcome.crossingsIntoLT == intoLT)
        #expect(outcome.crossingsOutOfLT == outOfLT)
        #expect(outcome.detected == detected)
        #expect(outcome.arrived == arrived)
        #expect("\(outcome.checksum)" == checksum)
        #expect(String(outcome.poshash, radix: 16).leftPadded(to: 16) == poshash)
    }

    @Test func aMissingWorkloadIsReportedWithItsPath() {
        #expect {
            _ = try BenchWorkload(path: "/nonexistent/workload.json", steps: 1)
        } throws: { "\($0)".contains("/nonexistent/workload.json") }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
