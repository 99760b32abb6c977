import BorderGeometry

/// A scenario resolved to plain values in the simulation's metric CRS: what the core runs.
///
/// The loader (BorderSimIO) turns a scenario file into this: units parsed, places and
/// routes resolved to metric coordinates, zones and claimed lines built. Being plain
/// values, one `Scenario` can feed many replicates, each building its own geometry in
/// its own GEOS context.
public struct Scenario: Sendable {
    public var name: String
    public var clock: Clock
    /// Seed of replicate 0; replicate k uses `seed + k` (see `RandomStreams`).
    public var seed: UInt64
    /// The metric CRS coordinates are in, e.g. "EPSG:3346" (for provenance and output).
    public var crs: String
    /// Every state with territory in the scenario, clipped to the corridor.
    public var states: [StateTerritory]
    /// The frames incursions are judged in: the mapped border first, then each claimed line.
    public var frames: [Frame]
    public var zones: [Zone]
    /// Mapping uncertainty: incursions no deeper than this are reported as within tolerance.
    public var tolerance: Double
    /// How crossings are found along each move.
    public var crossingRule: CrossingRule = .continuous
    /// Flows of migrant groups drawn per run (each replicate draws its own from its seed).
    public var arrivals: [ArrivalSpec] = []
    /// Fences that hold migrants back except at their gaps (see `FenceSpec`).
    public var fences: [FenceSpec] = []
    /// Fixed sensors that alert their state's units (see `CameraSpec`).
    public var cameras: [CameraSpec] = []
    public var units: [UnitSpec]
    public var expectations: [Expectation]

    public init(
        name: String, clock: Clock, seed: UInt64, crs: String, states: [StateTerritory], frames: [Frame],
        zones: [Zone] = [], tolerance: Double = 0, units: [UnitSpec], expectations: [Expectation] = []
    ) {
        self.name = name
        self.clock = clock
        self.seed = seed
        self.crs = crs
        self.states = states
        self.frames = frames
        self.zones = zones
        self.tolerance = tolerance
        self.units = units
        self.expectations = expectations
    }
}

/// A state's territory (metric polygon), e.g. Lithuania within 30 km of the border.
public struct StateTerritory: Sendable, Hashable {
    /// Short code used throughout: "LT", "BY", "LV", "PL".
    public var id: String
    public var name: String
    public var territory: GeometryValue

    public init(id: String, name: String, territory: GeometryValue) {
        self.id = id
        self.name = name
        self.territory = territory
    }
}

/// A division of the corridor between states by one line: the mapped border, or a state's claim.
///
/// Each point of the corridor lies in one state's territory per frame; a unit's incursions
/// are judged separately in every frame, so a claim a few metres off the mapped line can
/// turn an incursion into none, or the reverse.
public struct Frame: Sendable, Hashable {
    /// "mapped" for the mapped border, else the claim's name.
    public var name: String
    /// The line dividing the states in this frame: a LineString, or a MultiLineString where a
    /// claim's line meets the corridor's edge.
    public var line: GeometryValue
    /// State id → territory in this frame.
    public var territories: [StateArea]

    public init(name: String, line: GeometryValue, territories: [StateArea]) {
        self.name = name
        self.line = line
        self.territories = territories
    }

    public struct StateArea: Sendable, Hashable {
        public var state: String
        public var area: GeometryValue
        public init(state: String, area: GeometryValue) {
            self.state = state
            self.area = area
        }
    }
}

/// A named area: a boundary ditch, a border strip, a camera's field.
public struct Zone: Sendable, Hashable {
    public var name: String
    public var area: GeometryValue
    /// Affiliations (state ids or "migrants") for which entering the zone is an incursion.
    public var forbiddenTo: [String]

    public init(name: String, area: GeometryValue, forbiddenTo: [String] = []) {
        self.name = name
        self.area = area
        self.forbiddenTo = forbiddenTo
    }
}

/// The simulated time span and step, counted in integer ticks so the clock never drifts.
public struct Clock: Sendable, Hashable {
    /// Start as seconds since 1970-01-01T00:00:00Z.
    public var start: Double
    /// The offset from UTC the scenario's times are written in, in seconds (e.g. 10800 for EEST).
    public var utcOffset: Int
    /// Seconds per tick.
    public var step: Double
    public var ticks: Int

    public init(start: Double, utcOffset: Int, step: Double, ticks: Int) {
        self.start = start
        self.utcOffset = utcOffset
        self.step = step
        self.ticks = ticks
    }

    /// Seconds since the start at a tick.
    public func seconds(atTick tick: Int) -> Double { Double(tick) * step }
}
