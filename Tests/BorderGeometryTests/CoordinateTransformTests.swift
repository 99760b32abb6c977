import Testing

@testable import BorderGeometry

@Suite("PROJ transforms")
struct CoordinateTransformTests {
    // Expected values from PROJ's own command-line tool (proj-bin 9.1.1), which takes the
    // CRS's official axis order (lat, lon in; northing, easting out):
    //   echo "54.2 25.6333333" | cs2cs -d 6 EPSG:4326 EPSG:3346   →  6008207.878305  606567.172792
    //   echo "54.687157 25.279652" | cs2cs -d 6 EPSG:4326 EPSG:3346 → 6061943.841295  582507.359830
    @Test(arguments: [
        (Coordinate(x: 25.6333333, y: 54.2), Coordinate(x: 606567.172792, y: 6008207.878305)),
        (Coordinate(x: 25.279652, y: 54.687157), Coordinate(x: 582507.359830, y: 6061943.841295)),
    ])
    func wgs84ToLKS94MatchesCs2cs(lonLat: Coordinate, expected: Coordinate) throws {
        let t = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3346")
        let p = try t.apply(lonLat)
        #expect(abs(p.x - expected.x) < 1e-6)
        #expect(abs(p.y - expected.y) < 1e-6)
        let back = try CoordinateTransform(from: "EPSG:3346", to: "EPSG:4326").apply(p)
        #expect(abs(back.x - lonLat.x) < 1e-9)
        #expect(abs(back.y - lonLat.y) < 1e-9)
    }

    @Test func unknownCRSThrowsPROJMessage() {
        #expect {
            _ = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:99999999")
        } throws: { error in
            guard case GeometryError.proj(let op, let message) = error else { return false }
            return op.contains("EPSG:99999999") && !message.isEmpty
        }
    }

    @Test func transformsWholeGeometries() throws {
        let t = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3346")
        let line = GeometryValue.lineString([
            Coordinate(x: 25.6333333, y: 54.2), Coordinate(x: 25.279652, y: 54.687157),
        ])
        guard case .lineString(let out) = try t.apply(line) else {
            Issue.record("type changed")
            return
        }
        #expect(abs(out[1].x - 582507.359830) < 1e-6)
    }
}
