import BorderGeometry
import Foundation

/// What a border file holds, measured: the line's length and each territory's area in the
/// border's metric CRS. The main job of `bordersim geodata`.
public struct GeodataSummary {
    public let path: String
    public let border: BorderGeodata
    /// Metres, in `border.metricCRS`.
    public let length: Double
    /// Square metres per territory, in the order of `border.territories`.
    public let areas: [Double]
    private let world: BorderWorld

    public init(path: String) throws {
        self.path = path
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ScenarioError(
                .fileNotFound, file: path, message: "cannot read the geodata file (\(error.localizedDescription))")
        }
        border = try BorderGeodata(json: data, file: path)
        // The same checks a scenario's load makes: valid polygons that tile the corridor.
        let world: BorderWorld
        do { world = try BorderWorld(geodata: border, crs: border.metricCRS) } catch {
            throw ScenarioError(
                .invalidFile, file: path, message: "cannot build the geodata in \(border.metricCRS): \(error)")
        }
        for t in world.territories where !(try t.area.isValid()) {
            throw ScenarioError(
                .invalidFile, file: path,
                message: "the territory of \(t.state) is not a valid polygon "
                    + "in \(border.metricCRS): \(try t.area.validityReason())")
        }
        if let problem = try world.tilingProblem() { throw ScenarioError(.invalidFile, file: path, message: problem) }
        self.world = world
        length = world.length
        areas = try world.territories.map { try $0.area.area() }
    }

    /// The `*.geojson` files of a folder, sorted by name.
    public static func defaultFiles(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".geojson") }.sorted()
            .map { "\(folder)/\($0)" }
    }

    public var lines: [String] {
        var out = [
            "\(border.id)  \(border.name)  (\(path))",
            "  line: \(String(format: "%.1f", length / 1000)) km in \(border.metricCRS), \(border.line.count) vertices",
        ]
        if let origin = border.kmOrigin { out.append("  km: \(origin)") }
        for (t, area) in zip(border.territories, areas) {
            out.append("  \(t.state) \(t.name): \(String(format: "%.1f", area / 1e6)) km² within the corridor")
        }
        return out
    }

    /// Where a point lies relative to the border: what a scenario's km marks and sides mean there.
    public struct Location: Equatable, Sendable {
        /// Metres along the line from km 0 to the nearest point of the line.
        public var distanceAlong: Double
        /// The state whose territory holds the point; nil outside the corridor (or on the line).
        public var state: String?
        /// Metres from the point to the line.
        public var distanceFromLine: Double
        /// The nearest point of the line, lon/lat.
        public var nearest: Coordinate
    }

    /// Locates `lonLat` (WGS 84 longitude, latitude) against the border, in its metric CRS.
    public func locate(_ lonLat: Coordinate) throws -> Location {
        let metric = try world.toMetric.apply(lonLat)
        let point = try world.context.point(metric)
        let along = try world.line.project(point)
        let onLine = try world.point(atDistance: along)
        let back = try CoordinateTransform(from: world.crs, to: "EPSG:4326").apply(onLine)
        return Location(
            distanceAlong: along, state: try world.state(at: metric),
            distanceFromLine: try world.line.distance(to: point), nearest: back)
    }

    /// `locate` as `bordersim geodata --where` prints it, e.g.
    /// `lt-by: km 143.205, in LT, 312.4 m from the line (nearest point of the line: lon 25.6001, lat 54.2)`.
    public func locationLine(_ lonLat: Coordinate) throws -> String {
        let l = try locate(lonLat)
        var side =
            l.state.map { "in \($0)" }
            ?? (l.distanceFromLine < 0.001
                ? "on the line"
                : "outside the corridor (the territories of " + border.states.joined(separator: " and ")
                    + " in the geodata)")
        if l.state == nil, l.distanceFromLine >= 0.001, (-90...90).contains(lonLat.x),
            (try? locate(Coordinate(x: lonLat.y, y: lonLat.x)))?.state != nil
        {
            side += "; did you swap lon and lat?"
        }
        return
            "\(border.id): \(formatKm(l.distanceAlong)), \(side), \(formatDistance(l.distanceFromLine)) from the line "
            + "(nearest point of the line: lon \(roundedText(l.nearest.x, 6)), lat \(roundedText(l.nearest.y, 6)))"
    }
}
