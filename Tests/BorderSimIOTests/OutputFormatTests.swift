import BorderGeometry
import Foundation
import Testing

@testable import BorderSim
@testable import BorderSimIO

@Suite("Output: timestamps")
struct OutputTimestampTests {
    let eest = Timestamp(start: OutputSample.start, utcOffset: 10800)  // 2021-08-17T15:00:00+03:00

    @Test func isoWithOffsetAndMilliseconds() {
        #expect(eest.iso8601(0) == "2021-08-17T15:00:00.000+03:00")
        #expect(eest.iso8601(5.25) == "2021-08-17T15:00:05.250+03:00")
        #expect(eest.iso8601(192.001) == "2021-08-17T15:03:12.001+03:00")
        // Rounded to the nearest millisecond, carrying into the next second.
        #expect(eest.iso8601(59.9996) == "2021-08-17T15:01:00.000+03:00")
        #expect(eest.iso8601(0.0004) == "2021-08-17T15:00:00.000+03:00")
        // Midnight local time passes into the next day (21:00 UTC).
        #expect(eest.iso8601(9 * 3600 + 0.5) == "2021-08-18T00:00:00.500+03:00")
        #expect(eest.iso8601(-1) == "2021-08-17T14:59:59.000+03:00")
    }

    @Test func otherOffsetsAndDates() {
        #expect(Timestamp(start: OutputSample.start, utcOffset: 0).iso8601(0) == "2021-08-17T12:00:00.000+00:00")
        #expect(Timestamp(start: OutputSample.start, utcOffset: -19800).iso8601(0) == "2021-08-17T06:30:00.000-05:30")
        // 2024-02-29T23:59:59.999Z, a leap day.
        #expect(Timestamp(start: 1_709_251_199.999, utcOffset: 0).iso8601(0) == "2024-02-29T23:59:59.999+00:00")
        #expect(Timestamp(start: 0, utcOffset: 3600).iso8601(-7200) == "1969-12-31T23:00:00.000+01:00")
        #expect(!Timestamp(start: 0, utcOffset: 10801).hasWritableOffset)
    }

    @Test func clockTextForTheTimeline() {
        #expect(eest.timeOfDay(192.999) == "15:03:12")  // truncated, as a clock shows it
        #expect(eest.dateAndTime(9 * 3600) == "2021-08-18 00:00:00")
        #expect(eest.offsetText == "+03:00")
    }

    @Test func parsesBackWithFoundation() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try #require(formatter.date(from: eest.iso8601(5.25)))
        #expect(date.timeIntervalSince1970 == OutputSample.start + 5.25)
    }
}

@Suite("Output: numbers, JSON strings and CSV fields")
struct OutputTextTests {
    func decimal(_ v: Double, _ d: Int, fixed: Bool = false) -> String {
        var bytes = [UInt8]()
        JSONText.appendDecimal(v, decimals: d, fixed: fixed, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func decimalsAreRoundedAndTrimmed() {
        #expect(decimal(24.99139614, 7) == "24.9913961")
        #expect(decimal(53.99843815, 7) == "53.9984382")
        #expect(decimal(1, 7) == "1")
        #expect(decimal(0.1 + 0.2, 7) == "0.3")
        #expect(decimal(-3.25, 3) == "-3.25")
        #expect(decimal(-0.00000001, 7) == "0")  // never "-0"
        #expect(decimal(0.00000005, 7) == "0.0000001")  // no exponent
        #expect(decimal(12, 7, fixed: true) == "12.0000000")
        #expect(decimal(-0.5, 0) == "-1")  // half away from zero, like GeometryValue.rounded
        #expect(decimal(1e20, 3) == "1e+20")
        #expect(decimal(.nan, 3) == "null")
    }

    @Test func roundingAgreesWithGeometryValueRounded() {
        for v in stride(from: -180.0, through: 180.0, by: 0.123456789) {
            guard case .point(let r) = GeometryValue.point(Coordinate(x: v, y: 0)).rounded(decimals: 7) else {
                continue
            }
            #expect(Double(decimal(v, 7)) == r.x)
        }
    }

    @Test func jsonStringsAreEscaped() {
        var bytes = [UInt8]()
        JSONText.appendString("a \"q\" \\ b\nc\td\u{1}Šalčininkai", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #""a \"q\" \\ b\nc\td\u0001Šalčininkai""#)
    }

    @Test func csvFieldsAreQuotedPerRFC4180() {
        func field(_ c: Cell) -> String {
            var bytes = [UInt8]()
            c.appendCSV(to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(field(.string("plain")) == "plain")
        #expect(field(.string("a,b")) == "\"a,b\"")
        #expect(field(.string("say \"hi\"")) == "\"say \"\"hi\"\"\"")
        #expect(field(.string("two\nlines")) == "\"two\nlines\"")
        #expect(field(.string("cr\r")) == "\"cr\r\"")
        #expect(field(.null) == "")
        #expect(field(.integer(-3)) == "-3")
        #expect(field(.fixed(24.5, 7)) == "24.5000000")
    }

    @Test func eventsCSVHasAHeaderAndOneRowPerEvent() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try OutputWriter.write(
            OutputSample.result(), provenance: OutputSample.provenance, to: root + "/run",
            options: OutputOptions())
        let text = try String(contentsOfFile: root + "/run/events.csv", encoding: .utf8)
        let rows = text.components(separatedBy: "\r\n")
        #expect(
            rows.first
                == "WKT,time,t_seconds,kind,unit,member,person,affiliation,frame,from_state,into_state,counterpart,depth_m,lon,lat"
        )
        #expect(rows.last == "", "every row ends in CRLF")
        #expect(rows.count == OutputSample.result().events.count + 2)
        #expect(
            rows[3]
                == "POINT (24.9913966 53.9984561),2021-08-17T15:00:07.500+03:00,7.5,zone_entry,by-officers,0,by-officers#0,BY,\"strip \"\"A\"\", north\",,,,,24.9913966,53.9984561"
        )
    }
}

@Suite("Output: trajectory thinning")
struct OutputThinningTests {
    @Test func keepsFirstLastAndOnePerInterval() {
        let seconds = (0...20).map { Double($0) * 0.25 }  // 0 … 5 s
        #expect(OutputContext.thin(seconds, interval: nil) == Array(0...20))
        #expect(OutputContext.thin(seconds, interval: 1) == [0, 4, 8, 12, 16, 20])
        #expect(OutputContext.thin(seconds, interval: 1.1) == [0, 5, 10, 15, 20])
        #expect(OutputContext.thin(seconds, interval: 100) == [0, 20])
        #expect(OutputContext.thin([0, 1], interval: 100) == [0, 1])
        #expect(OutputContext.thin([0], interval: 1) == [0])
    }

    @Test func thinnedFilesAgreeWithEachOther() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Samples at 0, 5.25, 10, 20, 30 s; every 10 s keeps 0, 10, 20, 30.
        _ = try OutputWriter.write(
            OutputSample.result(), provenance: OutputSample.provenance, to: root + "/run",
            options: OutputOptions(trajectoryInterval: 10, positions: true, kepler: true))
        func features(_ name: String) throws -> [GeoJSONFeature] {
            try JSONDecoder().decode(
                GeoJSONFeatureCollection.self,
                from: #require(FileManager.default.contents(atPath: root + "/run/" + name))
            ).features
        }
        let lines = try features("trajectories.geojson")
        #expect(lines.count == 3)
        for line in lines {
            guard case .lineString(let cs) = line.geometry, case .array(let times) = line.properties["times"] else {
                Issue.record("not a line with times")
                continue
            }
            #expect(cs.count == 4 && times.count == 4)
            #expect(
                times.compactMap(\.stringValue) == [
                    "2021-08-17T15:00:00.000+03:00", "2021-08-17T15:00:10.000+03:00",
                    "2021-08-17T15:00:20.000+03:00", "2021-08-17T15:00:30.000+03:00",
                ])
        }
        #expect(try features("positions.geojson").count == 3 * 4)
        let kepler = try String(contentsOfFile: root + "/run/trajectories-kepler.geojson", encoding: .utf8)
        #expect(kepler.contains("[24.9913919,53.9982585,0,1629201600],[24.9913966,53.9984561,0,1629201610]"))
    }

    @Test func aSingleSampleStillMakesALineString() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var result = OutputSample.result()
        result.sampleTicks = [0]
        for i in result.tracks.indices { result.tracks[i].positions = [result.tracks[i].positions[0]] }
        _ = try OutputWriter.write(
            result, provenance: OutputSample.provenance, to: root + "/run", options: OutputOptions(kepler: true))
        let text = try String(contentsOfFile: root + "/run/trajectories.geojson", encoding: .utf8)
        #expect(text.contains(#""times":["2021-08-17T15:00:00.000+03:00","2021-08-17T15:00:00.000+03:00"]"#))
        #expect(text.contains(#""coordinates":[[24.991555,53.9987064],[24.991555,53.9987064]]"#))
    }
}

@Suite("Output: SHA-256")
struct OutputSHA256Tests {
    // FIPS 180-2, appendix B.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func fipsVectors(message: String, digest: String) {
        #expect(SHA256.hex(of: Array(message.utf8)) == digest)
    }

    /// One million "a" (FIPS 180-2 B.3), fed in uneven pieces to cross block boundaries.
    @Test func millionAInPieces() {
        var hasher = SHA256()
        var left = 1_000_000
        var size = 1
        while left > 0 {
            let n = min(size, left)
            hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: n))
            left -= n
            size = size * 7 % 997 + 1
        }
        #expect(hasher.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func ofFile() throws {
        let root = OutputSample.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "abc".write(toFile: root + "/f", atomically: false, encoding: .utf8)
        #expect(
            try Provenance.sha256(ofFile: root + "/f")
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect {
            _ = try Provenance.sha256(ofFile: root + "/missing")
        } throws: { error in
            "\(error)" == "cannot read '\(root)/missing': No such file or directory; check the path and its permissions"
        }
    }
}
