import ArgumentParser
import BorderSimIO
import Foundation

struct ViewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Write one self-contained HTML file that replays a run offline (map, time slider, events).",
        discussion: """
            Reads the output folder of 'bordersim run' and writes OUT_DIR/view.html (or -o FILE): territories, lines, zones, fences and cameras; tracks and moving people; incursions with their depth; events; a time slider with play and speed, the clock in the scenario's time zone, an event list, a legend and a unit filter. Nothing is loaded from the network: Leaflet is read from Debian's libjs-leaflet (/usr/share/javascript/leaflet) and inlined. Large runs are thinned; the page says what was kept.

            Example: bordersim view out/2021-08-17-dieveniskes
            """)

    @Argument(help: "The output folder of a run (bordersim run SCENARIO --out DIR).", completion: .directory)
    var folder: String

    @Option(name: [.customShort("o"), .long], help: "The HTML file to write (default: OUT_DIR/view.html).")
    var output: String?

    @OptionGroup var logging: LogOptions

    func run() throws {
        try Self.write(folder: folder, to: output, log: logging.log)
    }

    /// Writes the viewer, exiting 2 with the reason on bad input.
    static func write(folder: String, to output: String?, log: Log) throws {
        do {
            let path = try ViewerWriter.write(folder: folder, to: output)
            log.info("wrote \(path)")
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
    }
}
