import BorderSim
import Foundation

extension LoadedScenario {
    /// Where a run of this scenario came from: checksums of the scenario and every geodata file
    /// it read, the seed, and the coordinate systems its data passed through.
    ///
    /// Geodata paths are written relative to the scenario's folder, as a scenario names them, so
    /// the same checkout gives the same summary wherever it lies.
    public func provenance(
        seed: UInt64, toolVersion: String, toolRevision: String = "unknown",
        policy: String? = nil
    ) throws(OutputError) -> Provenance {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        var geodata = [(path: String, sha256: String)]()
        for file in geodataPaths {
            geodata.append((relativePath(file, from: folder), try Provenance.sha256(ofFile: file)))
        }
        return Provenance(
            toolVersion: toolVersion, toolRevision: toolRevision,
            scenarioPath: Provenance.provenancePath(path), scenarioSHA256: SHA256.hex(of: contents),
            policy: policy, geodata: geodata, seed: seed,
            crsChain: ["EPSG:4326 (geodata)", "\(scenario.crs) (simulation)", "EPSG:4326 (output)"])
    }
}

/// `path` as seen from the folder `base`, e.g. "../geodata/lt-by.geojson".
func relativePath(_ path: String, from base: String) -> String {
    let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
    let origin = URL(fileURLWithPath: base).standardizedFileURL.pathComponents
    var common = 0
    while common < min(target.count, origin.count) && target[common] == origin[common] { common += 1 }
    let ups = Array(repeating: "..", count: origin.count - common)
    return (ups + target[common...]).joined(separator: "/")
}
