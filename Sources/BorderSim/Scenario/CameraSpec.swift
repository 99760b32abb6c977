import BorderGeometry

/// A fixed sensor of a state: it watches an area and, when it sees a migrant group there,
/// alerts the state's nearest free responding unit (see `Simulation.watchCameras`).
public struct CameraSpec: Sendable, Hashable {
    public var id: String
    /// The state the camera belongs to and whose units it alerts.
    public var state: String
    /// The area watched (metric polygon): a band along the border, or a disc around a mast.
    public var coverage: GeometryValue
    public var model: DetectionModel
    /// Whom it detects: by default everyone not of its own side.
    public var detects: [Target]

    public init(
        id: String, state: String, coverage: GeometryValue, model: DetectionModel,
        detects: [Target] = Target.notOwnSide
    ) {
        self.id = id
        self.state = state
        self.coverage = coverage
        self.model = model
        self.detects = detects
    }

    /// A kind of unit a camera can be set to detect.
    public enum Target: String, Sendable, Hashable, CaseIterable {
        case migrants
        /// Officers of another state than the camera's.
        case foreignOfficers = "foreign-officers"
        /// Officers of the camera's own state.
        case ownOfficers = "own-officers"

        public static let notOwnSide: [Target] = [.migrants, .foreignOfficers]
    }

    /// Whether the camera detects a unit of this kind and affiliation.
    public func detects(_ kind: UnitSpec.Kind, affiliation: String) -> Bool {
        switch kind {
        case .migrants: detects.contains(.migrants)
        case .officers: detects.contains(affiliation == state ? .ownOfficers : .foreignOfficers)
        }
    }

    /// The chance that a group inside the coverage is detected in one step (facts-2021.md §4).
    public enum DetectionModel: Sendable, Hashable {
        /// A fixed chance per step (a per-glimpse probability): over n steps inside,
        /// P(detected) = 1 − (1 − p)^n.
        case perStep(Double)
        /// Random search (Koopman): p = 1 − exp(−W·v·Δt / A) per step, with W the sweep width
        /// in metres, v·Δt the metres the group moved in the step and A the coverage's area.
        /// A group that stands still is not swept; one that walks d metres through the area
        /// is detected with probability 1 − exp(−W·d / A) whatever the step.
        case randomSearch(sweepWidth: Double)
    }
}

/// An on-duty window by local time of day (the scenario's UTC offset), in seconds since
/// midnight; `to` before `from` runs over midnight.
public struct DutyWindow: Sendable, Hashable {
    public var from: Double
    public var to: Double

    public init(from: Double, to: Double) {
        self.from = from
        self.to = to
    }

    /// Whether `secondOfDay` (0 ..< 86 400) falls in the window (from inclusive, to exclusive).
    public func contains(_ secondOfDay: Double) -> Bool {
        from <= to ? (secondOfDay >= from && secondOfDay < to) : (secondOfDay >= from || secondOfDay < to)
    }
}
