import Dispatch
import Foundation

/// The output folder, filled through a hidden staging folder so it only ever holds a whole output.
///
/// Files are written into the staging folder and moved into place with `rename(2)` only when
/// all of them were written. A missing output folder is staged beside it (in its parent) and
/// the staging folder is renamed to it in one step. An existing one is staged inside itself,
/// which keeps staging on the same file system even when the folder is a mount point, and
/// the files are renamed into it one by one, replacing same-named files. On any error, or on
/// SIGINT/SIGTERM while writing, the staging folder is removed and the output folder is left
/// as it was. (Only a `rename` failing halfway through that last step, which on one file
/// system takes a permissions change mid-run, could leave a mix; the error names the file.)
struct OutputDirectory {
    /// The output folder as the caller named it (for messages).
    let path: String
    let stagingPath: String
    private let existed: Bool
    private let registration: Int

    /// Checks the output folder and creates the staging folder.
    ///
    /// Staging folders that an earlier process left behind (killed with SIGKILL, or by a power
    /// cut) in the output folder or beside it are removed first; their names carry the
    /// writer's process id, so a live writer's folder is never touched.
    ///
    /// - Throws: `.notAFolder` for a file in the way, `.folderNotEmpty` for a folder with
    ///   files in it unless `force`, `.cannotCreate` when the parent cannot be written.
    init(path: String, force: Bool) throws(OutputError) {
        let trimmed = try Self.check(path: path, force: force)
        self.path = trimmed
        let fm = FileManager.default
        existed = fm.fileExists(atPath: trimmed)
        let split = Self.split(trimmed)
        let template: String
        if existed {
            template = trimmed + "/" + Self.stagingPrefix + "\(getpid())-XXXXXX"
        } else {
            if !split.parent.isEmpty && !fm.fileExists(atPath: split.parent) {
                do { try fm.createDirectory(atPath: split.parent, withIntermediateDirectories: true) } catch {
                    throw .cannotCreate(path: split.parent, reason: Self.reason(error))
                }
            }
            template = split.prefix + "." + split.name + Self.stagingPrefix + "\(getpid())-XXXXXX"
        }
        var buffer = Array(template.utf8CString)
        guard mkdtemp(&buffer) != nil else {
            throw .cannotCreate(
                path: existed ? trimmed : (split.parent.isEmpty ? "." : split.parent),
                reason: lastErrorText())
        }
        stagingPath = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        // mkdtemp makes the folder private (0700); a new output folder gets the usual
        // permissions of a folder the user creates (0777 less the umask).
        let mask = umask(0)
        umask(mask)
        chmod(stagingPath, 0o777 & ~mask)
        registration = InterruptCleanup.shared.register(stagingPath)
    }

    /// Checks, before anything is computed, that `path` can take an output: it is a folder
    /// path (not empty, not `-`), and names a missing folder, an empty one, or (with `force`)
    /// one with files. Removes dead writers' staging folders on the way.
    ///
    /// - Returns: The path without trailing slashes.
    @discardableResult
    static func check(path: String, force: Bool) throws(OutputError) -> String {
        guard !path.isEmpty else {
            throw .invalidOptions("the output folder path is empty; give a folder to write into")
        }
        guard path != "-" else {
            throw .invalidOptions(
                "the output is a folder of several files and cannot go to standard output ('-'); "
                    + "give a folder to write into, e.g. --out out/run")
        }
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        let fm = FileManager.default
        let split = split(trimmed)
        removeDeadStaging(in: split.parent.isEmpty ? "." : split.parent, prefix: "." + split.name + stagingPrefix)
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: trimmed, isDirectory: &isFolder) else { return trimmed }
        guard isFolder.boolValue else { throw .notAFolder(trimmed) }
        removeDeadStaging(in: trimmed, prefix: stagingPrefix)
        let contents: [String]
        do { contents = try fm.contentsOfDirectory(atPath: trimmed) } catch {
            throw .cannotRead(path: trimmed, reason: reason(error))
        }
        guard contents.isEmpty || force else { throw .folderNotEmpty(trimmed) }
        return trimmed
    }

    /// Staging folders are named `<prefix><pid>-XXXXXX`, with this in the prefix.
    static let stagingPrefix = ".bordersim-staging-"

    /// A path's folder and last component: "a" → ("", "a"), "/a" → ("/", "a"), "x/y/z" → ("x/y", "z").
    /// `prefix` is the folder with a trailing slash, or "" for the working folder.
    static func split(_ path: String) -> (parent: String, prefix: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", "", path) }
        let name = String(path[path.index(after: slash)...])
        let parent = slash == path.startIndex ? "/" : String(path[..<slash])
        return (parent, String(path[...slash]), name)
    }

    /// Removes the staging folders `<prefix><pid>-*` in `folder` whose process no longer runs.
    static func removeDeadStaging(in folder: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]) else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                InterruptCleanup.removeTree(folder + "/" + name)
            }
        }
    }

    /// Where a file of the output is written before the commit.
    func stagedFile(_ name: String) -> String { stagingPath + "/" + name }

    /// Writes the output's file `name` into the staging folder through `body`, then closes it.
    func stage(_ name: String, _ body: (OutputFile) throws(OutputError) -> Void) throws(OutputError) {
        let file = try OutputFile(creating: stagedFile(name))
        try body(file)
        try file.close()
    }

    /// Moves the staged files into the output folder and removes the staging folder.
    ///
    /// With an existing output folder, the files of `stale` that this output does not include
    /// (left by an earlier run with other options) are removed, so the folder never mixes two
    /// runs. A signal arriving meanwhile waits until the commit is done.
    func commit(_ names: [String], removingStale stale: [String]) throws(OutputError) {
        try InterruptCleanup.shared.withLock { () throws(OutputError) in
            if !existed {
                guard rename(stagingPath, path) == 0 else {
                    throw .cannotMove(from: stagingPath, to: path, reason: lastErrorText())
                }
                InterruptCleanup.shared.unregister(registration)
                return
            }
            for name in names {
                let target = path + "/" + name
                guard rename(stagedFile(name), target) == 0 else {
                    throw .cannotMove(from: stagedFile(name), to: target, reason: lastErrorText())
                }
            }
            for name in stale where !names.contains(name) {
                let target = path + "/" + name
                guard unlink(target) == 0 || errno == ENOENT else {
                    throw .cannotWrite(path: target, reason: "cannot remove an earlier run's file: " + lastErrorText())
                }
            }
            rmdir(stagingPath)
            // Still under the lock: a signal that arrived during the commit finds nothing in
            // progress, and the finished output stands (see `InterruptCleanup.interrupted`).
            InterruptCleanup.shared.unregister(registration)
        }
    }

    /// Removes the staging folder and everything in it; the output folder is untouched.
    func abandon() {
        InterruptCleanup.shared.withLock { InterruptCleanup.removeTree(stagingPath) }
        InterruptCleanup.shared.unregister(registration)
    }

    private static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}

extension OutputWriter {
    /// Checks that `directory` can take a run's output, before the run (see `OutputDirectory.check`).
    public static func check(directory: String, force: Bool) throws(OutputError) {
        try OutputDirectory.check(path: directory, force: force)
    }
}

/// Removes the staging folders of writes in progress when the process is interrupted.
///
/// Process-wide: SIGINT and SIGTERM are routed to dispatch sources while at least one
/// staging folder is registered, and given back their previous dispositions when the last
/// one is gone, so concurrent writers do not undo each other's handlers. On a signal every
/// registered staging folder is removed and the process exits with 128 + the signal's number
/// (130 for Ctrl-C), as a shell reports it.
final class InterruptCleanup: @unchecked Sendable {
    static let shared = InterruptCleanup()

    // Everything below is guarded by `lock`.
    private let lock = NSRecursiveLock()
    private var folders = [(token: Int, path: String)]()
    private var nextToken = 0
    private var sources = [DispatchSourceSignal]()
    private var previous = [(signal: Int32, handler: Handler)]()

    #if canImport(Darwin)
        private typealias Handler = sig_t?
    #else
        private typealias Handler = __sighandler_t?
    #endif

    private static let signals = [SIGINT, SIGTERM]
    private let queue = DispatchQueue(label: "bordersim.interrupt-cleanup")

    func register(_ path: String) -> Int {
        withLock {
            if folders.isEmpty { install() }
            nextToken += 1
            folders.append((nextToken, path))
            return nextToken
        }
    }

    func unregister(_ token: Int) {
        withLock {
            folders.removeAll { $0.token == token }
            if folders.isEmpty { uninstall() }
        }
    }

    func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Returns once the sources are registered: libdispatch registers a source asynchronously,
    /// and a signal arriving before that, with the default disposition set aside, would be lost
    /// (the interrupt test failed so, now and then, under load). The sources' own serial queue
    /// gets a thread even when a parallel phase holds every worker of the global pool.
    private func install() {
        for sig in Self.signals {
            previous.append((sig, signal(sig, SIG_IGN)))
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            let registered = DispatchSemaphore(value: 0)
            source.setRegistrationHandler { registered.signal() }
            source.setEventHandler { [self] in interrupted(by: sig) }
            source.resume()
            registered.wait()
            sources.append(source)
        }
    }

    private func uninstall() {
        sources.forEach { $0.cancel() }
        sources.removeAll()
        for (sig, handler) in previous { signal(sig, handler) }
        previous.removeAll()
    }

    func interrupted(by sig: Int32) {
        // Exits holding the lock, so no commit can start between the cleanup and the exit.
        // With nothing left in progress (the signal waited for the last commit), the output
        // is whole and the process finishes as it would have.
        withLock {
            guard !folders.isEmpty else { return }
            for folder in folders { Self.removeTree(folder.path) }
            exit(128 + sig)
        }
    }

    /// `rm -rf`, retried a few times: a writer may add a file while the folder is being emptied.
    static func removeTree(_ path: String) {
        for _ in 0..<5 {
            do { try FileManager.default.removeItem(atPath: path) } catch {}
            if !FileManager.default.fileExists(atPath: path) { return }
        }
    }
}
