import Foundation

/// Where a run's output came from: tool, inputs with their checksums, seed and CRS chain.
///
/// Written into `summary.json`. Nothing here reads the wall clock, so two runs of the same
/// inputs write byte-identical files.
public struct Provenance: Sendable {
    /// The bordersim version that wrote the output, e.g. "0.3.0".
    public var toolVersion: String
    /// The scenario file as given on the command line.
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

    public init(toolVersion: String, scenarioPath: String, scenarioSHA256: String, policy: String? = nil,
                geodata: [(path: String, sha256: String)], seed: UInt64, crsChain: [String]) {
        self.toolVersion = toolVersion
        self.scenarioPath = scenarioPath
        self.scenarioSHA256 = scenarioSHA256
        self.policy = policy
        self.geodata = geodata
        self.seed = seed
        self.crsChain = crsChain
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
