import BorderGeometry

/// The border geodata in the scenario's metric CRS, as GEOS geometries in one context:
/// what places, routes, zones and claims are resolved against while a scenario loads.
///
/// Built once per load and dropped afterwards; the `Scenario` gets plain values only.
final class BorderWorld {
    struct Territory {
        let state: String
        let name: String
        let area: Geometry
        let prepared: PreparedGeometry
    }

    let geodata: BorderGeodata
    let crs: String
    let context: GeometryContext
    /// lon/lat (EPSG:4326) → `crs`.
    let toMetric: CoordinateTransform
    /// The mapped border line in `crs`, km 0 at its start.
    let line: Geometry
    /// Metres, measured along `line` in `crs`.
    let length: Double
    /// In the order of `geodata.states`.
    let territories: [Territory]
    /// Both territories together: where places may be.
    let corridor: PreparedGeometry

    init(geodata: BorderGeodata, crs: String) throws(GeometryError) {
        self.geodata = geodata
        self.crs = crs
        context = GeometryContext()
        toMetric = try CoordinateTransform(from: "EPSG:4326", to: crs)
        line = try context.lineString(toMetric.apply(geodata.line))
        length = try line.length()
        var territories = [Territory]()
        for t in geodata.territories {
            let area = try context.make(toMetric.apply(t.area))
            territories.append(
                Territory(state: t.state, name: t.name, area: area, prepared: try PreparedGeometry(area)))
        }
        self.territories = territories
        corridor = try PreparedGeometry(territories[0].area.union(territories[1].area))
    }

    var states: [String] { geodata.states }

    func territory(_ state: String) -> Territory? { territories.first { $0.state == state } }

    /// The state whose territory covers a metric point, or nil outside the corridor.
    func state(at point: Coordinate) throws(GeometryError) -> String? {
        let p = try context.point(point)
        for t in territories where try t.prepared.covers(p) { return t.state }
        return nil
    }

    /// The point `distance` metres along the line from km 0 (clamped to its ends).
    func point(atDistance distance: Double) throws(GeometryError) -> Coordinate {
        try line.interpolate(distance)
    }

    /// +1 when `state` lies left of the line at `distance`, −1 when right, nil when neither
    /// side is that state there (e.g. at the corridor's end).
    func sign(toward state: String, atDistance distance: Double) throws(GeometryError) -> Double? {
        guard let territory = territory(state) else { return nil }
        let p = try point(atDistance: distance)
        let n = try line.leftNormal(atDistance: distance)
        // Half a metre off the line: clear of it, yet nearer than any bend of a mapped border.
        for sign in [1.0, -1.0] {
            let probe = Coordinate(x: p.x + sign * 0.5 * n.x, y: p.y + sign * 0.5 * n.y)
            if try territory.prepared.covers(context.point(probe)) { return sign }
        }
        return nil
    }

    /// The point `offset` metres from the line at `distance`, stepping toward `state`.
    func point(atDistance distance: Double, offset: Double, toward state: String) throws(GeometryError) -> Coordinate? {
        let p = try point(atDistance: distance)
        guard offset != 0 else { return p }
        guard let sign = try sign(toward: state, atDistance: distance) else { return nil }
        let n = try line.leftNormal(atDistance: distance)
        return Coordinate(x: p.x + sign * offset * n.x, y: p.y + sign * offset * n.y)
    }
}

extension YAMLValue {
    /// Runs geometry work for this node, reporting a GEOS or PROJ failure at it.
    func geometry<T>(_ what: String, _ body: () throws(GeometryError) -> T) throws(ScenarioError) -> T {
        do {
            return try body()
        } catch {
            throw self.error(.invalidGeometry, "could not compute \(what): \(error)", found: nil)
        }
    }
}

/// Metres for messages: "35.0 m", "12.35 km".
func formatDistance(_ metres: Double) -> String {
    abs(metres) < 1000 ? "\(roundedText(metres, 1)) m" : "\(roundedText(metres / 1000, 2)) km"
}

/// A km mark for messages: "km 143.2", "km 509.963".
func formatKm(_ metres: Double) -> String { "km \(roundedText(metres / 1000, 3))" }

/// `value` rounded to `decimals` places, printed without trailing zeros beyond one.
func roundedText(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    return "\((value * scale).rounded() / scale)"
}
