import ArgumentParser
import BorderSim
import BorderSimIO
import Foundation

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write its trajectories, events, incursions and summary.",
        discussion: """
            Writes trajectories.geojson, events.geojson/.geojsons/.csv, incursions.geojson, zones.geojson and
            summary.json into the output folder, all at once or not at all. Prints the incident timeline (nothing with --quiet).

            Example: bordersim run scenarios/example-patrol.yaml --out out/example --positions
            """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(name: .shortAndLong, help: "Output folder (created if missing; must be empty unless --force).")
    var out: String

    @Flag(help: "Overwrite the files of a non-empty output folder.")
    var force = false

    @Option(
        help:
            "Keep one trajectory vertex per this interval, e.g. \"10 s\" or \"1 min\" (default: every step, or fewer so that no track has more than 4,000 vertices)."
    )
    var trajectoryInterval: String?

    @Flag(help: "Also write positions.geojson: one point per member per sample (QGIS temporal controller).")
    var positions = false

    @Flag(help: "Also write trajectories-kepler.geojson for kepler.gl's trip layer (outside RFC 7946).")
    var kepler = false

    @Flag(help: "Also write run.gpkg: every layer in one GeoPackage, times in UTC (QGIS, GDAL, ArcGIS).")
    var gpkg = false

    @Flag(help: "Also write view.html, the offline replay viewer (as 'bordersim view').")
    var view = false

    @Option(help: "Decimals of coordinates in the output (at most 7).")
    var precision = 7

    @OptionGroup var threading: ThreadOptions

    @OptionGroup var logging: LogOptions

    func validate() throws {
        guard (0...7).contains(precision) else { throw ValidationError("--precision must be between 0 and 7") }
        if let trajectoryInterval { _ = try Self.interval(trajectoryInterval) }
    }

    /// `--trajectory-interval` in seconds: a duration of more than 0 and at most ten years.
    static func interval(_ text: String) throws -> Double {
        let seconds: Double
        do { seconds = try Quantity.parse(text, as: .duration) } catch {
            throw ValidationError(
                "--trajectory-interval: expected \(Quantity.Dimension.duration.expectation); found \"\(text)\" (\(error))"
            )
        }
        guard seconds > 0 && seconds <= Quantity.Dimension.duration.ceiling else {
            throw ValidationError(
                "--trajectory-interval: expected a duration of more than 0 s and at most ten years; found \"\(text)\"")
        }
        return seconds
    }

    func run() throws {
        let log = logging.log
        let loaded = try scenario.load(log: log)
        // The folder is checked before the run, so a mistake in it costs nothing; `write` checks again.
        do { try OutputWriter.check(directory: out, force: force) } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
        let interval = try trajectoryInterval.map(Self.interval)
        log.info(
            "running \(loaded.scenario.name): \(loaded.scenario.units.count) units, \(loaded.scenario.clock.ticks) steps"
        )
        // Positions are sampled at the trajectory interval; without one, every step, but no more
        // than `maxSamples` per person, so a month-long run stays within memory.
        let clock = loaded.scenario.clock
        let maxSamples = 4_000
        let sampling =
            interval
            ?? (clock.ticks > maxSamples
                ? clock.step * Double((clock.ticks + maxSamples - 1) / maxSamples) : nil)
        let result = try simulate(
            loaded.scenario, seed: scenario.seed, sampleInterval: sampling, threads: threading.count(default: 1),
            log: log)
        let options = OutputOptions(
            trajectoryInterval: interval, positions: positions, kepler: kepler, force: force,
            precision: precision, geoPackage: gpkg)
        let files: [String]
        do {
            let provenance = try loaded.provenance(
                seed: result.seed, toolVersion: BorderSimCommand.version,
                toolRevision: buildRevision,
                policy: scenario.policy)
            files = try OutputWriter.write(result, provenance: provenance, to: out, options: options)
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
        // Everything is written: an interrupt from here on must not turn the run into a failure.
        ignoreInterrupts()
        if !log.quiet {
            for line in Timeline.lines(for: result) { print(line) }
            let table = Timeline.toleranceTable(for: result)
            if !table.isEmpty {
                print("")
                for line in table { print(line) }
            }
        }
        log.info("wrote \(files.count) files to \(out): \(files.joined(separator: ", "))")
        if view { try ViewCommand.write(folder: out, to: nil, log: log) }
    }
}
