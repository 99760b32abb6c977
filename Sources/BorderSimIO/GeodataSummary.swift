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

    public init(path: String) throws {
        self.path = path
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ScenarioError(.fileNotFound, file: path, message: "cannot read the geodata file (\(error.localizedDescription))")
        }
        border = try BorderGeodata(json: data, file: path)
        // The same checks a scenario's load makes: valid polygons that tile the corridor.
        let world: BorderWorld
        do { world = try BorderWorld(geodata: border, crs: border.metricCRS) } catch {
            throw ScenarioError(.invalidFile, file: path, message: "cannot build the geodata in \(border.metricCRS): \(error)")
        }
        for t in world.territories where !(try t.area.isValid()) {
            throw ScenarioError(.invalidFile, file: path, message: "the territory of \(t.state) is not a valid polygon "
                                + "in \(border.metricCRS): \(try t.area.validityReason())")
        }
        if let problem = try world.tilingProblem() { throw ScenarioError(.invalidFile, file: path, message: problem) }
        length = world.length
        areas = try world.territories.map { try $0.area.area() }
    }

    /// The `*.geojson` files of a folder, sorted by name.
    public static func defaultFiles(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".geojson") }.sorted()
            .map { "\(folder)/\($0)" }
    }

    public var lines: [String] {
        var out = ["\(border.id)  \(border.name)  (\(path))",
                   "  line: \(String(format: "%.1f", length / 1000)) km in \(border.metricCRS), \(border.line.count) vertices"]
        if let origin = border.kmOrigin { out.append("  km: \(origin)") }
        for (t, area) in zip(border.territories, areas) {
            out.append("  \(t.state) \(t.name): \(String(format: "%.1f", area / 1e6)) km² within the corridor")
        }
        return out
    }
}
