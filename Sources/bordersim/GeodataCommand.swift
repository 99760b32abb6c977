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
            """)

    @Argument(help: "Border files (default: every *.geojson in ./geodata).")
    var files: [String] = []

    @Option(name: .customLong("where"), help: ArgumentHelp(
        "Print where LON,LAT (WGS 84 degrees) lies on each border: km mark, side, distance from the line.",
        valueName: "lon,lat"))
    var place: String?

    func validate() throws {
        if let place, Self.lonLat(place) == nil {
            throw ValidationError("--where \(place): expected LON,LAT in degrees, e.g. 25.8467,54.1436 "
                                  + "(longitude -180…180 first, then latitude -90…90)")
        }
    }

    /// "25.8,54.1" as a coordinate, or nil if it is not two numbers in range.
    static func lonLat(_ text: String) -> Coordinate? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lon = parts[0], let lat = parts[1], lon.isFinite, lat.isFinite,
              (-180...180).contains(lon), (-90...90).contains(lat) else { return nil }
        return Coordinate(x: lon, y: lat)
    }

    @OptionGroup var logging: LogOptions

    func run() throws {
        let log = logging.log
        do {
            let paths = files.isEmpty ? try GeodataSummary.defaultFiles(in: "geodata") : files
            for path in paths {
                let summary = try GeodataSummary(path: path)
                if let place, let lonLat = Self.lonLat(place) {
                    print(try summary.locationLine(lonLat))
                } else {
                    for line in summary.lines { print(line) }
                }
            }
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
    }
}
