import BorderSim
import BorderSimIO
import CLibFuzzer
import Foundation

/// Runs libFuzzer (its flags and corpus folders are the command line's) on `fuzzOneInput`.
@main
struct LoaderFuzzer {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    }
}

/// One input, fed to every loader that reads such bytes from a user. A thrown error is the
/// loaders' job done (a located error); a trap, a sanitizer report, a timeout or running out
/// of memory is a finding.
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    validate(bytes)
    prepareSweep(bytes)
    loadWorkload(bytes)
    return 0
}

/// The repository the fuzzer was built from (this file is Fuzz/Sources/ScenarioFuzzer/…).
/// Inputs are loaded as if they lay in its folders, so that the paths the seeds use resolve:
/// `../geodata/lt-by.geojson` from a scenario, `policy-demo.yaml` from a sweep file, and
/// `lt.wkt` beside a workload.
let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let scenarioPath = repository.appendingPathComponent("scenarios/fuzz-input.yaml").path
let workloadPath = repository.appendingPathComponent("Tests/BorderSimIOTests/Fixtures/bench/fuzz-input.json").path

/// What `bordersim validate` does (ValidateCommand.run): load the scenario, build its run,
/// then load and build it under each of its policies, stopping at the first error.
func validate(_ contents: Data) {
    do {
        let loaded = try ScenarioLoader.load(contents: contents, path: scenarioPath, policy: nil)
        _ = try Simulation(scenario: loaded.scenario)
        for policy in try ScenarioLoader.policyNames(contents: contents, path: scenarioPath) {
            let variant = try ScenarioLoader.load(contents: contents, path: scenarioPath, policy: policy)
            _ = try Simulation(scenario: variant.scenario)
        }
    } catch {}
}

/// What `bordersim sweep FILE` does before it runs: tell a sweep file from a scenario, read it,
/// and load its scenario under every policy and grid point.
func prepareSweep(_ contents: Data) {
    guard SweepPlan.isSweepFile(contents: contents, path: scenarioPath) else { return }
    do { _ = try Sweep.prepare(SweepPlan.read(contents: contents, path: scenarioPath)) } catch {}
}

/// What `bordersim bench WORKLOAD` does before it runs, for inputs that look like JSON.
func loadWorkload(_ contents: Data) {
    guard contents.first(where: { !" \t\r\n".utf8.contains($0) }) == UInt8(ascii: "{") else { return }
    do {
        let workload = try BenchWorkload(contents: contents, path: workloadPath, steps: 1)
        _ = try Simulation(scenario: workload.scenario)
    } catch {}
}
