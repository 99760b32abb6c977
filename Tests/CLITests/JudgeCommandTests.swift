import Foundation
import Testing

/// `bordersim judge` and `bordersim compare` as a user runs them.
@Suite("CLI: judge and compare")
struct JudgeCommandTests {
    static let example = CLI.root.appendingPathComponent("examples/observed/dieveniskes-video.geojson").path
    static let ditch = CLI.root.appendingPathComponent("examples/observed/ditch.yaml").path
    static let border = CLI.root.appendingPathComponent("geodata/lt-by.geojson").path

    static func judge(_ tracks: String, _ extra: [String] = [], out: URL) throws -> CLI.Outcome {
        try CLI.run(
            ["judge", tracks, "--border", border, "--zones", ditch, "--tolerance", "2 m", "--out", out.path, "-q"]
                + extra)
    }

    @Test func theExampleIsJudgedIntoARunsFiles() throws {
        let dir = try CLI.temporaryFolder()
        let run = try Self.judge(Self.example, out: dir.appendingPathComponent("j"))
        #expect(run.status == 0, "\(run.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("j").path).sorted()
        #expect(
            files == [
                "events.csv", "events.geojson", "events.geojsons", "incursions.geojson", "judgement.json",
                "summary.json", "trajectories.geojson", "zones.geojson",
            ])
        let data = try Data(contentsOf: dir.appendingPathComponent("j/incursions.geojson"))
        let features = try #require(
            (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["features"] as? [[String: Any]])
        let mapped = features.compactMap { $0["properties"] as? [String: Any] }.filter {
            $0["frame"] as? String == "mapped"
        }
        #expect(mapped.count == 1)
        #expect(mapped.first?["person"] as? String == "by-shield-line#0")
        let summary = try String(contentsOf: dir.appendingPathComponent("j/summary.json"), encoding: .utf8)
        #expect(summary.contains("examples/observed/dieveniskes-video.geojson"))
    }

    @Test func uncertaintyGivesTheSameBytesTwice() throws {
        let dir = try CLI.temporaryFolder()
        let args = ["--uncertainty", "3 m", "--samples", "200"]
        let a = try Self.judge(Self.example, args, out: dir.appendingPathComponent("a"))
        let b = try Self.judge(Self.example, args, out: dir.appendingPathComponent("b"))
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        let ja = try Data(contentsOf: dir.appendingPathComponent("a/judgement.json"))
        #expect(ja == (try Data(contentsOf: dir.appendingPathComponent("b/judgement.json"))))
        let text = String(decoding: ja, as: UTF8.self)
        #expect(
            text.contains("\"p_beyond\"") && text.contains("\"depth_m_q95\"") && text.contains("uniform in the disc"))
    }

    /// Each bad file, and where its error must point.
    static let bad: [(name: String, text: String, location: String)] = [
        (
            "unsorted.csv",
            "id,time,lon,lat,affiliation\na,2021-08-17T15:00:10+03:00,25.5415,54.1937,BY\n"
                + "a,2021-08-17T15:00:00+03:00,25.5415,54.1937,BY\n", "unsorted.csv:3:1: "
        ),
        (
            "notime.csv",
            "id,time,lon,lat,affiliation\na,2021-08-17T15:00:10+03:00,25.5415,54.1937,BY\n"
                + "a,,25.5415,54.1937,BY\n", "notime.csv:3:3: "
        ),
        (
            "swapped.csv", "id,time,lon,lat,affiliation\na,2021-08-17T15:00:00+03:00,54.1937,25.5415,BY\n",
            "swapped.csv:2:1: "
        ),
        (
            "overlap.geojson",
            """
            {"type": "FeatureCollection", "features": [
             {"type": "Feature", "properties": {"person": "a", "affiliation": "BY", "times": ["2021-08-17T15:00:00+03:00", "2021-08-17T15:00:10+03:00"]},
              "geometry": {"type": "LineString", "coordinates": [[25.5415, 54.1937], [25.5416, 54.1937]]}},
             {"type": "Feature", "properties": {"person": "a", "affiliation": "BY", "times": ["2021-08-17T15:00:05+03:00", "2021-08-17T15:00:20+03:00"]},
              "geometry": {"type": "LineString", "coordinates": [[25.5415, 54.1937], [25.5416, 54.1937]]}}
            ]}
            """, "overlap.geojson:4:2: "
        ),
        (
            "notime.gpx",
            """
            <?xml version="1.0"?>
            <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
             <trk><name>a</name><trkseg>
              <trkpt lat="54.1937" lon="25.5415"><time>2021-08-17T12:00:00Z</time></trkpt>
              <trkpt lat="54.1937" lon="25.5416"></trkpt>
             </trkseg></trk>
            </gpx>
            """, "notime.gpx:5:"
        ),
    ]

    @Test(arguments: 0..<5)
    func badTracksAreALocatedErrorAndWriteNothing(_ k: Int) throws {
        let (name, text, location) = Self.bad[k]
        let dir = try CLI.temporaryFolder()
        let file = dir.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let run = try CLI.run(
            ["judge", name, "--border", Self.border, "--affiliation", "BY", "--out", out.path], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("error: " + location), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func aRunsOwnTrajectoriesGiveItsIncursionsAndCompareAtZero() throws {
        let dir = try CLI.temporaryFolder()
        let scenario = CLI.root.appendingPathComponent("scenarios/2021-08-17-dieveniskes.yaml").path
        let run = try CLI.run(["run", scenario, "--out", dir.appendingPathComponent("run").path, "-q"])
        #expect(run.status == 0)
        let tracks = dir.appendingPathComponent("run/trajectories.geojson").path
        let judged = try CLI.run([
            "judge", tracks, "--scenario", scenario, "--out", dir.appendingPathComponent("j").path, "-q",
        ])
        #expect(judged.status == 0, "\(judged.stderr)")
        func incursions(_ folder: String) throws -> [[String: Any]] {
            let data = try Data(contentsOf: dir.appendingPathComponent("\(folder)/incursions.geojson"))
            let all =
                (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["features"] as? [[String: Any]] ?? []
            return all.compactMap { $0["properties"] as? [String: Any] }
                .sorted { "\($0["person"]!)\($0["frame"]!)" < "\($1["person"]!)\($1["frame"]!)" }
        }
        let a = try incursions("run")
        let b = try incursions("j")
        #expect(a.count == b.count && a.count == 60)
        for (x, y) in zip(a, b) {
            #expect(x["person"] as? String == y["person"] as? String && x["frame"] as? String == y["frame"] as? String)
            // Through 7 decimals of longitude and latitude (about 1 cm).
            #expect(abs((x["max_depth_m"] as? Double ?? 0) - (y["max_depth_m"] as? Double ?? 0)) < 0.02)
        }
        let compared = try CLI.run([
            "compare", dir.appendingPathComponent("run").path, tracks,
            "--json", dir.appendingPathComponent("c.json").path,
        ])
        #expect(compared.status == 0)
        #expect(compared.stdout.contains("53 matched; Fréchet 0.0 m at most, mean distance 0.0 m"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("c.json").path))
    }

    /// A claim is one more frame: Belarus reading the line 1 m into Lithuania puts the officer
    /// who went 4.6 m over the mapped line (a straight stretch of it) 1 m less deep, entering
    /// later and leaving earlier; a claim 9 m in is never reached. A bad claims file is an
    /// error at its line and column.
    @Test func claimsAreJudgedAsFramesOfTheirOwn() throws {
        let dir = try CLI.temporaryFolder()
        let claims = dir.appendingPathComponent("claims.yaml")
        try "- {name: by-1m, state: BY, offset: 1 m}\n- {name: by-9m, state: BY, offset: 9 m}\n"
            .write(to: claims, atomically: true, encoding: .utf8)
        let run = try CLI.run([
            "judge", Self.example, "--border", Self.border, "--claims", claims.path,
            "--out", dir.appendingPathComponent("j").path, "-q",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: dir.appendingPathComponent("j/incursions.geojson"))
        let all =
            (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["features"] as? [[String: Any]] ?? []
        let byFrame = Dictionary(grouping: all.compactMap { $0["properties"] as? [String: Any] }) {
            $0["frame"] as? String ?? ""
        }
        let mapped = try #require(byFrame["mapped"]?.first)
        let claim = try #require(byFrame["by-1m"]?.first)
        #expect(byFrame["mapped"]?.count == 1 && byFrame["by-1m"]?.count == 1 && byFrame["by-9m"] == nil)
        let depth = { (p: [String: Any]) in p["max_depth_m"] as? Double ?? .nan }
        let entry = { (p: [String: Any]) in p["entry_t_seconds"] as? Double ?? .nan }
        let exit = { (p: [String: Any]) in p["exit_t_seconds"] as? Double ?? .nan }
        #expect(abs(depth(claim) - (depth(mapped) - 1)) < 0.001, "\(depth(claim)) vs \(depth(mapped))")
        #expect(entry(claim) > entry(mapped) && exit(claim) < exit(mapped))

        try "- {name: by-1m, state: XX, offset: 1 m}\n".write(to: claims, atomically: true, encoding: .utf8)
        let bad = try CLI.run([
            "judge", Self.example, "--border", Self.border, "--claims", claims.path,
            "--out", dir.appendingPathComponent("k").path, "-q",
        ])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("error: \(claims.path):1:"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("k").path))
    }
}
