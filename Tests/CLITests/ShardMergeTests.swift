import Foundation
import Testing

/// `bordersim sweep --shard K/N` and `bordersim merge`, run as a user would on
/// `Fixtures/sweep/shards.yaml` and on the shipped `sweeps/policy-demo.yaml` (each 4 policies
/// × 20 replicates).
@Suite("sweep --shard and merge", .serialized)
struct ShardMergeTests {
    static let sweepFile = CLI.fixture("sweep/shards.yaml")
    static let sweepFiles = ["runs.csv", "summary.csv", "summary.md", "summary.svg", "provenance.json"]

    func contents(_ folder: URL) throws -> [String: Data] {
        var out = [String: Data]()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            out[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return out
    }

    /// Runs shards `indices` of N into `folder/shard-K`, with the given thread count each.
    func shards(
        _ indices: [Int], of n: Int, in folder: URL, file: String = sweepFile, extra: [String] = [],
        threads: (Int) -> Int = { _ in 1 }
    ) throws -> [String] {
        var paths = [String]()
        for k in indices {
            let out = folder.appendingPathComponent("shard-\(k)").path
            let r = try CLI.run(
                [
                    "sweep", file, "--shard", "\(k)/\(n)", "--out", out, "--quiet",
                    "--threads", String(threads(k)),
                ] + extra)
            #expect(r.status == 0, "shard \(k)/\(n): \(r.stderr)")
            paths.append(out)
        }
        return paths
    }

    @Test(arguments: [sweepFile, CLI.root.appendingPathComponent("sweeps/policy-demo.yaml").path])
    func eightShardsInAnyOrderOnAnyThreadsMergeToTheOneMachineSweepByteForByte(_ sweepFile: String) throws {
        let folder = try CLI.temporaryFolder()
        let whole = folder.appendingPathComponent("whole")
        let r = try CLI.run(["sweep", sweepFile, "--out", whole.path, "--quiet", "--threads", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        // Shards run in a scrambled order, on 1 or 2 threads, and are named to merge out of order.
        let paths = try shards([5, 2, 8, 1, 7, 3, 6, 4], of: 8, in: folder, file: sweepFile, threads: { $0 % 2 + 1 })
        let merged = folder.appendingPathComponent("merged")
        let m = try CLI.run(["merge"] + paths + ["--out", merged.path, "--quiet"])
        #expect(m.status == 0, "\(m.stderr)")
        #expect(m.stderr.isEmpty)
        let a = try contents(whole)
        let b = try contents(merged)
        #expect(a.keys.sorted() == Self.sweepFiles.sorted())
        #expect(b.keys.sorted() == a.keys.sorted())
        for name in a.keys { #expect(a[name] == b[name], "\(name) differs") }
        // merge prints the sweep's tables, as sweep does.
        #expect(m.stdout == r.stdout)
        // Each shard holds about an eighth of the 80 runs, of every policy.
        let runs = try String(contentsOf: URL(fileURLWithPath: paths[3] + "/shard-runs.csv"), encoding: .utf8)
            .split(separator: "\r\n").dropFirst()
        #expect(runs.count == 10)
        #expect(Set(runs.map { $0.split(separator: ",")[0] }).count == 4)
    }

    @Test func aMissingDuplicatedOrForeignShardIsRefusedByNameAndNothingIsWritten() throws {
        let folder = try CLI.temporaryFolder()
        let paths = try shards([1, 2, 3], of: 3, in: folder)
        let out = folder.appendingPathComponent("merged").path
        func merge(_ dirs: [String]) throws -> CLI.Outcome {
            let r = try CLI.run(["merge"] + dirs + ["--out", out, "--quiet"])
            #expect(r.status == 2, "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out), "a refused merge wrote \(out)")
            return r
        }
        #expect(try merge([paths[0], paths[2]]).stderr.contains("missing shard 2/3 (1 of 3)"))
        #expect(try merge(paths + [paths[1]]).stderr.contains("shard 2/3 is given twice"))
        // Another seed: another sweep.
        let foreign = folder.appendingPathComponent("foreign").path
        let f = try CLI.run(["sweep", Self.sweepFile, "--shard", "2/3", "--seed", "7", "--out", foreign, "--quiet"])
        #expect(f.status == 0, "\(f.stderr)")
        let e = try merge([paths[0], foreign, paths[2]]).stderr
        #expect(e.contains("\(foreign) is a shard of another sweep"))
        #expect(e.contains("its seed is '7', not '20'"))
        // Split another way.
        let other = try shards([2], of: 4, in: folder.appendingPathComponent("four"))
        #expect(try merge([paths[0], other[0], paths[2]]).stderr.contains("must all be split the same way"))
        // A whole sweep's folder, a file, nothing.
        let whole = folder.appendingPathComponent("whole").path
        #expect(try CLI.run(["sweep", CLI.fixture("sweep/sweep.yaml"), "--out", whole, "--quiet"]).status == 0)
        #expect(try merge([whole]).stderr.contains("no shard.json; it holds a whole sweep's files"))
        #expect(try merge([folder.appendingPathComponent("nowhere").path]).stderr.contains("no such folder"))
    }

    @Test func aChangedShardOrChangedInputsAreRefused() throws {
        let folder = try CLI.temporaryFolder()
        // A private copy of the fixture, so its scenario can be changed.
        let copy = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        var scenario = try String(contentsOfFile: CLI.fixture("sweep/scenario.yaml"), encoding: .utf8)
        scenario = scenario.replacingOccurrences(of: "../../../../geodata/", with: CLI.root.path + "/geodata/")
        try scenario.write(to: copy.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: Self.sweepFile, toPath: copy.appendingPathComponent("shards.yaml").path)
        let file = copy.appendingPathComponent("shards.yaml").path
        let paths = try shards([1, 2], of: 2, in: folder, file: file)
        let out = folder.appendingPathComponent("merged").path

        // A run's value edited: the row count still matches, the runs do not.
        let runsPath = paths[1] + "/shard-runs.csv"
        let runs = try String(contentsOfFile: runsPath, encoding: .utf8)
        try runs.replacingOccurrences(of: "\r\nbaseline,1,21,", with: "\r\nbaseline,3,21,")
            .write(toFile: runsPath, atomically: true, encoding: .utf8)
        var r = try CLI.run(["merge"] + paths + ["--out", out, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(runsPath):2: seed: expected 23"), "\(r.stderr)")
        try runs.write(toFile: runsPath, atomically: true, encoding: .utf8)

        // The scenario edited after the shards ran.
        try (scenario + "\n# edited\n").write(
            to: copy.appendingPathComponent("scenario.yaml"), atomically: true,
            encoding: .utf8)
        r = try CLI.run(["merge"] + paths + ["--out", out, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("the sweep changed since its shards ran: its scenario was"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func anAdaptiveSweepRunsInBatchesOfShardsAndMergesToTheOneMachineSweep() throws {
        let folder = try CLI.temporaryFolder()
        let file = CLI.fixture("sweep/sweep.yaml")
        let target = ["--target-metric", "got_through", "--target-half-width", "1", "--max-replicates", "12"]
        let whole = folder.appendingPathComponent("whole")
        #expect(try CLI.run(["sweep", file, "--out", whole.path, "--quiet"] + target).status == 0)
        var all = [String]()
        for batch in 1...3 {
            all += try shards(
                [2, 1], of: 2, in: folder.appendingPathComponent("b\(batch)"), file: file,
                extra: target + ["--batch", String(batch)])
            let merged = folder.appendingPathComponent("merged-\(batch)")
            let m = try CLI.run(["merge"] + all.reversed() + ["--out", merged.path, "--quiet"])
            #expect(m.status == 0, "\(m.stderr)")
            if batch < 3 {
                #expect(
                    m.stdout.contains(
                        "next batch: \(batch + 1) (target got_through half-width ≤ 1.0 not met after "
                            + "\(4 * batch) replicates"), "\(m.stdout)")
            } else {
                #expect(m.stdout.contains("complete after batch 3"), "\(m.stdout)")
                let a = try contents(whole)
                let b = try contents(merged)
                for name in Self.sweepFiles { #expect(a[name] == b[name], "\(name) differs") }
            }
        }
        // Batch 3 without batch 2 is not a sweep; nor is a batch the target made unnecessary.
        let out = folder.appendingPathComponent("bad").path
        let gap = try CLI.run(["merge"] + all.prefix(2) + all.suffix(2) + ["--out", out, "--quiet"])
        #expect(gap.status == 2)
        #expect(gap.stderr.contains("no shard of batch 2 is given, but batch 3 is"), "\(gap.stderr)")
        let easy = ["--target-metric", "arrivals", "--target-half-width", "1", "--max-replicates", "12"]
        let extra =
            try shards([1], of: 1, in: folder.appendingPathComponent("e1"), file: file, extra: easy)
            + shards([1], of: 1, in: folder.appendingPathComponent("e2"), file: file, extra: easy + ["--batch", "2"])
        let late = try CLI.run(["merge"] + extra + ["--out", out, "--quiet"])
        #expect(late.status == 2)
        #expect(
            late.stderr.contains("is met after batch 1, so batches 2–2 are not part of the sweep"), "\(late.stderr)")
        // Past the last batch, and --batch without a shard.
        let past = try CLI.run(["sweep", file, "--shard", "1/2", "--batch", "4", "--out", out, "--quiet"] + target)
        #expect(past.status == 2)
        #expect(past.stderr.contains("--batch 4: this sweep has at most 3 batches"))
        let lone = try CLI.run(["sweep", file, "--batch", "2", "--quiet"] + target)
        #expect(lone.status == 2)
        #expect(lone.stderr.contains("--batch is for a sharded sweep"))
    }

    @Test func badShardArgumentsAreUsageErrors() throws {
        for (argument, message) in [
            ("0/3", "expected a shard number from 1 to 3; found 0"),
            ("4/3", "expected a shard number from 1 to 3; found 4"),
            ("3", "expected K/N, e.g. 3/8"), ("1/0", "expected between 1 and 100000 shards"),
        ] {
            let r = try CLI.run(["sweep", Self.sweepFile, "--shard", argument, "--out", "/tmp/never", "--quiet"])
            #expect(r.status == 2)
            #expect(r.stderr.contains(message), "\(argument): \(r.stderr)")
        }
        let r = try CLI.run(["sweep", Self.sweepFile, "--shard", "1/2", "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--shard needs --out"))
    }
}
