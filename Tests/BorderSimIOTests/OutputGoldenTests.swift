import BorderGeometry
import Foundation
import Testing

@testable import BorderSim
@testable import BorderSimIO

/// A small run made by hand: a straight mapped border (y = 5 985 000 m in EPSG:3346, near
/// 25°E 54°N) between LT (north) and BY (south), two officer units, a handful of events and
/// two incursions, one still open at the end.
enum OutputSample {
    static let start = 1_629_201_600.0  // 2021-08-17T12:00:00Z = 15:00:00+03:00
    static func c(_ x: Double, _ y: Double) -> Coordinate { Coordinate(x: x, y: y) }

    static func scenario(tolerance: Double = 0.5) -> Scenario {
        // LT's ring is clockwise and BY's counter-clockwise: the writer must orient both.
        let lt = GeometryValue.polygon([
            [
                c(564900, 5_985_000), c(564900, 5_985_100), c(565100, 5_985_100), c(565100, 5_985_000),
                c(564900, 5_985_000),
            ]
        ])
        let by = GeometryValue.polygon([
            [
                c(564900, 5_984_900), c(565100, 5_984_900), c(565100, 5_985_000), c(564900, 5_985_000),
                c(564900, 5_984_900),
            ]
        ])
        let line = GeometryValue.lineString([c(564900, 5_985_000), c(565100, 5_985_000)])
        let strip = GeometryValue.polygon([
            [
                c(564950, 5_984_998), c(564950, 5_985_002), c(565050, 5_985_002), c(565050, 5_984_998),
                c(564950, 5_984_998),
            ]
        ])
        return Scenario(
            name: "golden-sample", clock: Clock(start: start, utcOffset: 10800, step: 0.25, ticks: 120), seed: 42,
            crs: "EPSG:3346",
            states: [
                StateTerritory(id: "LT", name: "Lithuania", territory: lt),
                StateTerritory(id: "BY", name: "Belarus", territory: by),
            ],
            frames: [
                Frame(
                    name: "mapped", line: line,
                    territories: [.init(state: "LT", area: lt), .init(state: "BY", area: by)])
            ],
            zones: [Zone(name: "strip \"A\", north", area: strip, forbiddenTo: ["migrants"])],
            tolerance: tolerance,
            units: [
                UnitSpec(
                    id: "by-officers", kind: .officers, affiliation: "BY", role: "riot-police", size: 2,
                    start: c(565000, 5_984_980), speed: 1.2),
                UnitSpec(
                    id: "lt-guards", kind: .officers, affiliation: "LT", role: "border-guard", size: 1,
                    start: c(565010, 5_985_030), speed: 1.2, detectionRange: 60),
            ])
    }

    static func result() -> RunResult {
        let zone = "strip \"A\", north"
        let events = [
            Event(
                time: 2.5, kind: .detection, unit: "lt-guards", member: 0, affiliation: "LT",
                position: c(565000, 5_984_985),
                counterpart: "by-officers"),
            Event(
                time: 7.125, kind: .incursionStart, unit: "by-officers", member: 0, affiliation: "BY",
                position: c(565000, 5_985_000), boundary: "mapped", fromState: "BY", intoState: "LT", depth: 0),
            Event(
                time: 7.5, kind: .zoneEntry, unit: "by-officers", member: 0, affiliation: "BY",
                position: c(565000, 5_985_002),
                boundary: zone),
            Event(
                time: 12, kind: .warning, unit: "lt-guards", member: 0, affiliation: "LT",
                position: c(565000, 5_985_004),
                counterpart: "by-officers"),
            Event(
                time: 15.5, kind: .incursionStart, unit: "by-officers", member: 1, affiliation: "BY",
                position: c(565003, 5_985_000), boundary: "mapped", fromState: "BY", intoState: "LT", depth: 0),
            Event(
                time: 22, kind: .warning, unit: "lt-guards", member: 0, affiliation: "LT",
                position: c(565000, 5_985_006),
                counterpart: "by-officers"),
            Event(time: 24, kind: .withdrawal, unit: "by-officers", affiliation: "BY", position: c(565000, 5_984_980)),
            Event(
                time: 26.75, kind: .incursionEnd, unit: "by-officers", member: 0, affiliation: "BY",
                position: c(565000, 5_985_000), boundary: "mapped", fromState: "LT", intoState: "BY", depth: 6.2),
            Event(
                time: 27.0005, kind: .zoneExit, unit: "by-officers", member: 0, affiliation: "BY",
                position: c(565000, 5_984_998), boundary: zone),
        ]
        let incursions = [
            Incursion(
                unit: "by-officers", member: 0, affiliation: "BY", boundary: "mapped", isZone: false, fromState: "BY",
                intoState: "LT", entryTime: 7.125, exitTime: 26.75, maxDepth: 6.2, entryPoint: c(565000, 5_985_000),
                deepestPoint: c(565000, 5985006.2), exitPoint: c(565000, 5_985_000)),
            Incursion(
                unit: "by-officers", member: 1, affiliation: "BY", boundary: "mapped", isZone: false, fromState: "BY",
                intoState: "LT", entryTime: 15.5, exitTime: nil, maxDepth: 4, entryPoint: c(565003, 5_985_000),
                deepestPoint: c(565003, 5_985_004), exitPoint: nil),
        ]
        let tracks = [
            RunResult.Track(
                unit: "by-officers", member: 0, affiliation: "BY", role: "riot-police", kind: .officers,
                positions: [
                    c(565000, 5_984_980), c(565000, 5_984_990), c(565000, 5_985_002), c(565000, 5985006.2),
                    c(565000, 5_984_995),
                ]),
            RunResult.Track(
                unit: "by-officers", member: 1, affiliation: "BY", role: "riot-police", kind: .officers,
                positions: [
                    c(565003, 5_984_980), c(565003, 5_984_988), c(565003, 5_984_999), c(565003, 5_985_003),
                    c(565003, 5_985_004),
                ]),
            // Never moves: still a valid LineString.
            RunResult.Track(
                unit: "lt-guards", member: 0, affiliation: "LT", role: "border-guard", kind: .officers,
                positions: SampledPositions(Array(repeating: c(565010, 5_985_030), count: 5))),
        ]
        return RunResult(
            scenario: scenario(), seed: 42, events: events, incursions: incursions,
            sampleTicks: [0, 21, 40, 80, 120], tracks: tracks, endTime: 30)
    }

    static let provenance = Provenance(
        toolVersion: "0.0.0-test", toolRevision: "0123456789abcdef0123456789abcdef01234567",
        libraries: [("GEOS", "3.11.1-CAPI-1.17.1"), ("PROJ", "9.1.1")], scenarioPath: "scenarios/golden.yaml",
        scenarioSHA256: SHA256.hex(of: Array("scenario".utf8)),
        geodata: [(path: "geodata/lt-by.geojson", sha256: SHA256.hex(of: Array("geodata".utf8)))], seed: 42,
        crsChain: ["EPSG:4326 (input)", "EPSG:3346 (simulation)", "EPSG:4326 (output)"])

    /// A fresh folder under the system's temporary folder, removed by the caller.
    static func temporaryFolder() -> String {
        let name = "bordersim-output-tests-\(getpid())-\(UUID().uuidString.prefix(8))"
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent(name)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func contents(of folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }
}

@Suite("Output: golden files")
struct OutputGoldenTests {
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden").path

    /// Every text file, positions and kepler included, compared byte for byte with the fixtures
    /// (`run.gpkg` is binary and holds SQLite's version: `OutputGeoPackageTests` checks it).
    /// `BORDERSIM_UPDATE_GOLDEN=1 swift test --filter OutputGolden` rewrites them; read the diff before committing.
    @Test func everyFileMatchesItsGolden() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = root + "/run"
        let written = try OutputWriter.write(
            OutputSample.result(), provenance: OutputSample.provenance, to: out,
            options: OutputOptions(positions: true, kepler: true, geoPackage: true))
        #expect(written == OutputWriter.fileNames.map { out + "/" + $0 })
        #expect(OutputSample.contents(of: out) == OutputWriter.fileNames.sorted())
        let update = ProcessInfo.processInfo.environment["BORDERSIM_UPDATE_GOLDEN"] == "1"
        for name in OutputWriter.fileNames where name != "run.gpkg" {
            let actual = try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
            let goldenPath = Self.goldenFolder + "/" + name
            if update {
                try FileManager.default.createDirectory(atPath: Self.goldenFolder, withIntermediateDirectories: true)
                try actual.write(to: URL(fileURLWithPath: goldenPath))
                continue
            }
            let golden = try #require(
                FileManager.default.contents(atPath: goldenPath),
                "missing golden \(goldenPath); run with BORDERSIM_UPDATE_GOLDEN=1")
            #expect(actual == golden, "\(name) differs from its golden; diff \(out)/\(name) \(goldenPath)")
        }
    }

    @Test func twoWritesAreIdenticalByteForByte() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let options = OutputOptions(positions: true, kepler: true)
        _ = try OutputWriter.write(
            OutputSample.result(), provenance: OutputSample.provenance, to: root + "/a", options: options)
        _ = try OutputWriter.write(
            OutputSample.result(), provenance: OutputSample.provenance, to: root + "/b", options: options)
        for name in OutputWriter.fileNames {
            #expect(
                FileManager.default.contents(atPath: root + "/a/" + name)
                    == FileManager.default.contents(atPath: root + "/b/" + name))
        }
    }

    @Test func defaultOptionsLeaveOutPositionsAndKepler() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let written = try OutputWriter.write(
            OutputSample.result(), provenance: OutputSample.provenance, to: root + "/run",
            options: OutputOptions())
        let names = written.map { ($0 as NSString).lastPathComponent }
        #expect(
            names
                == OutputWriter.fileNames.filter {
                    !["positions.geojson", "trajectories-kepler.geojson", "run.gpkg"].contains($0)
                })
        let summary = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: root + "/run/summary.json")))
        #expect((summary as? [String: Any])?["files"] as? [String] == Array(names.dropLast()))
    }
}
