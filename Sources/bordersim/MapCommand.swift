import ArgumentParser
import BorderSimIO
import Foundation

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Draw a static picture of a run (SVG, or PNG through rsvg-convert): the whole run or one instant.",
        discussion: """
            Reads the output folder of 'bordersim run'. Drawn in the run's simulation CRS (EPSG:3346 for the Lithuanian scenarios) with a scale bar and a north arrow: territories, lines, zones, tracks, incursions, events and, with --at, every person at that instant and who is on which state's soil.

            Examples:
              bordersim map out/aug17 -o aug17.svg
              bordersim map out/aug17 -o aug17.png --at 15:07:30
              bordersim map out/aug17 -o deepest.png --at deepest --around by-shield-line
            """)

    @Argument(help: "The output folder of a run (bordersim run SCENARIO --out DIR).", completion: .directory)
    var folder: String

    @Option(name: [.customShort("o"), .long], help: "The picture to write: FILE.svg or FILE.png.")
    var output: String

    @Option(
        help:
            "The instant: ISO 8601 with offset, hh:mm:ss on the run's first day (its time zone), or 'deepest' (officers deepest across a border)."
    )
    var at: String?

    @Option(help: "Extent: minlon,minlat,maxlon,maxlat (WGS 84).")
    var bbox: String?

    @Option(help: "Extent: around every position of this unit (its id).")
    var around: String?

    @OptionGroup var logging: LogOptions

    func validate() throws {
        if bbox != nil && around != nil { throw ValidationError("give --bbox or --around, not both") }
    }

    func run() throws {
        let log = logging.log
        do {
            let extent: MapPicture.Extent = try bbox.map(MapPicture.bbox) ?? around.map { .around(unit: $0) } ?? .people
            try MapPicture.write(folder: folder, to: output, at: at, extent: extent)
            log.info("wrote \(output)")
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
    }
}
