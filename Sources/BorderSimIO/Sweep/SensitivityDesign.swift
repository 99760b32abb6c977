import BorderSim
import Foundation
import Yams

/// A sensitivity design over scenario parameters (a sweep file's `design:`): Morris
/// elementary effects or Sobol' indices with Saltelli sampling (docs/sensitivity.md).
///
/// Every design point is a policy applied on top of the baseline that sets each parameter to
/// its value at the point, and runs the sweep's replicates with the sweep's seeds: replicate
/// k of every point has seed `seed + k` (common random numbers), so the differences between
/// points are the parameters' doing, not the random streams'. The analysis uses each
/// point's mean over its replicates.
public struct SensitivityDesign: Sendable {
    public enum Method: String, Sendable, CaseIterable { case morris, sobol }

    /// A parameter varied over `low...high`: a key path as in a grid, and its unit.
    public struct Parameter: Sendable {
        public var key: String
        public var low: Double
        public var high: Double
        /// The unit written after the numbers ("m", "km/h"), or "" for a plain number.
        public var unit: String
        /// Whole numbers only (a patrol's size): the range is split into `high − low + 1` equal bins.
        public var integer: Bool
        let writtenKey: SweepPlan.WrittenScalar

        /// The value at `x` in [0, 1]: linear over the range; for an integer parameter, the bin of x.
        public func value(at x: Double) -> Double {
            guard integer else { return low + x * (high - low) }
            return min(high, (low + (x * (high - low + 1)).rounded(.down)))
        }

        /// The value as a scenario file writes it, e.g. "150 m" or "3".
        public func text(at x: Double) -> String {
            var bytes = [UInt8]()
            JSONText.appendDecimal(value(at: x), decimals: 6, fixed: false, to: &bytes)
            let number = String(decoding: bytes, as: UTF8.self)
            return unit.isEmpty ? number : number + " " + unit
        }
    }

    public var method: Method
    public var parameters: [Parameter]
    /// Morris: trajectories r and grid levels p (even).
    public var trajectories: Int
    public var levels: Int
    /// Sobol': base samples N (points: N · (parameters + 2)) and bootstrap resamples.
    public var samples: Int
    public var bootstrap: Int
    /// The metrics analysed, names of `RunMetrics.names`.
    public var metrics: [String]

    public static let defaultMetrics = ["crossings", "got_through", "detections"]
    /// Each point is a loaded scenario held in memory until the sweep ends.
    public static let maxPoints = 20_000
    static let keys = ["method", "parameters", "trajectories", "levels", "samples", "bootstrap", "metrics"]

    /// The points in the unit cube, in the order they become policies.
    public var unitPoints: [[Double]] {
        switch method {
        case .morris:
            SensitivityEstimators.morrisPoints(
                parameters: parameters.count, trajectories: trajectories,
                levels: levels, seed: 0x6D6F_7272_6973)
        case .sobol:
            SensitivityEstimators.saltelliPoints(parameters: parameters.count, samples: samples)
        }
    }

    /// Everything that decides the points and the analysis, as one line (for shard identities).
    public var identity: String {
        "\(method.rawValue) "
            + parameters.map { "\($0.key)=\($0.low)..\($0.high)\($0.unit)\($0.integer ? "i" : "")" }
            .joined(separator: ",")
            + (method == .morris ? " r=\(trajectories) p=\(levels)" : " N=\(samples) B=\(bootstrap)")
            + " metrics=" + metrics.joined(separator: ",")
    }

    /// The patch of design point `x` (unit coordinates), on top of the baseline.
    func patch(_ x: [Double], name: String) throws(ScenarioError) -> PolicyPatch {
        var point = PolicyPatch(label: "design point '\(name)'")
        point.mustExist = true
        for (parameter, coordinate) in zip(parameters, x) {
            let written = parameter.writtenKey
            let value = SweepPlan.WrittenScalar(
                text: parameter.text(at: coordinate), mark: written.mark, plain: true,
                path: written.path, file: written.file)
            let axis = SweepPlan.GridAxis(key: parameter.key, value: value, writtenKey: written)
            try axis.change(0, into: &point)
        }
        return point
    }

    /// Reads `design:` of a sweep file.
    static func read(_ node: YAMLValue) throws(ScenarioError) -> SensitivityDesign {
        let m = try node.mapping(
            "a design: {method: morris or sobol, parameters: {KEY: {range: [LOW, HIGH]}}}", keys: keys)
        let methodNode = try m.required("method", "morris or sobol")
        let name = try methodNode.string("morris or sobol")
        guard let method = Method(rawValue: name) else {
            throw methodNode.error(
                .unknownName, "expected morris (elementary effects) or sobol (Sobol' indices); found '\(name)'",
                found: nil)
        }
        let parametersNode = try m.required("parameters", "a mapping of key paths to {range: [LOW, HIGH]}")
        guard case .mapping(let mapping) = parametersNode.node, !mapping.isEmpty else {
            throw parametersNode.error(
                .wrongType,
                "expected a mapping of key paths to ranges, e.g. "
                    + "{units.lt-patrol.detection_range: {range: [100 m, 300 m]}}")
        }
        var parameters = [Parameter]()
        for (keyNode, valueNode) in mapping {
            let keyValue = YAMLValue(node: keyNode, path: parametersNode.path, file: parametersNode.file)
            let key = try keyValue.string("a key path")
            let spec = parametersNode.child(key, valueNode)
            let p = try spec.mapping("{range: [LOW, HIGH], integer: true or false}", keys: ["range", "integer"])
            let rangeNode = try p.required("range", "[LOW, HIGH], e.g. [100 m, 300 m] or [2, 6]")
            let bounds = try rangeNode.list("[LOW, HIGH], e.g. [100 m, 300 m]")
            guard bounds.count == 2 else { throw rangeNode.error(.invalidValue, "expected two values, [LOW, HIGH]") }
            let low = try Self.number(bounds[0])
            let high = try Self.number(bounds[1])
            guard low.unit == high.unit else {
                throw bounds[1].error(.invalidValue, "expected the unit of LOW, '\(low.unit)', in HIGH too")
            }
            guard low.value < high.value else { throw rangeNode.error(.invalidValue, "expected LOW < HIGH") }
            let integer = try p["integer"]?.bool() ?? false
            if integer && (low.value.rounded() != low.value || high.value.rounded() != high.value) {
                throw rangeNode.error(.invalidValue, "expected whole numbers for an integer parameter")
            }
            parameters.append(
                Parameter(
                    key: key, low: low.value, high: high.value, unit: low.unit, integer: integer,
                    writtenKey: try SweepPlan.WrittenScalar(keyValue)))
        }
        guard parameters.count <= SobolSequence.maxDimensions / 2 else {
            throw parametersNode.error(.invalidValue, "expected at most \(SobolSequence.maxDimensions / 2) parameters")
        }
        var metrics = defaultMetrics
        if let node = m["metrics"] {
            metrics = []
            for item in try node.list("a list of metrics, e.g. [got_through, detections]") {
                let metric = try item.string("a metric name")
                guard RunMetrics.names.contains(metric) else {
                    let hint =
                        nearestName(to: metric, in: RunMetrics.names).map { "did you mean '\($0)'?" }
                        ?? "one of " + RunMetrics.names.joined(separator: ", ")
                    throw item.error(.unknownName, "no metric '\(metric)'; " + hint)
                }
                metrics.append(metric)
            }
            guard !metrics.isEmpty else { throw node.error(.invalidValue, "expected at least one metric") }
        }
        let trajectories = try m["trajectories"]?.integer("a number of trajectories, 2 to 1000", in: 2...1000) ?? 10
        let levels = try m["levels"]?.integer("an even number of levels, 2 to 100", in: 2...100) ?? 4
        if levels % 2 != 0 {
            throw m["levels"]!.error(.invalidValue, "expected an even number of levels (Δ = p/(2(p−1)))")
        }
        let samples = try m["samples"]?.integer("base samples N, 2 to 65536", in: 2...65536) ?? 32
        let bootstrap = try m["bootstrap"]?.integer("bootstrap resamples, 0 to 100000", in: 0...100_000) ?? 1000
        if method == .morris, m["samples"] != nil || m["bootstrap"] != nil {
            throw (m["samples"] ?? m["bootstrap"])!.error(
                .invalidValue,
                "samples and bootstrap are for design sobol; "
                    + "morris takes trajectories and levels")
        }
        if method == .sobol, m["trajectories"] != nil || m["levels"] != nil {
            throw (m["trajectories"] ?? m["levels"])!.error(
                .invalidValue,
                "trajectories and levels are for design "
                    + "morris; sobol takes samples and bootstrap")
        }
        let design = SensitivityDesign(
            method: method, parameters: parameters, trajectories: trajectories,
            levels: levels, samples: samples, bootstrap: bootstrap, metrics: metrics)
        let points = method == .morris ? trajectories * (parameters.count + 1) : samples * (parameters.count + 2)
        guard points <= maxPoints else {
            throw node.error(
                .invalidValue,
                "expected at most \(maxPoints) design points; this design has \(points) ("
                    + (method == .morris ? "trajectories × (parameters + 1)" : "samples × (parameters + 2)") + ")")
        }
        return design
    }

    /// A bound: a number, optionally with a unit after it ("300 m", "4 km/h", "0.2").
    static func number(_ node: YAMLValue) throws(ScenarioError) -> (value: Double, unit: String) {
        let text = try node.string("a number, optionally with a unit, e.g. 300 m").trimmingCharacters(in: .whitespaces)
        let numberPart = text.prefix { "0123456789+-.eE".contains($0) }
        var unit = String(text.dropFirst(numberPart.count)).trimmingCharacters(in: .whitespaces)
        var value = Double(numberPart)
        // "2e" or "1e km": the e belongs to the unit, not the number.
        if value == nil, let e = numberPart.lastIndex(where: { $0 == "e" || $0 == "E" }),
            let v = Double(numberPart[..<e])
        {
            value = v
            unit = String(text.dropFirst(numberPart[..<e].count)).trimmingCharacters(in: .whitespaces)
        }
        guard let value, value.isFinite else {
            throw node.error(.invalidValue, "expected a number, optionally with a unit, e.g. 300 m or 0.2")
        }
        if !unit.isEmpty {
            do { _ = try Quantity.parse(text) } catch {
                throw node.error(.invalidValue, "expected a number with a unit (m, km, s, min, h, m/s, km/h): \(error)")
            }
        }
        return (value, unit)
    }
}

extension SweepPlan.GridAxis {
    /// One value of a design parameter, written where the parameter's key was.
    init(key: String, value: SweepPlan.WrittenScalar, writtenKey: SweepPlan.WrittenScalar) {
        self.key = key
        values = [value.text]
        written = [value]
        self.writtenKey = writtenKey
    }
}
