import BorderGeometry
import Foundation

/// Where a run's output came from: tool, inputs with their checksums, seed and CRS chain.
///
/// Written into `summary.json`. Nothing here reads the wall clock, so two runs of the same
/// inputs write byte-identical files.
public struct Provenance: Sendable {
    /// The bordersim version that wrote the output, e.g. "0.3.0".
    public var toolVersion: String
    /// The git commit the tool was built from ("-dirty" when built from changed files), or "unknown".
    public var toolRevision: String
    /// The geometry libraries the tool ran on, e.g. `[("GEOS", "3.11.1-CAPI-1.17.1"), ("PROJ", "9.1.1")]`:
    /// a different GEOS can move a result by an ulp.
    public var libraries: [(name: String, version: String)]
    /// The scenario file, relative to the root of the repository that holds it, or its name
    /// alone outside a repository: the same file gives the same bytes however it was named
    /// on the command line (see `provenancePath`).
    public var scenarioPath: String
    public var scenarioSHA256: String
    /// The scenario's policy the run applied (`--policy`); nil: the scenario as written.
    public var policy: String?
    /// Every geodata file the scenario read, in the order it read them.
    public var geodata: [(path: String, sha256: String)]
    public var seed: UInt64
    /// The coordinate systems the data passed through, e.g.
    /// `["EPSG:4326 (input)", "EPSG:3346 (simulation)", "EPSG:4326 (output)"]`.
    public var crsChain: [String]

    public init(
        toolVersion: String, toolRevision: String = "unknown",
        libraries: [(name: String, version: String)] = Provenance.linkedLibraries, scenarioPath: String,
        scenarioSHA256: String, policy: String? = nil, geodata: [(path: String, sha256: String)], seed: UInt64,
        crsChain: [String]
    ) {
        self.toolVersion = toolVersion
        self.toolRevision = toolRevision
        self.libraries = libraries
        self.scenarioPath = scenarioPath
        self.scenarioSHA256 = scenarioSHA256
        self.policy = policy
        self.geodata = geodata
        self.seed = seed
        self.crsChain = crsChain
    }

    /// The versions of GEOS and PROJ this process is linked with.
    public static var linkedLibraries: [(name: String, version: String)] {
        [("GEOS", GeometryContext.geosVersion), ("PROJ", CoordinateTransform.projVersion)]
    }

    /// How provenance names an input file: relative to the root of the git repository holding
    /// it (the nearest folder above it with a `.git`), else by its name alone, so that
    /// `scenarios/x.yaml`, `./scenarios/x.yaml` and `/home/me/bordersim/scenarios/x.yaml` are one
    /// name. `<stdin>` stays as it is.
    public static func provenancePath(_ path: String) -> String {
        guard path != "<stdin>" else { return path }
        let file = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        var folder = file.deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) {
                return relativePath(file.path, from: folder.path)
            }
            folder.deleteLastPathComponent()
        }
        return file.lastPathComponent
    }

    /// The SHA-256 of a file's bytes, as 64 lowercase hexadecimal digits.
    ///
    /// - Complexity: O(size); reads 1 MiB at a time.
    public static func sha256(ofFile path: String) throws(OutputError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotRead(path: path, reason: lastErrorText()) }
        defer { close(fd) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path: path, reason: lastErrorText())
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return hasher.finalizeHex()
    }
}

/// `strerror(errno)`, read before anything else can change errno.
func lastErrorText() -> String { String(cString: strerror(errno)) }
