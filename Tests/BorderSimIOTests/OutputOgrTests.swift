import Foundation
import Testing

@testable import BorderSimIO

/// GDAL, the library most GIS tools read GeoJSON through, opens every file. Skipped, with a
/// note, where `ogrinfo` is not installed (`scripts/install-deps.sh` installs it).
@Suite("Output: GDAL (ogrinfo) opens the files")
struct OutputOgrTests {
    static let ogrinfo: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":").map { $0 + "/ogrinfo" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: ogrinfo != nil, "ogrinfo (GDAL) is not on PATH; install gdal-bin to run this check"))
    func ogrinfoOpensEveryGeoJSONFile() throws {
        let ogrinfo = try #require(Self.ogrinfo)
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = try OutputGeoJSONTests.writeSample(into: root)
        let expected = [
            "trajectories.geojson": 3, "positions.geojson": 15, "trajectories-kepler.geojson": 3,
            "events.geojson": 9, "incursions.geojson": 2, "zones.geojson": 4,
        ]
        for name in OutputGeoJSONTests.geoJSONFiles {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ogrinfo)
            process.arguments = ["-so", "-al", out + "/" + name]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice  // kepler's 4-number positions draw a warning
            try process.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "ogrinfo could not open \(name)")
            #expect(text.contains("Feature Count: \(expected[name] ?? -1)"), "\(name): \(text)")
        }
    }

    /// Runs `ogrinfo` with `arguments`; its exit status and its output, read to the end.
    static func ogrinfo(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try OutputGeoPackageTests.run("ogrinfo", arguments)
    }
}
