import BorderGeometry

/// Turns places, km marks, state names and routes as written in a scenario into metric
/// coordinates on the border, checking each against the geodata as it goes.
///
/// Places:
/// - `{lon: 25.6, lat: 54.2}` or `[25.6, 54.2]`, optionally with `side: LT`, which is then checked;
/// - `{border_km: 143.2, offset: 300 m, side: BY}`: the point at km 143.2 on the mapped line,
///   then 300 m along the line's normal into Belarus (offset 0: on the line).
struct PlaceResolver {
    let world: BorderWorld

    static let placeKeys = ["lon", "lat", "border_km", "offset", "side"]
    static let placeHelp =
        "a place: {lon: 25.6, lat: 54.2}, [25.6, 54.2] or {border_km: 143.2, offset: 300 m, side: BY}"

    // MARK: Names

    /// A state of the border (for `state:`, `side:`), or one of `extra` (e.g. "migrants").
    func state(_ v: YAMLValue, allowing extra: [String] = []) throws(ScenarioError) -> String {
        let options = world.states + extra
        let expected = "one of " + options.joined(separator: ", ")
        let text = try v.string(expected)
        guard options.contains(text) else {
            let hint = nearestName(to: text, in: options).map { "; did you mean '\($0)'?" } ?? ""
            throw v.error(
                .unknownName,
                "unknown state '\(text)': the border \(world.geodata.id) is between "
                    + world.states.joined(separator: " and ")
                    + (extra.isEmpty
                        ? ""
                        : ", or use "
                            + extra.map { "'\($0)'" }.joined(separator: ", ")) + hint, found: nil)
        }
        return text
    }

    /// A km mark within the border's length, in metres from km 0: "km 143.2", or a place
    /// (`[lon, lat]`, `{lon:, lat:}`), whose km mark is that of the nearest point of the line, so
    /// a village's coordinates serve wherever a km mark is asked for.
    func distanceAlongBorder(_ v: YAMLValue) throws(ScenarioError) -> Double {
        if v.isList || v.isMapping {
            let p = try place(v)
            return try v.geometry("the km mark of the place") { () throws(GeometryError) in
                try world.line.project(world.context.point(p))
            }
        }
        let distance = try v.kilometreMark()
        // A millimetre of slack, so "km 509.963" of a 509.9633 km line is still on it.
        guard distance >= -0.001, distance <= world.length + 0.001 else {
            throw v.error(
                .outOfRange,
                "\(formatKm(distance)) is not on the border: \(world.geodata.id) runs from "
                    + "km 0 to \(formatKm(world.length)) (measured in \(world.crs))", found: nil)
        }
        return min(max(distance, 0), world.length)
    }

    // MARK: Places

    func place(_ v: YAMLValue) throws(ScenarioError) -> Coordinate {
        if v.isList {
            let items = try v.list(Self.placeHelp)
            guard items.count == 2 else {
                throw v.error(
                    .invalidValue, "expected [longitude, latitude], two numbers",
                    found: "a list of \(items.count)")
            }
            return try lonLat(lon: items[0], lat: items[1], side: nil, at: v)
        }
        let m = try v.mapping(Self.placeHelp, keys: Self.placeKeys)
        let side = try m["side"].map { (node) throws(ScenarioError) in (try state(node), node) }
        if let km = m["border_km"] {
            if let both = m["lon"] ?? m["lat"] {
                throw both.error(
                    .invalidValue, "a place is given either by lon/lat or by border_km, not both",
                    found: nil)
            }
            let distance = try distanceAlongBorder(km)
            let offset = try m["offset"]?.quantity(.distance, .nonNegative) ?? 0
            guard offset > 0 else {
                return try v.geometry("the point on the border") { () throws(GeometryError) in
                    try world.point(atDistance: distance)
                }
            }
            guard let (state, _) = side else {
                throw m.missing("side", "the state to step into, one of " + world.states.joined(separator: ", "))
            }
            let point = try v.geometry("the place") { () throws(GeometryError) in
                try world.point(atDistance: distance, offset: offset, toward: state)
            }
            var landed: String?
            if let point { landed = try stateAt(point, v) }
            guard let point, landed == state else {
                let whereTo = landed.map { "lands in \($0)" } ?? "lands outside the corridor"
                throw v.error(
                    .wrongSide,
                    "\(formatKm(distance)), \(formatDistance(offset)) toward \(state) "
                        + whereTo + ": the border bends or the corridor ends within \(formatDistance(offset)) "
                        + "of this point; use a smaller offset, another km, or a lon/lat place", found: nil)
            }
            return point
        }
        if let offset = m["offset"] {
            throw offset.error(.invalidValue, "offset applies to border_km places; give lon/lat alone", found: nil)
        }
        return try lonLat(
            lon: m.required("lon", "a longitude in degrees, e.g. 25.6"),
            lat: m.required("lat", "a latitude in degrees, e.g. 54.2"), side: side, at: v)
    }

    private func lonLat(
        lon lonNode: YAMLValue, lat latNode: YAMLValue, side: (String, YAMLValue)?,
        at v: YAMLValue
    ) throws(ScenarioError) -> Coordinate {
        let lon = try lonNode.number("a longitude in degrees, e.g. 25.6")
        let lat = try latNode.number("a latitude in degrees, e.g. 54.2")
        guard (-180...180).contains(lon) else {
            throw lonNode.error(.invalidValue, "expected a longitude between -180 and 180 degrees")
        }
        guard (-90...90).contains(lat) else {
            throw latNode.error(.invalidValue, "expected a latitude between -90 and 90 degrees")
        }
        let point = try metric(Coordinate(x: lon, y: lat), at: v)
        guard let state = try stateAt(point, v) else {
            let gap = try v.geometry("the distance to the corridor") { () throws(GeometryError) in
                try world.corridor.distance(to: world.context.point(point))
            }
            var hint = "; places must lie in the corridor of \(world.geodata.id) in the geodata"
            if (-90...90).contains(lon), let swapped = try? world.toMetric.apply(Coordinate(x: lat, y: lon)),
                (try? stateAt(swapped, v)) != nil
            {
                hint = "; did you swap lon and lat?"
            }
            throw v.error(
                .outsideCorridor,
                "the place (lon \(lon), lat \(lat)) is \(formatDistance(gap)) outside "
                    + "the geodata corridor" + hint, found: nil)
        }
        if let (side, sideNode) = side, side != state {
            let away = try v.geometry("the distance to the border") { () throws(GeometryError) in
                try world.line.distance(to: world.context.point(point))
            }
            throw sideNode.error(
                .wrongSide,
                "the place (lon \(lon), lat \(lat)) is in \(state), "
                    + "\(formatDistance(away)) from the border, not in \(side)", found: nil)
        }
        return point
    }

    /// lon/lat → the scenario's metric CRS.
    func metric(_ lonLat: Coordinate, at v: YAMLValue) throws(ScenarioError) -> Coordinate {
        do {
            return try world.toMetric.apply(lonLat)
        } catch {
            throw v.error(
                .invalidValue, "cannot transform (lon \(lonLat.x), lat \(lonLat.y)) to \(world.crs): \(error)",
                found: nil)
        }
    }

    private func stateAt(_ point: Coordinate, _ v: YAMLValue) throws(ScenarioError) -> String? {
        try v.geometry("which state the place is in") { () throws(GeometryError) in try world.state(at: point) }
    }

    // MARK: Routes

    static let routeKeys = ["places", "along_border", "mode"]

    /// How a route is walked: round and round, to and fro, or once from start to end.
    enum RouteMode: String, CaseIterable {
        case loop
        case backAndForth = "back-and-forth"
        case once
    }

    /// `{places: [p1, p2, …], mode: loop|back-and-forth|once}` or
    /// `{along_border: {from: km 10, to: km 20, offset: 200 m, side: LT}, mode: …}`.
    func route(_ v: YAMLValue) throws(ScenarioError) -> (points: [Coordinate], mode: RouteMode) {
        let m = try v.mapping(
            "a route: {places: [[25.6, 54.2], [25.61, 54.2]], mode: loop} or {along_border: "
                + "{from: km 10, to: km 20, offset: 200 m, side: LT}, mode: back-and-forth}",
            keys: Self.routeKeys)
        let mode = RouteMode(
            rawValue: try m.required("mode", "loop, back-and-forth or once")
                .choice(RouteMode.allCases.map(\.rawValue)))!
        let source = try m.exactlyOne(of: ["places", "along_border"], "the route's way points")
        if source.key == "places" {
            let items = try source.value.list("a list of places")
            guard items.count >= 2 else {
                throw source.value.error(.invalidValue, "expected at least two places", found: "\(items.count)")
            }
            var points = [Coordinate]()
            for item in items { points.append(try place(item)) }
            return (points, mode)
        }
        return (try alongBorder(source.value), mode)
    }

    /// The border between two km marks, moved `offset` into `side` (Geometry.offsetCurve);
    /// its vertices, from `from` to `to`.
    func alongBorder(_ v: YAMLValue) throws(ScenarioError) -> [Coordinate] {
        let s = try stretch(v)
        return try borderStretch(from: s.from, to: s.to, offset: s.offset, side: s.side, at: v)
    }

    /// A stretch of border as written, `{from: km 10, to: km 20, offset: 200 m, side: LT}`: metres
    /// along the border, the offset in metres, and the side (nil when the offset is 0).
    struct Stretch {
        var from: Double, to: Double, offset: Double, side: String?
    }

    func stretch(_ v: YAMLValue) throws(ScenarioError) -> Stretch {
        let m = try v.mapping(
            "a stretch of border: {from: km 10, to: km 20, offset: 200 m, side: LT}",
            keys: ["from", "to", "offset", "side"])
        let from = try distanceAlongBorder(m.required("from", "a km mark, e.g. \"km 10\""))
        let toNode = try m.required("to", "a km mark, e.g. \"km 20\"")
        let to = try distanceAlongBorder(toNode)
        guard abs(to - from) >= 1 else {
            throw toNode.error(.invalidValue, "expected a km mark at least 1 m away from 'from'")
        }
        let offset = try m["offset"]?.quantity(.distance, .nonNegative) ?? 0
        let side =
            offset > 0
            ? try state(m.required("side", "the state to offset into, one of " + world.states.joined(separator: ", ")))
            : nil
        return Stretch(from: from, to: to, offset: offset, side: side)
    }

    /// The border from `from` to `to` metres along it, moved `offset` into `side` (needed when
    /// offset > 0); errors point at `v`.
    func borderStretch(from: Double, to: Double, offset: Double, side: String?, at v: YAMLValue)
        throws(ScenarioError) -> [Coordinate]
    {
        // Offset the stretch in the line's own direction, so left and right mean what they
        // mean at km 0; the result is put in from → to order below.
        let part = try v.geometry("the stretch of border") { () throws(GeometryError) in
            try world.line.substring(from: min(from, to), to: max(from, to))
        }
        guard offset > 0, let side else {
            guard case .lineString(let points) = part.value else { return [] }
            return from < to ? points : points.reversed()
        }
        let middle = (from + to) / 2
        let sign = try v.geometry("the side of the border") { () throws(GeometryError) in
            try world.sign(toward: side, atDistance: middle)
        }
        guard let sign else {
            throw v.error(
                .wrongSide, "\(side) does not border the line at \(formatKm(middle)), the middle of the stretch",
                found: nil)
        }
        let points = try v.geometry("the offset line") { () throws(GeometryError) -> [Coordinate]? in
            guard case .lineString(var points) = try part.offsetCurve(sign * offset).value,
                let first = points.first, let last = points.last
            else { return nil }
            // Keep the direction from `from` to `to` whichever way GEOS returned it.
            let start = try world.point(atDistance: from)
            func d2(_ c: Coordinate) -> Double { (c.x - start.x) * (c.x - start.x) + (c.y - start.y) * (c.y - start.y) }
            if d2(last) < d2(first) { points.reverse() }
            return points
        }
        guard let points else {
            throw v.error(
                .invalidGeometry,
                "the border from \(formatKm(from)) to \(formatKm(to)) moved "
                    + "\(formatDistance(offset)) into \(side) is not one line; use a smaller offset or a "
                    + "shorter stretch", found: nil)
        }
        for p in points {
            let landed = try stateAt(p, v)
            guard landed == side else {
                let km = try v.geometry("a km mark") { () throws(GeometryError) in
                    try world.line.project(world.context.point(p))
                }
                throw v.error(
                    .wrongSide,
                    "the route \(formatDistance(offset)) into \(side) leaves \(side) near "
                        + "\(formatKm(km)) (" + (landed.map { "into \($0)" } ?? "out of the corridor")
                        + "); use a smaller offset or another stretch", found: nil)
            }
        }
        return points
    }
}
