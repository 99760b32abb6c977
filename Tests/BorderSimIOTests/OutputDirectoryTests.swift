import BorderGeometry
import Foundation
import Testing

@testable import BorderSim
@testable import BorderSimIO

/// The output folder: refusing, creating, replacing, and leaving nothing behind on failure.
@Suite("Output: folder and atomic staging")
struct OutputDirectoryTests {
    let fm = FileManager.default

    func write(
        to path: String, _ options: OutputOptions = OutputOptions(),
        afterEachFile: (String) throws(OutputError) -> Void = { _ throws(OutputError) in }
    ) throws(OutputError)
        -> [String]
    {
        try OutputWriter.write(
            OutputSample.result(), provenance: OutputSample.provenance, to: path, options: options,
            afterEachFile: afterEachFile)
    }

    @Test func refusesAFolderWithFilesUnlessForced() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? fm.removeItem(atPath: root) }
        try "keep me".write(toFile: root + "/notes.txt", atomically: false, encoding: .utf8)
        #expect(throws: OutputError.folderNotEmpty(root)) { try write(to: root) }
        #expect(
            OutputError.folderNotEmpty(root).description
                == "output folder '\(root)' is not empty; use --force to overwrite")
        #expect(OutputSample.contents(of: root) == ["notes.txt"])

        _ = try write(to: root, OutputOptions(force: true))
        #expect(OutputSample.contents(of: root).contains("summary.json"))
        #expect(try String(contentsOfFile: root + "/notes.txt", encoding: .utf8) == "keep me")
    }

    @Test func forceReplacesAnEarlierRunAndRemovesItsOptionalFiles() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? fm.removeItem(atPath: root) }
        _ = try write(to: root, OutputOptions(positions: true, kepler: true, geoPackage: true))
        #expect(OutputSample.contents(of: root) == OutputWriter.fileNames.sorted())
        let written = try write(to: root, OutputOptions(force: true))
        // No positions or kepler file of the first run is left next to the second run's files.
        #expect(OutputSample.contents(of: root) == written.map { ($0 as NSString).lastPathComponent }.sorted())
        #expect(!OutputSample.contents(of: root).contains("positions.geojson"))
    }

    @Test func usesAnEmptyFolderAndCreatesMissingOnes() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? fm.removeItem(atPath: root) }
        _ = try write(to: root)  // exists, empty: no --force needed
        #expect(OutputSample.contents(of: root).count == 7)
        let nested = root + "/a/b/run/"
        _ = try write(to: nested)
        #expect(OutputSample.contents(of: root + "/a/b") == ["run"], "no staging folder left beside it")
        #expect(OutputSample.contents(of: nested).count == 7)
    }

    @Test func refusesAFileInTheWay() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? fm.removeItem(atPath: root) }
        try "x".write(toFile: root + "/out", atomically: false, encoding: .utf8)
        #expect(throws: OutputError.notAFolder(root + "/out")) { try write(to: root + "/out") }
        // A file where a parent folder should be: the message names it and the system's reason.
        #expect(throws: OutputError.cannotCreate(path: root + "/out", reason: "Not a directory")) {
            try write(to: root + "/out/run")
        }
        #expect(OutputSample.contents(of: root) == ["out"])
    }

    struct Injected: Error {}

    /// A failure after some files were staged leaves no file and no staging folder behind.
    @Test(arguments: ["trajectories.geojson", "events.csv", "run.gpkg", "summary.json"])
    func aFailedWriteLeavesNoPartialOutput(failingAfter name: String) throws {
        let root = OutputSample.temporaryFolder()
        defer { try? fm.removeItem(atPath: root) }
        let failure = OutputError.cannotWrite(path: name, reason: "injected")
        #expect(throws: failure) {
            try write(to: root + "/run", OutputOptions(geoPackage: true)) { staged throws(OutputError) in
                if staged == name { throw failure }
            }
        }
        #expect(OutputSample.contents(of: root).isEmpty, "neither the folder nor a staging folder may be left")

        // Over an earlier run with --force: the earlier files stay exactly as they were.
        let earlier = root + "/earlier"
        _ = try write(to: earlier, OutputOptions(positions: true))
        let before = Dictionary(
            uniqueKeysWithValues: OutputSample.contents(of: earlier).map {
                ($0, fm.contents(atPath: earlier + "/" + $0))
            })
        #expect(throws: failure) {
            try write(to: earlier, OutputOptions(force: true, geoPackage: true)) { staged throws(OutputError) in
                if staged == name { throw failure }
            }
        }
        #expect(OutputSample.contents(of: earlier) == before.keys.sorted())
        for (file, bytes) in before { #expect(fm.contents(atPath: earlier + "/" + file) == bytes, "\(file) changed") }
    }

    @Test(.enabled(if: getuid() != 0, "root writes into read-only folders; the injected failures above cover this"))
    func aReadOnlyParentIsReportedWithItsPath() throws {
        let root = OutputSample.temporaryFolder()
        defer {
            chmod(root, 0o755)
            try? fm.removeItem(atPath: root)
        }
        chmod(root, 0o555)
        #expect {
            try write(to: root + "/run")
        } throws: { error in
            guard case OutputError.cannotCreate(let path, _) = error else { return false }
            return path == root
        }
        #expect(OutputSample.contents(of: root).isEmpty)
    }

    @Test func badOptionsAndBadResultsAreRefusedBeforeAnythingIsWritten() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? fm.removeItem(atPath: root) }
        #expect(throws: OutputError.self) { try write(to: root + "/a", OutputOptions(precision: 13)) }
        #expect(throws: OutputError.self) { try write(to: root + "/b", OutputOptions(trajectoryInterval: 0)) }

        var result = OutputSample.result()
        result.events[3].time = .nan
        #expect {
            _ = try OutputWriter.write(
                result, provenance: OutputSample.provenance, to: root + "/c", options: OutputOptions())
        } throws: { error in
            guard case OutputError.invalidResult(let message) = error else { return false }
            return message.contains("event 3 (warning of unit 'lt-guards')")
        }
        result = OutputSample.result()
        result.tracks[1].positions = SampledPositions(result.tracks[1].positions.dropLast())
        #expect {
            _ = try OutputWriter.write(
                result, provenance: OutputSample.provenance, to: root + "/d", options: OutputOptions())
        } throws: { error in
            guard case OutputError.invalidResult(let message) = error else { return false }
            return message.contains("unit 'by-officers' member 1 has 4 positions for 5 sample ticks")
        }
        result = OutputSample.result()
        result.scenario.crs = "EPSG:99999999"
        #expect {
            _ = try OutputWriter.write(
                result, provenance: OutputSample.provenance, to: root + "/e", options: OutputOptions())
        } throws: { error in
            guard case OutputError.transform = error else { return false }
            return "\(error)".contains("EPSG:99999999")
        }
        #expect(OutputSample.contents(of: root).isEmpty)
    }

    // MARK: Interrupts

    /// Ctrl-C (or SIGTERM) in the middle of writing: the process exits 128 + signal and leaves
    /// neither the output folder nor the staging folder. Runs the test binary again as a child
    /// that signals itself after staging its first file (see `interruptedChild`).
    @Test(
        .enabled(if: Self.canRunChild, "needs the test binary to be runnable as a process (Linux)"),
        arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func anInterruptLeavesNothingBehind(signal: Int32, status: Int32) throws {
        let root = OutputSample.temporaryFolder()
        defer { try? fm.removeItem(atPath: root) }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["--testing-library", "swift-testing", "--filter", "interruptedChild"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.childFolderVariable] = root + "/run"
        environment[Self.childSignalVariable] = String(signal)
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        child.waitUntilExit()
        #expect(child.terminationReason == .exit)
        #expect(child.terminationStatus == status)
        #expect(OutputSample.contents(of: root).isEmpty, "left behind: \(OutputSample.contents(of: root))")
    }

    static let childFolderVariable = "BORDERSIM_OUTPUT_INTERRUPT_FOLDER"
    static let childSignalVariable = "BORDERSIM_OUTPUT_INTERRUPT_SIGNAL"
    #if os(Linux)
        static let canRunChild = true
    #else
        static let canRunChild = false  // on macOS tests run inside xctest's bundle loader
    #endif

    /// The child half of `anInterruptLeavesNothingBehind`; runs only when it sets the variables.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[childFolderVariable] != nil, "child of the interrupt test"))
    func interruptedChild() throws {
        let env = ProcessInfo.processInfo.environment
        let folder = try #require(env[Self.childFolderVariable])
        let sig = try #require(env[Self.childSignalVariable].flatMap { Int32($0) })
        _ = try write(to: folder) { _ throws(OutputError) in
            kill(getpid(), sig)
            // The handler removes the staging folder and exits; reaching the end is a failure.
            sleep(10)
            throw OutputError.cannotWrite(path: folder, reason: "the signal handler did not exit")
        }
        Issue.record("the write completed despite the signal")
    }

    /// A signal that arrives while the last commit holds the lock is handled after it: with no
    /// write left in progress it must not exit, or a finished run would report 130. (A fresh
    /// instance, so the process-wide one other tests use is not involved; without the fix the
    /// test process exits here.)
    @Test func aSignalAfterTheLastCommitDoesNotEndTheProcess() {
        let cleanup = InterruptCleanup()
        cleanup.interrupted(by: SIGTERM)
        #expect(Bool(true), "still running")
    }

    @Test(arguments: [
        ("a", "", "", "a"), ("/a", "/", "/", "a"), ("x/y/z", "x/y", "x/y/", "z"), ("./b", ".", "./", "b"),
    ])
    func pathsSplitWithoutFoundation(path: String, parent: String, prefix: String, name: String) {
        let split = OutputDirectory.split(path)
        #expect(split.parent == parent && split.prefix == prefix && split.name == name)
    }
}
