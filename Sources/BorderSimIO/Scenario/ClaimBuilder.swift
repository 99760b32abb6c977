import BorderGeometry
import BorderSim

/// Builds the frame of a state's claimed line: the mapped border moved `offset` metres into
/// the other state (a negative offset: into the claimant's own) between two km marks.
///
/// The strip between the two lines, `flatBuffer(border[from…to], |offset|)` cut to the state
/// it lies in, changes hands: the claimant's area is its territory with the strip added (or
/// taken away), the other state's the rest. The claimed line is where the two areas meet.
struct ClaimBuilder {
    let places: PlaceResolver
    var world: BorderWorld { places.world }

    static let keys = ["name", "state", "offset", "from", "to"]
    /// Metres; claim areas are snapped to this grid.
    static let grid = 1e-6

    func frame(_ v: YAMLValue) throws(ScenarioError) -> Frame {
        let m = try v.mapping(
            "a claim: {name: by-claim, state: BY, offset: 3 m, from: km 140, to: km 150}",
            keys: Self.keys)
        let name = try m.required("name", "the claim's name, e.g. by-claim").string("the claim's name")
        let claimant = try places.state(
            m.required("state", "the claimant, one of " + world.states.joined(separator: ", ")))
        let offsetNode = try m.required(
            "offset", "a distance with a unit, e.g. \"3 m\" (negative: into the claimant's own)")
        let offset = try offsetNode.quantity(.distance)
        guard offset != 0 else {
            throw offsetNode.error(
                .invalidValue,
                "expected a distance other than 0 (offset 0 is the mapped line, "
                    + "already judged as frame 'mapped')")
        }
        let from = try m["from"].map { (node) throws(ScenarioError) in try places.distanceAlongBorder(node) } ?? 0
        let to =
            try m["to"].map { (node) throws(ScenarioError) in try places.distanceAlongBorder(node) } ?? world.length
        guard abs(to - from) >= 1 else {
            throw (m["to"] ?? v).error(.invalidValue, "expected 'from' and 'to' at least 1 m apart")
        }
        return try frame(name: name, claimant: claimant, offset: offset, from: from, to: to, at: v)
    }

    /// The frame `name` of `claimant`'s line: the mapped line moved `offset` metres into the other
    /// state (negative: into the claimant's own) from `from` to `to` metres along it (either
    /// order, at least 1 m apart); errors point at `v`.
    func frame(name: String, claimant: String, offset: Double, from: Double, to: Double, at v: YAMLValue)
        throws(ScenarioError) -> Frame
    {
        guard let own = world.territory(claimant), let other = world.territories.first(where: { $0.state != claimant })
        else { throw v.error(.unknownName, "the border has no state '\(claimant)'", found: nil) }

        return try v.geometry("the claimed line") { () throws(GeometryError) -> Frame in
            let part = try stretch(from: min(from, to), to: max(from, to), beyondEnds: max(100, 10 * abs(offset)))
            let strip = try part.flatBuffer(abs(offset)).intersection(offset > 0 ? other.area : own.area)
            return try frame(
                name: name, claimant: claimant, own: own.area, other: other.area, strip: strip,
                gained: offset > 0)
        }
    }

    /// The frame of a line drawn through `points` within `side`'s territory, as a claim of the
    /// other state that the border runs there: the area between the line and the border, closed
    /// by the shortest ways from its two ends to the border, changes hands. Errors point at `v`.
    func frame(name: String, along points: [Coordinate], in side: String, at v: YAMLValue)
        throws(ScenarioError) -> Frame
    {
        guard let first = points.first, let last = points.last, let own = world.territory(side),
            let other = world.territories.first(where: { $0.state != side })
        else { throw v.error(.unknownName, "the border has no state '\(side)'", found: nil) }
        let world = self.world
        let (a, b) = try v.geometry("the km marks of the line's ends") { () throws(GeometryError) in
            (try world.line.project(world.context.point(first)), try world.line.project(world.context.point(last)))
        }
        guard abs(a - b) >= 1 else {
            throw v.error(
                .invalidValue,
                "the line's two ends are nearest the same point of the border (\(formatKm(a))), "
                    + "so it encloses no strip between itself and the border; draw it along the border",
                found: nil)
        }
        let ring = try v.geometry("the strip between the line and the border") { () throws(GeometryError) in
            let back = try world.line.substring(from: min(a, b), to: max(a, b)).value.allCoordinates
            // Along the line, from its last end to the border, back along the border, and from
            // there to the line's first end.
            return try world.context.polygon(points + (a < b ? back.reversed() : back) + [first])
        }
        let reason = try v.geometry("the strip's validity") { () throws(GeometryError) in
            try ring.isValid() ? nil : try ring.validityReason()
        }
        if let reason {
            throw v.error(
                .invalidGeometry,
                "the line, the shortest ways from its ends to the border and the border "
                    + "between them do not enclose a strip: \(reason); draw a line that stays on one side and "
                    + "does not double back", found: nil)
        }
        return try v.geometry("the line's frame") { () throws(GeometryError) -> Frame in
            try frame(
                name: name, claimant: other.state, own: other.area, other: own.area,
                strip: ring.intersection(own.area), gained: true)
        }
    }

    /// The frame in which `strip` changes hands: added to the claimant's territory `own` and
    /// taken from `other` (`gained`), or the other way round.
    private func frame(
        name: String, claimant: String, own: Geometry, other: Geometry, strip: Geometry,
        gained: Bool
    ) throws(GeometryError) -> Frame {
        // The strip's edge on the border is the border only up to rounding (~1e-9 m),
        // which leaves slivers in the overlays and spikes in the line between the areas;
        // snapping both areas to a micrometre grid closes them, so the two share their
        // boundary exactly, and moves no vertex by more than a micrometre.
        let ownArea = try (gained ? own.union(strip) : own.difference(strip)).withPrecision(Self.grid)
        let otherArea = try (gained ? other.difference(strip) : other.union(strip)).withPrecision(Self.grid)
        let line = try ownArea.boundary().intersection(otherArea.boundary()).lineMerge()
        return Frame(
            name: name, line: try oriented(line),
            territories: world.states.map {
                Frame.StateArea(state: $0, area: ($0 == claimant ? ownArea : otherArea).value)
            })
    }

    /// The border from `lo` to `hi` metres; an end of the border is continued straight on, so
    /// the strip runs out of the corridor there instead of stopping at a flat cap that leaves
    /// slivers between itself and the corridor's oblique end.
    private func stretch(from lo: Double, to hi: Double, beyondEnds reach: Double) throws(GeometryError) -> Geometry {
        guard case .lineString(var cs) = try world.line.substring(from: lo, to: hi).value, cs.count >= 2 else {
            throw .unsupported("the border from \(lo) m to \(hi) m is not a line")
        }
        func beyond(_ end: Coordinate, from inner: Coordinate) -> Coordinate {
            let (dx, dy) = (end.x - inner.x, end.y - inner.y)
            let norm = (dx * dx + dy * dy).squareRoot()
            guard norm > 0 else { return end }
            return Coordinate(x: end.x + reach * dx / norm, y: end.y + reach * dy / norm)
        }
        if lo <= 0.001 { cs.insert(beyond(cs[0], from: cs[1]), at: 0) }
        if hi >= world.length - 0.001 { cs.append(beyond(cs[cs.count - 1], from: cs[cs.count - 2])) }
        return try world.context.lineString(cs)
    }

    /// The claimed line with each part running the way the mapped line runs (km 0 first), parts in km order.
    private func oriented(_ line: Geometry) throws(GeometryError) -> GeometryValue {
        let parts: [[Coordinate]]
        switch line.value {
        case .lineString(let cs): parts = [cs]
        case .multiLineString(let lines): parts = lines
        case let other: return other
        }
        var keyed = [(km: Double, points: [Coordinate])]()
        for part in parts {
            guard let first = part.first, let last = part.last else { continue }
            let a = try world.line.project(world.context.point(first))
            let b = try world.line.project(world.context.point(last))
            keyed.append(a <= b ? (a, part) : (b, part.reversed()))
        }
        keyed.sort { $0.km < $1.km }
        return keyed.count == 1 ? .lineString(keyed[0].points) : .multiLineString(keyed.map(\.points))
    }
}
