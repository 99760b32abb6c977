import BorderGeometry
import BorderSim
import BorderSimIO
import Foundation
import Testing

/// `ObservedJudgement.prepare`: the judge's clock, members and radii from a tracks file.
@Suite("judge: preparing observed tracks")
struct JudgePrepareTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func prepare(_ csv: String, affiliation: String? = nil, uncertainty: Double? = nil) throws -> PreparedTracks
    {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bordersim-judge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("t.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let world = try JudgeWorld.border(Self.root.appendingPathComponent("geodata/lt-by.geojson").path)
        return try ObservedJudgement.prepare(
            try ObservedTracks.read(path: file.path), world: world.loaded.scenario,
            affiliation: affiliation, uncertainty: uncertainty)
    }

    @Test func theStepIsTheFixesCommonDivisorAndRadiiComeFromTheFileOrTheDefault() throws {
        let p = try Self.prepare(
            """
            id,unit,time,lon,lat,uncertainty_m
            by#3,by,2021-08-17T15:00:00+03:00,25.5415,54.1937,4
            by#3,by,2021-08-17T15:00:02.5+03:00,25.5416,54.1937,
            x,by,2021-08-17T15:00:05+03:00,25.5417,54.1937,
            """, affiliation: "BY", uncertainty: 1)
        #expect(p.scenario.clock.step == 2.5)
        #expect(p.scenario.clock.ticks == 2)
        #expect(p.scenario.clock.utcOffset == 10800)
        #expect(p.people.map(\.member) == [3, 4])
        #expect(p.people.map(\.ticks) == [[0, 1], [2]])
        #expect(p.radii == [[4, 1], [1]])
        #expect(p.isUncertain)
    }

    @Test func aTrackWithoutAffiliationNeedsOne() throws {
        #expect(throws: ScenarioError.self) {
            try Self.prepare("id,time,lon,lat\na,2021-08-17T15:00:00+03:00,25.5415,54.1937\n")
        }
        #expect(throws: ScenarioError.self) {
            try Self.prepare("id,time,lon,lat\na,2021-08-17T15:00:00+03:00,25.5415,54.1937\n", affiliation: "PL")
        }
    }
}
