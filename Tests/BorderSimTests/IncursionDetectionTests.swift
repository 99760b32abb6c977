import BorderGeometry
import Testing

@testable import BorderSim

@Suite("Incursion detection")
struct IncursionDetectionTests {
    typealias W = TestWorld

    @Test func crossingAndReturningWithinOneStepIsCaughtAndTimed() throws {
        // 30 m in one 1-s step along y = -5, through Lithuania's tooth: in at x = 51.25, out at 58.75.
        let unit = W.officer("by", state: "BY", at: W.c(40, -5), speed: 30, orders: [Order(.goTo(W.c(70, -5)))])
        let r = try W.run(W.scenario(units: [unit], ticks: 3))
        let incursion = try #require(r.incursions.first)
        #expect(r.incursions.count == 1)
        #expect(incursion.intoState == "LT")
        #expect(incursion.fromState == "BY")
        #expect(abs(incursion.entryTime - 0.375) < 1e-9)
        #expect(abs(try #require(incursion.exitTime) - 0.625) < 1e-9)
        #expect(abs(incursion.entryPoint.x - 51.25) < 1e-9)
        // Deepest at the excursion's peak (x = 55), exactly: `ZoneDepthTests`.
        #expect(incursion.maxDepth > 0 && incursion.maxDepth <= 5)
        #expect(r.events.map(\.kind) == [.incursionStart, .incursionEnd])
    }

    @Test func grazingTheLineWithoutCrossingIsNoIncursion() throws {
        // Along y = -20: touches the tooth's tip (55, -20) only.
        let unit = W.officer("by", state: "BY", at: W.c(40, -20), speed: 30, orders: [Order(.goTo(W.c(70, -20)))])
        let r = try W.run(W.scenario(units: [unit], ticks: 3))
        #expect(r.incursions.isEmpty)
        #expect(r.events.isEmpty)
    }

    @Test func movingExactlyAlongTheLineIsNoIncursion() throws {
        let unit = W.officer(
            "by", state: "BY", at: W.c(100, -5), speed: 2,
            orders: [
                Order(.followRoute([W.c(100, 0), W.c(400, 0), W.c(400, -5)], loop: false))
            ])
        let r = try W.run(W.scenario(units: [unit], ticks: 200))
        #expect(r.incursions.isEmpty)
        // It did walk the line: its track passes (250, 0).
        #expect(r.tracks[0].positions.contains { $0.y == 0 && $0.x > 200 && $0.x < 300 })
    }

    @Test func unitStartingInForeignTerritoryIsInIncursionFromTheStart() throws {
        let unit = W.officer("by", state: "BY", at: W.c(200, 50), speed: 1, orders: [Order(.goTo(W.c(200, -50)))])
        let r = try W.run(W.scenario(units: [unit], ticks: 100))
        let incursion = try #require(r.incursions.first)
        #expect(incursion.entryTime == 0)
        #expect(abs(try #require(incursion.exitTime) - 50) < 1e-9)
        #expect(abs(incursion.maxDepth - 50) < 1e-9)
    }

    @Test(arguments: [0.35, 0.5, 0.9]) func entryTimeIsInterpolatedWithinTheStep(fraction: Double) throws {
        // 20 m per 10-s step, northward; the line is crossed at `fraction` of the first step.
        let y0 = -20 * fraction
        let unit = W.officer("by", state: "BY", at: W.c(300, y0), speed: 2, orders: [Order(.goTo(W.c(300, y0 + 20)))])
        let r = try W.run(W.scenario(units: [unit], step: 10, ticks: 1))
        let incursion = try #require(r.incursions.first)
        #expect(abs(incursion.entryTime - 10 * fraction) < 1e-9)
        #expect(incursion.exitTime == nil)
        #expect(abs(incursion.duration(runEnd: r.endTime) - 10 * (1 - fraction)) < 1e-9)
    }

    @Test func depthIsTheFarthestDistanceBeyondTheLine() throws {
        let unit = W.officer(
            "by", state: "BY", at: W.c(500, -10), speed: 1,
            orders: [
                Order(.goTo(W.c(500, 6))), Order(.goTo(W.c(500, -10)), when: .arrived),
            ])
        let r = try W.run(W.scenario(units: [unit], ticks: 60))
        let incursion = try #require(r.incursions.first)
        #expect(abs(incursion.maxDepth - 6) < 1e-9)
        #expect(incursion.deepestPoint == W.c(500, 6))
        #expect(abs(incursion.entryTime - 10) < 1e-9)
        #expect(abs(try #require(incursion.exitTime) - 22) < 1e-9)
    }

    @Test func claimedLineChangesTheVerdict() throws {
        // 2 m into Lithuania on the mapped line, but short of Belarus's claimed line 3 m north of it.
        let unit = W.officer("by", state: "BY", at: W.c(500, -10), speed: 1, orders: [Order(.goTo(W.c(500, 2)))])
        let r = try W.run(
            W.scenario(units: [unit], ticks: 30, frames: [W.mapped, W.byClaim(offset: 3)], tolerance: 2.5))
        #expect(r.incursions.map(\.boundary) == ["mapped"])
        #expect(abs(r.incursions[0].maxDepth - 2) < 1e-9)
        // 2 m is within a 2.5 m tolerance band.
        #expect(!r.incursions[0].isBeyond(tolerance: r.scenario.tolerance))
    }

    @Test func forbiddenZoneIsAnIncursionOnlyForThoseItIsForbiddenTo() throws {
        let ditch = Zone(
            name: "ditch", area: .polygon([[W.c(400, -2), W.c(600, -2), W.c(600, 2), W.c(400, 2)]]),
            forbiddenTo: ["BY"])
        let officer = W.officer("by", state: "BY", at: W.c(450, -10), speed: 1, orders: [Order(.goTo(W.c(450, -1)))])
        var group = W.officer("g", state: "migrants", at: W.c(550, -10), speed: 1, orders: [Order(.goTo(W.c(550, 10)))])
        group.kind = .migrants
        let r = try W.run(W.scenario(units: [officer, group], ticks: 40, zones: [ditch]))
        #expect(r.incursions.map(\.boundary) == ["ditch"])
        #expect(r.incursions[0].unit == "by")
        #expect(abs(r.incursions[0].entryTime - 8) < 1e-9)
        #expect(abs(r.incursions[0].maxDepth - 1) < 1e-9)  // 1 m inside the ditch's edge
        let zoneEvents = r.events.filter { $0.boundary == "ditch" }.map { "\($0.unit):\($0.kind.rawValue)" }
        #expect(zoneEvents == ["by:zone_entry", "by:incursion_start", "g:zone_entry", "g:zone_exit"])
        #expect(r.events.filter { $0.kind == .crossing }.map { "\($0.fromState!)->\($0.intoState!)" } == ["BY->LT"])
    }

    @Test func stepEndingAHairPastTheLineStillChangesTerritory() throws {
        // 60 m at 1.2 m/s: after 50 steps of rounding the member stands within 1e-13 m of the line.
        let unit = W.officer("by", state: "BY", at: W.c(500, -60), speed: 1.2, orders: [Order(.goTo(W.c(500, 30)))])
        let r = try W.run(W.scenario(units: [unit], ticks: 80))
        #expect(r.incursions.count == 1)
        #expect(abs(r.incursions[0].entryTime - 50) < 1e-9)
        #expect(abs(r.incursions[0].maxDepth - 30) < 1e-9)
    }
}

@Suite("Zone depth over the continuous path")
struct ZoneDepthTests {
    typealias W = TestWorld

    /// A 3 m ditch on the straight stretch of the line, 1.5 m either side of it.
    static let ditch = Zone(
        name: "ditch",
        area: .polygon([
            [
                W.c(100, -1.5), W.c(900, -1.5), W.c(900, 1.5),
                W.c(100, 1.5), W.c(100, -1.5),
            ]
        ]), forbiddenTo: ["BY"])

    @Test func crossingTheDitchBetweenStepsIsMeasuredAtItsMiddle() throws {
        // 4 m per step, northward from y = -3.2: positions at -3.2, 0.8, 4.8, so no step ends on
        // the ditch's centre line; the deepest point is still its middle, 1.5 m in.
        let unit = W.officer("by", state: "BY", at: W.c(300, -3.2), speed: 4, orders: [Order(.goTo(W.c(300, 8)))])
        let r = try W.run(W.scenario(units: [unit], ticks: 4, zones: [Self.ditch]))
        let inDitch = try #require(r.incursions.first { $0.boundary == "ditch" })
        #expect(abs(inDitch.maxDepth - 1.5) < 1e-9)
        #expect(abs(inDitch.deepestPoint.y) < 1e-9)
    }

    @Test func theExcursionThroughTheToothIsExactAtItsPeak() throws {
        // As in the first test of the suite: the peak is at x = 55, 75/√425 m from the tooth's sides.
        let unit = W.officer("by", state: "BY", at: W.c(40, -5), speed: 30, orders: [Order(.goTo(W.c(70, -5)))])
        let r = try W.run(W.scenario(units: [unit], ticks: 3))
        let incursion = try #require(r.incursions.first)
        #expect(abs(incursion.maxDepth - 75 / 425.0.squareRoot()) < 1e-9)
        #expect(abs(incursion.deepestPoint.x - 55) < 1e-9)
    }

    /// The property: for walks zigzagging in and about the ditch, every incursion's depth is the
    /// maximum of a dense resampling of the track between its entry and exit, within the resampling's error.
    @Test(arguments: 0..<12) func depthAgreesWithDenseResamplingOfTheTrack(seed: Int) throws {
        var s = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 11
        func unit() -> Double {
            s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(s >> 11) / Double(1 << 53)
        }
        let route = (0..<6).map { k in W.c(200 + Double(k) * 7 + unit() * 5, unit() * 6 - 3) }
        let officer = W.officer(
            "by", state: "BY", at: W.c(195, -3), speed: 1.3 + unit(),
            orders: [Order(.followRoute(route, loop: false))])
        let r = try W.run(W.scenario(units: [officer], step: 1, ticks: 60, zones: [Self.ditch]))
        let found = r.incursions.filter { $0.boundary == "ditch" }
        #expect(!found.isEmpty)
        // One sample per tick: the track is the straight moves between them.
        let track = r.tracks[0].positions
        #expect(track.count == r.sampleTicks.count)
        let samples = 400
        for incursion in found {
            let exit = incursion.exitTime ?? Double(r.sampleTicks.last!)
            var dense = 0.0
            for k in 0..<(track.count - 1) {
                let p = track[k]
                let q = track[k + 1]
                let t0 = Double(r.sampleTicks[k])
                for j in 0...samples {
                    let f = Double(j) / Double(samples)
                    guard t0 + f >= incursion.entryTime, t0 + f <= exit else { continue }
                    dense = max(dense, 1.5 - abs(p.y + (q.y - p.y) * f))
                }
            }
            #expect(incursion.maxDepth >= dense - 1e-9)
            #expect(incursion.maxDepth <= dense + 3.0 / Double(samples) + 1e-9)
        }
    }
}
