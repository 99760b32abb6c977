import BorderSim
import Foundation

/// Why shards cannot be merged: a folder that is not a shard, a shard of another sweep, a
/// shard missing or given twice, or inputs changed since the shards ran. Bad input: exit 2.
public struct MergeError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Merges the folders written by `bordersim sweep … --shard K/N` into the result of the
/// one-machine sweep: the same runs, so `SweepWriter` writes the same bytes.
public enum SweepMerge {
    /// Reads a shard's folder (`shard.json` and `shard-runs.csv`).
    public static func read(folder: String) throws(MergeError) -> ShardOutput {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isFolder) else {
            throw MergeError("\(folder): no such folder; expected a folder written by bordersim sweep --shard K/N")
        }
        guard isFolder.boolValue else {
            throw MergeError(
                "\(folder): expected a shard's folder (written by bordersim sweep --shard K/N); found a file")
        }
        let manifestPath = folder + "/" + SweepShard.manifestName
        guard let data = fm.contents(atPath: manifestPath) else {
            let hint =
                fm.fileExists(atPath: folder + "/runs.csv")
                ? "it holds a whole sweep's files, not a shard's; merge the folders written with --shard K/N"
                : "expected the folder of a shard, written by bordersim sweep --shard K/N"
            throw MergeError("\(folder): no \(SweepShard.manifestName); " + hint)
        }
        func bad(_ what: String) -> MergeError {
            MergeError("\(manifestPath): \(what); the file is damaged or not written by bordersim sweep --shard")
        }
        let object: [String: Any]
        do {
            guard let o = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw bad("expected a JSON object")
            }
            object = o
        } catch let error as MergeError {
            throw error
        } catch {
            throw bad("expected JSON (\(error.localizedDescription))")
        }
        guard object["format"] as? String == SweepShard.format else {
            throw bad("expected \"format\": \"\(SweepShard.format)\"")
        }
        guard object["format_version"] as? Int == 1 else {
            throw bad("expected format_version 1 (this bordersim reads version 1)")
        }
        guard let k = object["shard"] as? Int, let n = object["shards"] as? Int, let b = object["batch"] as? Int,
            (1...SweepShard.maxShards).contains(n), (1...n).contains(k), b >= 1
        else { throw bad("expected shard K, shards N with 1 ≤ K ≤ N, and batch ≥ 1") }
        guard let sweep = object["sweep"] as? [String: Any] else { throw bad("expected a \"sweep\" object") }
        // The order of the fields is the writer's; JSONSerialization loses it, so read them in the
        // order `SweepIdentity` lists them.
        let names = Self.identityNames
        var fields = [(name: String, value: String)]()
        for name in names {
            guard let value = sweep[name] as? String else { throw bad("expected sweep.\(name), a string") }
            fields.append((name, value))
        }
        guard let invocation = object["invocation"] as? [String: Any], let file = invocation["file"] as? String,
            let absolute = invocation["absolute_file"] as? String, let arguments = invocation["arguments"] as? [String]
        else { throw bad("expected an \"invocation\" with file, absolute_file and arguments") }
        let identity = SweepIdentity(fields: fields)
        guard let seedText = identity["seed"], let seed = UInt64(seedText) else {
            throw bad("expected sweep.seed, a whole number")
        }
        let policies = identity["policies"]!.components(separatedBy: " | ")
        let runs = try readRuns(folder + "/" + SweepShard.runsName, policies: policies, seed: seed)
        if let expected = object["runs"] as? Int, expected != runs.count {
            throw MergeError(
                "\(folder)/\(SweepShard.runsName): expected \(expected) runs, as \(SweepShard.manifestName) "
                    + "says; found \(runs.count) (the file is incomplete)")
        }
        var shard = ShardOutput(
            shard: SweepShard(index: k, count: n, batch: b), identity: identity, file: file,
            absoluteFile: absolute, arguments: arguments, runs: runs)
        shard.folder = folder
        return shard
    }

    /// The names of `SweepIdentity`'s fields, in order.
    static let identityNames = [
        "tool_version", "tool_revision", "libraries", "scenario", "geodata", "sweep_file",
        "policies", "baseline", "grid", "design", "seed", "replicates", "target", "observed",
    ]

    /// Reads `shard-runs.csv`: a header, then `policy,replicate,seed` and every metric, each at full precision.
    static func readRuns(_ path: String, policies: [String], seed: UInt64) throws(MergeError)
        -> [(job: Sweep.Job, metrics: RunMetrics)]
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MergeError(
                "\(path): missing; a shard's folder holds \(SweepShard.manifestName) and \(SweepShard.runsName)")
        }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        guard lines.last == "" else {
            throw MergeError("\(path): expected CSV lines ending in CRLF; the file is cut short")
        }
        lines.removeLast()
        let header = ["policy", "replicate", "seed"] + RunMetrics.names
        guard let first = lines.first, parseCSV(first) == header else {
            throw MergeError(
                "\(path):1:1: expected the header " + header.joined(separator: ",")
                    + " (a shard written by another bordersim version?)")
        }
        var runs = [(job: Sweep.Job, metrics: RunMetrics)]()
        for (i, line) in lines.enumerated().dropFirst() {
            let cells = parseCSV(line)
            let row = "\(path):\(i + 1)"
            guard cells.count == header.count else {
                throw MergeError("\(row):1: expected \(header.count) fields; found \(cells.count)")
            }
            guard let p = policies.firstIndex(of: cells[0]) else {
                throw MergeError("\(row):1: expected a policy of the sweep; found '\(cells[0])'")
            }
            guard let k = Int(cells[1]), k >= 0 else {
                throw MergeError("\(row): replicate: expected a whole number ≥ 0; found '\(cells[1])'")
            }
            guard cells[2] == String(seed &+ UInt64(k)) else {
                throw MergeError(
                    "\(row): seed: expected \(seed &+ UInt64(k)) (seed \(seed) + replicate \(k)); "
                        + "found '\(cells[2])'")
            }
            var values = [Double?]()
            for (m, cell) in cells.dropFirst(3).enumerated() {
                if cell.isEmpty {
                    values.append(nil)
                    continue
                }
                guard let v = Double(cell), v.isFinite else {
                    throw MergeError("\(row): \(RunMetrics.names[m]): expected a number; found '\(cell)'")
                }
                values.append(v)
            }
            runs.append((Sweep.Job(policy: p, replicate: k), RunMetrics(origin: "", values: values)))
        }
        return runs
    }

    /// Fields of one CSV line (RFC 4180 quoting).
    static func parseCSV(_ line: String) -> [String] {
        var cells = [String]()
        var cell = ""
        var quoted = false
        var chars = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" {
                            cell.append("\"")
                        } else {
                            quoted = false
                            pending = n
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(c)
                }
            } else if c == "\"" && cell.isEmpty {
                quoted = true
            } else if c == "," {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(c)
            }
        }
        cells.append(cell)
        return cells
    }

    /// What the shards add up to.
    public struct Merged: Sendable {
        public var result: SweepResult
        /// Batches merged (1 without a target).
        public var batches: Int
        /// Whether the one-machine sweep would stop here: no target, the target met, or `max_replicates` reached.
        public var complete: Bool
    }

    /// Checks that the shards are parts of one sweep and cover each of its batches exactly
    /// once, without a batch the one-machine sweep would not have run; then orders their runs.
    ///
    /// - Parameters:
    ///   - sweep: the sweep loaded again from the shards' invocation.
    ///   - identity: its identity now; it must be the shards', or the inputs changed since they ran.
    public static func merge(_ shards: [ShardOutput], sweep: Sweep, identity: SweepIdentity) throws(MergeError)
        -> Merged
    {
        guard let reference = shards.first else { throw MergeError("no shards given; name the folders to merge") }
        for shard in shards.dropFirst() {
            if let d = shard.identity.difference(from: reference.identity) {
                throw MergeError(
                    "\(shard.folder) is a shard of another sweep than \(reference.folder): its \(d.name) is "
                        + "'\(d.mine)', not '\(d.theirs)'; merge only the shards of one sweep")
            }
        }
        if let d = reference.identity.difference(from: identity) {
            throw MergeError(
                "the sweep changed since its shards ran: its \(d.name) was '\(d.mine)' in the shards "
                    + "(\(reference.folder)) and is '\(d.theirs)' now; rerun the shards, or restore the files")
        }
        // Each batch: one shard count, every shard once.
        var byBatch = [Int: [Int: ShardOutput]]()
        for shard in shards {
            let s = shard.shard
            if let other = byBatch[s.batch]?.values.first, other.shard.count != s.count {
                throw MergeError(
                    "\(shard.folder) is shard \(s.label) but \(other.folder) is shard \(other.shard.label): "
                        + "the shards of one batch must all be split the same way (same N)")
            }
            if let twin = byBatch[s.batch]?[s.index] {
                throw MergeError(
                    "shard \(s.label) is given twice: \(twin.folder) and \(shard.folder); give each shard once")
            }
            byBatch[s.batch, default: [:]][s.index] = shard
        }
        let batches = byBatch.keys.max()!
        let possible = SweepShard.batches(of: sweep.plan)
        guard batches <= possible else {
            throw MergeError(
                "\(byBatch[batches]!.values.first!.folder) is of batch \(batches), but this sweep has at most "
                    + "\(possible) batch\(possible == 1 ? "" : "es")")
        }
        for b in 1...batches {
            guard let present = byBatch[b] else {
                throw MergeError(
                    "no shard of batch \(b) is given, but batch \(batches) is; batches run in order: "
                        + "give the shards of batches 1 to \(batches)")
            }
            let n = present.values.first!.shard.count
            let missing = (1...n).filter { present[$0] == nil }
            if !missing.isEmpty {
                let list =
                    missing.prefix(10).map { "\($0)/\(n)" }.joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
                throw MergeError(
                    "missing shard\(missing.count == 1 ? "" : "s") \(list)"
                        + (batches > 1 || sweep.plan.target != nil ? " of batch \(b)" : "")
                        + " (\(missing.count) of \(n)); run "
                        + (missing.count == 1 ? "it" : "them") + " and merge again")
            }
        }
        // Every shard holds exactly its runs.
        let policies = sweep.policies.count
        var runs = [[RunMetrics?]](repeating: [], count: policies)
        let total = SweepShard.replicates(batch: batches, of: sweep.plan).upperBound
        for p in 0..<policies { runs[p] = Array(repeating: nil, count: total) }
        for shard in shards {
            let expected = shard.shard.jobs(
                policies: policies,
                replicates: SweepShard.replicates(batch: shard.shard.batch, of: sweep.plan))
            guard shard.runs.map(\.job) == expected else {
                throw MergeError(
                    "\(shard.folder)/\(SweepShard.runsName): expected the \(expected.count) runs of shard "
                        + "\(shard.shard.label); found \(shard.runs.count) other runs (the file was changed)")
            }
            for (job, metrics) in shard.runs {
                runs[job.policy][job.replicate] = RunMetrics(origin: sweep.origin, values: metrics.values)
            }
        }
        func result(replicates n: Int) -> SweepResult {
            SweepResult(
                policies: sweep.policies.map(\.name), baseline: sweep.baseline,
                seeds: (0..<n).map { sweep.seed &+ UInt64($0) },
                runs: runs.map { $0.prefix(n).map { $0! } }, target: sweep.plan.target)
        }
        // A batch after one that met the target would not have run on one machine.
        if let target = sweep.plan.target {
            for b in 1..<batches
            where result(replicates: SweepShard.replicates(batch: b, of: sweep.plan).upperBound)
                .meets(target)
            {
                throw MergeError(
                    "the target (\(target.metric) half-width ≤ \(target.halfWidth)) is met after batch \(b), "
                        + "so batches \(b + 1)–\(batches) are not part of the sweep; merge batches 1 to \(b) only")
            }
        }
        let merged = result(replicates: total)
        let complete = sweep.plan.target.map { merged.meets($0) || total >= $0.maxReplicates } ?? true
        return Merged(result: merged, batches: batches, complete: complete)
    }
}
