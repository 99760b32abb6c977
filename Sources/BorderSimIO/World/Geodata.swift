import BorderGeometry
import Foundation

/// A border geodata file (`geodata/*.geojson`): one mapped border line and the territories
/// of its two states in a corridor around it, in lon/lat (WGS 84).
///
/// The format is an RFC 7946 FeatureCollection with
/// - one feature `{"kind": "border", "id", "name", "states": [A, B], "metric_crs", "length_m", "km_origin"}`
///   whose geometry is a LineString; km 0 is its first vertex;
/// - one feature `{"kind": "territory", "state", "name"}` per state, a Polygon or MultiPolygon;
///   the two territories tile the corridor, their shared boundary being the line.
///
/// Features of other kinds are ignored, so the files can carry more later.
public struct BorderGeodata: Sendable, Hashable {
    public struct Territory: Sendable, Hashable {
        /// Short code, e.g. "LT".
        public var state: String
        public var name: String
        /// Polygon or MultiPolygon, lon/lat.
        public var area: GeometryValue
    }

    /// e.g. "LT-BY".
    public var id: String
    public var name: String
    /// The two states, in the file's order.
    public var states: [String]
    /// The metric CRS the border is meant to be measured in, e.g. "EPSG:3346".
    public var metricCRS: String
    /// The line's length as the file states it, metres; nil when absent.
    public var statedLength: Double?
    /// Where km 0 is and which way km increase, as the file says it.
    public var kmOrigin: String?
    /// The mapped line, lon/lat, from km 0.
    public var line: [Coordinate]
    /// One per state, in the order of `states`.
    public var territories: [Territory]

    /// Reads and checks a geodata file's contents.
    ///
    /// - Parameter file: the name errors give for the file.
    public init(json data: Data, file: String) throws(ScenarioError) {
        func fail(_ path: String, _ message: String, found: String? = nil) -> ScenarioError {
            ScenarioError(.invalidFile, file: file, keyPath: path, message: message, found: found)
        }
        let collection: GeoJSONFeatureCollection
        do {
            collection = try JSONDecoder().decode(GeoJSONFeatureCollection.self, from: data)
        } catch {
            let (path, reason) = decodingFailure(error)
            throw fail(path, "expected a GeoJSON FeatureCollection of border geodata (\(reason))")
        }
        let features = collection.features.enumerated().map { (index: $0, feature: $1) }
        func kind(_ f: GeoJSONFeature) -> String? { f.properties["kind"]?.stringValue }

        let borders = features.filter { kind($0.feature) == "border" }
        guard borders.count == 1, let border = borders.first else {
            throw fail(
                "features", "expected exactly one feature with \"kind\": \"border\"",
                found: "\(borders.count)")
        }
        let props = border.feature.properties
        let at = "features[\(border.index)]"
        guard let id = props["id"]?.stringValue else {
            throw fail(at + ".properties.id", "expected the border's id as a string, e.g. \"LT-BY\"")
        }
        guard case .array(let stateValues)? = props["states"], stateValues.count == 2,
            let a = stateValues[0].stringValue, let b = stateValues[1].stringValue, a != b
        else {
            throw fail(at + ".properties.states", "expected the two states' codes, e.g. [\"LT\", \"BY\"]")
        }
        guard let crs = props["metric_crs"]?.stringValue else {
            throw fail(at + ".properties.metric_crs", "expected the metric CRS as a string, e.g. \"EPSG:3346\"")
        }
        guard case .lineString(let line)? = border.feature.geometry, line.count >= 2 else {
            throw fail(
                at + ".geometry", "expected a LineString of at least two positions (km are measured along it)",
                found: border.feature.geometry?.typeName ?? "null")
        }

        var territories = [Territory]()
        for state in [a, b] {
            let matches = features.filter {
                kind($0.feature) == "territory" && $0.feature.properties["state"]?.stringValue == state
            }
            guard matches.count == 1, let match = matches.first else {
                throw fail(
                    "features", "expected exactly one feature with \"kind\": \"territory\", \"state\": \"\(state)\"",
                    found: "\(matches.count)")
            }
            guard let area = match.feature.geometry, area.typeName == "Polygon" || area.typeName == "MultiPolygon"
            else {
                throw fail(
                    "features[\(match.index)].geometry", "expected a Polygon or MultiPolygon",
                    found: match.feature.geometry?.typeName ?? "null")
            }
            let polygons: [[[Coordinate]]] =
                switch area {
                case .polygon(let rings): [rings]
                case .multiPolygon(let polygons): polygons
                default: []
                }
            for (p, rings) in polygons.enumerated() {
                for (r, ring) in rings.enumerated() where ring.count < 4 || ring.first != ring.last {
                    let at =
                        "features[\(match.index)].geometry.coordinates" + (polygons.count > 1 ? "[\(p)]" : "")
                        + "[\(r)]"
                    throw fail(
                        at,
                        "expected a closed ring (RFC 7946 §3.1.6): at least four positions, the last "
                            + "the same as the first",
                        found: ring.count < 4
                            ? "\(ring.count) positions"
                            : "a ring ending at \(ring.last!.x), \(ring.last!.y), not at its first position")
                }
            }
            territories.append(
                Territory(
                    state: state, name: match.feature.properties["name"]?.stringValue ?? state,
                    area: area))
        }
        self.id = id
        self.name = props["name"]?.stringValue ?? id
        self.states = [a, b]
        self.metricCRS = crs
        self.statedLength = props["length_m"]?.numberValue
        self.kmOrigin = props["km_origin"]?.stringValue
        self.line = line
        self.territories = territories
    }
}

/// The JSON path and reason of a decoding error, e.g. ("features[2].geometry", "unknown GeoJSON geometry type").
func decodingFailure(_ error: any Error) -> (path: String, reason: String) {
    func path(_ keys: [any CodingKey]) -> String {
        keys.reduce("") { text, key in
            if let i = key.intValue { return text + "[\(i)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
    }
    switch error as? DecodingError {
    case .dataCorrupted(let c)?:
        return (path(c.codingPath), c.debugDescription + (c.underlyingError.map { ": \($0)" } ?? ""))
    case .keyNotFound(let key, let c)?: return (path(c.codingPath + [key]), "missing key \"\(key.stringValue)\"")
    case .typeMismatch(_, let c)?, .valueNotFound(_, let c)?: return (path(c.codingPath), c.debugDescription)
    default: return ("", "\(error)")
    }
}
