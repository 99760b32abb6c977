import BorderGeometry
import BorderSim

/// Reads `cameras:` (see `CameraSpec` and docs/scenario-format.md, "cameras"):
///
///     cameras:
///       - id: druskininkai-towers
///         state: LT
///         along_border: {from: km 430, to: km 509, depth: 1 km, side: LT}   # a band along the border
///         detection: {probability: 0.05}        # per step; or {sweep_width: 2 km} (random search)
///       - id: mast-303
///         state: LT
///         at: {border_km: 303, offset: 200 m, side: LT}                    # or a mast and its range
///         range: 1.5 km
///         detection: {sweep_width: 500 m}
///         detects: [migrants, foreign-officers]  # the default: everyone not of its own side
///         enabled: false                         # left out (a policy can switch it on)
struct CameraReader {
    let places: PlaceResolver

    static let keys = ["id", "state", "enabled", "along_border", "at", "range", "detection", "detects"]

    /// The camera, or nil when it is switched off.
    func camera(_ v: YAMLValue) throws(ScenarioError) -> CameraSpec? {
        let m = try v.mapping(
            "a camera: a mapping with id, state, along_border or at and range, and detection",
            keys: Self.keys)
        let id = try m.required("id", "the camera's id, e.g. ignalina-towers").string("the camera's id")
        let state = try places.state(
            m.required(
                "state",
                "the state the camera serves, one of "
                    + places.world.states.joined(separator: ", ")))
        let source = try m.exactlyOne(of: ["along_border", "at"], "the camera's coverage")
        let coverage: GeometryValue
        if source.key == "along_border" {
            if let range = m["range"] {
                throw range.error(.invalidValue, "'range' goes with 'at' (a mast); a band has a depth", found: nil)
            }
            coverage = try band(source.value)
        } else {
            let centre = try places.place(source.value)
            let range = try m.required("range", Quantity.Dimension.distance.expectation).quantity(.distance, .positive)
            let world = places.world
            coverage = try source.value.geometry("the camera's coverage") { () throws(GeometryError) in
                try world.context.point(centre).buffer(range, quadrantSegments: 16).value
            }
        }
        let model = try self.model(m.required("detection", "{probability: 0.05} or {sweep_width: 500 m}"))
        let enabled = try m["enabled"]?.bool() ?? true
        let detects = try m["detects"].map { v throws(ScenarioError) in try targets(v) } ?? CameraSpec.Target.notOwnSide
        return enabled ? CameraSpec(id: id, state: state, coverage: coverage, model: model, detects: detects) : nil
    }

    /// `detects: [migrants, foreign-officers, own-officers]`: at least one, each once.
    private func targets(_ v: YAMLValue) throws(ScenarioError) -> [CameraSpec.Target] {
        let names = CameraSpec.Target.allCases.map(\.rawValue)
        let items = try v.list("a list of whom the camera detects, from " + names.joined(separator: ", "))
        guard !items.isEmpty else {
            throw v.error(.invalidValue, "expected at least one of " + names.joined(separator: ", "))
        }
        var found = [CameraSpec.Target]()
        for item in items {
            let target = CameraSpec.Target(rawValue: try item.choice(names))!
            guard !found.contains(target) else {
                throw item.error(.invalidValue, "'\(target.rawValue)' is listed twice")
            }
            found.append(target)
        }
        return found
    }

    /// The area between the border from km `from` to km `to` and the same stretch moved `depth` into `side`.
    private func band(_ v: YAMLValue) throws(ScenarioError) -> GeometryValue {
        let m = try v.mapping(
            "a band along the border: {from: km 0, to: km 60, depth: 1 km, side: LT}",
            keys: ["from", "to", "depth", "side"])
        let depth = try m.required("depth", Quantity.Dimension.distance.expectation).quantity(.distance, .positive)
        let from = try places.distanceAlongBorder(m.required("from", "a km mark, e.g. \"km 0\""))
        let toNode = try m.required("to", "a km mark, e.g. \"km 60\"")
        let to = try places.distanceAlongBorder(toNode)
        guard abs(to - from) >= 1 else {
            throw toNode.error(.invalidValue, "expected a km mark at least 1 m away from 'from'")
        }
        let side = try places.state(
            m.required(
                "side",
                "the state the band lies in, one of "
                    + places.world.states.joined(separator: ", ")))
        let near = try places.borderStretch(from: from, to: to, offset: 0, side: nil, at: v)
        let far = try places.borderStretch(from: from, to: to, offset: depth, side: side, at: v)
        let ring = near + far.reversed() + [near[0]]
        let world = places.world
        let valid = try v.geometry("the band") { () throws(GeometryError) in
            try world.context.polygon(ring).isValid()
        }
        guard valid else {
            throw v.error(
                .invalidGeometry,
                "the band \(formatDistance(depth)) deep is not a simple area here (the "
                    + "border bends too sharply); use a smaller depth or a shorter stretch", found: nil)
        }
        return .polygon([ring])
    }

    private func model(_ v: YAMLValue) throws(ScenarioError) -> CameraSpec.DetectionModel {
        let m = try v.mapping(
            "{probability: 0.05} (per step) or {sweep_width: 500 m} (random search)",
            keys: ["probability", "sweep_width"])
        let entry = try m.exactlyOne(of: ["probability", "sweep_width"], "a detection model")
        if entry.key == "probability" {
            let p = try entry.value.number("a probability per step, 0 < p ≤ 1")
            guard p > 0 && p <= 1 else {
                throw entry.value.error(.invalidValue, "expected a probability per step, 0 < p ≤ 1")
            }
            return .perStep(p)
        }
        return .randomSearch(sweepWidth: try entry.value.quantity(.distance, .positive))
    }
}
