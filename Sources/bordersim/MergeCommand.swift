import ArgumentParser
import BorderSim
import BorderSimIO
import Foundation

/// `bordersim merge`: the shards of a sweep, run anywhere and in any order, into the files of
/// the one-machine sweep, byte for byte.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shards of a sweep (sweep --shard K/N) into the one-machine sweep's files.",
        discussion: """
            Checks that the folders are shards of one sweep (tool, scenario, geodata,
            sweep file, policies, seeds, design) and cover each batch exactly once,
            loads the sweep file again (it must be unchanged), and writes runs.csv,
            summary.csv, summary.md and provenance.json, byte-identical with
            `bordersim sweep` on one machine. With a target, prints whether another
            batch is needed (docs/cluster.md).

            Examples:
              bordersim merge out/shard-1 out/shard-2 out/shard-3 --out out/sweep
              bordersim merge out/shard-* --out out/sweep
            """)

    @Argument(help: "The shards' folders, in any order.", completion: .directory)
    var shards: [String]

    @Option(name: .shortAndLong, help: "Output folder (created if missing; must be empty unless --force).")
    var out: String

    @Flag(help: "Overwrite the files of a non-empty output folder.")
    var force = false

    @OptionGroup var logging: LogOptions

    func validate() throws {
        if shards.isEmpty { throw ValidationError("name the shards' folders to merge, e.g. out/shard-*") }
    }

    func run() throws {
        let log = logging.log
        let merged: SweepMerge.Merged
        let sweep: Sweep
        do {
            var parts = [ShardOutput]()
            for folder in shards { parts.append(try SweepMerge.read(folder: folder)) }
            let first = parts[0]
            // The sweep as the shards loaded it: the same file (where it was, else as given) and flags.
            let file = FileManager.default.fileExists(atPath: first.absoluteFile) ? first.absoluteFile : first.file
            let command: SweepCommand
            do {
                command = try SweepCommand.parse([file] + first.arguments)
            } catch {
                throw MergeError(
                    "\(first.folder)/\(SweepShard.manifestName): invocation: expected sweep arguments; "
                        + SweepCommand.message(for: error))
            }
            sweep = try Sweep.prepare(command.plan())
            try SweepWriter.check(directory: out, force: force)
            let provenance = try SweepProvenance(
                sweep, toolVersion: BorderSimCommand.version, toolRevision: buildRevision)
            merged = try SweepMerge.merge(parts, sweep: sweep, identity: SweepIdentity(sweep, provenance: provenance))
            let files = try SweepWriter.write(
                merged.result, sweep: sweep, provenance: provenance, to: out, force: force,
                extra: SweepExtras.files(sweep, merged.result))
            log.info(
                "merged \(parts.count) shards (\(merged.result.runs.map(\.count).reduce(0, +)) runs) into "
                    + files.joined(separator: ", "))
            ignoreInterrupts()
        } catch {
            log.error("\(error)")
            throw ExitCode(2)
        }
        for line in SweepExtras.printed(sweep, merged.result) { print(line) }
        if let target = sweep.plan.target {
            if merged.complete {
                print("")
                print(
                    "complete after batch \(merged.batches): the one-machine sweep stops here "
                        + "(\(merged.result.replicates) replicates; target "
                        + (merged.result.meets(target) ? "met)" : "not met, max_replicates reached)"))
            } else {
                print("")
                print(
                    "next batch: \(merged.batches + 1) (target \(target.metric) half-width ≤ \(target.halfWidth) "
                        + "not met after \(merged.result.replicates) replicates; run the shards with --batch "
                        + "\(merged.batches + 1) and merge all batches)")
            }
        }
    }
}
