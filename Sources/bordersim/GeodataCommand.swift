import ArgumentParser
import BorderGeometry
import BorderSimIO
import Foundation

struct GeodataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geodata",
        abstract: "Summarise the border datasets, or locate a point on them (km mark, side, distance from the line).",
        discussion: """
            Examples:
              bordersim geodata geodata/lt-by.geojson
              bordersim geodata --where 25.8467,54.1436     (a lon/lat, e.g. a village, as a km mark)
              bordersim geodata --where=-5.5,54.2           (with '=' when the longitude is negative)

            A value that is not LON,LAT, or a point outside every border's corridor, is an error
            (exit 2) that gives the column of the part at fault and what was expected.
            """)

    @Argument(help: "Border files (default: every *.geojson in ./geodata).")
    var files: [String] = []

    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Print where LON,LAT (WGS 84 degrees) lies on each border: km mark, side, distance from the line.",
            valueName: "lon,lat"))
    var place: String?

    func validate() throws {
        if let place {
            do { _ = try GeodataSummary.lonLat(place) } catch { throw ValidationError(error.description) }
        }
    }

    @OptionGroup var logging: LogOptions

    func run() throws {
        let log = logging.log
        do {
            let paths = files.isEmpty ? try GeodataSummary.defaultFiles(in: "geodata") : files
            let summaries = try paths.map { try GeodataSummary(path: $0) }
            guard let place else {
                for line in summaries.flatMap(\.lines) { print(line) }
                return
            }
            let lonLat = try GeodataSummary.lonLat(place)
            // A point PROJ cannot take into a border's CRS is far outside its corridor.
            guard summaries.contains(where: { (try? $0.locate(lonLat)).map(GeodataSummary.isInCorridor) == true })
            else {
                throw GeodataSummary.outsideEvery(summaries, lonLat)
            }
            for summary in summaries { print(try summary.locationLine(lonLat)) }
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
    }
}
