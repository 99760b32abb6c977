import BorderSim
import Foundation
import Yams

/// What a policy sweep compares: a scenario, its policies (and grid points), how many
/// replicates, from which seed, and when to stop adding replicates.
///
/// Read from a sweep file (`SweepPlan.read(path:)`, docs/scenario-format.md "Sweep files") or
/// built from command-line flags; flags given on top of a file replace its values.
public struct SweepPlan: Sendable {
    /// Keep adding replicates until the interval of one metric is narrow enough for every policy.
    public struct Target: Sendable, Hashable {
        /// A name of `RunMetrics.names`.
        public var metric: String
        /// The largest acceptable half-width of the 95 % interval of the metric's mean, in its unit.
        public var halfWidth: Double
        /// Stop at this many replicates per policy even if the target is not met.
        public var maxReplicates: Int

        public init(metric: String, halfWidth: Double, maxReplicates: Int) {
            self.metric = metric
            self.halfWidth = halfWidth
            self.maxReplicates = maxReplicates
        }
    }

    /// One parameter of a grid: a key path into the scenario and the values it takes.
    public struct GridAxis: Sendable {
        /// `world.<key>`, `units.<id>.<key>` or `zones.<name>.<key>`, e.g. `units.lt-patrol.size`.
        public var key: String
        /// The values as written (YAML scalars), e.g. `["2", "4"]` or `["1 m", "3 m"]`.
        public var values: [String]
        /// Where each value was written, for errors.
        let written: [WrittenScalar]
        /// Where the key was written, for errors.
        let writtenKey: WrittenScalar

        /// An axis given on the command line: values are read as YAML scalars.
        public init(key: String, values: [String]) {
            self.key = key
            self.values = values
            writtenKey = WrittenScalar(text: key, mark: nil, plain: true, path: "--grid", file: "command line")
            written = values.map {
                WrittenScalar(text: $0, mark: nil, plain: true, path: "--grid \(key)", file: "command line")
            }
        }

        init(key: YAMLValue, values nodes: [YAMLValue]) throws(ScenarioError) {
            self.key = try key.string("a key path")
            writtenKey = try WrittenScalar(key)
            var list = [WrittenScalar]()
            for node in nodes { list.append(try WrittenScalar(node)) }
            written = list
            values = list.map(\.text)
        }
    }

    /// A scalar of a YAML file with where it was written: a `YAMLValue` that can cross threads.
    struct WrittenScalar: Sendable {
        let text: String
        let mark: Mark?
        let plain: Bool
        let path: String
        let file: String

        init(text: String, mark: Mark?, plain: Bool, path: String, file: String) {
            self.text = text
            self.mark = mark
            self.plain = plain
            self.path = path
            self.file = file
        }

        init(_ v: YAMLValue) throws(ScenarioError) {
            guard case .scalar(let scalar) = v.node, !v.isNull else {
                throw v.error(.wrongType, "expected a single value, e.g. 4 or \"3 m\"")
            }
            self.init(
                text: scalar.string, mark: scalar.mark, plain: scalar.style == .plain || scalar.style == .any,
                path: v.path, file: v.file)
        }

        var value: YAMLValue {
            YAMLValue(
                node: .scalar(Node.Scalar(text, .implicit, plain ? .plain : .doubleQuoted, mark)), path: path,
                file: file)
        }
    }

    /// Where the sweep file wrote the scenario path, the policy names and the baseline, so that
    /// an error about them points there; nil for values from the command line.
    var writtenScenario: WrittenScalar?
    var writtenPolicies: [WrittenScalar]?
    var writtenBaseline: WrittenScalar?

    /// The sweep file this plan was read from, and its bytes (for provenance); nil for flags only.
    public var sweepFile: String?
    public var sweepFileContents: Data?
    /// The scenario file: as given on the command line, or resolved against the sweep file's folder.
    public var scenarioPath: String { didSet { writtenScenario = nil } }
    /// Policies to compare, in order; nil: every policy of the scenario (or `base` if it has none).
    public var policies: [String]? { didSet { writtenPolicies = nil } }
    /// The policy differences are measured against; nil: the first policy.
    public var baseline: String? { didSet { writtenBaseline = nil } }
    /// Replicates per policy (the first batch, when there is a target).
    public var replicates: Int
    /// Seed of replicate 0; replicate k of every policy runs with `seed + k`. Nil: the scenario's `world.seed`.
    public var seed: UInt64?
    public var target: Target?
    /// Axes expanded factorially into extra policies, each applied on top of the baseline.
    public var grid: [GridAxis]
    /// A sensitivity design (Morris or Sobol'): its points, each on top of the baseline, are the
    /// sweep's policies (docs/sensitivity.md).
    public var design: SensitivityDesign?
    /// Observed figures to rank the policies or design points by (`--target`, `observed:`).
    public var observed: [Observation] = []

    public init(
        scenarioPath: String, policies: [String]? = nil, baseline: String? = nil, replicates: Int = 20,
        seed: UInt64? = nil, target: Target? = nil, grid: [GridAxis] = []
    ) {
        self.scenarioPath = scenarioPath
        self.policies = policies
        self.baseline = baseline
        self.replicates = replicates
        self.seed = seed
        self.target = target
        self.grid = grid
    }

    static let keys = [
        "version", "description", "scenario", "policies", "baseline", "replicates", "seed", "target", "grid",
        "design", "observed",
    ]

    /// Whether a YAML file is a sweep file rather than a scenario: it has a key only sweep files
    /// have (`scenario`, `replicates`, `baseline`, `target`, `grid`, or `policies` as a list) and
    /// none only scenarios have (`world`, `units`). A sweep file that forgot `scenario:` is still
    /// one, and `read` says what is missing.
    public static func isSweepFile(path: String) -> Bool {
        guard let data = try? ScenarioLoader.scenarioBytes(path) else { return false }
        return isSweepFile(contents: data, path: path)
    }

    /// Whether a YAML document's bytes are a sweep file's (see `isSweepFile(path:)`).
    public static func isSweepFile(contents: Data, path: String) -> Bool {
        guard let root = try? ScenarioLoader.document(contents, path: path) else { return false }
        if root.rawChild("world") != nil || root.rawChild("units") != nil { return false }
        return ["scenario", "replicates", "baseline", "target", "grid", "design", "observed"].contains {
            root.rawChild($0) != nil
        }
            || root.rawChild("policies")?.isList == true
    }

    /// Reads a sweep file; the scenario path in it is relative to the sweep file's folder.
    public static func read(path: String) throws(ScenarioError) -> SweepPlan {
        try read(contents: ScenarioLoader.scenarioBytes(path), path: path)
    }

    /// Reads a sweep file from its bytes; `path` names it in errors and locates the scenario it names.
    public static func read(contents data: Data, path: String) throws(ScenarioError) -> SweepPlan {
        let root = try ScenarioLoader.document(data, path: path)
        guard root.isMapping else {
            throw root.error(.wrongType, "expected a sweep: a mapping with version, scenario and replicates")
        }
        if let v = root.rawChild("version") {
            guard try v.string("the format version, 1") == "1" else {
                throw v.error(
                    .unsupportedVersion, "this bordersim reads sweep file version 1; see docs/scenario-format.md")
            }
        } else {
            throw root.error(
                .missingKey, "missing required key 'version': expected 1 (the format version)", found: nil,
                at: root.node.mark, path: "version")
        }
        let m = try root.mapping("a sweep: a mapping with version, scenario and replicates", keys: keys)
        let scenarioNode = try m.required("scenario", "the scenario file, relative to the sweep file")
        let written = try scenarioNode.string("a path to the scenario file, relative to the sweep file")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var scenario = URL(fileURLWithPath: written, relativeTo: folder).standardizedFileURL.path
        // Keep a relative path relative (to the working directory) when the sweep file's path was.
        if !path.hasPrefix("/") && !written.hasPrefix("/") {
            scenario = relativePath(scenario, from: FileManager.default.currentDirectoryPath)
        }
        var plan = SweepPlan(scenarioPath: scenario)
        plan.writtenScenario = try WrittenScalar(scenarioNode)
        plan.sweepFile = path
        plan.sweepFileContents = data
        _ = try m["description"]?.string("free text")
        if let node = m["policies"] {
            var names = [String]()
            var written = [WrittenScalar]()
            for item in try node.list("a list of policy names, e.g. [baseline, doubled-patrols]") {
                names.append(try item.string("a policy name"))
                written.append(try WrittenScalar(item))
            }
            guard !names.isEmpty else { throw node.error(.invalidValue, "expected at least one policy") }
            plan.policies = names
            plan.writtenPolicies = written
        }
        if let node = m["baseline"] {
            plan.baseline = try node.string("the name of the baseline policy")
            plan.writtenBaseline = try WrittenScalar(node)
        }
        plan.replicates = try m["replicates"]?.integer("a number of replicates, 2 or more", in: 2...100_000) ?? 20
        plan.seed = try m["seed"]?.unsigned("a seed, a whole number ≥ 0")
        if let node = m["target"] {
            let t = try node.mapping(
                "{metric: crossings, half_width: 0.5, max_replicates: 200}",
                keys: ["metric", "half_width", "max_replicates"])
            let metricNode = try t.required("metric", "a metric, one of " + RunMetrics.names.joined(separator: ", "))
            let metric = try metricNode.string("a metric name")
            guard RunMetrics.names.contains(metric) else {
                let hint =
                    nearestName(to: metric, in: RunMetrics.names).map { "did you mean '\($0)'?" }
                    ?? "one of " + RunMetrics.names.joined(separator: ", ")
                throw metricNode.error(.unknownName, "no metric '\(metric)'; " + hint)
            }
            let widthNode = try t.required("half_width", "the largest acceptable half-width, in the metric's unit")
            let width = try widthNode.number("a half-width > 0, a plain number in the metric's unit")
            guard width > 0 && width.isFinite else { throw widthNode.error(.invalidValue, "expected a half-width > 0") }
            let most = try t.required("max_replicates", "the most replicates to run per policy")
                .integer("a number of replicates ≥ replicates", in: plan.replicates...100_000)
            plan.target = Target(metric: metric, halfWidth: width, maxReplicates: most)
        }
        if let node = m["grid"] {
            guard case .mapping(let mapping) = node.node else {
                throw node.error(
                    .wrongType,
                    "expected a mapping of key paths to lists of values, e.g. "
                        + "{units.lt-patrol.size: [2, 4]}")
            }
            for (keyNode, valuesNode) in mapping {
                guard case .scalar(let key) = keyNode else {
                    throw node.error(.wrongType, "expected a key path", found: nil, at: keyNode.mark, path: node.path)
                }
                let values = node.child(key.string, valuesNode)
                let items = try values.list("a list of values, e.g. [2, 4]")
                guard !items.isEmpty else { throw values.error(.invalidValue, "expected at least one value") }
                plan.grid.append(
                    try GridAxis(
                        key: YAMLValue(node: keyNode, path: values.path, file: values.file),
                        values: items))
            }
        }
        if let node = m["observed"] {
            for item in try node.list("a list of observed figures, e.g. [\"crossings=2882±432\"]") {
                switch Observation.parse(try item.string("METRIC=VALUE±TOLERANCE, e.g. crossings=2882±432")) {
                case .success(let o): plan.observed.append(o)
                case .failure(let e): throw item.error(.invalidValue, e.description)
                }
            }
        }
        if let node = m["design"] {
            plan.design = try SensitivityDesign.read(node)
            if let grid = m["grid"] {
                throw grid.error(
                    .invalidValue, "a sweep has a grid or a design, not both: the design's points are its policies")
            }
            if let policies = m["policies"] {
                throw policies.error(
                    .invalidValue,
                    "a design sweep runs the design's points, not policies; name the one "
                        + "the points are applied to with baseline:")
            }
        }
        return plan
    }
}

extension SweepPlan {
    /// Refuses a policy or baseline the scenario does not declare, at the sweep file's line
    /// that names it (or as a flag's error), not inside the scenario.
    func checkPolicyNames(declared: [String], scenario: String) throws(ScenarioError) {
        let known = [ScenarioLoader.basePolicy] + declared
        func unknown(_ name: String, _ written: WrittenScalar?, flag: String) -> ScenarioError {
            let hint =
                declared.isEmpty
                ? "\(scenario) declares no policies; only '\(ScenarioLoader.basePolicy)' "
                    + "(the scenario as written) can be run"
                : nearestName(to: name, in: known).map { "did you mean '\($0)'?" }
                    ?? "the policies of \(scenario): " + known.joined(separator: ", ")
            let message = "no policy '\(name)' in \(scenario); " + hint
            return written?.value.error(.unknownName, message, found: nil)
                ?? ScenarioError(.unknownName, file: "command line", keyPath: flag, message: message)
        }
        for (i, name) in (policies ?? []).enumerated() where !known.contains(name) {
            throw unknown(name, writtenPolicies?[i], flag: "--policies")
        }
        if let baseline, !known.contains(baseline) {
            throw unknown(baseline, writtenBaseline, flag: "--baseline")
        }
    }
}

extension SweepPlan {
    /// The most grid points a sweep takes. Each is a policy that is loaded before anything
    /// runs and then run `replicates` times; axes multiply, so a few long ones would load
    /// for days (three axes of 20 values: 8,000 loads) before the first run.
    public static let gridCeiling = 256

    /// Refuses a grid of more than `gridCeiling` points, at the axis that takes it over.
    func checkGridSize() throws(ScenarioError) {
        var points = 1
        for (i, axis) in grid.enumerated() {
            points *= axis.values.count
            guard points <= Self.gridCeiling else {
                let counts = grid[...i].map { String($0.values.count) }.joined(separator: " × ")
                throw axis.writtenKey.value.error(
                    .invalidValue,
                    "expected at most \(Self.gridCeiling) grid points in all; with this axis the grid "
                        + "has \(points) (\(counts) values); give fewer values or split the sweep", found: nil)
            }
        }
    }
}

extension SweepPlan.GridAxis {
    /// The patch that sets this axis to its value at `index`.
    func change(_ index: Int, into patch: inout PolicyPatch) throws(ScenarioError) {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let help =
            "a key path: world.<key>, units.<id>.<key>, zones.<name>.<key>, arrivals.<name>.<key>, "
            + "fences.<name>.<key> or cameras.<id>.<key>, e.g. units.lt-patrol.size"
        let lists = ["units", "zones", "arrivals", "fences", "cameras"]
        guard let section = parts.first, let field = parts.last, !field.isEmpty,
            (section == "world" && parts.count == 2) || (lists.contains(section) && parts.count >= 3)
        else { throw writtenKey.value.error(.invalidValue, "expected " + help) }
        let value = written[index].value
        let change = PolicyPatch.Change(key: field, keyNode: Node(field), value: value)
        switch section {
        case "world":
            patch.world.append(change)
        default:
            let id = parts[1..<(parts.count - 1)].joined(separator: ".")
            let entry = PolicyPatch.Entry(id: id, idValue: writtenKey.value, changes: [change], whole: nil)
            switch section {
            case "units": patch.units.append(entry)
            case "zones": patch.zones.append(entry)
            case "arrivals": patch.arrivals.append(entry)
            case "fences": patch.fences.append(entry)
            default: patch.cameras.append(entry)
            }
        }
    }
}
