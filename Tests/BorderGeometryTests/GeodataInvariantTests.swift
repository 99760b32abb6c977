import Foundation
import Testing

@testable import BorderGeometry

/// The shipped borders are topologically consistent: within each corridor the two
/// territories neither overlap nor leave a gap, and the border line is exactly their
/// shared boundary, so every point of the corridor is in exactly one state.
@Suite("geodata/ invariants")
struct GeodataInvariantTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Border {
        let line: Geometry
        let a: Geometry
        let b: Geometry
        let properties: [String: JSONValue]
    }

    static func load(_ name: String, in ctx: GeometryContext) throws -> Border {
        let data = try Data(contentsOf: root.appendingPathComponent("geodata/\(name)"))
        let fc = try JSONDecoder().decode(GeoJSONFeatureCollection.self, from: data)
        try #require(fc.features.count == 3)
        #expect(
            fc.features.map { $0.properties["kind"] } == [
                .string("border"), .string("territory"), .string("territory"),
            ])
        return Border(
            line: try ctx.make(fc.features[0].geometry!), a: try ctx.make(fc.features[1].geometry!),
            b: try ctx.make(fc.features[2].geometry!), properties: fc.features[0].properties)
    }

    @Test(arguments: ["lt-by.geojson", "lv-by.geojson", "pl-by.geojson"])
    func territoriesTileTheCorridorAndShareExactlyTheBorderLine(file: String) throws {
        let ctx = GeometryContext()
        let border = try Self.load(file, in: ctx)
        #expect(try border.a.isValid())
        #expect(try border.b.isValid())
        #expect(border.line.kind == .lineString)
        // No overlap: the interiors meet nowhere.
        #expect(try border.a.intersection(border.b).area() == 0)
        // No gap: the union is one polygon without holes.
        let union = try border.a.union(border.b)
        guard case .polygon(let rings) = union.value else {
            Issue.record("union of the territories is a \(union.kind), not one polygon")
            return
        }
        #expect(rings.count == 1, "the union has \(rings.count - 1) holes")
        // The shared boundary is the border line, exactly.
        let shared = try border.a.boundary().intersection(border.b.boundary()).lineMerge()
        #expect(try shared.topologicallyEquals(border.line))
    }

    /// `length_m` was computed by the generator with pyproj; PROJ through our wrapper must agree.
    @Test(arguments: ["lt-by.geojson", "lv-by.geojson", "pl-by.geojson"])
    func lengthInTheMetricCRSMatchesTheStatedFigure(file: String) throws {
        let ctx = GeometryContext()
        let border = try Self.load(file, in: ctx)
        guard case .string(let crs)? = border.properties["metric_crs"],
            case .number(let stated)? = border.properties["length_m"]
        else {
            Issue.record("missing metric_crs or length_m")
            return
        }
        let metric = try ctx.make(CoordinateTransform(from: "EPSG:4326", to: crs).apply(border.line.value))
        let length = try metric.length()
        #expect(abs(length - stated) < 0.1)
    }
}
