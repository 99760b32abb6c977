import Foundation
import Testing

@testable import BorderGeometry

@Suite("WKT, WKB and GeoJSON")
struct GeometryIOTests {
    let ctx = GeometryContext()

    @Test func wktWkbWktRoundTripKeepsEveryCoordinate() throws {
        let wkt = "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 3, 3 3, 2 2))"
        let g = try ctx.geometry(wkt: wkt)
        let back = try ctx.geometry(wkb: g.wkb())
        #expect(try back.wkt() == wkt)
        #expect(back.value == g.value)
    }

    @Test func wkbIsLittleEndianOGC() throws {
        let bytes = try ctx.geometry(wkt: "POINT (1 2)").wkb()
        // byte order 1 (NDR), type 1 (Point), then two doubles
        #expect(bytes.count == 21)
        #expect(Array(bytes[0..<5]) == [1, 1, 0, 0, 0])
    }

    @Test func invalidWKTThrowsGEOSMessage() {
        #expect {
            _ = try ctx.geometry(wkt: "POLYGON ((0 0, 1 1")
        } throws: { error in
            guard case GeometryError.geos(let op, let message) = error else { return false }
            return op == "WKT read" && message.contains("ParseException")
        }
    }

    @Test func invalidWKBThrows() {
        #expect(throws: GeometryError.self) { _ = try ctx.geometry(wkb: [1, 2, 3]) }
    }

    @Test func geoJSONRoundTripThroughCodable() throws {
        let text = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"name":"ditch","width":4,"tags":["a",true,null]},
               "geometry":{"type":"MultiPolygon","coordinates":[[[[25.1,54.1],[25.2,54.1],[25.2,54.2],[25.1,54.1]]]]}},
              {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[25.1,54.1,12.0],[25.3,54.4]]}},
              {"type":"Feature","properties":{},"geometry":null}]}
            """
        let fc = try JSONDecoder().decode(GeoJSONFeatureCollection.self, from: Data(text.utf8))
        #expect(fc.features.count == 3)
        #expect(fc.features[0].properties["name"] == .string("ditch"))
        #expect(fc.features[0].properties["tags"] == .array([.string("a"), .bool(true), .null]))
        #expect(fc.features[1].geometry == .lineString([Coordinate(x: 25.1, y: 54.1), Coordinate(x: 25.3, y: 54.4)]))
        #expect(fc.features[2].geometry == nil)
        let again = try JSONDecoder().decode(GeoJSONFeatureCollection.self, from: JSONEncoder().encode(fc))
        #expect(again == fc)
        // and into GEOS and back
        let g = try ctx.make(fc.features[0].geometry!)
        #expect(g.kind == .multiPolygon)
        #expect(g.value == fc.features[0].geometry)
    }

    @Test func geoJSONRejectsUnknownType() {
        let text = #"{"type":"Circle","coordinates":[1,2]}"#
        #expect(throws: DecodingError.self) { _ = try JSONDecoder().decode(GeometryValue.self, from: Data(text.utf8)) }
    }

    @Test func rightHandRuleOrientsShellsCCWAndHolesCW() throws {
        // Shell written clockwise, hole counter-clockwise: both must flip.
        let g = try ctx.geometry(wkt: "POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0), (2 2, 3 2, 3 3, 2 2))")
        guard case .polygon(let rings) = try g.geoJSONValue() else {
            Issue.record("not a polygon")
            return
        }
        #expect(try ctx.isCounterClockwise(rings[0]))
        #expect(try !ctx.isCounterClockwise(rings[1]))
        #expect(try ctx.make(.polygon(rings)).topologicallyEquals(g))
    }

    @Test func roundingKeepsSevenDecimals() {
        let v = GeometryValue.point(Coordinate(x: 25.123456789, y: -54.00000004))
        #expect(v.rounded(decimals: 7) == .point(Coordinate(x: 25.1234568, y: -54.0)))
    }
}
