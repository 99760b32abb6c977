import Foundation
import Testing

/// `bordersim sweep --target METRIC=VALUE±TOL`: policies or design points ranked by their
/// distance to observed figures.
@Suite("sweep --target ranking", .serialized)
struct CalibrationTests {
    static let sweepFile = CLI.fixture("sweep/sweep.yaml")
    static let targets = ["--target", "got_through=1±2", "--target", "patrol_distance=2000+-500"]

    @Test func policiesAreRankedByTheirDistanceToTheObservedFigures() throws {
        let out = try CLI.temporaryFolder().appendingPathComponent("out")
        let r = try CLI.run(["sweep", Self.sweepFile, "--out", out.path, "--quiet"] + Self.targets)
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("ranking.csv"), encoding: .utf8)
            .split(separator: "\r\n").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
        #expect(
            csv[0] == [
                "rank", "policy", "distance", "within", "got_through_mean", "got_through_z",
                "patrol_distance_mean", "patrol_distance_z",
            ])
        #expect(csv.dropFirst().map { $0[1] } == ["doubled", "baseline", "no-turn-back"])
        #expect(csv[1][3] == "true" && csv[2][3] == "false")
        // The distance is √(z₁² + z₂²) of the z columns, and z = (mean − observed) / tolerance.
        for row in csv.dropFirst() {
            let z1 = try #require(Double(row[5]))
            let z2 = try #require(Double(row[7]))
            #expect(abs(try #require(Double(row[2])) - (z1 * z1 + z2 * z2).squareRoot()) < 1e-5)
            #expect(abs((try #require(Double(row[4])) - 1) / 2 - z1) < 1e-5)
        }
        #expect(r.stdout.contains("| 1 | doubled | 0.51 | yes | 0.0 (-0.50) | 2059.9 (+0.12) |"), "\(r.stdout)")
        let md = try String(contentsOf: out.appendingPathComponent("ranking.md"), encoding: .utf8)
        #expect(r.stdout.hasSuffix(md))
    }

    @Test func aRankedSweepMergesToTheSameFilesAndTheTargetsAreTheSweeps() throws {
        let folder = try CLI.temporaryFolder()
        let whole = folder.appendingPathComponent("whole")
        #expect(try CLI.run(["sweep", Self.sweepFile, "--out", whole.path, "--quiet"] + Self.targets).status == 0)
        var shards = [String]()
        for k in [2, 1] {
            let out = folder.appendingPathComponent("shard-\(k)").path
            #expect(
                try CLI.run(
                    ["sweep", Self.sweepFile, "--shard", "\(k)/2", "--out", out, "--quiet"]
                        + Self.targets
                ).status == 0)
            shards.append(out)
        }
        let merged = folder.appendingPathComponent("merged")
        let m = try CLI.run(["merge"] + shards + ["--out", merged.path, "--quiet"])
        #expect(m.status == 0, "\(m.stderr)")
        for name in ["ranking.csv", "ranking.md", "runs.csv", "summary.csv", "summary.md", "provenance.json"] {
            #expect(
                try Data(contentsOf: whole.appendingPathComponent(name))
                    == Data(contentsOf: merged.appendingPathComponent(name)), "\(name) differs")
        }
        // A shard ranked against other figures belongs to another sweep.
        let other = folder.appendingPathComponent("other").path
        #expect(
            try CLI.run([
                "sweep", Self.sweepFile, "--shard", "2/2", "--out", other, "--quiet",
                "--target", "got_through=3±1",
            ]).status == 0)
        let bad = try CLI.run([
            "merge", shards[1], other, "--out", folder.appendingPathComponent("bad").path, "--quiet",
        ])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("its observed is 'got_through=3±1'"), "\(bad.stderr)")
    }

    @Test(arguments: [
        ("got_thru=1±2", "no metric 'got_thru'"), ("got_through=1±0", "expected a tolerance > 0 after ±"),
        ("got_through=1", "expected METRIC=VALUE±TOLERANCE"), ("got_through", "expected METRIC=VALUE±TOLERANCE"),
        ("got_through=a±1", "plain numbers in the metric's unit"),
    ])
    func badTargetsAreUsageErrors(target: String, message: String) throws {
        let r = try CLI.run(["sweep", Self.sweepFile, "--target", target, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func observedFiguresInASweepFileAreReadAndAMistakeIsShownAtItsLine() throws {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("observed.yaml")
        try """
        version: 1
        scenario: \(CLI.fixture("sweep/scenario.yaml"))
        replicates: 2
        observed: ["got_through=1±2", "crossings=6+-x"]
        """.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["sweep", file.path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(file.path):4:31: observed[1]: expected METRIC=VALUE±TOLERANCE"), "\(r.stderr)")
    }
}
