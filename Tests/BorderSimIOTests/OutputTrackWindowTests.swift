import BorderSim
import Foundation
import Testing

@testable import BorderSimIO

@Suite("Output: tracks of people who arrive late or leave early")
struct OutputTrackWindowTests {
    @Test func aTrackIsDrawnOnlyWhileItsMemberWasThere() throws {
        var result = OutputSample.result()
        // Samples at ticks 0, 21, 40, 80, 120: the first member was there for samples 1 to 3.
        result.tracks[0].present = 1..<4
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bordersim-window-\(UUID().uuidString)"
        ).path
        _ = try OutputWriter.write(
            result, provenance: OutputSample.provenance, to: root,
            options: OutputOptions(positions: true, kepler: true))
        func features(_ name: String) throws -> [[String: Any]] {
            let object = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: root + "/" + name)))
            return try #require((object as? [String: Any])?["features"] as? [[String: Any]])
        }
        let lines = try features("trajectories.geojson")
        let windowed = try #require(lines.first?["properties"] as? [String: Any])
        let whole = try #require(lines.dropFirst().first?["properties"] as? [String: Any])
        let times = try #require(windowed["times"] as? [String])
        #expect(times.count == 3)
        #expect(windowed["start_time"] as? String == times.first)
        #expect((whole["times"] as? [String])?.count == 5)
        let coordinates = try #require((lines[0]["geometry"] as? [String: Any])?["coordinates"] as? [[Double]])
        #expect(coordinates.count == 3)
        // positions.geojson: three points for the first member, five for the next.
        let points = try features("positions.geojson")
        let firstMember = points.prefix {
            ($0["properties"] as? [String: Any])?["member"] as? Int == 0
                && ($0["properties"] as? [String: Any])?["unit"] as? String == result.tracks[0].unit
        }
        #expect(firstMember.count == 3)
        let trips = try features("trajectories-kepler.geojson")
        #expect(((trips[0]["geometry"] as? [String: Any])?["coordinates"] as? [[Double]])?.count == 3)
    }
}
