import BorderSim
import Foundation

extension ObservedJudgement {
    /// Where a judgement came from: the tracks file in the scenario's place (path and SHA-256),
    /// every file the world was read from and the geodata as inputs, the Monte Carlo seed, and
    /// the CRS chain.
    public static func provenance(
        tracks: ObservedTracks, world: JudgeWorld, seed: UInt64, toolVersion: String,
        toolRevision: String
    ) throws(OutputError) -> Provenance {
        var inputs = [(path: String, sha256: String)]()
        for file in world.files + world.loaded.geodataPaths {
            inputs.append((Provenance.provenancePath(file), try Provenance.sha256(ofFile: file)))
        }
        return Provenance(
            toolVersion: toolVersion, toolRevision: toolRevision,
            scenarioPath: Provenance.provenancePath(tracks.file),
            scenarioSHA256: try Provenance.sha256(ofFile: tracks.file), geodata: inputs, seed: seed,
            crsChain: ["\(tracks.crs) (tracks)", "\(world.loaded.scenario.crs) (judging)", "EPSG:4326 (output)"])
    }

    /// Writes a judgement as a run's files (`OutputWriter`), with `judgement.json` (the model,
    /// and with `report` every incursion's probabilities), all at once or not at all.
    public static func write(
        _ result: RunResult, report: UncertaintyReport?, prepared: PreparedTracks,
        provenance: Provenance, to directory: String,
        options: OutputOptions
    ) throws(OutputError) -> [String] {
        let json = judgementJSON(result, report: report, prepared: prepared, provenance: provenance)
        return try OutputWriter.write(
            result, provenance: provenance, to: directory, options: options,
            extra: [("judgement.json", { json.write(to: $0) })], afterEachFile: { _ throws(OutputError) in })
    }

    static func judgementJSON(
        _ result: RunResult, report: UncertaintyReport?, prepared: PreparedTracks,
        provenance: Provenance
    ) -> OrderedJSON {
        let time = Timestamp(clock: result.scenario.clock)
        func metres(_ v: Double) -> OrderedJSON { OrderedJSON.decimal(v, OutputContext.metresDecimals) }
        func entry(_ e: UncertaintyReport.Entry, bands: [Double]) -> [(String, OrderedJSON)] {
            var perBand = [(String, OrderedJSON)]()
            for (b, p) in zip(bands, e.beyondBands) { perBand.append((metresText(b), OrderedJSON.decimal(p, 6))) }
            return [
                ("p_beyond", .decimal(e.beyond, 6)), ("p_beyond_band", .object(perBand)),
                ("depth_m_q05", metres(e.depthQuantiles[0])), ("depth_m_q50", metres(e.depthQuantiles[1])),
                ("depth_m_q95", metres(e.depthQuantiles[2])),
            ]
        }
        var incursions = [OrderedJSON]()
        for (i, inc) in result.incursions.enumerated() {
            var members: [(String, OrderedJSON)] = [
                ("person", .string(OutputContext.person(unit: inc.unit, member: inc.member))),
                ("frame", .string(inc.boundary)), ("is_zone", .bool(inc.isZone)),
                ("entry_time", .string(time.iso8601(inc.entryTime))),
                ("exit_time", inc.exitTime.map { OrderedJSON.string(time.iso8601($0)) } ?? OrderedJSON.null),
                ("max_depth_m", metres(inc.maxDepth)),
                ("beyond_tolerance", .bool(inc.isBeyond(tolerance: result.scenario.tolerance))),
            ]
            if let report, let e = report.incursions.first(where: { $0.incursion == i }) {
                members += entry(e, bands: report.bands)
            }
            incursions.append(.object(members))
        }
        var root: [(String, OrderedJSON)] = [
            (
                "tracks",
                .object([
                    ("path", .string(provenance.scenarioPath)), ("sha256", .string(provenance.scenarioSHA256)),
                    ("people", .integer(prepared.people.count)),
                ])
            ),
            (
                "motion",
                .string("straight at constant speed between two fixes; still before the first and after the last")
            ),
            ("step_s", .decimal(result.scenario.clock.step, OutputContext.secondsDecimals)),
            ("tolerance_m", metres(result.scenario.tolerance)),
        ]
        if let report {
            root.append(
                (
                    "uncertainty",
                    .object([
                        ("distribution", .string("uniform in the disc of each fix's radius, fixes independent")),
                        ("samples", .integer(report.samples)), ("seed", .unsigned(report.seed)),
                        ("bands_m", .array(report.bands.map { OrderedJSON.decimal($0, OutputContext.metresDecimals) })),
                    ])
                ))
        } else {
            root.append(("uncertainty", .null))
        }
        root.append(("incursions", .array(incursions)))
        if let report {
            var possible = [OrderedJSON]()
            for e in report.possible {
                let head: [(String, OrderedJSON)] = [
                    ("person", .string(OutputContext.person(unit: e.unit, member: e.member))),
                    ("frame", .string(e.boundary)), ("is_zone", .bool(e.isZone)),
                ]
                possible.append(.object(head + entry(e, bands: report.bands)))
            }
            root.append(("possible", .array(possible)))
        }
        return .object(root)
    }

    /// A band as a JSON key: "2" for 2 m, "0.5" for half a metre.
    static func metresText(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(v)
    }
}
