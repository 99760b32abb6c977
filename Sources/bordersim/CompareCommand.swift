import ArgumentParser
import BorderSimIO
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract:
            "Compare a run's simulated tracks with observed ones: Fréchet and mean distance, first-crossing offsets.",
        discussion: """
            Matches each observed person to the simulated person of the same id (unit#member), else to the unit its
            id or unit names (the unit's centre). Prints a table and, with --json/--csv, writes it as a file.

            Example: bordersim compare out/2021-08-17-dieveniskes examples/observed/dieveniskes-video.geojson --json out/compare.json
            """)

    @Argument(
        help: ArgumentHelp("The output folder of a run (bordersim run SCENARIO --out DIR).", valueName: "run-dir"),
        completion: .directory)
    var runFolder: String

    @Argument(help: "The observed tracks: .geojson, .json, .csv or .gpx.", completion: .file())
    var tracks: String

    @Option(help: "The CRS of the tracks' coordinates (GeoJSON and CSV), as PROJ knows it.")
    var crs = "EPSG:4326"

    @Option(help: "Also write the comparison as JSON to this file.")
    var json: String?

    @Option(help: "Also write the comparison as CSV to this file.")
    var csv: String?

    @OptionGroup var logging: LogOptions

    func run() throws {
        let log = logging.log
        let comparison: TrackComparison
        do {
            let folder = try RunFolder.load(runFolder)
            comparison = try TrackComparison.compare(
                run: folder, tracks: try ObservedTracks.read(path: tracks, crs: crs))
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
        do {
            if let json { try Data(comparison.json.utf8).write(to: URL(fileURLWithPath: json), options: .atomic) }
            if let csv { try Data(comparison.csv.utf8).write(to: URL(fileURLWithPath: csv), options: .atomic) }
        } catch {
            log.error("cannot write the comparison: \(error.localizedDescription)")
            throw ExitCode(2)
        }
        for line in comparison.lines { print(line) }
    }
}
