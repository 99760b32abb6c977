import Foundation
import Testing

@testable import BorderSimIO

/// `run.gpkg` as GDAL (and so QGIS) reads it: every layer, typed fields, UTC times, provenance,
/// and GDAL's own GeoPackage validator. Needs GDAL's tools, which `scripts/install-deps.sh` installs.
@Suite("Output: GeoPackage")
struct OutputGeoPackageTests {
    /// GDAL's conformance checker for GeoPackage (python3-gdal's samples).
    static let validator = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"
    static let gdal = OutputOgrTests.ogrinfo != nil

    /// The sample run written with the GeoPackage; the folder's path.
    static func writeSample(into root: String) throws -> String {
        let out = root + "/run"
        _ = try OutputWriter.write(
            OutputSample.result(), provenance: OutputSample.provenance, to: out,
            options: OutputOptions(positions: true, geoPackage: true))
        return out
    }

    /// Runs a tool found on PATH; its exit status, standard output and standard error.
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let path = try #require(
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
                .map { $0 + "/" + tool }.first { FileManager.default.isExecutableFile(atPath: $0) },
            "\(tool) is not on PATH")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    /// The values of one column from an SQL query on the file, as `ogrinfo` prints them.
    static func query(_ sql: String, in gpkg: String) throws -> [String] {
        let r = try run("ogrinfo", ["-ro", "-q", "-nomd", "-sql", sql, gpkg])
        #expect(r.status == 0, "\(sql): \(r.stderr)")
        return r.stdout.split(separator: "\n").compactMap { line in
            line.range(of: ") = ").map { String(line[$0.upperBound...]) }
        }
    }

    @Test(.enabled(if: gdal, "GDAL's ogrinfo is not on PATH; install gdal-bin"))
    func everyLayerHoldsWhatItsGeoJSONFileHolds() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = try Self.writeSample(into: root)
        let r = try Self.run("ogrinfo", ["-ro", "-so", "-al", "-nomd", out + "/run.gpkg"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "GDAL warned: \(r.stderr)")
        let expected: [(layer: String, type: String, count: Int)] = [
            ("tracks", "Line String", 3), ("positions", "Point", 15), ("events", "Point", 9),
            ("incursions", "Line String", 2), ("zones_polygons", "Multi Polygon", 3),
            ("zones_lines", "Multi Line String", 1),
        ]
        let layers = r.stdout.components(separatedBy: "Layer name: ").dropFirst()
        #expect(layers.map { String($0.prefix { $0 != "\n" }) } == expected.map(\.layer))
        for (text, e) in zip(layers, expected) {
            #expect(text.contains("Geometry: \(e.type)\n"), "\(e.layer): \(text)")
            #expect(text.contains("Feature Count: \(e.count)\n"), "\(e.layer): \(text)")
            #expect(!text.contains("List"), "\(e.layer) has a list field, which GPKG/Shapefile/FlatGeobuf cannot carry")
        }
        let incursions = try #require(layers.first { $0.hasPrefix("incursions") })
        for field in [
            "entry_time: DateTime", "exit_time: DateTime", "beyond_tolerance: Integer(Boolean)",
            "max_depth_m: Real", "member: Integer64", "person: String",
        ] {
            #expect(incursions.contains(field), "incursions lacks '\(field)'")
        }
        #expect(layers.first { $0.hasPrefix("events") }?.contains("time: DateTime") == true)
        #expect(layers.first { $0.hasPrefix("tracks") }?.contains("start_time: DateTime") == true)
    }

    /// Times are the GeoJSON's instants in UTC: 15:00:02.500+03:00 is 12:00:02.500Z.
    @Test(.enabled(if: gdal, "GDAL's ogrinfo is not on PATH; install gdal-bin"))
    func timesAreUTCAndListsAreText() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let gpkg = try Self.writeSample(into: root) + "/run.gpkg"
        #expect(
            try Self.query("SELECT CAST(time AS TEXT) AS t FROM events ORDER BY fid LIMIT 2", in: gpkg)
                == ["2021-08-17T12:00:02.500Z", "2021-08-17T12:00:07.125Z"])
        #expect(
            try Self.query("SELECT CAST(exit_time AS TEXT) AS t FROM incursions ORDER BY fid", in: gpkg)
                == ["2021-08-17T12:00:26.750Z", "(null)"])
        #expect(try Self.query("SELECT forbidden_to FROM zones_polygons WHERE kind = 'zone'", in: gpkg) == ["migrants"])
        #expect(
            try Self.query("SELECT t_seconds FROM positions WHERE person = 'by-officers#0' ORDER BY fid", in: gpkg)
                == ["0", "5.25", "10", "20", "30"])
    }

    /// Each point is where the GeoJSON puts it (which rounds to 7 decimals); the blob has the GP header.
    @Test(.enabled(if: gdal, "GDAL's ogrinfo is not on PATH; install gdal-bin"))
    func geometriesMatchTheGeoJSON() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = try Self.writeSample(into: root)
        let xs = try Self.query("SELECT ST_X(geom) AS x FROM events ORDER BY fid", in: out + "/run.gpkg").compactMap(
            Double.init)
        let ys = try Self.query("SELECT ST_Y(geom) AS y FROM events ORDER BY fid", in: out + "/run.gpkg").compactMap(
            Double.init)
        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: out + "/events.geojson")))
        let features = try #require((json as? [String: Any])?["features"] as? [[String: Any]])
        let points = features.compactMap { ($0["geometry"] as? [String: Any])?["coordinates"] as? [Double] }
        #expect(xs.count == 9 && ys.count == 9 && points.count == 9)
        for (k, p) in points.enumerated() where k < xs.count && k < ys.count {
            #expect(abs(xs[k] - p[0]) <= 5e-8 && abs(ys[k] - p[1]) <= 5e-8, "event \(k): \(xs[k]), \(ys[k]) vs \(p)")
        }
        // "GP", version 0, flags 1 (little-endian, no envelope for a point), srs_id 4326 little-endian
        #expect(
            try Self.query("SELECT hex(substr(geom, 1, 8)) AS h FROM events WHERE fid = 1", in: out + "/run.gpkg")
                == ["47500001E6100000"])
        #expect(
            try Self.query("SELECT hex(substr(geom, 1, 4)) AS h FROM tracks WHERE fid = 1", in: out + "/run.gpkg")
                == ["47500003"])
    }

    @Test(
        .enabled(
            if: gdal && FileManager.default.fileExists(atPath: validator),
            "GDAL's validate_gpkg.py is missing; install python3-gdal"))
    func gdalsValidatorAcceptsIt() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let gpkg = try Self.writeSample(into: root) + "/run.gpkg"
        let r = try Self.run("python3", [Self.validator, gpkg])
        #expect(r.status == 0, "validate_gpkg.py: \(r.stdout) \(r.stderr)")
    }

    /// The metadata is `summary.json`'s provenance, scoped to the whole GeoPackage.
    @Test(.enabled(if: gdal, "GDAL's ogrinfo is not on PATH; install gdal-bin"))
    func provenanceIsInTheMetadata() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = try Self.writeSample(into: root)
        let r = try Self.run("ogrinfo", ["-ro", "-so", out + "/run.gpkg"])
        let start = try #require(r.stdout.range(of: "GPKG_METADATA_ITEM_1="))
        let end = try #require(r.stdout.range(of: "\n}\n", range: start.upperBound..<r.stdout.endIndex))
        let metadata = try JSONSerialization.jsonObject(with: Data(r.stdout[start.upperBound..<end.upperBound].utf8))
        let summary = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json")))
        let provenance = try #require((summary as? [String: Any])?["provenance"] as? NSDictionary)
        #expect((metadata as? NSDictionary) == provenance)
        #expect(
            try Self.query("SELECT reference_scope FROM gpkg_metadata_reference", in: out + "/run.gpkg") == [
                "geopackage"
            ])
        #expect(
            (summary as? [String: Any])?["files"] as? [String] == [
                "trajectories.geojson", "positions.geojson", "events.geojson", "incursions.geojson", "events.csv",
                "events.geojsons", "zones.geojson", "run.gpkg",
            ])
    }

    /// Every layer has the R-tree index GDAL and QGIS use for a map window, kept up to date by
    /// its triggers when a GIS edits the file.
    @Test(.enabled(if: gdal, "GDAL's ogrinfo is not on PATH; install gdal-bin"))
    func everyLayerHasASpatialIndexThatFollowsEdits() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let gpkg = try Self.writeSample(into: root) + "/run.gpkg"
        for layer in ["tracks", "positions", "events", "incursions", "zones_polygons", "zones_lines"] {
            #expect(try Self.query("SELECT HasSpatialIndex('\(layer)', 'geom') AS h", in: gpkg) == ["1"], "\(layer)")
        }
        let all = try Self.query("SELECT count(*) AS n FROM rtree_events_geom", in: gpkg)
        #expect(all == ["9"])
        let edit = try Self.run("ogrinfo", ["-nomd", gpkg, "-sql", "DELETE FROM events WHERE fid = 1"])
        #expect(edit.status == 0, "\(edit.stderr)")
        #expect(try Self.query("SELECT count(*) AS n FROM rtree_events_geom", in: gpkg) == ["8"])
    }

    @Test func twoWritesAreIdenticalByteForByte() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let a = try Self.writeSample(into: root + "/a")
        let b = try Self.writeSample(into: root + "/b")
        let first = try #require(FileManager.default.contents(atPath: a + "/run.gpkg"))
        #expect(first.count > 0)
        #expect(first == FileManager.default.contents(atPath: b + "/run.gpkg"))
    }

    /// What the GeoJSON's list-valued `times` broke: GDAL converts every layer to FlatGeobuf and Shapefile.
    @Test(.enabled(if: gdal, "GDAL's ogr2ogr is not on PATH; install gdal-bin"))
    func ogr2ogrConvertsEveryLayer() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let gpkg = try Self.writeSample(into: root) + "/run.gpkg"
        let fgb = try Self.run("ogr2ogr", ["-f", "FlatGeobuf", root + "/fgb", gpkg])
        #expect(fgb.status == 0, "\(fgb.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: root + "/fgb").sorted()
        #expect(
            names == [
                "events.fgb", "incursions.fgb", "positions.fgb", "tracks.fgb", "zones_lines.fgb", "zones_polygons.fgb",
            ])
        let shp = try Self.run("ogr2ogr", ["-f", "ESRI Shapefile", root + "/shp", gpkg, "incursions"])
        #expect(shp.status == 0, "\(shp.stderr)")
        #expect(
            try Self.run("ogrinfo", ["-ro", "-so", "-al", root + "/shp/incursions.shp"]).stdout.contains(
                "Feature Count: 2"))
    }
}
