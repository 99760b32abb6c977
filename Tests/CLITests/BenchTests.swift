import Foundation
import Testing

/// `bordersim bench` as a user runs it: the workload's reference line on any number of
/// threads, and a scenario's fingerprint that does not change with them.
@Suite("CLI: bench")
struct BenchCommandTests {
    /// WORKLOAD.md's 1,000-walker workload, copied into the project's fixtures.
    static let workload = CLI.root.appendingPathComponent("Tests/BorderSimIOTests/Fixtures/bench/workload-1000.json")
        .path

    /// The output line without its timing fields (and the thread count), which may differ.
    static func results(_ line: String) -> String {
        line.split(separator: " ").filter {
            !["seconds", "agent_steps_per_s", "member_steps_per_s", "threads"]
                .contains($0.split(separator: "=").first.map(String.init) ?? "")
        }.joined(separator: " ")
    }

    @Test func theWorkloadGivesWorkloadMdsReferenceOnTwoThreads() throws {
        let run = try CLI.run(["bench", Self.workload, "--steps", "100", "--threads", "2"])
        #expect(run.status == 0)
        // WORKLOAD.md's row for 1,000 walkers and 100 steps.
        #expect(
            Self.results(run.stdout.trimmingCharacters(in: .newlines)) == "bordersim N=1000 P=20 steps=100 "
                + "crossings_by_to_lt=136 crossings_lt_to_by=3 detected_agents=6 arrived_agents=0 "
                + "checksum=6642294321.838411 poshash=da1c69a1541e81f8")
    }

    @Test func aScenarioGivesTheSameFingerprintOnOneAndThreeThreads() throws {
        // 644 people: every phase is split between the workers.
        let one = try CLI.run(["bench", CLI.fixture("crowd.yaml"), "--threads", "1"])
        let three = try CLI.run(["bench", CLI.fixture("crowd.yaml"), "--threads", "3"])
        #expect(one.status == 0 && three.status == 0)
        #expect(!one.stdout.contains("incursions=0 ") && one.stdout.contains("member_steps_per_s="))
        #expect(Self.results(one.stdout) == Self.results(three.stdout))
    }

    @Test func aWorkloadNeedsItsStepsAndBadThreadCountsAreRefused() throws {
        let noSteps = try CLI.run(["bench", Self.workload])
        #expect(noSteps.status != 0 && noSteps.stderr.contains("--steps is required"))
        let noThreads = try CLI.run(["bench", Self.workload, "--steps", "1", "--threads", "0"])
        #expect(noThreads.status != 0 && noThreads.stderr.contains("--threads must be between 1 and 256"))
        // Zero steps of a workload is a usage error too (exit 2), with the range it takes.
        let zeroSteps = try CLI.run(["bench", Self.workload, "--steps", "0"])
        #expect(zeroSteps.status == 2 && zeroSteps.stderr.contains("--steps must be between 1 and"))
        #expect(zeroSteps.stdout.isEmpty)
    }
}
