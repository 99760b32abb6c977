import ArgumentParser
import BorderSim
import BorderSimIO
import Foundation

/// Where observed tracks are judged: a border with zones, claims and a tolerance, or a
/// scenario's world. Shared by `judge` and `compare`.
struct WorldOptions: ParsableArguments {
    @Option(
        help: "The border: an id (lt-by, lv-by, pl-by: geodata/ID.geojson under the working folder) or a geodata file.")
    var border: String?

    @Option(help: "Judge in this scenario's world instead: its border, zones, claims and tolerance.")
    var scenario: String?

    @Option(help: "A YAML file holding a list of zones, as a scenario's 'zones:' (with --border).")
    var zones: String?

    @Option(help: "A YAML file holding a list of claimed lines, as a scenario's 'claims:' (with --border).")
    var claims: String?

    @Option(help: "Mapping tolerance, e.g. \"2 m\" (with --border; default 0 m).")
    var tolerance: String?

    @Option(help: "The CRS of the tracks' coordinates (GeoJSON and CSV; GPX is always WGS 84), as PROJ knows it.")
    var crs = "EPSG:4326"

    @Option(help: "Affiliation of people whose track does not say: a state id (an officer of it) or migrants.")
    var affiliation: String?

    func validate() throws {
        guard (border == nil) != (scenario == nil) else {
            throw ValidationError("give the border to judge in: --border ID (e.g. lt-by) or --scenario FILE, not both")
        }
        if scenario != nil, zones != nil || claims != nil || tolerance != nil {
            throw ValidationError("--zones, --claims and --tolerance go with --border; a --scenario brings its own")
        }
    }

    /// The world and the tracks in it, or exit 2 with the located error.
    func load(_ tracksPath: String, uncertainty: Double?, log: Log) throws -> (
        JudgeWorld, ObservedTracks, PreparedTracks
    ) {
        do {
            let world =
                try scenario.map(JudgeWorld.scenario)
                ?? JudgeWorld.border(border!, zones: zones, claims: claims, tolerance: tolerance)
            let tracks = try ObservedTracks.read(path: tracksPath, crs: crs)
            let prepared = try ObservedJudgement.prepare(
                tracks, world: world.loaded.scenario, affiliation: affiliation,
                uncertainty: uncertainty)
            return (world, tracks, prepared)
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
    }
}

struct JudgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "judge",
        abstract: "Judge observed tracks (video, GPS, drone) with the run's own incursion detector.",
        discussion: """
            Reads tracks (GeoJSON LineStrings with 'times' or Points with 'time', CSV id,time,lon,lat, GPX) and writes
            the files a run writes (incursions.geojson, events.*, summary.json, trajectories.geojson, zones.geojson)
            and judgement.json, all at once or not at all. Between two fixes a person moves straight at constant speed.
            With uncertainty radii (per fix 'uncertainty_m', or --uncertainty), judgement.json gives each incursion's
            probability by Monte Carlo with a fixed seed (docs/judging.md).

            Example: bordersim judge examples/observed/dieveniskes.geojson --border lt-by --tolerance "2 m" --out out/judged
            """)

    @Argument(help: "The observed tracks: .geojson, .json, .csv or .gpx.", completion: .file())
    var tracks: String

    @OptionGroup var world: WorldOptions

    @Option(help: "Radius of every fix's position uncertainty where the file gives none, e.g. \"5 m\".")
    var uncertainty: String?

    @Option(help: "Monte Carlo samples when positions are uncertain.")
    var samples = 1000

    @Option(help: "Seed of the Monte Carlo draws.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: "Output folder (created if missing; must be empty unless --force).")
    var out: String

    @Flag(help: "Overwrite the files of a non-empty output folder.")
    var force = false

    @OptionGroup var logging: LogOptions

    func validate() throws {
        guard (1...100_000).contains(samples) else { throw ValidationError("--samples must be between 1 and 100000") }
        if let uncertainty { _ = try Self.radius(uncertainty) }
    }

    static func radius(_ text: String) throws -> Double {
        guard let r = try? Quantity.parse(text, as: .distance), r >= 0, r <= 10_000 else {
            throw ValidationError("--uncertainty: expected a radius of 0 to 10000 m, e.g. \"5 m\"; found \"\(text)\"")
        }
        return r
    }

    func run() throws {
        let log = logging.log
        let (world, observed, prepared) = try self.world.load(
            tracks, uncertainty: try uncertainty.map(Self.radius), log: log)
        do { try OutputWriter.check(directory: out, force: force) } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
        let result: RunResult
        let report: UncertaintyReport?
        do {
            if prepared.isUncertain {
                let bands = Array(Set([0, 1, 2, 5, 10, prepared.scenario.tolerance])).sorted()
                (result, report) = try ObservedJudge.judge(
                    prepared.people, radii: prepared.radii, in: prepared.scenario,
                    samples: samples, seed: seed, bands: bands)
            } else {
                (result, report) = (try ObservedJudge.judge(prepared.people, in: prepared.scenario), nil)
            }
        } catch {
            log.error("\(error)")
            throw ExitCode(3)
        }
        do {
            let provenance = try ObservedJudgement.provenance(
                tracks: observed, world: world, seed: seed,
                toolVersion: BorderSimCommand.version, toolRevision: buildRevision)
            let files = try ObservedJudgement.write(
                result, report: report, prepared: prepared, provenance: provenance,
                to: out, options: OutputOptions(force: force))
            ignoreInterrupts()
            log.info("wrote \(files.count) files to \(out)")
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
        guard !log.quiet else { return }
        for line in Timeline.lines(for: result) { print(line) }
        if let report {
            for e in report.incursions + report.possible {
                let who = e.unit + "#" + String(e.member)
                let q = e.depthQuantiles.map { String(format: "%.2f", $0) }.joined(separator: " / ")
                print(
                    "\(who) \(e.boundary): P(beyond) \(String(format: "%.3f", e.beyond)), depth 5/50/95 % \(q) m"
                        + (e.incursion == nil ? " (not beyond as observed)" : ""))
            }
        }
    }
}
