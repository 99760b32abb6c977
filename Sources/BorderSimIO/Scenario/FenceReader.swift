import BorderGeometry
import BorderSim

/// Reads `fences:` (see `FenceSpec` and docs/scenario-format.md, "fences"):
///
///     fences:
///       - name: salcininkai
///         along_border: {from: km 240, to: km 330, offset: 2 m, side: LT}   # or places: [[lon, lat], …]
///         gaps: [{from: km 262, to: km 262.2}, {at: km 300, width: 20 m}, {at: [25.6, 54.2], width: 10 m}]
///         climb: 20 min          # absent: cannot be climbed
///         holds: [migrants, foreign-officers]   # the default: [migrants]
///         state: LT              # whose fence (default: along_border's side), for own-/foreign-officers
///         frame: true            # also judge incursions against the fence line
///         enabled: true          # false: left out (a policy can switch a fence off)
///
/// A gap given by km marks is where the border at those marks is nearest on the fence; a gap
/// given by a place is centred on the fence's point nearest to it.
struct FenceReader {
    let places: PlaceResolver

    static let keys = ["name", "enabled", "along_border", "places", "gaps", "climb", "holds", "state", "frame"]

    /// A fence as read: the fence, and its line as a frame when `frame: true`.
    struct Read {
        var spec: FenceSpec
        var frame: Frame?
    }

    /// The fence, or nil when it is switched off.
    func fence(_ v: YAMLValue) throws(ScenarioError) -> Read? {
        let m = try v.mapping("a fence: a mapping with name, along_border or places, gaps and climb", keys: Self.keys)
        let name = try m.required("name", "the fence's name, e.g. salcininkai").string("the fence's name")
        let source = try m.exactlyOne(of: ["along_border", "places"], "the fence's line")
        var points = [Coordinate]()
        var stretch: PlaceResolver.Stretch?
        if source.key == "along_border" {
            let s = try places.stretch(source.value)
            points = try places.borderStretch(from: s.from, to: s.to, offset: s.offset, side: s.side, at: source.value)
            stretch = s
        } else {
            let items = try source.value.list("a list of places, e.g. [[25.6, 54.2], [25.61, 54.21]]")
            guard items.count >= 2 else {
                throw source.value.error(.invalidValue, "expected at least two places", found: "\(items.count)")
            }
            for item in items { points.append(try places.place(item)) }
        }
        let world = places.world
        let line = try source.value.geometry("the fence line") { () throws(GeometryError) in
            try world.context.lineString(points)
        }
        let length = try source.value.geometry("the fence's length") { () throws(GeometryError) in try line.length() }
        guard length >= 1 else {
            throw source.value.error(.invalidValue, "expected a fence at least 1 m long", found: nil)
        }

        var gaps = [ClosedRange<Double>]()
        for item in try m["gaps"]?.list("a list of gaps, e.g. [{at: km 300, width: 20 m}]") ?? [] {
            gaps.append(try gap(item, on: line, length: length))
        }
        var climb: Double?
        if let node = m["climb"] { climb = try node.quantity(.duration, .nonNegative) }
        let owner = try m["state"].map { (node) throws(ScenarioError) in try places.state(node) } ?? stretch?.side
        let holds =
            try m["holds"].map { (node) throws(ScenarioError) in try self.holds(node, owner: owner) }
            ?? ["migrants"]
        let enabled = try m["enabled"]?.bool() ?? true
        guard enabled else { return nil }
        var frame: Frame?
        if let node = m["frame"], try node.bool() {
            frame = try self.frame(name: name, stretch: stretch, points: points, line: line, owner: owner, at: node)
        }
        return Read(spec: FenceSpec(name: name, line: points, gaps: gaps, climb: climb, holds: holds), frame: frame)
    }

    /// `holds:` (`HoldsReader`), with `foreign-officers` and `own-officers` relative to `owner`,
    /// whose fence it is.
    private func holds(_ v: YAMLValue, owner: String?) throws(ScenarioError) -> Set<String> {
        let states = places.world.states
        return try HoldsReader(
            states: states, owner: owner, what: "fence",
            nobodyHint: " (a fence that holds nobody: leave it out, or `enabled: false`)",
            ownerHint: "add `state:` (whose fence it is, one of " + states.joined(separator: ", ") + ")"
        ).read(v)
    }

    /// The fence line as a frame: the strip between the border and the fence is judged the
    /// border side's, exactly as a claim of the other state that the line runs along the fence
    /// (`ClaimBuilder`), so an officer through the fence is in an incursion from where he passed
    /// it. A fence given by places closes its strip by the shortest ways from its ends to the
    /// border; it stands in `owner`'s territory, or else in the one that holds its middle.
    private func frame(
        name: String, stretch: PlaceResolver.Stretch?, points: [Coordinate], line: Geometry,
        owner: String?, at v: YAMLValue
    ) throws(ScenarioError) -> Frame {
        let world = places.world
        guard let stretch else {
            var side = owner
            if side == nil {
                side = try v.geometry("the state the fence is in") { () throws(GeometryError) in
                    try world.state(at: line.interpolate(line.length() / 2))
                }
            }
            guard let side else {
                throw v.error(
                    .invalidValue,
                    "the middle of the fence is on the border line; a fence judged as a frame "
                        + "stands on one side of it (give `state:` to say which)", found: nil)
            }
            return try ClaimBuilder(places: places).frame(name: name, along: points, in: side, at: v)
        }
        guard let side = stretch.side, stretch.offset > 0,
            let other = world.states.first(where: { $0 != side })
        else {
            throw v.error(
                .invalidValue,
                "a fence on the border line (offset 0) is judged as frame 'mapped' already; "
                    + "give it an offset and a side, or leave out `frame`", found: nil)
        }
        return try ClaimBuilder(places: places).frame(
            name: name, claimant: other, offset: stretch.offset,
            from: stretch.from, to: stretch.to, at: v)
    }

    /// `{from: km a, to: km b}` or `{at: km x | place, width: 20 m}`, as metres along the fence.
    private func gap(_ v: YAMLValue, on line: Geometry, length: Double) throws(ScenarioError) -> ClosedRange<Double> {
        let m = try v.mapping(
            "a gap: {from: km 262, to: km 262.2} or {at: km 300, width: 20 m}",
            keys: ["from", "to", "at", "width"])
        if m.has("at") {
            let at = try m.required("at", "a km mark or a place")
            let width = try m.required("width", Quantity.Dimension.distance.expectation).quantity(.distance, .positive)
            let s = try along(at, on: line)
            return max(0, s - width / 2)...min(length, s + width / 2)
        }
        let a = try along(m.required("from", "a km mark, e.g. \"km 262\""), on: line)
        let b = try along(m.required("to", "a km mark, e.g. \"km 262.2\""), on: line)
        return min(a, b)...max(a, b)
    }

    /// Metres along the fence of the point on it nearest to a km mark of the border, or to a place;
    /// an error when that is more than `Self.reach` from the fence.
    private func along(_ v: YAMLValue, on line: Geometry) throws(ScenarioError) -> Double {
        let world = places.world
        let point: Coordinate
        if v.isMapping || v.isList {
            point = try places.place(v)
        } else {
            let km = try places.distanceAlongBorder(v)
            point = try v.geometry("the border point") { () throws(GeometryError) in try world.point(atDistance: km) }
        }
        let (s, off) = try v.geometry("the gap's place on the fence") { () throws(GeometryError) in
            let p = try world.context.point(point)
            return (try line.project(p), try line.distance(to: p))
        }
        guard off <= Self.reach else {
            throw v.error(
                .invalidValue,
                "this gap is \(formatDistance(off)) from the fence; a gap must lie on it "
                    + "(within \(formatDistance(Self.reach)))", found: nil)
        }
        return s
    }

    /// How far from the fence a gap's km mark or place may be (a fence set back from the border).
    static let reach = 1_000.0
}
