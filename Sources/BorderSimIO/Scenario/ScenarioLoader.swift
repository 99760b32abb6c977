import BorderGeometry
import BorderSim
import Foundation
import Yams

/// A scenario as loaded: the resolved `Scenario` plus what was read to make it, for provenance.
public struct LoadedScenario: Sendable {
    public var scenario: Scenario
    /// The scenario file's path as given to the loader.
    public var path: String
    /// The scenario file's bytes, exactly as read (hash these, not a re-read).
    public var contents: Data
    /// The format version the file declared (always 1 for now).
    public var version: Int
    /// The file's free-text `description`, if any.
    public var description: String?
    /// The border geodata the scenario is built on (lon/lat), with its id and km origin.
    public var geodata: BorderGeodata
    /// Absolute, standardised paths of every other file read, in order: the geodata first,
    /// then zone files; each once.
    public var geodataPaths: [String]
}

/// Reads scenario files (format version 1, see docs/scenario-format.md) into `Scenario`s.
///
/// The YAML is read as a tree of nodes (`Yams.compose`), not with `Decodable`, so that
/// every error can name its file, line, column and key path; see `ScenarioError`.
public struct ScenarioLoader {
    /// The format versions this loader reads.
    public static let supportedVersions = [1]

    /// Loads and resolves a scenario file; relative paths inside it are relative to its folder.
    /// `-` reads the scenario from standard input (named `<stdin>` in errors; relative paths
    /// inside it are relative to the working folder).
    public static func load(path: String) throws(ScenarioError) -> LoadedScenario {
        try load(contents: scenarioBytes(path), path: displayName(path))
    }

    /// Loads a scenario from its bytes; `path` names it in errors and locates the files it refers to.
    public static func load(contents: Data, path: String) throws(ScenarioError) -> LoadedScenario {
        let root = try document(contents, path: path)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        var reader = DocumentReader(file: path, files: InputFiles(directory: directory))
        return try reader.read(root, contents: contents)
    }

    /// The document's root node, or the syntax error Yams found (with its position).
    /// `format` names the file's language in messages (a GeoJSON file is read as YAML too).
    static func document(_ data: Data, path: String, format: String = "YAML") throws(ScenarioError) -> YAMLValue {
        guard let text = String(data: data, encoding: .utf8) else {
            let (line, column) = firstInvalidUTF8(in: data)
            throw ScenarioError(
                .syntax, file: path, line: line, column: column,
                message: "the file is not UTF-8 text; save it as UTF-8")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, path: path, text: text, format: format)
        } catch {
            throw ScenarioError(.syntax, file: path, message: "malformed \(format): \(error)")
        }
        guard let node else {
            throw ScenarioError(
                .syntax, file: path, line: 1, column: 1,
                message: "the file holds no YAML document; expected a scenario starting with 'version: 1'")
        }
        return YAMLValue(node: node, path: "", file: path)
    }

    private static func syntaxError(_ error: YamlError, path: String, text: String, format: String) -> ScenarioError {
        func context(_ c: YamlError.Context?) -> String {
            c.map { " (\($0.text), from line \($0.mark.line), column \($0.mark.column))" } ?? ""
        }
        switch error {
        case .scanner(let c, let problem, let mark, _), .parser(let c, let problem, let mark, _),
            .composer(let c, let problem, let mark, _):
            // libyaml stops at 1,000 levels and says so in its own API's terms.
            let reason =
                problem.contains("nest") && problem.contains("level")
                ? "nested more than 1,000 levels deep; a scenario needs a handful" : problem
            return ScenarioError(
                .syntax, file: path, line: mark.line, column: mark.column,
                message: "malformed \(format): \(reason)\(context(c))")
        case .duplicatedKeysInMapping(let duplicates, let c):
            return ScenarioError(
                .syntax, file: path, line: c.mark.line, column: c.mark.column,
                message: "duplicate key " + duplicates.map { "'\($0)'" }.joined(separator: ", ")
                    + " in one mapping; keep only one")
        case .reader(let problem, let offset, _, _):
            let before = offset.map { String(text.prefix($0)) } ?? ""
            let line = before.filter { $0 == "\n" }.count + 1
            let column = before.reversed().prefix { $0 != "\n" }.count + 1
            return ScenarioError(
                .syntax, file: path, line: offset == nil ? nil : line, column: column,
                message: "malformed \(format): \(problem)")
        default:
            return ScenarioError(.syntax, file: path, message: "malformed \(format): \(error)")
        }
    }

    /// Line and column (1-based, in Unicode scalars) of the first byte that is not UTF-8.
    private static func firstInvalidUTF8(in data: Data) -> (Int, Int) {
        var line = 1
        var column = 1
        var iterator = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while case .valid(let scalar) = parser.parseScalar(from: &iterator) {
            if scalar.count == 1, scalar.first == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}

/// Files named inside the scenario, resolved against its folder and remembered for provenance.
struct InputFiles {
    let directory: URL
    private(set) var paths = [String]()

    init(directory: URL) { self.directory = directory }

    /// Reads the file a node names; the error gives the path as written and as resolved.
    mutating func read(_ v: YAMLValue, what: String) throws(ScenarioError) -> (path: String, data: Data) {
        let written = try v.string("a path to the \(what), relative to the scenario file")
        let resolved = URL(fileURLWithPath: written, relativeTo: directory).standardizedFileURL.path
        let data: Data
        do {
            data = try readFile(resolved)
        } catch {
            throw v.error(
                .fileNotFound,
                "cannot read the \(what) \"\(written)\" (resolved to \(resolved)): "
                    + error.reason, found: nil)
        }
        if !paths.contains(resolved) { paths.append(resolved) }
        return (resolved, data)
    }
}

struct FileProblem: Error {
    let reason: String
}

/// The bytes of a file, or why not in words ("no such file", "it is a folder").
func readFile(_ path: String) throws(FileProblem) -> Data {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw FileProblem(reason: "no such file")
    }
    guard !isDirectory.boolValue else { throw FileProblem(reason: "it is a folder") }
    do {
        return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw FileProblem(reason: (error as NSError).localizedDescription)
    }
}

/// Reads one scenario document, section by section, into a `LoadedScenario`.
struct DocumentReader {
    let file: String
    var files: InputFiles

    static let topKeys = [
        "version", "name", "description", "world", "zones", "claims", "units", "arrivals", "fences",
        "cameras", "expect", "policies",
    ]
    static let worldKeys = ["geodata", "crs", "start", "step", "duration", "seed", "tolerance"]

    mutating func read(_ root: YAMLValue, contents: Data) throws(ScenarioError) -> LoadedScenario {
        // The version first: a file of another version may well have keys this one lacks.
        let version = try self.version(root)
        let top = try root.mapping("a scenario: a mapping with version, name, world and units", keys: Self.topKeys)
        let name = try top.required("name", "the scenario's name").string("the scenario's name")
        let description = try top["description"]?.string("free text")

        let worldNode = try top.required("world", "a mapping with geodata, start, step and duration")
        let world = try worldNode.mapping(
            "the world: a mapping with geodata, start, step and duration",
            keys: Self.worldKeys)
        let border = try self.border(world)
        let places = PlaceResolver(world: border)
        let clock = try self.clock(world)
        let seed = try world["seed"]?.unsigned("a seed, a whole number ≥ 0") ?? 1
        let tolerance = try world["tolerance"]?.quantity(.distance, .nonNegative) ?? 0

        var names = UniqueNames()
        names.reserve("mapped", what: "frame of the mapped border")
        var zones = [Zone]()
        for item in try top["zones"]?.list("a list of zones") ?? [] {
            let zone = try ZoneBuilder(places: places).zone(item, files: &files)
            try names.claim(zone.name, what: "zone", at: item.rawChild("name") ?? item)
            zones.append(zone)
        }
        var frames = [
            Frame(
                name: "mapped", line: border.line.value,
                territories: border.territories.map {
                    Frame.StateArea(state: $0.state, area: $0.area.value)
                })
        ]
        for item in try top["claims"]?.list("a list of claims") ?? [] {
            let frame = try ClaimBuilder(places: places).frame(item)
            try names.claim(frame.name, what: "claim", at: item.rawChild("name") ?? item)
            frames.append(frame)
        }

        var arrivals = [ArrivalSpec]()
        var flowNames = UniqueNames()
        for item in try top["arrivals"]?.list("a list of arrival flows") ?? [] {
            let flow = try ArrivalReader(places: places, start: clock.start, span: Double(clock.ticks) * clock.step)
                .flow(item)
            try flowNames.claim(flow.name, what: "arrival flow", at: item.rawChild("name") ?? item)
            arrivals.append(flow)
        }

        // With arrival flows, listing units is optional: the flows bring the migrants.
        let unitsNode =
            arrivals.isEmpty
            ? try top.required("units", "a list of units (migrant groups and officers)")
            : top["units"]
        let unitItems = try unitsNode?.list("a list of units") ?? []
        if let unitsNode, unitItems.isEmpty, arrivals.isEmpty {
            throw unitsNode.error(.invalidValue, "expected at least one unit")
        }
        // Cameras before units: a state's cameras can send its units after groups.
        var cameras = [CameraSpec]()
        var cameraItems = [YAMLValue]()
        for item in try top["cameras"]?.list("a list of cameras") ?? [] {
            guard let camera = try CameraReader(places: places).camera(item) else { continue }
            cameras.append(camera)
            cameraItems.append(item)
        }
        // Ids are gathered first so that an order can follow a unit declared further down.
        var reader = UnitReader(places: places, unitIDs: unitItems.compactMap { try? $0.rawChild("id")?.string() })
        reader.alertedStates = Set(cameras.map(\.state))
        var units = [UnitSpec]()
        var unitIDs = UniqueNames()
        var people = 0
        for item in unitItems {
            let unit = try reader.unit(item)
            try unitIDs.claim(unit.id, what: "unit id", at: item.rawChild("id") ?? item)
            units.append(unit)
            people += unit.size
            if people > UnitReader.maxPeople {
                throw (item.rawChild("size") ?? item).error(
                    .invalidValue,
                    "expected at most \(UnitReader.maxPeople) people in all units; with this unit "
                        + "there are \(people) (arrival flows bring more over a run)", found: nil)
            }
        }

        var fences = [FenceSpec]()
        var fenceNames = UniqueNames()
        for item in try top["fences"]?.list("a list of fences") ?? [] {
            guard let fence = try FenceReader(places: places).fence(item) else { continue }
            try fenceNames.claim(fence.spec.name, what: "fence name", at: item.rawChild("name") ?? item)
            fences.append(fence.spec)
            if let frame = fence.frame {
                // A fence judged as a frame names it, among the zones and claims.
                try names.claim(frame.name, what: "fence frame", at: item.rawChild("name") ?? item)
                frames.append(frame)
            }
        }
        // Camera ids share the units' namespace: detections name either.
        for (camera, item) in zip(cameras, cameraItems) {
            try unitIDs.claim(camera.id, what: "unit or camera id", at: item.rawChild("id") ?? item)
        }

        var expectations = ExpectationReader(
            places: places, unitIDs: units.map(\.id),
            boundaries: frames.map(\.name) + zones.map(\.name), start: clock.start)
        expectations.cameraIDs = cameras.map(\.id)
        expectations.zoneNames = zones.map(\.name)
        var expect = [Expectation]()
        for item in try top["expect"]?.list("a list of expectations") ?? [] {
            expect.append(try expectations.expectation(item))
        }

        let states = border.territories.map { StateTerritory(id: $0.state, name: $0.name, territory: $0.area.value) }
        var scenario = Scenario(
            name: name, clock: clock, seed: seed, crs: border.crs, states: states, frames: frames,
            zones: zones, tolerance: tolerance, units: units, expectations: expect)
        scenario.arrivals = arrivals
        scenario.fences = fences
        scenario.cameras = cameras
        return LoadedScenario(
            scenario: scenario, path: file, contents: contents, version: version,
            description: description, geodata: border.geodata, geodataPaths: files.paths)
    }

    private func version(_ root: YAMLValue) throws(ScenarioError) -> Int {
        guard root.isMapping else {
            throw root.error(.wrongType, "expected a scenario: a mapping with version, name, world and units")
        }
        guard let value = root.rawChild("version") else {
            throw root.error(
                .missingKey, "missing required key 'version': expected 1 (the format version)",
                found: nil, at: root.node.mark, path: "version")
        }
        let supported = ScenarioLoader.supportedVersions.map(String.init).joined(separator: ", ")
        guard let version = Int(try value.string("the format version, 1")),
            ScenarioLoader.supportedVersions.contains(version)
        else {
            throw value.error(
                .unsupportedVersion,
                "this bordersim reads scenario format version \(supported); "
                    + "see docs/scenario-format.md")
        }
        return version
    }

    /// Reads the geodata and builds it in the metric CRS.
    private mutating func border(_ world: YAMLMapping) throws(ScenarioError) -> BorderWorld {
        let geodataNode = try world.required("geodata", "the border geodata file, e.g. ../geodata/lt-by.geojson")
        let (path, data) = try files.read(geodataNode, what: "geodata file")
        let geodata = try BorderGeodata(json: data, file: path)
        let crsNode = world["crs"]
        let crs = try crsNode?.string("a metric CRS, e.g. EPSG:3346") ?? geodata.metricCRS
        let at = crsNode ?? geodataNode
        let border: BorderWorld
        do {
            border = try BorderWorld(geodata: geodata, crs: crs)
        } catch .proj(let operation, let message) {
            throw at.error(
                .invalidValue, "cannot transform lon/lat to CRS '\(crs)': \(message) (\(operation))",
                found: nil)
        } catch {
            throw geodataNode.error(.invalidFile, "cannot build the geodata in \(crs): \(error)", found: nil)
        }
        // A CRS in degrees (or feet) makes every distance in the file wrong; the stated length tells.
        if let stated = geodata.statedLength, abs(border.length - stated) > 0.05 * stated {
            throw at.error(
                .invalidValue,
                "'\(crs)' does not look like a metric CRS for this border: the line is "
                    + "\(roundedText(border.length, 3)) units long in it, but the geodata gives its length as "
                    + "\(stated) m; use a CRS in metres, e.g. \(geodata.metricCRS)", found: nil)
        }
        for t in border.territories {
            let reason = try geodataNode.geometry("the territory of \(t.state)") { () throws(GeometryError) in
                try t.area.isValid() ? nil : try t.area.validityReason()
            }
            if let reason {
                throw ScenarioError(
                    .invalidFile, file: path,
                    message: "the territory of \(t.state) is not a valid "
                        + "polygon in \(crs): \(reason)")
            }
        }
        let tiling = try geodataNode.geometry("the territories") { () throws(GeometryError) in
            try border.tilingProblem()
        }
        if let tiling { throw ScenarioError(.invalidFile, file: path, message: tiling) }
        return border
    }

    private func clock(_ world: YAMLMapping) throws(ScenarioError) -> Clock {
        let example = "2021-08-17T15:00:00+03:00"
        let startNode = try world.required("start", "the start time with its UTC offset, e.g. \(example)")
        let startText = try startNode.string("a date and time, e.g. \(example)")
        let start: Timestamp
        do {
            start = try Timestamp(iso8601: startText)
        } catch {
            switch error {
            case .missingOffset:
                throw startNode.error(
                    .invalidValue,
                    "expected a time with its UTC offset, e.g. \(example) "
                        + "(EEST) or 2021-08-17T12:00:00Z; add the offset the time is written in")
            case .malformed:
                throw startNode.error(
                    .invalidValue,
                    "expected an ISO 8601 date and time with a UTC offset, "
                        + "e.g. \(example)")
            case .outOfRange(let field):
                throw startNode.error(
                    .invalidValue,
                    "expected a real date and time (\(field) is out of range), "
                        + "e.g. \(example)")
            }
        }
        let stepNode = try world.required("step", "the time step, e.g. \"1 s\"")
        let step = try stepNode.quantity(.duration, .positive)
        let durationNode = try world.required("duration", "how long to simulate, e.g. \"30 min\"")
        let duration = try durationNode.quantity(.duration, .positive)
        // Ticks round up, so the run covers at least `duration`; a quotient within 1e-9 of a
        // whole number (0.3 s steps of 3 s) counts as whole.
        let quotient = duration / step
        guard quotient <= 1e9 else {
            throw durationNode.error(
                .invalidValue,
                "expected at most a billion steps of \(step) s; "
                    + "use a longer step or a shorter duration")
        }
        let whole = quotient.rounded()
        let ticks = Int(abs(quotient - whole) <= 1e-9 * whole ? whole : quotient.rounded(.up))
        return Clock(start: start.start, utcOffset: start.utcOffset, step: step, ticks: ticks)
    }
}

/// Names that must be unique, with where each was first declared (for the duplicate's message).
struct UniqueNames {
    private var seen = [String: String]()

    mutating func reserve(_ name: String, what: String) { seen[name] = "a " + what }

    mutating func claim(_ name: String, what: String, at v: YAMLValue) throws(ScenarioError) {
        if let first = seen[name] {
            throw v.error(
                .duplicate, "duplicate \(what) '\(name)': already used by \(first); names must be unique",
                found: nil)
        }
        seen[name] = "the entry at \(v.location)"
    }
}
