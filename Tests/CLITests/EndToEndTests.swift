import Foundation
import Testing

/// The built `bordersim` binary, run as a user would run it.
@Suite("bordersim command line", .serialized)
struct EndToEndTests {
    @Test func helpListsTheSubcommands() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0)
        for command in ["run", "validate", "check", "geodata"] { #expect(r.stdout.contains(command)) }
    }

    @Test func runWritesRFC7946OutputsAndIsSilentWithQuiet() throws {
        let out = try CLI.temporaryFolder().appendingPathComponent("out")
        let r = try CLI.run(["run", CLI.fixture("incursion.yaml"), "--out", out.path, "--positions", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty && r.stdout.isEmpty, "--quiet prints nothing but errors")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        for name in [
            "events.csv", "events.geojson", "events.geojsons", "incursions.geojson", "positions.geojson",
            "summary.json", "trajectories.geojson", "zones.geojson",
        ] {
            #expect(files.contains(name), "missing \(name)")
        }
        for name in files where name.hasSuffix(".geojson") {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(name)))
            let collection = try #require(object as? [String: Any])
            #expect(collection["type"] as? String == "FeatureCollection")
            #expect(collection["crs"] == nil, "\(name) has a crs member")
            let features = try #require(collection["features"] as? [[String: Any]])
            #expect(!features.isEmpty, "\(name) is empty")
            for feature in features {
                let geometry = try #require(feature["geometry"] as? [String: Any])
                for position in positions(geometry["coordinates"]) {
                    // Within the LT–BY corridor, in lon/lat order (not lat/lon, not metres).
                    #expect(
                        position[0] > 22.5 && position[0] < 27.5 && position[1] > 53.5 && position[1] < 56.5,
                        "\(name): \(position)")
                }
            }
        }
        let summary = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json")))
                as? [String: Any])
        #expect(summary["seed"] as? Int == 3)
    }

    /// `geodata --where` gives a village's km mark, side and distance on every border.
    @Test func geodataWhereLocatesAPoint() throws {
        let r = try CLI.run(["geodata", "--where", "25.8467,54.1436"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("LT-BY: km 280.48, in BY, 4.53 km from the line") == true, "\(r.stdout)")
    }

    /// `--gpkg` adds `run.gpkg`, an SQLite file marked as a GeoPackage, listed in the summary.
    @Test func runWritesAGeoPackageWithGpkg() throws {
        let out = try CLI.temporaryFolder().appendingPathComponent("out")
        let r = try CLI.run(["run", CLI.fixture("incursion.yaml"), "--out", out.path, "--gpkg", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let bytes = [UInt8](try Data(contentsOf: out.appendingPathComponent("run.gpkg")))
        #expect(bytes.starts(with: Array("SQLite format 3\0".utf8)))
        #expect(bytes.count > 72 && Array(bytes[68..<72]) == Array("GPKG".utf8), "application_id is not GPKG")
        let summary = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json")))
                as? [String: Any])
        #expect((summary["files"] as? [String])?.last == "run.gpkg")
    }

    /// Every scenario shipped in scenarios/ validates, runs, and writes GeoJSON a GIS can open.
    @Test(
        arguments: try FileManager.default.contentsOfDirectory(
            atPath: CLI.root.appendingPathComponent("scenarios").path
        )
        .filter { $0.hasSuffix(".yaml") }.sorted())
    func shippedScenarioRuns(name: String) throws {
        let path = "scenarios/\(name)"
        #expect(try CLI.run(["validate", path]).status == 0)
        let out = try CLI.temporaryFolder().appendingPathComponent("out")
        let r = try CLI.run(["run", path, "--out", out.path, "--quiet", "--trajectory-interval", "10 min"])
        #expect(r.status == 0, "\(r.stderr)")
        for file in ["trajectories.geojson", "events.geojson", "incursions.geojson", "zones.geojson"] {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(file)))
            let collection = try #require(object as? [String: Any])
            #expect(
                collection["type"] as? String == "FeatureCollection" && collection["crs"] == nil, "\(name): \(file)")
        }
    }

    /// Twice on one thread, and (a scenario with enough people to split every phase) on one
    /// and on two threads.
    @Test(arguments: [("incursion.yaml", ["1", "1"]), ("crowd.yaml", ["1", "2"])])
    func sameScenarioAndSeedGiveByteIdenticalOutputs(fixture: String, threads: [String]) throws {
        let base = try CLI.temporaryFolder()
        var contents = [[String: Data]]()
        for (run, count) in zip(["a", "b"], threads) {
            let out = base.appendingPathComponent(run)
            let r = try CLI.run([
                "run", CLI.fixture(fixture), "--out", out.path, "--quiet", "--kepler", "--threads", count,
            ])
            #expect(r.status == 0, "\(r.stderr)")
            var files = [String: Data]()
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
                files[name] = try Data(contentsOf: out.appendingPathComponent(name))
            }
            contents.append(files)
        }
        #expect(contents[0].keys.sorted() == contents[1].keys.sorted())
        for (name, data) in contents[0] { #expect(contents[1][name] == data, "\(name) differs between runs") }
    }

    @Test func refusesANonEmptyOutputFolderWithoutForce() throws {
        let out = try CLI.temporaryFolder()
        try Data("keep me".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let r = try CLI.run(["run", CLI.fixture("incursion.yaml"), "--out", out.path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--force"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["notes.txt"])
    }

    @Test func validatePinpointsABadValue() throws {
        let r = try CLI.run(["validate", CLI.fixture("bad-speed.yaml")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad-speed.yaml:13:12"), "\(r.stderr)")
        #expect(r.stderr.contains("speed"))
        #expect(r.stdout.isEmpty)
    }

    @Test func validateChecksEveryPolicy() throws {
        let good = try CLI.run(["validate", CLI.fixture("sweep/scenario.yaml")])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("policies baseline, doubled"))
        let bad = try CLI.run(["validate", CLI.fixture("sweep/bad-policy.yaml")])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad-policy.yaml:65:32: policies.slow.units[0].speed"), "\(bad.stderr)")
    }

    @Test func validateAcceptsASoundScenario() throws {
        let r = try CLI.run(["validate", CLI.fixture("incursion.yaml")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("valid"))
    }

    @Test func checkPassesWhenExpectationsHoldOverSeveralSeeds() throws {
        let r = try CLI.run(["check", CLI.fixture("incursion.yaml"), "--seeds", "4"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("4/4"))
    }

    @Test func checkFailsWithAnExpectedVersusActualReport() throws {
        let r = try CLI.run(["check", CLI.fixture("failing-expectation.yaml")])
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL"))
        #expect(r.stdout.contains("incursions"))
    }

    @Test func geodataSummarisesTheThreeBorders() throws {
        let r = try CLI.run(["geodata"])
        #expect(r.status == 0, "\(r.stderr)")
        for id in ["LT-BY", "LV-BY", "PL-BY"] { #expect(r.stdout.contains(id)) }
    }

    /// Every [lon, lat] position in a GeoJSON coordinates array, at any nesting.
    private func positions(_ value: Any?) -> [[Double]] {
        guard let array = value as? [Any] else { return [] }
        if let numbers = array as? [Double], numbers.count >= 2 { return [numbers] }
        return array.flatMap { positions($0) }
    }
}

/// The 17 August 2021 reproduction and the Belarusian account, through the CLI.
@Suite("17 August 2021 reproduction", .serialized)
struct IncidentReproductionTests {
    /// Incursion features of a run, as property dictionaries.
    func incursions(_ scenario: String) throws -> [[String: Any]] {
        let out = try CLI.temporaryFolder().appendingPathComponent("out")
        let r = try CLI.run(["run", "scenarios/\(scenario).yaml", "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(
            with: Data(contentsOf: out.appendingPathComponent("incursions.geojson")))
        let features = try #require((object as? [String: Any])?["features"] as? [[String: Any]])
        return features.compactMap { $0["properties"] as? [String: Any] }
    }

    @Test func twelveOfficersCrossTheDitchForMinutesAndWithdraw() throws {
        let all = try incursions("2021-08-17-dieveniskes")
        let mapped = all.filter { $0["frame"] as? String == "mapped" && $0["affiliation"] as? String == "BY" }
        #expect(Set(mapped.compactMap { $0["member"] as? Int }).count == 12)
        for i in mapped {
            let duration = try #require(number(i["duration_s"]))
            #expect(duration > 60 && duration < 600, "a duration of minutes")
            #expect(i["exit_time"] as? String != nil, "every officer left")
        }
        #expect(mapped.compactMap { number($0["max_depth_m"]) }.max().map { $0 > 2 && $0 < 30 } == true)
        let ditch = all.filter { $0["frame"] as? String == "ditch" }
        #expect(Set(ditch.compactMap { $0["member"] as? Int }).count == 12)
        #expect(!all.contains { $0["affiliation"] as? String == "LT" && $0["frame"] as? String == "mapped" })
    }

    /// A JSON number, whether it was written with decimals or not.
    func number(_ value: Any?) -> Double? {
        (value as? Double) ?? (value as? Int).map(Double.init)
    }

    @Test func theBelarusianAccountHasNoOfficerOnLithuanianSoil() throws {
        let all = try incursions("2021-08-17-dieveniskes-belarusian-account")
        #expect(!all.contains { $0["frame"] as? String == "mapped" })
        #expect(!all.contains { $0["frame"] as? String == "by-claim-3m" })
    }

    @Test(arguments: ["2021-08-17-dieveniskes", "2021-08-17-dieveniskes-belarusian-account"])
    func expectationsHoldAcrossSeeds(scenario: String) throws {
        let r = try CLI.run(["check", "scenarios/\(scenario).yaml", "--seeds", "10", "--min-rate", "0.95"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(!r.stdout.contains("FAIL"))
    }
}

/// Fences and cameras on the map, a policy chosen on the command line, and a camera's alert
/// that waits until a responder can go.
@Suite("CLI: fences, cameras and --policy")
struct FenceCameraCommandTests {
    static func features(_ folder: URL) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("zones.geojson")))
        return try #require((object as? [String: Any])?["features"] as? [[String: Any]])
    }

    @Test func zonesShowTheFenceItsGapAndTheCameraWithOneSchema() throws {
        let out = try CLI.temporaryFolder().appendingPathComponent("out")
        // Without --quiet: the timeline is printed.
        let r = try CLI.run(["run", CLI.fixture("fence-camera.yaml"), "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let features = try Self.features(out)
        let kinds = features.compactMap { ($0["properties"] as? [String: Any])?["kind"] as? String }
        #expect(kinds == ["territory", "territory", "frame-line", "fence", "fence-gap", "camera"])
        for f in features {
            let keys = try #require(f["properties"] as? [String: Any]).keys.sorted()
            #expect(keys == ["forbidden_to", "kind", "name", "state"])
        }
        let camera = try #require(features.last?["properties"] as? [String: Any])
        #expect(camera["name"] as? String == "mast" && camera["state"] as? String == "LT")
        // Seen in Belarus, where the team's way would cross the border; sent once the group is over.
        let events = try String(contentsOf: out.appendingPathComponent("events.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let seconds = { (kind: String) in events.first { $0.count > 3 && $0[3] == kind }.flatMap { Double($0[2]) } }
        let detected = try #require(seconds("detection"))
        let crossed = try #require(seconds("crossing"))
        let alerted = try #require(seconds("alert"))
        #expect(detected < crossed && crossed < alerted)
        #expect(seconds("apprehension") != nil)
        #expect(r.stdout.contains("LT patrol (lt-team) apprehended migrants group (group)"))
    }

    @Test func aPolicyIsAppliedAndRecorded() throws {
        let out = try CLI.temporaryFolder().appendingPathComponent("out")
        let r = try CLI.run([
            "run", CLI.fixture("fence-camera.yaml"), "--policy", "no-fence", "--out", out.path, "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let kinds = try Self.features(out).compactMap { ($0["properties"] as? [String: Any])?["kind"] as? String }
        #expect(!kinds.contains("fence") && kinds.contains("camera"))
        let summary = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json")))
                as? [String: Any])
        let scenario = try #require((summary["provenance"] as? [String: Any])?["scenario"] as? [String: Any])
        #expect(scenario["policy"] as? String == "no-fence")
    }

    @Test func anUnknownPolicyIsABadInputThatNamesTheOnesThereAre() throws {
        let r = try CLI.run([
            "run", CLI.fixture("fence-camera.yaml"), "--policy", "nope", "--out",
            try CLI.temporaryFolder().appendingPathComponent("out").path,
        ])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no policy 'nope'") && r.stderr.contains("no-fence"))
    }
}

@Suite("validate --pipeline: the phases a scenario's run assembles")
struct PipelineListingTests {
    @Test func aPatrolScenarioFusesItsMovesAndAFencedOneDoesNot() throws {
        let patrol = try CLI.run(["validate", "scenarios/example-patrol.yaml", "--pipeline"])
        #expect(patrol.status == 0)
        #expect(
            patrol.stdout.contains(
                "phases of a tick: orders → anchors (fused: members, boundaries, sighting) → sensing → clock"))
        // The 17 August scenario has a barrier line: members are fused, the boundary watch is not.
        let incident = try CLI.run(["validate", "scenarios/2021-08-17-dieveniskes.yaml", "--pipeline"])
        #expect(incident.stdout.contains("anchors (fused: members) → barriers → boundaries → sensing"))
    }
}
