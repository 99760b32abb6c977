import BorderSim
import Foundation
import Testing

@testable import BorderSimIO

/// How a sweep is cut into shards and batches, and how shard files are read back.
@Suite struct SweepShardTests {
    @Test(arguments: [1, 2, 3, 7, 8, 80, 81, 200])
    func theShardsOfABatchCoverEveryRunOnceAndBalancePolicies(n: Int) {
        let all = SweepShard.batchJobs(policies: 4, replicates: 0..<20)
        let parts = (1...n).map { SweepShard(index: $0, count: n).jobs(policies: 4, replicates: 0..<20) }
        #expect(parts.flatMap { $0 }.sorted { ($0.policy, $0.replicate) < ($1.policy, $1.replicate) } == all)
        let sizes = parts.map(\.count)
        #expect(sizes.max()! - sizes.min()! <= 1)
        if n == 8 {
            // Ten runs each, and every policy in every shard.
            #expect(sizes == Array(repeating: 10, count: 8))
            #expect(parts.allSatisfy { Set($0.map(\.policy)).count == 4 })
        }
    }

    @Test func batchesFollowTheTargetsReplicatesAndStopAtTheMost() {
        var plan = SweepPlan(scenarioPath: "x.yaml", replicates: 4)
        #expect(SweepShard.batches(of: plan) == 1)
        #expect(SweepShard.replicates(batch: 1, of: plan) == 0..<4)
        plan.target = .init(metric: "crossings", halfWidth: 1, maxReplicates: 10)
        #expect(SweepShard.batches(of: plan) == 3)
        #expect(SweepShard.replicates(batch: 2, of: plan) == 4..<8)
        #expect(SweepShard.replicates(batch: 3, of: plan) == 8..<10)
    }

    @Test func shardArgumentsAreReadOrRefusedWithTheReason() throws {
        #expect(try SweepShard.parse("3/8").get() == (3, 8))
        for bad in ["3", "a/8", "0/8", "9/8", "1/0", "1/2/3", "-1/4"] {
            guard case .failure = SweepShard.parse(bad) else {
                Issue.record("'\(bad)' was accepted")
                continue
            }
        }
    }

    @Test func csvFieldsAreSplitWithQuotes() {
        #expect(SweepMerge.parseCSV("a,\"b, c\",,\"d \"\"e\"\"\"") == ["a", "b, c", "", "d \"e\""])
        #expect(SweepMerge.parseCSV("") == [""])
    }

    @Test func identitiesNameTheFirstFieldThatDiffers() {
        let a = SweepIdentity(fields: [("seed", "1"), ("replicates", "20")])
        let b = SweepIdentity(fields: [("seed", "1"), ("replicates", "40")])
        #expect(a.difference(from: a) == nil)
        #expect(a.difference(from: b)?.name == "replicates")
        #expect(a.difference(from: b)?.theirs == "40")
    }
}

/// The shipped sweep files for the cluster recipes and the calibration load and say what they should.
@Suite struct ShippedSweepFileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theSummerCalibrationRanksTheBaselineAndItsJulyRunAgainstJulyEntries() throws {
        let plan = try SweepPlan.read(
            path: Self.root.appendingPathComponent("sweeps/summer-2021-calibration.yaml").path)
        #expect(plan.observed == [Observation(metric: "crossings", value: 2882, tolerance: 432)])
        let sweep = try Sweep.prepare(plan)
        #expect(sweep.policies.map(\.name) == ["baseline", "world.duration=744 h"])
        let clock = sweep.policies[1].loaded.scenario.clock
        #expect(Double(clock.ticks) * clock.step == 744 * 3600)
    }

    @Test func thePolicyDemoSweepHasFourPoliciesOfTwentyReplicates() throws {
        let plan = try SweepPlan.read(path: Self.root.appendingPathComponent("sweeps/policy-demo.yaml").path)
        let sweep = try Sweep.prepare(plan)
        #expect(sweep.policies.count == 4)
        #expect(plan.replicates == 20)
    }
}
