import BorderGeometry
import Foundation
import Testing

@testable import BorderSim
@testable import BorderSimIO

@Suite("Output: timeline")
struct OutputTimelineTests {
    @Test func sampleRun() {
        #expect(
            Timeline.lines(for: OutputSample.result()) == [
                "15:00:02  LT border-guard (lt-guards) first detected BY riot-police (by-officers)",
                "15:00:07  BY riot-police (by-officers): 2 members crossed the mapped border into LT (first 15:00:07, "
                    + "still inside at the end, max depth 6.2 m, 2 of 2 beyond the 0.5 m tolerance)",
                "15:00:12  LT border-guard (lt-guards) warned BY riot-police (by-officers) 2 times (first 15:00:12, last 15:00:22)",
                "15:00:24  BY riot-police (by-officers) withdrew after 2 warnings, 12 s after the first",
            ])
    }

    /// A migrant group crossing both ways, a push-back, a zone incursion, and a closed incursion.
    @Test func crossingsEachWayPushBacksAndZones() {
        var result = OutputSample.result()
        let c = OutputSample.c
        result.scenario.tolerance = 0
        result.scenario.units.append(
            UnitSpec(
                id: "m1", kind: .migrants, affiliation: "migrants", role: "group", size: 3,
                start: c(565000, 5_984_950), speed: 1))
        func crossing(_ t: Double, _ member: Int, _ from: String, _ into: String) -> Event {
            Event(
                time: t, kind: .crossing, unit: "m1", member: member, affiliation: "migrants",
                position: c(565000, 5_985_000),
                boundary: "mapped", fromState: from, intoState: into)
        }
        result.events = [
            crossing(100, 0, "BY", "LT"), crossing(101.5, 1, "BY", "LT"), crossing(103, 2, "BY", "LT"),
            Event(
                time: 110, kind: .pushBack, unit: "lt-guards", affiliation: "LT", position: c(565000, 5_985_010),
                counterpart: "m1"),
            crossing(125, 0, "LT", "BY"),
            Event(
                time: 130, kind: .warning, unit: "lt-guards", member: 0, affiliation: "LT",
                position: c(565000, 5_985_004),
                counterpart: "by-officers"),
        ]
        result.incursions = [
            Incursion(
                unit: "by-officers", member: 0, affiliation: "BY", boundary: "ditch", isZone: true, fromState: "BY",
                intoState: "ditch", entryTime: 200, exitTime: 260.4, maxDepth: 1.25, entryPoint: c(565000, 5_985_000),
                deepestPoint: c(565000, 5_985_001), exitPoint: c(565000, 5_985_000))
        ]
        result.endTime = 300
        #expect(
            Timeline.lines(for: result) == [
                "15:01:40  migrants group (m1): 3 members crossed the mapped border from BY into LT (first 15:01:40, last 15:01:43)",
                "15:01:50  LT border-guard (lt-guards) pushed back migrants group (m1)",
                "15:02:05  migrants group (m1): 1 member crossed the mapped border from LT into BY",
                "15:02:10  LT border-guard (lt-guards) warned BY riot-police (by-officers) once",
                "15:03:20  BY riot-police (by-officers): 1 member entered zone 'ditch' (first 15:03:20, last out 15:04:20, max depth 1.3 m)",
            ])
    }

    @Test func aRunOverMidnightShowsDates() {
        var result = OutputSample.result()
        result.scenario.clock.start += 9 * 3600 - 10  // 23:59:50 local
        result.endTime = 30
        let lines = Timeline.lines(for: result)
        #expect(
            lines.first
                == "2021-08-17 23:59:52  LT border-guard (lt-guards) first detected BY riot-police (by-officers)")
        #expect(
            lines.last
                == "2021-08-18 00:00:14  BY riot-police (by-officers) withdrew after 2 warnings, 12 s after the first")
    }
}

@Suite("Output: tolerance table")
struct OutputToleranceTableTests {
    @Test func tableCountsPeopleBeyondEachBand() {
        let lines = Timeline.toleranceTable(for: OutputSample.result())
        #expect(
            lines == [
                "people deeper than the tolerance band (metres beyond the line or inside the zone):",
                "boundary (who)            > 0.0 m  > 0.5 m  > 1.0 m  > 2.0 m  > 5.0 m > 10.0 m",
                // Two officers 6.2 m and between 2 and 5 m deep (OutputSample); tolerance 0.5 m.
                "mapped (BY)                     2        2        2        2        1        0",
            ])
    }
}
