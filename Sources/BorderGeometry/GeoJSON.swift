/// GeoJSON (RFC 7946) objects as Codable values.
///
/// Positions are [x, y] = [longitude, latitude] in WGS 84; a third (altitude) element
/// is accepted on reading and dropped. Writers are expected to pass geometries through
/// `GeometryValue.rounded(decimals:)` and `Geometry.geoJSONValue` (right-hand rule) first.

/// A JSON value for feature properties.
public enum JSONValue: Hashable, Sendable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var numberValue: Double? { if case .number(let n) = self { n } else { nil } }
}

/// A GeoJSON Feature: a geometry (or null) with properties.
public struct GeoJSONFeature: Hashable, Sendable, Codable {
    public var geometry: GeometryValue?
    public var properties: [String: JSONValue]

    public init(geometry: GeometryValue?, properties: [String: JSONValue] = [:]) {
        self.geometry = geometry
        self.properties = properties
    }

    enum CodingKeys: String, CodingKey { case type, geometry, properties }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        guard type == "Feature" else {
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "expected \"Feature\", found \"\(type)\"")
        }
        geometry = try c.decodeIfPresent(GeometryValue.self, forKey: .geometry)
        properties = try c.decodeIfPresent([String: JSONValue].self, forKey: .properties) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("Feature", forKey: .type)
        try c.encode(properties, forKey: .properties)
        if let geometry { try c.encode(geometry, forKey: .geometry) } else { try c.encodeNil(forKey: .geometry) }
    }
}

/// A GeoJSON FeatureCollection.
public struct GeoJSONFeatureCollection: Hashable, Sendable, Codable {
    public var features: [GeoJSONFeature]

    public init(features: [GeoJSONFeature]) { self.features = features }

    enum CodingKeys: String, CodingKey { case type, features }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        guard type == "FeatureCollection" else {
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "expected \"FeatureCollection\", found \"\(type)\"")
        }
        features = try c.decode([GeoJSONFeature].self, forKey: .features)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("FeatureCollection", forKey: .type)
        try c.encode(features, forKey: .features)
    }
}

extension GeometryValue: Codable {
    enum CodingKeys: String, CodingKey { case type, coordinates, geometries }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func position(_ p: [Double]) throws -> Coordinate {
            guard p.count >= 2 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .coordinates, in: c,
                    debugDescription: "a position needs at least two numbers")
            }
            return Coordinate(x: p[0], y: p[1])
        }
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "Point": self = .point(try position(c.decode([Double].self, forKey: .coordinates)))
        case "LineString": self = .lineString(try c.decode([[Double]].self, forKey: .coordinates).map(position))
        case "MultiPoint": self = .multiPoint(try c.decode([[Double]].self, forKey: .coordinates).map(position))
        case "Polygon":
            self = .polygon(try c.decode([[[Double]]].self, forKey: .coordinates).map { try $0.map(position) })
        case "MultiLineString":
            self = .multiLineString(try c.decode([[[Double]]].self, forKey: .coordinates).map { try $0.map(position) })
        case "MultiPolygon":
            self = .multiPolygon(
                try c.decode([[[[Double]]]].self, forKey: .coordinates)
                    .map { try $0.map { try $0.map(position) } })
        case "GeometryCollection": self = .geometryCollection(try c.decode([GeometryValue].self, forKey: .geometries))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "unknown GeoJSON geometry type \"\(type)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func p(_ c: Coordinate) -> [Double] { [c.x, c.y] }
        try c.encode(typeName, forKey: .type)
        switch self {
        case .point(let pt): try c.encode(p(pt), forKey: .coordinates)
        case .lineString(let cs), .multiPoint(let cs): try c.encode(cs.map(p), forKey: .coordinates)
        case .polygon(let rings), .multiLineString(let rings):
            try c.encode(rings.map { $0.map(p) }, forKey: .coordinates)
        case .multiPolygon(let polys): try c.encode(polys.map { $0.map { $0.map(p) } }, forKey: .coordinates)
        case .geometryCollection(let parts): try c.encode(parts, forKey: .geometries)
        }
    }

    /// Coordinates rounded to `decimals` places (RFC 7946 §11.2 suggests no more than needed;
    /// 7 decimals of a degree is about 1 cm).
    public func rounded(decimals: Int) -> GeometryValue {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return mapCoordinates { Coordinate(x: ($0.x * scale).rounded() / scale, y: ($0.y * scale).rounded() / scale) }
    }
}
