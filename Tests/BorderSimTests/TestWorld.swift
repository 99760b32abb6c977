import BorderGeometry

@testable import BorderSim

/// A synthetic border for tests: y = 0 from x = 0 to 1000, except a tooth of Lithuania
/// reaching down into Belarus between x = 50 and 60 (tip at (55, -20)). LT lies above the
/// line, BY below, each 500 m deep.
enum TestWorld {
    static let line: [Coordinate] = [c(0, 0), c(50, 0), c(55, -20), c(60, 0), c(1000, 0)]

    static func c(_ x: Double, _ y: Double) -> Coordinate { Coordinate(x: x, y: y) }

    static var lt: GeometryValue { .polygon([line + [c(1000, 500), c(0, 500), c(0, 0)]]) }
    static var by: GeometryValue {
        .polygon([line + [c(1000, -500), c(0, -500), c(0, 0)]].map { Array($0.reversed()) })
    }

    static var mapped: Frame {
        Frame(
            name: "mapped", line: .lineString(line),
            territories: [.init(state: "LT", area: lt), .init(state: "BY", area: by)])
    }

    /// Belarus's claim: the line moved `offset` metres north (into Lithuania), straight.
    static func byClaim(offset: Double) -> Frame {
        let l = [c(0, offset), c(1000, offset)]
        return Frame(
            name: "by-claim", line: .lineString(l),
            territories: [
                .init(state: "LT", area: .polygon([l + [c(1000, 500), c(0, 500), c(0, offset)]])),
                .init(
                    state: "BY",
                    area: .polygon([[c(0, offset), c(0, -500), c(1000, -500), c(1000, offset), c(0, offset)]])),
            ])
    }

    static func scenario(
        units: [UnitSpec], step: Double = 1, ticks: Int = 100, zones: [Zone] = [],
        frames: [Frame] = [mapped], tolerance: Double = 0, seed: UInt64 = 7
    ) -> Scenario {
        Scenario(
            name: "test", clock: Clock(start: 1_629_201_600, utcOffset: 10800, step: step, ticks: ticks), seed: seed,
            crs: "EPSG:3346",
            states: [
                StateTerritory(id: "LT", name: "Lithuania", territory: lt),
                StateTerritory(id: "BY", name: "Belarus", territory: by),
            ],
            frames: frames, zones: zones, tolerance: tolerance, units: units)
    }

    /// One officer who walks exactly where sent: no spread, no speed variation.
    static func officer(
        _ id: String, state: String, at start: Coordinate, speed: Double, orders: [Order],
        warning: WarningPolicy? = nil, range: Double = 0
    ) -> UnitSpec {
        UnitSpec(
            id: id, kind: .officers, affiliation: state, role: "patrol", size: 1, start: start, spread: 0,
            speed: speed, speedVariation: 0, detectionRange: range, warning: warning, orders: orders)
    }

    static func run(_ scenario: Scenario, seed: UInt64? = nil) throws -> RunResult {
        try Simulation(scenario: scenario, seed: seed).run()
    }
}
