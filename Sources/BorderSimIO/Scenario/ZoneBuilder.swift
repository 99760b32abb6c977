import BorderGeometry
import BorderSim
import Foundation

/// Builds the scenario's named zones as metric polygons.
///
/// Each zone has one shape key:
/// - `from_border: {from: km 143.0, to: km 143.6, width: 4 m}`: the border between the two
///   marks, `width / 2` to each side, with flat ends; with `side: LT`, the part within
///   `width` of the line that lies in LT (a one-sided strip);
/// - `polygon: [[lon, lat], …]`: an inline ring, closed automatically;
/// - `file: sector.geojson` (relative to the scenario), optionally `feature: <name>` to pick
///   the feature whose `name` property matches; otherwise every polygon in the file.
struct ZoneBuilder {
    let places: PlaceResolver
    var world: BorderWorld { places.world }

    static let keys = ["name", "from_border", "polygon", "file", "feature", "forbidden_to"]

    func zone(_ v: YAMLValue, files: inout InputFiles) throws(ScenarioError) -> Zone {
        let m = try v.mapping("a zone: a mapping with name and one of from_border, polygon, file", keys: Self.keys)
        let name = try m.required("name", "the zone's name, e.g. ditch").string("the zone's name")
        let shape = try m.exactlyOne(of: ["from_border", "polygon", "file"], "the zone's shape")
        if let feature = m["feature"], shape.key != "file" {
            throw feature.error(.invalidValue, "'feature' picks a feature of a zone 'file'; remove it", found: nil)
        }
        let area: Geometry
        switch shape.key {
        case "from_border": area = try fromBorder(shape.value)
        case "polygon": area = try inlinePolygon(shape.value)
        default: area = try fromFile(shape.value, feature: m["feature"], files: &files)
        }
        let inCorridor = try v.geometry("the zone") { () throws(GeometryError) in
            try world.corridor.intersects(area)
        }
        guard inCorridor else {
            throw shape.value.error(
                .outsideCorridor,
                "zone '\(name)' lies wholly outside the corridor of "
                    + "\(world.geodata.id) in the geodata (lon/lat swapped?)", found: nil)
        }
        var forbidden = [String]()
        for item in try m["forbidden_to"]?.list("a list of affiliations, e.g. [BY, migrants]") ?? [] {
            forbidden.append(try places.state(item, allowing: ["migrants"]))
        }
        return Zone(name: name, area: area.value, forbiddenTo: forbidden)
    }

    private func fromBorder(_ v: YAMLValue) throws(ScenarioError) -> Geometry {
        let m = try v.mapping(
            "a stretch of border: {from: km 143.0, to: km 143.6, width: 4 m}",
            keys: ["from", "to", "width", "side"])
        let from = try places.distanceAlongBorder(m.required("from", "a km mark, e.g. \"km 143.0\""))
        let toNode = try m.required("to", "a km mark, e.g. \"km 143.6\"")
        let to = try places.distanceAlongBorder(toNode)
        guard abs(to - from) >= 0.01 else {
            throw toNode.error(.invalidValue, "expected a km mark other than 'from'")
        }
        let width = try m.required("width", Quantity.Dimension.distance.expectation).quantity(.distance, .positive)
        let side = try m["side"].map { (node) throws(ScenarioError) in try places.state(node) }
        return try v.geometry("the strip along the border") { () throws(GeometryError) in
            let part = try world.line.substring(from: from, to: to)
            guard let side, let territory = world.territory(side) else { return try part.flatBuffer(width / 2) }
            return try part.flatBuffer(width).intersection(territory.area)
        }
    }

    private func inlinePolygon(_ v: YAMLValue) throws(ScenarioError) -> Geometry {
        let items = try v.list("a ring of [lon, lat] positions, e.g. [[25.60, 54.20], [25.61, 54.20], [25.61, 54.21]]")
        var ring = [Coordinate]()
        for item in items {
            let pair = try item.list("a position [lon, lat]")
            guard pair.count == 2 else {
                throw item.error(
                    .invalidValue, "expected a position [lon, lat], two numbers",
                    found: "a list of \(pair.count)")
            }
            let lon = try pair[0].number("a longitude in degrees")
            let lat = try pair[1].number("a latitude in degrees")
            guard (-180...180).contains(lon), (-90...90).contains(lat) else {
                throw item.error(.invalidValue, "expected longitude in -180…180 and latitude in -90…90 degrees")
            }
            ring.append(Coordinate(x: lon, y: lat))
        }
        if ring.count > 1, ring.first == ring.last { ring.removeLast() }
        guard Set(ring).count >= 3 else {
            throw v.error(.invalidGeometry, "expected at least three different corners", found: "\(Set(ring).count)")
        }
        ring.append(ring[0])
        return try metricPolygon(.polygon([ring]), what: "the polygon", at: v)
    }

    private func fromFile(_ v: YAMLValue, feature: YAMLValue?, files: inout InputFiles) throws(ScenarioError)
        -> Geometry
    {
        let (path, data) = try files.read(v, what: "zone file")
        let wanted = try feature?.string("the value of the feature's \"name\" property")
        var features = [GeoJSONFeature]()
        if let collection = try? JSONDecoder().decode(GeoJSONFeatureCollection.self, from: data) {
            features = collection.features
        } else if let single = try? JSONDecoder().decode(GeoJSONFeature.self, from: data) {
            features = [single]
        } else {
            do {
                features = [GeoJSONFeature(geometry: try JSONDecoder().decode(GeometryValue.self, from: data))]
            } catch {
                let (jsonPath, reason) = decodingFailure(error)
                throw ScenarioError(
                    .invalidFile, file: path, keyPath: jsonPath,
                    message: "expected GeoJSON: a FeatureCollection, a Feature or a geometry (\(reason))")
            }
        }
        if let wanted, let feature {
            let names = features.compactMap { $0.properties["name"]?.stringValue }
            features = features.filter { $0.properties["name"]?.stringValue == wanted }
            guard !features.isEmpty else {
                let hint =
                    nearestName(to: wanted, in: names).map { "did you mean '\($0)'?" }
                    ?? "names in the file: " + (names.isEmpty ? "none" : names.joined(separator: ", "))
                throw feature.error(.unknownName, "no feature named '\(wanted)' in \(path); " + hint, found: nil)
            }
        }
        var parts = [GeometryValue]()
        for f in features {
            switch f.geometry {
            case .polygon(let rings)?: parts.append(.polygon(rings))
            case .multiPolygon(let polygons)?: parts += polygons.map { .polygon($0) }
            default: continue
            }
        }
        guard !parts.isEmpty else {
            throw v.error(
                .invalidFile,
                "expected a Polygon or MultiPolygon in \(path)"
                    + (wanted.map { " (feature '\($0)')" } ?? ""), found: "none")
        }
        var metric = [Geometry]()
        for (i, part) in parts.enumerated() {
            let what = parts.count == 1 ? "the zone in \(path)" : "polygon \(i + 1) of \(parts.count) in \(path)"
            metric.append(try metricPolygon(part, what: what, at: v))
        }
        guard metric.count > 1 else { return metric[0] }
        return try v.geometry("the union of the zone's polygons") { () throws(GeometryError) in
            try world.context.make(.geometryCollection(metric.map(\.value))).unaryUnion()
        }
    }

    /// Checks a lon/lat polygon with GEOS (reporting its reason, e.g. "Self-intersection[25.605 54.205]")
    /// and returns it in the metric CRS.
    private func metricPolygon(_ lonLat: GeometryValue, what: String, at v: YAMLValue) throws(ScenarioError) -> Geometry
    {
        let checked: (valid: Bool, reason: String)
        do {
            let g = try world.context.make(lonLat)
            checked = (try g.isValid(), try g.validityReason())
        } catch {
            throw v.error(.invalidGeometry, "\(what) is not a polygon GEOS can build: \(error)", found: nil)
        }
        guard checked.valid else {
            throw v.error(
                .invalidGeometry,
                "\(what) is not a valid polygon: \(checked.reason) (lon lat); "
                    + "list the corners in order around the edge, without crossing", found: nil)
        }
        let metric: GeometryValue
        do {
            metric = try world.toMetric.apply(lonLat)
        } catch {
            throw v.error(.invalidValue, "cannot transform \(what) to \(world.crs): \(error)", found: nil)
        }
        return try v.geometry(what) { () throws(GeometryError) in try world.context.make(metric) }
    }
}
