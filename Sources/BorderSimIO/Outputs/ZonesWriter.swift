import BorderGeometry
import BorderSim

/// `zones.geojson`: the map the run was judged on, in WGS 84.
///
/// Features, in this order: each state's territory (`kind` "territory", `state`, `name`),
/// each frame's dividing line (`kind` "frame-line", `name`: "mapped" or the claim's name),
/// each zone (`kind` "zone", `name`, `forbidden_to`), each fence (`kind` "fence", its whole
/// line) and its gaps (`kind` "fence-gap"), and each camera's coverage (`kind` "camera",
/// `name`: its id, `state`). Every feature has the same four
/// properties (null where they do not apply), so GIS tools see one schema. Polygons follow
/// the right-hand rule (exterior rings counter-clockwise), decided after the transform.
enum ZonesWriter {
    static func write(_ context: OutputContext, to file: OutputFile) throws(OutputError) {
        file.beginFeatureCollection()
        for (i, feature) in try features(context).enumerated() {
            file.beginFeature(first: i == 0)
            file.members(feature.properties)
            file.beginGeometry()
            file.geometry(feature.geometry, context.precision)
            file.endFeature()
            try file.flushIfFull()
        }
        file.endFeatureCollection()
    }

    /// One feature of the map: its four properties and its WGS 84 geometry, right-hand rule.
    struct Feature {
        let properties: [(String, Cell)]
        let geometry: GeometryValue
    }

    /// Every feature of the map, in the order above (`zones.geojson` and the GeoPackage's zone layers).
    static func features(_ context: OutputContext) throws(OutputError) -> [Feature] {
        let scenario = context.result.scenario
        let geos = GeometryContext()
        var features = [Feature]()
        func feature(
            _ kind: String, name: String, state: String?, forbiddenTo: [String]?, _ metric: GeometryValue,
            what: String
        ) throws(OutputError) {
            let lonLat = try context.wgs84(metric, what: what)
            let oriented: GeometryValue
            do { oriented = try geos.make(lonLat).geoJSONValue() } catch {
                throw .invalidResult("\(what) is not a valid geometry: \(error.description)")
            }
            features.append(
                Feature(
                    properties: [
                        ("kind", .string(kind)), ("name", .string(name)), ("state", .optional(state)),
                        ("forbidden_to", forbiddenTo.map(Cell.strings) ?? .null),
                    ], geometry: oriented))
        }
        for s in scenario.states {
            try feature(
                "territory", name: s.name, state: s.id, forbiddenTo: nil, s.territory,
                what: "the territory of \(s.id)")
        }
        for f in scenario.frames {
            try feature(
                "frame-line", name: f.name, state: nil, forbiddenTo: nil, f.line, what: "the line of frame '\(f.name)'")
        }
        for z in scenario.zones {
            try feature("zone", name: z.name, state: nil, forbiddenTo: z.forbiddenTo, z.area, what: "zone '\(z.name)'")
        }
        for f in scenario.fences where f.line.count >= 2 {
            try feature(
                "fence", name: f.name, state: nil, forbiddenTo: nil, .lineString(f.line), what: "fence '\(f.name)'")
            for gap in f.gaps {
                let piece: GeometryValue
                do {
                    piece = try geos.make(.lineString(f.line)).substring(from: gap.lowerBound, to: gap.upperBound).value
                } catch {
                    throw .invalidResult("a gap of fence '\(f.name)': \(error.description)")
                }
                try feature(
                    "fence-gap", name: f.name, state: nil, forbiddenTo: nil, piece, what: "a gap of fence '\(f.name)'")
            }
        }
        for c in scenario.cameras {
            try feature("camera", name: c.id, state: c.state, forbiddenTo: nil, c.coverage, what: "camera '\(c.id)'")
        }
        return features
    }
}
