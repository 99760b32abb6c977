import BorderGeometry
import BorderSim
import Foundation
import Testing

@testable import BorderSimIO

/// The test fixtures: a synthetic straight border (`geodata/test-border.geojson`, km 0 at
/// 25.0 E 54.0 N running north along the meridian, LT west, BY east) and scenarios using it.
enum LoaderFixtures {
    static var root: URL {
        get throws { try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)) }
    }

    static func path(_ relative: String) throws -> String { try root.appendingPathComponent(relative).path }

    /// Where inline test scenarios pretend to live, so `../geodata/test-border.geojson` resolves.
    static var inlinePath: String { get throws { try path("scenarios/inline.yaml") } }

    static func load(_ yaml: String) throws -> LoadedScenario {
        try ScenarioLoader.load(contents: Data(yaml.utf8), path: inlinePath)
    }

    static func error(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ScenarioError {
        try #require(throws: ScenarioError.self, sourceLocation: sourceLocation) {
            try ScenarioLoader.load(contents: Data(yaml.utf8), path: inlinePath)
        }
    }
}

/// Geometry checks against the loaded, plain values, in a context of their own.
struct LoaderMeasure {
    let ctx = GeometryContext()

    func g(_ value: GeometryValue) throws -> Geometry { try ctx.make(value) }
    func p(_ c: Coordinate) throws -> Geometry { try ctx.point(c) }

    func distance(_ c: Coordinate, _ value: GeometryValue) throws -> Double { try g(value).distance(to: p(c)) }
    func covers(_ value: GeometryValue, _ c: Coordinate) throws -> Bool { try g(value).covers(p(c)) }

    /// The point `offset` metres off `line` at `distance`, on the side where `territory` is;
    /// nil when neither side's point is in it.
    static func point(
        on line: Geometry, atDistance distance: Double, offset: Double,
        into territory: GeometryValue?
    ) throws -> Coordinate? {
        guard let territory else { return nil }
        let area = try line.context.make(territory)
        let a = try line.interpolate(distance - 0.5)
        let b = try line.interpolate(distance + 0.5)
        let on = try line.interpolate(distance)
        let (dx, dy) = (b.x - a.x, b.y - a.y)
        let n = (dx * dx + dy * dy).squareRoot()
        for sign in [1.0, -1.0] {
            let c = Coordinate(x: on.x - sign * offset * dy / n, y: on.y + sign * offset * dx / n)
            if try area.covers(line.context.point(c)) { return c }
        }
        return nil
    }
}

extension Scenario {
    fileprivate func territory(_ state: String) -> GeometryValue? { states.first { $0.id == state }?.territory }
    fileprivate func unit(_ id: String) -> UnitSpec? { units.first { $0.id == id } }
    fileprivate func zone(_ name: String) -> Zone? { zones.first { $0.name == name } }
    fileprivate func frame(_ name: String) -> Frame? { frames.first { $0.name == name } }
}

extension Frame {
    fileprivate func area(_ state: String) -> GeometryValue? { territories.first { $0.state == state }?.area }
}

@Suite("ScenarioLoader: a full scenario resolves to known answers")
struct ScenarioLoaderTests {
    let loaded: LoadedScenario
    let m = LoaderMeasure()
    /// The mapped line of the fixture, metric.
    let line: GeometryValue

    init() throws {
        loaded = try ScenarioLoader.load(path: LoaderFixtures.path("scenarios/full.yaml"))
        line = try #require(loaded.scenario.frames.first?.line)
    }

    var s: Scenario { loaded.scenario }

    /// The metric point `offset` metres from the line at `km`, positive into BY (east).
    func point(km: Double, east offset: Double) throws -> Coordinate {
        let l = try m.g(line)
        let on = try l.interpolate(km * 1000)
        let ahead = try l.interpolate(km * 1000 + 1)
        // The line runs north; east is its right-hand side.
        let (dx, dy) = (ahead.x - on.x, ahead.y - on.y)
        let n = (dx * dx + dy * dy).squareRoot()
        return Coordinate(x: on.x + offset * dy / n, y: on.y - offset * dx / n)
    }

    @Test func worldClockAndProvenance() throws {
        #expect(s.name == "Full fixture")
        #expect(loaded.description == "Exercises every key of the scenario format.\n")
        #expect(loaded.version == 1)
        #expect(s.crs == "EPSG:3346")
        #expect(s.seed == 42)
        #expect(s.tolerance == 2)
        #expect(s.clock == Clock(start: 1_629_201_600, utcOffset: 10_800, step: 1, ticks: 1800))
        #expect(
            loaded.geodataPaths == [
                try LoaderFixtures.path("geodata/test-border.geojson"),
                try LoaderFixtures.path("scenarios/sector.geojson"),
            ])
        #expect(
            loaded.contents == (try Data(contentsOf: URL(fileURLWithPath: LoaderFixtures.path("scenarios/full.yaml")))))
        #expect(loaded.geodata.id == "LT-BY")
    }

    @Test func statesAndMappedFrameInTheMetricCRS() throws {
        #expect(s.states.map(\.id) == ["LT", "BY"])
        #expect(s.states.map(\.name) == ["Lithuania", "Belarus"])
        #expect(s.frames.map(\.name) == ["mapped", "by-claim", "by-modest"])
        // pyproj: (25.0 E, 54.0 N) → (565561.633, 5985181.730) in EPSG:3346; 0.1° north is 11128.953 m.
        guard case .lineString(let cs) = line else {
            Issue.record("mapped line is \(line.typeName)")
            return
        }
        #expect(abs(cs[0].x - 565_561.633) < 0.01 && abs(cs[0].y - 5_985_181.730) < 0.01)
        #expect(abs(try m.g(line).length() - 11_128.953) < 0.01)
        let mapped = try #require(s.frame("mapped"))
        #expect(mapped.area("LT") == s.territory("LT"))
        #expect(try m.covers(try #require(s.territory("BY")), point(km: 5, east: 10)))
        #expect(try !m.covers(try #require(s.territory("LT")), point(km: 5, east: 10)))
    }

    @Test func borderKmPlaceIsOffsetAlongTheNormalIntoItsSide() throws {
        let group = try #require(s.unit("group-1"))
        #expect(abs(try m.distance(group.start, line) - 300) < 0.01)
        #expect(abs(try m.g(line).project(m.p(group.start)) - 1500) < 0.01)
        #expect(try m.covers(try #require(s.territory("BY")), group.start))
        guard case .goTo(let target) = group.orders.first?.action else {
            Issue.record("first order not go_to")
            return
        }
        #expect(abs(try m.distance(target, line) - 500) < 0.01)
        #expect(try m.covers(try #require(s.territory("LT")), target))
    }

    @Test func unitFieldsAndDefaults() throws {
        let group = try #require(s.unit("group-1"))
        #expect(group.kind == .migrants && group.affiliation == "migrants" && group.role == "group")
        #expect(group.size == 35 && group.spread == 15 && group.spacing == 1.5 && group.speedVariation == 0.1)
        #expect(abs(group.speed - 3.0 / 3.6) < 1e-12)
        #expect(group.detectionRange == 0 && group.formation == .cluster && !group.isBarrier)
        #expect(group.orders.map(\.trigger) == [.start, .at(1500)])

        let patrol = try #require(s.unit("lt-patrol"))
        #expect(patrol.kind == .officers && patrol.affiliation == "LT" && patrol.role == "border-guard")
        #expect(patrol.speed == 1.2 && patrol.speedVariation == 0.05 && patrol.spacing == 2)
        #expect(patrol.warning == WarningPolicy(interval: 60, range: 100))
        #expect(patrol.orders.map(\.trigger) == [.start, .detects(.migrants), .at(1200)])
        #expect(patrol.orders.map(\.action).suffix(2) == [.intercept, .hold])
        #expect(try m.covers(try #require(s.territory("LT")), patrol.start))

        let line = try #require(s.unit("by-line"))
        #expect(line.role == "patrol" && line.affiliation == "BY" && line.spread == 5 && line.detectionRange == 0)
        #expect(line.warning == nil && line.keepsToOwnSide && !patrol.keepsToOwnSide)
        #expect(line.orders.map(\.trigger) == [.start, .warned(times: 2), .arrived])

        let reserve = try #require(s.unit("lt-reserve"))
        #expect(reserve.formation == .line && reserve.isBarrier && abs(reserve.speed - 5 / 3.6) < 1e-12)
        #expect(
            reserve.orders == [
                Order(.follow(unit: "lt-patrol", distance: 30)),
                Order(.pushBack(beyond: 50), when: .detects(.migrants)),
            ])
    }

    @Test func routeAlongTheBorderIsOffsetIntoItsSide() throws {
        let patrol = try #require(s.unit("lt-patrol"))
        guard case .followRoute(let route, let loop) = patrol.orders.first?.action else {
            Issue.record("first order not follow_route")
            return
        }
        #expect(!loop)
        #expect(route.count >= 2)
        let l = try m.g(line)
        for c in route {
            #expect(abs(try m.distance(c, line) - 200) < 0.01)
            #expect(try m.covers(try #require(s.territory("LT")), c))
        }
        #expect(abs(try l.project(m.p(route[0])) - 1000) < 0.01)
        #expect(abs(try l.project(m.p(route[route.count - 1])) - 2000) < 0.01)

        let byLine = try #require(s.unit("by-line"))
        guard case .followRoute(let places, let isLoop) = byLine.orders.first?.action else {
            Issue.record("first order not follow_route")
            return
        }
        #expect(isLoop && places.count == 2)
        #expect(try m.distance(places[1], line) < 1e-6)
    }

    @Test(arguments: [("km 1", "km 2", 1000.0, 2000.0), ("km 2", "km 1", 2000.0, 1000.0)])
    func aOneWayRouteAlongTheBorderRunsFromAToBEitherWay(from: String, to: String, start: Double, end: Double) throws {
        let text = try String(contentsOfFile: LoaderFixtures.path("scenarios/full.yaml"), encoding: .utf8)
            .replacingOccurrences(
                of: "along_border: {from: km 1, to: km 2, offset: 200 m, side: LT}\n          mode: back-and-forth",
                with: "along_border: {from: \(from), to: \(to), offset: 200 m, side: LT}\n          mode: once")
        let patrol = try #require(try LoaderFixtures.load(text).scenario.unit("lt-patrol"))
        guard case .order(let order) = patrol.orders.first?.action, let once = order.base as? RouteOnceOrder else {
            Issue.record("first order not a one-way route")
            return
        }
        let l = try m.g(line)
        #expect(abs(try l.project(m.p(once.points[0])) - start) < 0.01)
        #expect(abs(try l.project(m.p(once.points[once.points.count - 1])) - end) < 0.01)
        #expect(once.points.allSatisfy { (try? m.distance($0, line)).map { abs($0 - 200) < 0.01 } ?? false })
    }

    @Test func zonesFromTheBorderHaveKnownAreas() throws {
        let ditch = try #require(s.zone("ditch"))
        #expect(ditch.forbiddenTo == ["BY"])
        // 4 m wide (2 m each side), flat ends, over km 1–2 of a straight line.
        #expect(abs(try m.g(ditch.area).area() - 4000) < 0.01)
        #expect(try m.covers(ditch.area, point(km: 1.5, east: 1.9)))
        #expect(try m.covers(ditch.area, point(km: 1.5, east: -1.9)))
        #expect(try !m.covers(ditch.area, point(km: 1.5, east: 2.1)))
        #expect(try !m.covers(ditch.area, point(km: 2.01, east: 0)))

        let strip = try #require(s.zone("lt-strip"))
        #expect(strip.forbiddenTo.isEmpty)
        #expect(abs(try m.g(strip.area).area() - 13_000) < 0.01)
        #expect(try m.covers(strip.area, point(km: 1.5, east: -12.9)))
        #expect(try !m.covers(strip.area, point(km: 1.5, east: 0.1)))
    }

    @Test func zonesFromLonLatMatchPyproj() throws {
        // Areas of the same lon/lat polygons projected with pyproj 3.7 to EPSG:3346.
        let camp = try #require(s.zone("camp"))
        #expect(abs(try m.g(camp.area).area() - 91_100.849) < 1)
        let sector = try #require(s.zone("sector"))
        #expect(sector.forbiddenTo == ["migrants", "BY"])
        #expect(abs(try m.g(sector.area).area() - 2_913_491.315) < 1)
        #expect(try m.covers(sector.area, point(km: 0.075 / 0.1 * 11.128953, east: 0)))
        #expect(try !m.covers(sector.area, point(km: 0.015 / 0.1 * 11.128953, east: 0)))
    }

    @Test func claimMovesTheLineIntoTheOtherState() throws {
        let claim = try #require(s.frame("by-claim"))
        let twoIntoLT = try point(km: 1.5, east: -2)
        // Mapped: in LT. Claimed by BY 3 m into LT over km 1–2: in BY.
        #expect(try m.covers(try #require(s.territory("LT")), twoIntoLT))
        #expect(try m.covers(try #require(claim.area("BY")), twoIntoLT))
        #expect(try !m.covers(try #require(claim.area("LT")), twoIntoLT))
        #expect(try m.covers(try #require(claim.area("LT")), point(km: 1.5, east: -4)))
        // Outside km 1–2 the claim follows the mapped line.
        #expect(try m.covers(try #require(claim.area("LT")), point(km: 3, east: -2)))
        #expect(abs(try m.distance(twoIntoLT, claim.line) - 1) < 0.01)
        // The claimed line: the mapped one, 3 m off over 1 km, with two 3 m steps.
        #expect(abs(try m.g(claim.line).hausdorffDistance(to: m.g(line)) - 3) < 0.01)
        #expect(abs(try m.g(claim.line).length() - (11_128.953 + 6)) < 0.01)
        // One line, running the way the mapped line runs: km 0 first.
        guard case .lineString(let claimed) = claim.line, case .lineString(let mapped) = line else {
            Issue.record("claimed line is \(claim.line.typeName)")
            return
        }
        #expect(try m.distance(claimed[0], .point(mapped[0])) < 1e-5)
        #expect(try m.distance(claimed[claimed.count - 1], .point(mapped[mapped.count - 1])) < 1e-5)
        // The two areas still tile the corridor.
        let total = try m.g(s.territory("LT")!).area() + m.g(s.territory("BY")!).area()
        #expect(abs(try m.g(claim.area("LT")!).area() + m.g(claim.area("BY")!).area() - total) < 0.1)
        #expect(abs(try m.g(claim.area("BY")!).area() - m.g(s.territory("BY")!).area() - 3000) < 0.1)
    }

    @Test func negativeClaimGivesUpGroundAlongTheWholeBorder() throws {
        let claim = try #require(s.frame("by-modest"))
        #expect(try m.covers(try #require(claim.area("LT")), point(km: 1.5, east: 2)))
        #expect(try m.covers(try #require(claim.area("LT")), point(km: 9, east: 2)))
        #expect(try m.covers(try #require(claim.area("BY")), point(km: 9, east: 4)))
        #expect(abs(try m.g(claim.line).hausdorffDistance(to: m.g(line)) - 3) < 0.01)
    }

    @Test func expectationsWithUnitsAndSources() throws {
        let file = try LoaderFixtures.path("scenarios/full.yaml")
        #expect(
            s.expectations == [
                Expectation(
                    metric: "incursions", filter: ["affiliation": "BY", "boundary": "mapped"], min: nil, max: 0,
                    source: "\(file):95:5"),
                Expectation(metric: "max_depth", filter: ["unit": "by-line"], min: nil, max: 5, source: "\(file):96:5"),
                Expectation(
                    metric: "max_duration", filter: ["boundary": "ditch"], min: 0, max: 600,
                    source: "\(file):97:5"),
                Expectation(
                    metric: "crossings", filter: ["direction": "BY->LT", "beyond_tolerance": "true"], min: 35,
                    max: 35, source: "\(file):98:5"),
                Expectation(
                    metric: "warnings", filter: ["boundary": "by-claim"], min: 1, max: nil, source: "\(file):99:5"),
            ])
    }

    /// The repository's root, for the real geodata and the example scenario.
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    @Test func theExampleScenarioLoadsOnTheRealBorder() throws {
        let loaded = try ScenarioLoader.load(
            path: Self.repository.appendingPathComponent("scenarios/example-patrol.yaml").path)
        let s = loaded.scenario
        #expect(loaded.geodata.id == "LT-BY" && s.crs == "EPSG:3346")
        let line = try #require(s.frame("mapped")?.line)
        let group = try #require(s.unit("group-1"))
        #expect(abs(try m.distance(group.start, line) - 400) < 0.01)
        #expect(try m.covers(try #require(s.territory("BY")), group.start))
        let patrol = try #require(s.unit("lt-patrol"))
        guard case .followRoute(let route, loop: false) = patrol.orders.first?.action else {
            Issue.record("the patrol does not go back and forth")
            return
        }
        for c in route {
            #expect(abs(try m.distance(c, line) - 200) < 0.01)
            #expect(try m.covers(try #require(s.territory("LT")), c))
        }
        // From km 151.3 to km 148.7, starting where the patrol starts.
        #expect(try m.distance(route[0], .point(patrol.start)) < 0.01)
        #expect(abs(try m.g(line).project(m.p(route[route.count - 1])) - 148_700) < 0.01)
        #expect(s.expectations.count == 7)
    }

    @Test func claimOverTheWholeRealBorderIsOneLineTenMetresOff() throws {
        let geodata = Self.repository.appendingPathComponent("geodata/lt-by.geojson").path
        let s = try LoaderFixtures.load(
            """
            version: 1
            name: t
            world: {geodata: \(geodata), start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            claims: [{name: by-claim, state: BY, offset: 10 m}]
            units: [{id: g, kind: migrants, size: 1, start: {border_km: 306, offset: 50 m, side: BY}, speed: 3 km/h}]
            """
        ).scenario
        let mapped = try #require(s.frame("mapped")?.line)
        let claim = try #require(s.frame("by-claim"))
        guard case .lineString(let cs) = claim.line else {
            Issue.record("claim is \(claim.line.typeName)")
            return
        }
        // No spike back to the mapped line: every vertex but the two on the corridor's ends is
        // at least 10 m off it (more only where LT is narrower than 20 m), most exactly 10 m.
        let distances = try cs.dropFirst().dropLast().map { try m.distance($0, mapped) }
        #expect(distances.allSatisfy { $0 > 9.99 })
        #expect(distances.filter { abs($0 - 10) < 0.01 }.count > distances.count * 9 / 10)
        // Km 0 first, like the mapped line.
        let l = try m.g(mapped)
        #expect(try l.project(m.p(cs[0])) < 20)
        #expect(try l.project(m.p(cs[cs.count - 1])) > l.length() - 20)
        // 5 m into LT at km 306 is Belarus's by the claim, Lithuania's on the map.
        let into = try #require(try LoaderMeasure.point(on: l, atDistance: 306_000, offset: 5, into: s.territory("LT")))
        #expect(try m.covers(try #require(claim.area("BY")), into))
        #expect(try m.covers(try #require(s.territory("LT")), into))
    }
}

@Suite("ScenarioLoader: the clock")
struct ScenarioLoaderClockTests {
    @Test func isoTimesWithOffsets() throws {
        #expect(
            try Timestamp(iso8601: "2021-08-17T15:00:00+03:00") == Timestamp(start: 1_629_201_600, utcOffset: 10_800))
        #expect(try Timestamp(iso8601: "2021-08-17T12:00:00Z") == Timestamp(start: 1_629_201_600, utcOffset: 0))
        #expect(try Timestamp(iso8601: "2021-08-17T12:00:00.25Z").start == 1_629_201_600.25)
        #expect(try Timestamp(iso8601: "2021-08-17 07:30-0430") == Timestamp(start: 1_629_201_600, utcOffset: -16_200))
        #expect(try Timestamp(iso8601: "1970-01-01T00:00:00Z").start == 0)
        #expect(try Timestamp(iso8601: "2000-02-29T00:00:00Z").start == 951_782_400)
        #expect(try Timestamp(iso8601: "1969-12-31T23:59:59Z").start == -1)
        #expect(throws: Timestamp.ParseError.missingOffset) { try Timestamp(iso8601: "2021-08-17T15:00:00") }
        #expect(throws: Timestamp.ParseError.outOfRange("day 29")) { try Timestamp(iso8601: "2021-02-29T15:00:00Z") }
        #expect(throws: Timestamp.ParseError.malformed) { try Timestamp(iso8601: "17.08.2021 15:00") }
        #expect(throws: Timestamp.ParseError.malformed) { try Timestamp(iso8601: "2021-08-17") }
    }

    @Test func parsingReadsWhatTheWritersWrite() throws {
        let written = Timestamp(start: 1_629_201_600, utcOffset: 10_800).iso8601(3723.25)
        #expect(written == "2021-08-17T16:02:03.250+03:00")
        #expect(try Timestamp(iso8601: written) == Timestamp(start: 1_629_201_600 + 3723.25, utcOffset: 10_800))
    }

    @Test func ticksRoundUpToCoverTheDuration() throws {
        func clock(step: String, duration: String) throws -> Clock {
            try LoaderFixtures.load(
                """
                version: 1
                name: t
                world:
                  geodata: ../geodata/test-border.geojson
                  start: 2021-08-17T15:00:00.5+03:00
                  step: \(step)
                  duration: \(duration)
                units:
                  - {id: g, kind: migrants, size: 1, start: [25.01, 54.05], speed: 3 km/h}
                """
            ).scenario.clock
        }
        #expect(try clock(step: "1 s", duration: "30 min").ticks == 1800)
        #expect(try clock(step: "3 s", duration: "10 s").ticks == 4)
        #expect(try clock(step: "0.1 s", duration: "1 min").ticks == 600)
        #expect(try clock(step: "250 ms", duration: "1 h 30 min").ticks == 21_600)
        #expect(try clock(step: "1 s", duration: "1 s").start == 1_629_201_600.5)
    }
}

@Suite("ScenarioLoader: every error names file, line, column, key path and the fix")
struct ScenarioLoaderErrorTests {
    let file: String

    init() throws { file = try LoaderFixtures.inlinePath }

    @Test func malformedYAMLUsesYamsMark() throws {
        let e = try LoaderFixtures.error(
            """
            version: 1
            name: [unclosed
            world: {}
            """)
        #expect(e.kind == .syntax)
        #expect((e.line, e.column) == (3, 6))
        #expect(e.description.hasPrefix("\(file):3:6: malformed YAML: did not find expected ',' or ']'"))
    }

    @Test func duplicateYAMLKey() throws {
        let e = try LoaderFixtures.error("version: 1\nname: a\nname: b\n")
        #expect(e.kind == .syntax)
        #expect(e.description == "\(file):2:1: duplicate key 'name' in one mapping; keep only one")
    }

    @Test func notUTF8() throws {
        let e = try #require(throws: ScenarioError.self) {
            try ScenarioLoader.load(contents: Data("version: 1\nname: caf".utf8 + [0xE9, 0x0A]), path: file)
        }
        #expect(e.description == "\(file):2:10: the file is not UTF-8 text; save it as UTF-8")
    }

    @Test func unknownKeySuggestsTheNearestOne() throws {
        let e = try LoaderFixtures.error(
            """
            version: 1
            name: t
            world:
              geodata: ../geodata/test-border.geojson
              start: 2021-08-17T15:00:00+03:00
              step: 1 s
              duration: 10 min
            units:
              - id: g
                kind: migrants
                size: 3
                start: [25.01, 54.05]
                sped: 3 km/h
            """)
        #expect(e.kind == .unknownKey)
        #expect(e.description == "\(file):13:5: units[0].sped: unknown key 'sped'; did you mean 'speed'?")
        let camel = try LoaderFixtures.error("version: 1\nname: t\nworld: {geodata: x, timeStep: 1 s}\n")
        #expect(
            camel.description == "\(file):3:21: world.timeStep: unknown key 'timeStep'; expected one of: "
                + "geodata, crs, start, step, duration, seed, tolerance")
        let snake = try LoaderFixtures.error("version: 1\nname: t\nworld: {geodata: x, Tolerance: 1 m}\n")
        #expect(
            snake.description == "\(file):3:21: world.Tolerance: unknown key 'Tolerance'; did you mean 'tolerance'?")
        let far = try LoaderFixtures.error("version: 1\nname: t\ncolour: red\n")
        #expect(
            far.description == "\(file):3:1: colour: unknown key 'colour'; expected one of: "
                + "version, name, description, world, zones, claims, units, arrivals, fences, cameras, expect, policies"
        )
    }

    @Test func quantitiesNeedTheirUnit() throws {
        func speed(_ text: String) throws -> ScenarioError {
            try LoaderFixtures.error(
                """
                version: 1
                name: t
                world:
                  geodata: ../geodata/test-border.geojson
                  start: 2021-08-17T15:00:00+03:00
                  step: 1 s
                  duration: 10 min
                units:
                  - {id: g, kind: migrants, size: 3, start: [25.01, 54.05], speed: \(text)}
                """)
        }
        let expected =
            "\(file):9:68: units[0].speed: expected a speed with a unit, e.g. \"4 km/h\" or \"1.2 m/s\"; found "
        let fast = try speed("fast")
        #expect(fast.kind == .unit)
        #expect(fast.description == expected + "\"fast\"")
        #expect(try speed("4").description == expected + "\"4\" (a number without a unit)")
        #expect(try speed("4 min").description == expected + "\"4 min\" (a duration)")
        #expect(
            try speed("4 kmh").description == expected
                + "\"4 kmh\" ('kmh' is not a unit; did you mean 'km/h'?; speeds are in a distance unit per duration unit (m/s, km/h, m/min, km/day, …))"
        )
        // A compound speed parses; a misspelt one is corrected to a speed, never to a duration.
        #expect(
            try speed("3 m/mins").description == expected
                + "\"3 m/mins\" ('m/mins' is not a unit; did you mean 'm/min'?; speeds are in a distance unit per duration unit (m/s, km/h, m/min, km/day, …))"
        )
        let negative = try speed("-1 m/s")
        #expect(negative.kind == .invalidValue)
        #expect(
            negative.description == "\(file):9:68: units[0].speed: expected a speed greater than 0; found \"-1 m/s\"")
    }

    @Test func missingRequiredKeyPointsAtItsMapping() throws {
        let e = try LoaderFixtures.error(
            """
            version: 1
            name: t
            world:
              geodata: ../geodata/test-border.geojson
              start: 2021-08-17T15:00:00+03:00
              step: 1 s
              duration: 10 min
            units:
              - id: g
                kind: migrants
                size: 3
                start: [25.01, 54.05]
            """)
        #expect(e.kind == .missingKey)
        #expect(
            e.description == "\(file):9:5: units[0].speed: missing required key 'speed': expected a speed with "
                + "a unit, e.g. \"4 km/h\" or \"1.2 m/s\"")
    }

    @Test func missingGeodataAndZoneFilesGiveBothPaths() throws {
        let geodata = try LoaderFixtures.error(
            """
            version: 1
            name: t
            world: {geodata: ../geodata/nowhere.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            units: []
            """)
        let resolved = try LoaderFixtures.path("geodata/nowhere.geojson")
        #expect(geodata.kind == .fileNotFound)
        #expect(
            geodata.description == "\(file):3:18: world.geodata: cannot read the geodata file "
                + "\"../geodata/nowhere.geojson\" (resolved to \(resolved)): no such file")

        let zone = try LoaderFixtures.error(
            """
            version: 1
            name: t
            world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            zones:
              - {name: z, file: zones/missing.geojson}
            units: []
            """)
        #expect(
            zone.description == "\(file):5:21: zones[0].file: cannot read the zone file \"zones/missing.geojson\" "
                + "(resolved to \(try LoaderFixtures.path("scenarios/zones/missing.geojson"))): no such file")
        let scenario = try #require(throws: ScenarioError.self) { try ScenarioLoader.load(path: "no/such.yaml") }
        #expect(scenario.kind == .fileNotFound)
        #expect(scenario.description.hasPrefix("no/such.yaml: cannot read the scenario file (resolved to /"))
    }

    @Test func selfIntersectingPolygonReportsGEOSReason() throws {
        let e = try LoaderFixtures.error(
            """
            version: 1
            name: t
            world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            zones:
              - name: bowtie
                polygon: [[24.99, 54.05], [24.995, 54.055], [24.995, 54.05], [24.99, 54.055]]
            units: []
            """)
        #expect(e.kind == .invalidGeometry)
        #expect(
            e.description == "\(file):6:14: zones[0].polygon: the polygon is not a valid polygon: "
                + "Self-intersection[24.9925 54.0525] (lon lat); list the corners in order around the edge, without crossing"
        )
    }

    @Test func placesOutsideTheCorridor() throws {
        func place(_ text: String) throws -> ScenarioError {
            try LoaderFixtures.error(
                """
                version: 1
                name: t
                world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
                units:
                  - id: g
                    kind: migrants
                    size: 3
                    start: \(text)
                    speed: 3 km/h
                """)
        }
        let far = try place("{lon: 25.2, lat: 54.05}")
        #expect(far.kind == .outsideCorridor)
        #expect(far.description.hasPrefix("\(file):8:12: units[0].start: the place (lon 25.2, lat 54.05) is "))
        #expect(
            far.description.hasSuffix(
                " km outside the geodata corridor; places must lie in the corridor of LT-BY "
                    + "in the geodata"))
        // 0.1° of longitude at 54.05° N: 6.55 km in EPSG:3346 (6.54 km on the ground).
        #expect(far.description.contains(" is 6.55 km outside"))
        let swapped = try place("[54.05, 25.0]")
        #expect(swapped.description.hasSuffix("outside the geodata corridor; did you swap lon and lat?"))
    }

    @Test func placeOnTheWrongSide() throws {
        let e = try LoaderFixtures.error(
            """
            version: 1
            name: t
            world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            units:
              - id: g
                kind: migrants
                size: 3
                start: {lon: 24.99, lat: 54.05, side: BY}
                speed: 3 km/h
            """)
        #expect(e.kind == .wrongSide)
        // 0.01° of longitude at 54.05° N: 654 m.
        #expect(
            e.description.hasPrefix(
                "\(file):8:43: units[0].start.side: the place (lon 24.99, lat 54.05) is in LT, 654."))
        #expect(e.description.hasSuffix(" m from the border, not in BY"))
    }

    @Test func kmBeyondTheBorder() throws {
        let e = try LoaderFixtures.error(
            """
            version: 1
            name: t
            world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            units:
              - {id: g, kind: migrants, size: 3, start: {border_km: 20, offset: 5 m, side: BY}, speed: 3 km/h}
            """)
        #expect(e.kind == .outOfRange)
        #expect(
            e.description == "\(file):5:57: units[0].start.border_km: km 20.0 is not on the border: LT-BY runs "
                + "from km 0 to km 11.129 (measured in EPSG:3346)")
    }

    @Test func duplicateIdsAndNames() throws {
        let units = try LoaderFixtures.error(
            """
            version: 1
            name: t
            world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            units:
              - {id: g, kind: migrants, size: 3, start: [25.01, 54.05], speed: 3 km/h}
              - {id: g, kind: migrants, size: 3, start: [25.01, 54.06], speed: 3 km/h}
            """)
        #expect(units.kind == .duplicate)
        #expect(
            units.description == "\(file):6:10: units[1].id: duplicate unit id 'g': already used by the entry at "
                + "\(file):5:10; names must be unique")
        let zone = try LoaderFixtures.error(
            """
            version: 1
            name: t
            world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
            zones:
              - {name: mapped, from_border: {from: km 1, to: km 2, width: 4 m}}
            units: []
            """)
        #expect(
            zone.description == "\(file):5:12: zones[0].name: duplicate zone 'mapped': already used by a frame of "
                + "the mapped border; names must be unique")
    }

    @Test func unknownStates() throws {
        func scenario(_ unit: String, zones: String = "") throws -> ScenarioError {
            try LoaderFixtures.error(
                """
                version: 1
                name: t
                world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
                \(zones)
                units:
                  - \(unit)
                """)
        }
        let state = try scenario("{id: p, kind: officers, state: LV, size: 2, start: [24.99, 54.05], speed: 1 m/s}")
        #expect(state.kind == .unknownName)
        #expect(
            state.description == "\(file):6:36: units[0].state: unknown state 'LV': the border LT-BY is between "
                + "LT and BY; did you mean 'LT'?")
        let side = try scenario(
            "{id: g, kind: migrants, size: 3, start: {border_km: 1, offset: 5 m, side: by}, speed: 3 km/h}")
        #expect(
            side.description == "\(file):6:79: units[0].start.side: unknown state 'by': the border LT-BY is "
                + "between LT and BY; did you mean 'BY'?")
        let forbidden = try scenario(
            "{id: g, kind: migrants, size: 3, start: [25.01, 54.05], speed: 3 km/h}",
            zones: "zones: [{name: z, from_border: {from: 1, to: 2, width: 4 m}, forbidden_to: [BY, migrant]}]")
        #expect(
            forbidden.description == "\(file):4:81: zones[0].forbidden_to[1]: unknown state 'migrant': the "
                + "border LT-BY is between LT and BY, or use 'migrants'; did you mean 'migrants'?")
    }

    @Test func whatTheSimulationWouldSilentlyIgnoreIsRefused() throws {
        func unit(_ text: String) throws -> ScenarioError {
            try LoaderFixtures.error(
                """
                version: 1
                name: t
                world: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00+03:00, step: 1 s, duration: 1 min}
                units:
                  - {id: p, kind: officers, state: LT, size: 2, start: [24.99, 54.05], speed: 1 m/s}
                  - \(text)
                """)
        }
        let detecting = try unit(
            "{id: g, kind: migrants, size: 3, start: [25.01, 54.05], speed: 3 km/h, detection_range: 50 m}")
        #expect(
            detecting.description == "\(file):6:93: units[1].detection_range: only officers detect others; "
                + "remove 'detection_range' or make the unit officers")
        let blind = try unit(
            "{id: q, kind: officers, state: LT, size: 2, start: [24.99, 54.05], speed: 1 m/s, "
                + "orders: [{intercept: {}}]}")
        #expect(
            blind.description == "\(file):6:107: units[1].orders[0].intercept: this unit never detects anyone "
                + "(its detection_range is 0, and no camera of its state alerts it), and 'intercept' goes after "
                + "detected migrants; give it a detection_range, e.g. \"150 m\"")
        let follow = try unit(
            "{id: q, kind: officers, state: BY, size: 2, start: [25.01, 54.05], speed: 1 m/s, "
                + "orders: [{follow: {unit: P, distance: 10 m}}]}")
        #expect(follow.kind == .unknownName)
        #expect(
            follow.description == "\(file):6:111: units[1].orders[0].follow.unit: no unit 'P' in this scenario; "
                + "did you mean 'p'?")
        let sided = try unit(
            "{id: g, kind: migrants, size: 3, start: [25.01, 54.05], speed: 3 km/h, keeps_to_own_side: true}")
        #expect(sided.description.contains("units[1].keeps_to_own_side: only officers have a side to keep to"))
        let barrier = try unit(
            "{id: q, kind: officers, state: BY, size: 2, start: [25.01, 54.05], speed: 1 m/s, "
                + "barrier: true}")
        #expect(
            barrier.description == "\(file):6:95: units[1].barrier: a barrier is a line, ring or arc of "
                + "people; add 'formation: line' (or ring, or arc)")
    }

    @Test func startNeedsItsUTCOffset() throws {
        let e = try LoaderFixtures.error(
            """
            version: 1
            name: t
            world:
              geodata: ../geodata/test-border.geojson
              start: 2021-08-17T15:00:00
              step: 1 s
              duration: 10 min
            units: []
            """)
        #expect(e.kind == .invalidValue)
        #expect(
            e.description == "\(file):5:10: world.start: expected a time with its UTC offset, e.g. "
                + "2021-08-17T15:00:00+03:00 (EEST) or 2021-08-17T12:00:00Z; add the offset the time is written in; "
                + "found \"2021-08-17T15:00:00\"")
    }

    @Test func onlyVersionOne() throws {
        let e = try LoaderFixtures.error("version: 2\nname: t\nnew_section: {}\n")
        #expect(e.kind == .unsupportedVersion)
        #expect(
            e.description == "\(file):1:10: version: this bordersim reads scenario format version 1; see "
                + "docs/scenario-format.md; found \"2\"")
        let missing = try LoaderFixtures.error("name: t\n")
        #expect(
            missing.description
                == "\(file):1:1: version: missing required key 'version': expected 1 (the format version)")
    }

    @Test func wrongShapesNeverTrap() throws {
        // Odd documents must each give a ScenarioError, not a crash.
        let documents = [
            "", "42", "- a\n- b", "version: [1]", "version: 1", "version: 1\nname: t\nworld: 3",
            "version: 1\nname: t\nworld: {geodata: ../geodata/test-border.geojson}",
            "version: 1\nname: t\nworld: {geodata: ../geodata/test-border.geojson, start: x, step: 1 s, duration: 1 s}",
            "version: 1\nname: t\nworld: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00Z, "
                + "step: 1e-300 s, duration: 1e300 h}\nunits: []",
            "version: 1\nname: t\nworld: {geodata: ., start: 2021-08-17T15:00:00Z, step: 1 s, duration: 1 s}",
            "version: 1\nname: t\nworld: {geodata: sector.geojson, start: 2021-08-17T15:00:00Z, step: 1 s, duration: 1 s}",
            "version: 1\nname: t\nworld: {geodata: ../geodata/test-border.geojson, crs: EPSG:4326, "
                + "start: 2021-08-17T15:00:00Z, step: 1 s, duration: 1 s}\nunits: []",
            "version: 1\nname: t\nworld: {geodata: ../geodata/test-border.geojson, crs: EPSG:999999, "
                + "start: 2021-08-17T15:00:00Z, step: 1 s, duration: 1 s}\nunits: []",
            "version: 1\nname: t\nworld: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00Z, "
                + "step: 1 s, duration: 1 s}\nzones: [{name: z, polygon: [[25, 54], [25, 54], [25.01, 54]]}]\nunits: []",
            "version: 1\nname: t\nworld: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00Z, "
                + "step: 1 s, duration: 1 s}\nunits: [{id: g, kind: migrants, size: 99999999999999999999, "
                + "start: [25.01, 54.05], speed: 3 km/h}]",
            "version: 1\nname: t\nworld: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00Z, "
                + "step: 1 s, duration: 1 s}\nunits: [{id: g, kind: migrants, size: 1, start: [25.01, 54.05], "
                + "speed: 3 km/h, orders: [{hold: {}, go_to: [25, 54]}]}]",
            "version: 1\nname: t\nworld: {geodata: ../geodata/test-border.geojson, start: 2021-08-17T15:00:00Z, "
                + "step: 1 s, duration: 1 s}\nunits: [{id: g, kind: migrants, size: 1, start: [25.01, 54.05], "
                + "speed: 3 km/h, orders: [{follow_route: {along_border: {from: 0, to: 11, offset: 9 km, side: LT}, "
                + "mode: loop}}]}]",
        ]
        for text in documents {
            #expect(throws: ScenarioError.self, "\(text)") { try LoaderFixtures.load(text) }
        }
    }
}
