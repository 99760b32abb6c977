import ArgumentParser
import Foundation

/// The `bordersim` command: simulate units at a state border and report every crossing and incursion.
@main
struct BorderSimCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "bordersim",
        abstract:
            "Simulate migrant groups and patrol units on a real state border; detect every crossing and incursion.",
        discussion: """
            Scenario files (YAML, see docs/scenario-format.md) declare the border, zones, claimed lines,
            units and their orders. Outputs are RFC 7946 GeoJSON, CSV and JSON that open in QGIS, GDAL,
            geopandas and kepler.gl.

            Examples:
              bordersim run scenarios/example-patrol.yaml --out out/example
              bordersim validate scenarios/example-patrol.yaml
              bordersim check scenarios/example-patrol.yaml --seeds 20
              bordersim sweep scenarios/policy-demo.yaml --replicates 20 --out out/policy-demo
              bordersim merge out/shard-* --out out/sweep
              bordersim geodata
              bordersim view out/example            (then open out/example/view.html)
              bordersim map out/example -o map.svg
              bordersim judge tracks.geojson --border lt-by --out out/judged
              bordersim compare out/example tracks.geojson

            Exit codes: 0 success; 1 an expectation did not hold (check); 2 bad input (usage, scenario
            file, shards, output folder); 3 the simulation failed.
            """,
        version: version,
        subcommands: [
            RunCommand.self, ValidateCommand.self, CheckCommand.self, SweepCommand.self, MergeCommand.self,
            GeodataCommand.self, BenchCommand.self, ViewCommand.self, MapCommand.self, JudgeCommand.self,
            CompareCommand.self,
        ])

    /// ArgumentParser's own `main`, but a usage error exits 2, as documented (its default is 64,
    /// EX_USAGE); help, version and the commands' own exit codes pass through unchanged.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(usageError)
            }
            exit(withError: error)
        }
    }

    /// The exit code of a usage error (unknown flag, missing or out-of-range value).
    static let usageError: Int32 = 2
}
