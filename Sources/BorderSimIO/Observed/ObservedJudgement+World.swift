import BorderSim
import Foundation

/// Where observed tracks are judged: a border's geodata, with zones, claims and a tolerance.
public struct JudgeWorld: Sendable {
    /// The world as a scenario (its units are none of the judge's business).
    public var loaded: LoadedScenario
    /// The files the world was read from besides the geodata (a scenario, zones, claims), for provenance.
    public var files: [String]

    /// The world of scenario file `path`: its border, zones, claims and tolerance.
    public static func scenario(_ path: String) throws(ScenarioError) -> JudgeWorld {
        JudgeWorld(loaded: try ScenarioLoader.load(path: path), files: [path])
    }

    /// The world of border `border` (an id such as `lt-by`, found as `geodata/lt-by.geojson`
    /// under the working folder, or a geodata file's path), with the zones of `zones` and the
    /// claims of `claims` (YAML files each holding a list, written as a scenario's `zones:` and
    /// `claims:`), and incursions no deeper than `tolerance` within tolerance.
    ///
    /// Errors in the zones or claims files name their own line and column.
    public static func border(
        _ border: String, zones: String? = nil, claims: String? = nil,
        tolerance: String? = nil
    ) throws(ScenarioError) -> JudgeWorld {
        let geodata = border.hasSuffix(".geojson") || border.hasSuffix(".json") ? border : "geodata/\(border).geojson"
        guard FileManager.default.fileExists(atPath: geodata) else {
            throw ScenarioError(
                .fileNotFound, file: geodata,
                message: "no geodata for border '\(border)'; expected "
                    + "an id such as lt-by, lv-by or pl-by (run from the repository's root) or a .geojson file")
        }
        let absolute = URL(fileURLWithPath: geodata).standardizedFileURL.path
        var lines = [
            "version: 1", "name: judged tracks", "world:", "  geodata: " + quoted(absolute),
            "  start: 2000-01-01T00:00:00Z", "  step: 1 s", "  duration: 1 s",
            "  tolerance: " + quoted(tolerance ?? "0 m"),
            "units:", "  - {id: judge, kind: migrants, size: 1, start: {border_km: 0.5}, speed: 1 km/h}",
        ]
        // Each included file's lines, verbatim: (file, first line in the document, line count).
        var included = [(file: String, first: Int, count: Int)]()
        for (key, file) in [("zones", zones), ("claims", claims)] {
            guard let file else { continue }
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw ScenarioError(
                    .fileNotFound, file: file, message: "cannot read the \(key) file (\(error.localizedDescription))")
            }
            lines.append(key + ":")
            let body = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            included.append((file, lines.count + 1, body.count))
            lines += body
        }
        // Relative paths in a zones file (`file:`) are relative to it.
        let name = zones ?? claims ?? "judge-world.yaml"
        do {
            let loaded = try ScenarioLoader.load(contents: Data(lines.joined(separator: "\n").utf8), path: name)
            return JudgeWorld(loaded: loaded, files: [zones, claims].compactMap { $0 })
        } catch {
            var e = error
            if let line = e.line, let part = included.first(where: { line >= $0.first && line < $0.first + $0.count }) {
                e.file = part.file
                e.line = line - part.first + 1
                e.keyPath = String(e.keyPath.drop { $0 != "[" })  // the file is the list itself
            } else if let line = e.line, included.isEmpty || line < included[0].first {
                e = ScenarioError(
                    e.kind, file: tolerance != nil && line == 8 ? "--tolerance" : geodata, message: e.message,
                    found: e.found)
            }
            throw e
        }
    }

    private static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
