import ArgumentParser
import BorderSimIO

struct GeodataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geodata",
        abstract: "Summarise the border datasets: borders, lengths, territory areas.",
        discussion: "Example: bordersim geodata geodata/lt-by.geojson")

    @Argument(help: "Border files (default: every *.geojson in ./geodata).")
    var files: [String] = []

    @OptionGroup var logging: LogOptions

    func run() throws {
        let log = logging.log
        do {
            let paths = files.isEmpty ? try GeodataSummary.defaultFiles(in: "geodata") : files
            for path in paths {
                for line in try GeodataSummary(path: path).lines { print(line) }
            }
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
    }
}
