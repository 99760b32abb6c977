import BorderGeometry
import BorderSim
import Foundation

/// The border-crossing benchmark's workload (`../shared/bench/WORKLOAD.md`), loaded as an
/// ordinary scenario of the core: each walker a one-person migrant unit going straight to
/// its target and leaving when there, each patrol a one-officer Lithuanian unit walking back
/// and forth on its route, judged with the step-end crossing rule the benchmark defines.
public struct BenchWorkload {
    public let scenario: Scenario
    public let walkers: Int
    public let patrols: Int
    /// Walker targets, in walker order, to tell who arrived.
    public let targets: [Coordinate]

    /// The workload file's keys (WORKLOAD.md "Workload JSON").
    struct File: Decodable {
        var dt: Double
        var detectRadius: Double
        var patrolSpeed: Double
        var agentX, agentY, targetX, targetY, speed: [Double]
        var patrolAX, patrolAY, patrolBX, patrolBY, patrolS0, patrolDir0: [Double]
        var crs: String

        enum CodingKeys: String, CodingKey {
            case dt, speed, crs
            case detectRadius = "detect_radius"
            case patrolSpeed = "patrol_speed"
            case agentX = "agent_x"
            case agentY = "agent_y"
            case targetX = "target_x"
            case targetY = "target_y"
            case patrolAX = "patrol_ax"
            case patrolAY = "patrol_ay"
            case patrolBX = "patrol_bx"
            case patrolBY = "patrol_by"
            case patrolS0 = "patrol_s0"
            case patrolDir0 = "patrol_dir0"
        }
    }

    /// Reads `path` and the `lt.wkt` and `border.wkt` beside it.
    /// - Parameter steps: how many steps to run (the benchmark's S).
    public init(path: String, steps: Int) throws {
        let contents: Data
        do { contents = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw BenchError("\(path): expected a border-crossing workload (WORKLOAD.md): \(error)")
        }
        try self.init(contents: contents, path: path, steps: steps)
    }

    /// Reads a workload from its bytes; `path` names it in errors and locates `lt.wkt` and `border.wkt`.
    public init(contents: Data, path: String, steps: Int) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: contents)
        } catch {
            throw BenchError("\(path): expected a border-crossing workload (WORKLOAD.md): \(error)")
        }
        guard (1...Self.maxSteps).contains(steps) else {
            throw BenchError("\(path): steps must be between 1 and \(Self.maxSteps); found \(steps)")
        }
        try Self.check(file, path: path)
        let n = file.agentX.count
        let p = file.patrolAX.count
        let ctx = GeometryContext()
        func wkt(_ name: String, _ kinds: [Geometry.Kind], _ expected: String) throws -> Geometry {
            let url = folder.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw BenchError("\(url.path): cannot read; it must lie beside the workload file")
            }
            let geometry: Geometry
            do { geometry = try ctx.geometry(wkt: text) } catch {
                throw BenchError("\(url.path): expected the WKT of \(expected) (WORKLOAD.md): \(error)")
            }
            guard kinds.contains(geometry.kind), !geometry.isEmpty else {
                throw BenchError(
                    "\(url.path): expected \(expected); found \(geometry.isEmpty ? "an empty" : "a") \(geometry.kind)")
            }
            guard try geometry.isValid() else {
                throw BenchError("\(url.path): \(expected) is not valid: \(try geometry.validityReason())")
            }
            return geometry
        }
        let lt = try wkt("lt.wkt", [.polygon, .multiPolygon], "Lithuania's territory (a polygon)")
        let border = try wkt("border.wkt", [.lineString, .multiLineString], "the border line (a line string)")
        // Belarus: everything near Lithuania that Lithuania does not cover.
        let b = try lt.bounds()
        let margin = 100_000.0
        let box = try ctx.polygon([
            Coordinate(x: b.minX - margin, y: b.minY - margin),
            Coordinate(x: b.maxX + margin, y: b.minY - margin),
            Coordinate(x: b.maxX + margin, y: b.maxY + margin),
            Coordinate(x: b.minX - margin, y: b.maxY + margin),
        ])
        let by = try box.difference(lt)
        var units = [UnitSpec]()
        units.reserveCapacity(n + p)
        var targets = [Coordinate]()
        for i in 0..<n {
            let target = Coordinate(x: file.targetX[i], y: file.targetY[i])
            targets.append(target)
            units.append(
                UnitSpec(
                    id: "walker-\(i)", kind: .migrants, affiliation: "migrants", role: "walker", size: 1,
                    start: Coordinate(x: file.agentX[i], y: file.agentY[i]), spread: 0,
                    speed: file.speed[i], speedVariation: 0,
                    orders: [Order(.goTo(target)), Order(.leave, when: .arrived)], spacing: 0))
        }
        for j in 0..<p {
            let a = Coordinate(x: file.patrolAX[j], y: file.patrolAY[j])
            let bEnd = Coordinate(x: file.patrolBX[j], y: file.patrolBY[j])
            let ux = bEnd.x - a.x
            let uy = bEnd.y - a.y
            let f = file.patrolS0[j] / (ux * ux + uy * uy).squareRoot()
            units.append(
                UnitSpec(
                    id: "patrol-\(j)", kind: .officers, affiliation: "LT", role: "patrol", size: 1,
                    start: Coordinate(x: a.x + ux * f, y: a.y + uy * f), spread: 0,
                    speed: file.patrolSpeed, speedVariation: 0, detectionRange: file.detectRadius,
                    orders: [Order(.followRoute([a, bEnd], loop: false))], spacing: 0,
                    routeStart: .init(distance: file.patrolS0[j], towardEnd: file.patrolDir0[j] > 0)))
        }
        var scenario = Scenario(
            name: URL(fileURLWithPath: path).lastPathComponent,
            clock: Clock(start: 0, utcOffset: 0, step: file.dt, ticks: steps),
            seed: 0, crs: file.crs,
            states: [
                StateTerritory(id: "LT", name: "Lithuania", territory: lt.value),
                StateTerritory(id: "BY", name: "Belarus", territory: by.value),
            ],
            frames: [
                Frame(
                    name: "mapped", line: border.value,
                    territories: [.init(state: "LT", area: lt.value), .init(state: "BY", area: by.value)])
            ],
            units: units)
        scenario.crossingRule = .stepEnd
        self.scenario = scenario
        walkers = n
        patrols = p
        self.targets = targets
    }

    /// The most steps a benchmark runs (a year of one-second steps is far beyond any use).
    public static let maxSteps = 10_000_000

    /// Refuses a workload the benchmark does not define: arrays of different lengths, a step
    /// that is not positive, a negative radius or speed, a coordinate that is not finite, a
    /// patrol route of zero length.
    static func check(_ file: File, path: String) throws {
        func fail(_ key: String, _ expected: String, _ found: Double) -> BenchError {
            BenchError("\(path): \(key): expected \(expected); found \(found)")
        }
        guard file.dt > 0 && file.dt <= 86_400 else {
            throw fail("dt", "a step of more than 0 and at most 86400 s", file.dt)
        }
        guard file.detectRadius >= 0 && file.detectRadius <= 100_000 else {
            throw fail("detect_radius", "0 to 100000 m", file.detectRadius)
        }
        guard file.patrolSpeed >= 0 && file.patrolSpeed <= 100 else {
            throw fail("patrol_speed", "0 to 100 m/s", file.patrolSpeed)
        }
        let n = file.agentX.count
        let p = file.patrolAX.count
        let agents = [
            ("agent_y", file.agentY), ("target_x", file.targetX), ("target_y", file.targetY),
            ("speed", file.speed),
        ]
        let patrols = [
            ("patrol_ay", file.patrolAY), ("patrol_bx", file.patrolBX), ("patrol_by", file.patrolBY),
            ("patrol_s0", file.patrolS0), ("patrol_dir0", file.patrolDir0),
        ]
        for (key, values) in agents where values.count != n {
            throw BenchError("\(path): \(key): expected \(n) values, as in agent_x; found \(values.count)")
        }
        for (key, values) in patrols where values.count != p {
            throw BenchError("\(path): \(key): expected \(p) values, as in patrol_ax; found \(values.count)")
        }
        for (key, values) in [("agent_x", file.agentX), ("patrol_ax", file.patrolAX)] + agents + patrols {
            if let i = values.firstIndex(where: { !$0.isFinite || abs($0) > 1e8 }) {
                throw fail("\(key)[\(i)]", "a finite number within ±1e8 (metres in the workload's CRS)", values[i])
            }
        }
        if let i = file.speed.firstIndex(where: { !($0 >= 0 && $0 <= 100) }) {
            throw fail("speed[\(i)]", "0 to 100 m/s", file.speed[i])
        }
        for j in 0..<p {
            let length = hypot(file.patrolBX[j] - file.patrolAX[j], file.patrolBY[j] - file.patrolAY[j])
            guard length > 0 else {
                throw BenchError("\(path): patrol \(j): expected a route of two different points; found a point")
            }
        }
    }

    /// The benchmark's outputs from a finished run (WORKLOAD.md "Outputs").
    public func outcome(of result: RunResult) -> Outcome {
        let crossings = result.events.filter { $0.kind == .crossing }
        let detected = Set(result.events.filter { $0.kind == .detection }.compactMap(\.counterpart))
        let finals = result.tracks.prefix(walkers).map { $0.positions.last! }
        let digest = Self.digest(finals)
        return Outcome(
            crossingsIntoLT: crossings.count { $0.intoState == "LT" },
            crossingsOutOfLT: crossings.count { $0.fromState == "LT" },
            detected: detected.count, arrived: zip(finals, targets).count { $0 == $1 },
            checksum: digest.checksum, poshash: digest.poshash)
    }

    /// WORKLOAD.md's `checksum` (Σx + Σy) and `poshash` (FNV-1a 64 over each x then y, as bits)
    /// of final positions, in order: a fingerprint of a run that changes with any bit of them.
    public static func digest(_ finals: [Coordinate]) -> (checksum: Double, poshash: UInt64) {
        var sx = 0.0
        var sy = 0.0
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in finals {
            sx = sx + c.x
            sy = sy + c.y
            hash = (hash ^ c.x.bitPattern) &* 0x100_0000_01b3
            hash = (hash ^ c.y.bitPattern) &* 0x100_0000_01b3
        }
        return (sx + sy, hash)
    }

    public struct Outcome: Equatable, Sendable {
        public var crossingsIntoLT: Int
        public var crossingsOutOfLT: Int
        public var detected: Int
        public var arrived: Int
        public var checksum: Double
        public var poshash: UInt64

        /// The line WORKLOAD.md prescribes, without the timing fields.
        public func line(name: String, walkers: Int, patrols: Int, steps: Int) -> String {
            let hex = String(poshash, radix: 16)
            return "\(name) N=\(walkers) P=\(patrols) steps=\(steps) crossings_by_to_lt=\(crossingsIntoLT) "
                + "crossings_lt_to_by=\(crossingsOutOfLT) detected_agents=\(detected) arrived_agents=\(arrived) "
                + "checksum=\(checksum) poshash=\(String(repeating: "0", count: 16 - hex.count) + hex)"
        }
    }
}

/// A workload that cannot be loaded, with the reason.
public struct BenchError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
