import Foundation
import Testing

@testable import BorderSimIO

/// What GIS tools need beyond valid GeoJSON: an id per person, fields that do not clash with
/// their own names.
@Suite("Output: GIS tools' needs")
struct OutputGISTests {
    /// The features of a GeoJSON file of the sample, as property dictionaries.
    static func properties(_ name: String, in out: String) throws -> [[String: Any]] {
        let data = try #require(FileManager.default.contents(atPath: out + "/" + name))
        let collection = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let features = try #require(collection["features"] as? [[String: Any]])
        return try features.map { try #require($0["properties"] as? [String: Any]) }
    }

    @Test func everyMemberHasItsOwnPersonIdThatEventsAndIncursionsShare() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = try OutputGeoJSONTests.writeSample(into: root)
        let tracks = try Self.properties("trajectories.geojson", in: out)
        let persons = tracks.compactMap { $0["person"] as? String }
        #expect(persons == ["by-officers#0", "by-officers#1", "lt-guards#0"])
        for track in tracks {
            #expect(track["person"] as? String == "\(track["unit"] as? String ?? "?")#\(track["member"] as? Int ?? -1)")
        }
        // Each person's points form one track: as many as the samples, never mixed with another member's.
        let points = try Self.properties("positions.geojson", in: out)
        let samples = OutputSample.result().sampleTicks.count
        for person in persons {
            let mine = points.filter { $0["person"] as? String == person }
            #expect(mine.count == samples, "\(person)")
            #expect(Set(mine.compactMap { $0["member"] as? Int }).count == 1)
        }
        #expect(points.allSatisfy { persons.contains($0["person"] as? String ?? "") })
        #expect(
            Set(try Self.properties("trajectories-kepler.geojson", in: out).compactMap { $0["person"] as? String })
                == Set(persons))
        // Events and incursions name the same people; an event of a whole unit (withdrawal) names none.
        for e in try Self.properties("events.geojson", in: out) {
            if let member = e["member"] as? Int {
                #expect(e["person"] as? String == "\(e["unit"] as? String ?? "?")#\(member)")
                #expect(persons.contains(e["person"] as? String ?? ""))
            } else {
                #expect(e["person"] is NSNull)
            }
        }
        let incursions = try Self.properties("incursions.geojson", in: out)
        #expect(incursions.compactMap { $0["person"] as? String } == ["by-officers#0", "by-officers#1"])
    }

    /// geopandas reads a `boundary` column as the `GeoDataFrame.boundary` property, so a filter on it
    /// silently compares geometries; the outputs call it `frame`.
    @Test func noFileHasABoundaryProperty() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = try OutputGeoJSONTests.writeSample(into: root)
        var checked = 0
        for name in OutputWriter.fileNames {
            guard let data = FileManager.default.contents(atPath: out + "/" + name) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            if name.hasSuffix(".csv") {
                let header = text.prefix { $0 != "\r\n" }.split(separator: ",")
                #expect(header.contains("frame") && !header.contains("boundary"), "\(name): \(header)")
            } else {
                let shouldName = name.hasPrefix("events.") || name == "incursions.geojson" || name == "summary.json"
                #expect(text.contains("\"frame\"") == shouldName, "\(name)")
                #expect(!text.contains("\"boundary\""), "\(name) has a boundary property")
            }
            checked += 1
        }
        #expect(checked >= 5)
    }

    /// RFC 8142: every record is RS, one GeoJSON text, LF; here each is a Feature equal to the
    /// same event's feature in `events.geojson`.
    @Test func eventsSequenceIsOneRSPrefixedFeaturePerEvent() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = try OutputGeoJSONTests.writeSample(into: root)
        let bytes = try #require(FileManager.default.contents(atPath: out + "/events.geojsons"))
        #expect(bytes.first == 0x1E && bytes.last == 10)
        let records = bytes.split(separator: 0x1E, omittingEmptySubsequences: false)
        #expect(records.first?.isEmpty == true, "the file starts with RS")
        let geojson = try #require(FileManager.default.contents(atPath: out + "/events.geojson"))
        let collection = try #require(try JSONSerialization.jsonObject(with: geojson) as? [String: Any])
        let features = try #require(collection["features"] as? [NSDictionary])
        #expect(records.count - 1 == features.count && features.count == OutputSample.result().events.count)
        for (record, expected) in zip(records.dropFirst(), features) {
            #expect(record.last == 10 && record.dropLast().firstIndex(of: 10) == nil, "one LF, at the end")
            let feature = try #require(try JSONSerialization.jsonObject(with: Data(record.dropLast())) as? NSDictionary)
            #expect(feature["type"] as? String == "Feature")
            #expect(feature == expected)
        }
    }

    /// GDAL's CSV driver takes a column named `WKT` as the geometry with no open options.
    @Test func eventsCSVCarriesItsPointsAsWKT() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = try OutputGeoJSONTests.writeSample(into: root)
        let text = try String(contentsOfFile: out + "/events.csv", encoding: .utf8)
        let rows = text.components(separatedBy: "\r\n").dropFirst().dropLast()
        #expect(rows.count == OutputSample.result().events.count)
        for row in rows {
            let match = try #require(row.wholeMatch(of: /POINT \((-?\d+\.\d{7}) (-?\d+\.\d{7})\),.*,\1,\2/), "\(row)")
            #expect(Double(match.1)! > 24 && Double(match.2)! > 53)
        }
    }

    @Test(
        .enabled(if: OutputOgrTests.ogrinfo != nil, "ogrinfo (GDAL) is not on PATH; install gdal-bin to run this check")
    )
    func gdalReadsEventsCSVAsPoints() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = try OutputGeoJSONTests.writeSample(into: root)
        // A CSV layer declares no geometry type (`-so` says "Unknown (any)"), so the features are read.
        let info = try OutputOgrTests.ogrinfo(["-al", "-geom=SUMMARY", out + "/events.csv"])
        #expect(info.status == 0 && info.stderr.isEmpty, "\(info.stderr)")
        #expect(info.stdout.contains("Feature Count: \(OutputSample.result().events.count)"))
        let points = info.stdout.split(separator: "\n").filter { $0.hasPrefix("  POINT") }
        #expect(points.count == OutputSample.result().events.count, "\(info.stdout)")
        #expect(info.stdout.contains("person (String) = by-officers#0"))
        // The GeoJSON sequence too, through GDAL's GeoJSONSeq driver.
        let seq = try OutputOgrTests.ogrinfo(["-so", "-al", out + "/events.geojsons"])
        #expect(seq.status == 0 && seq.stderr.isEmpty, "\(seq.stderr)")
        #expect(seq.stdout.contains("GeoJSONSeq") && seq.stdout.contains("Geometry: Point"), "\(seq.stdout)")
        #expect(seq.stdout.contains("Feature Count: \(OutputSample.result().events.count)"))
    }
}
