import Testing

@testable import BorderSimKernel

/// A point in east/north metres, and a small seeded generator: the kernel knows no geometry.
private struct Point: Equatable {
    var x, y: Double
}

private func squaredDistance(_ a: Point, _ b: Point) -> Double { (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) }

/// SplitMix64, for reproducible positions.
private struct Draws {
    var state: UInt64
    mutating func unit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) * 0x1.0p-53
    }
}

/// The grid that finds the watchers near a person: whatever the watchers' moves between
/// rebuilds (the table keeps its storage), a look-up lists, in ascending order, every watcher
/// within range and never one more than two cells away.
@Suite("SpatialGrid: watchers near a person")
struct SpatialGridTests {
    @Test func lookUpsFindEveryWatcherInRangeAcrossRebuilds() {
        let range = 150.0
        let grid = SpatialGrid(cell: range)
        var rng = Draws(state: 11)
        // Watchers crowded into a small area, so cells hold several and many are shared.
        var positions = (0..<60).map { _ in Point(x: 6e5 + 900 * rng.unit(), y: 6e6 + 900 * rng.unit()) }
        let watchers = Array(0..<60)
        for round in 0..<25 {
            grid.rebuild(watchers) { (positions[$0].x, positions[$0].y) }
            for _ in 0..<200 {
                let p = Point(x: 6e5 - 200 + 1300 * rng.unit(), y: 6e6 - 200 + 1300 * rng.unit())
                let found = grid.near(x: p.x, y: p.y).map { grid.items[$0] }
                #expect(found == found.sorted(), "round \(round)")
                #expect(Set(found).count == found.count, "round \(round)")
                for w in watchers where squaredDistance(positions[w], p) <= range * range {
                    #expect(found.contains(w), "round \(round): watcher \(w) in range of \(p) not found")
                }
                for w in found {
                    #expect(squaredDistance(positions[w], p) < 9 * range * range, "round \(round): \(w) too far")
                }
            }
            // Some watchers walk a cell or two, the others stay: the next rebuild reuses the table.
            for w in watchers where rng.unit() < 0.3 {
                positions[w].x += 300 * (rng.unit() - 0.5)
                positions[w].y += 300 * (rng.unit() - 0.5)
            }
        }
    }

    /// Watchers moved cell by cell between rebuilds (only those that changed cell are moved in
    /// the table) give the same look-ups, list for list, as a grid built afresh where they are:
    /// crowded cells that outgrow their room, cells emptied and new ones, far jumps.
    @Test func movingWatchersGivesTheSameLookUpsAsBuildingAfresh() {
        let range = 150.0
        let grid = SpatialGrid(cell: range)
        var rng = Draws(state: 23)
        var positions = (0..<40).map { _ in Point(x: 6e5 + 1500 * rng.unit(), y: 6e6 + 1500 * rng.unit()) }
        let watchers = Array(0..<40)
        for round in 0..<200 {
            grid.rebuild(watchers) { (positions[$0].x, positions[$0].y) }
            let fresh = SpatialGrid(cell: range)
            fresh.rebuild(watchers) { (positions[$0].x, positions[$0].y) }
            for _ in 0..<100 {
                let p = Point(x: 6e5 - 300 + 2100 * rng.unit(), y: 6e6 - 300 + 2100 * rng.unit())
                let found = grid.near(x: p.x, y: p.y).map { grid.items[$0] }
                let expected = fresh.near(x: p.x, y: p.y).map { fresh.items[$0] }
                #expect(found == expected, "round \(round) at \(p)")
            }
            // Most walk a few metres; some gather in one spot (a crowded cell), a few jump far.
            for w in watchers {
                let r = rng.unit()
                if r < 0.05 {
                    positions[w] = Point(x: 6e5 + 700 + 50 * rng.unit(), y: 6e6 + 700 + 50 * rng.unit())
                } else if r < 0.08 {
                    positions[w] = Point(x: 6e5 + 1500 * rng.unit(), y: 6e6 + 1500 * rng.unit())
                } else {
                    positions[w].x += 60 * (rng.unit() - 0.5)
                    positions[w].y += 60 * (rng.unit() - 0.5)
                }
            }
        }
    }

    /// Cells are found by rounding, not by ⌊⌋: around the origin, on both sides of zero, and with
    /// watchers exactly at the range along each axis and diagonal, none in range is missed.
    @Test func watchersAtExactlyTheRangeAreFoundOnEitherSideOfZero() {
        let range = 150.0
        let grid = SpatialGrid(cell: range)
        var rng = Draws(state: 5)
        let d = range / 2.0.squareRoot()
        for _ in 0..<300 {
            let p = Point(x: 600 * (rng.unit() - 0.5), y: 600 * (rng.unit() - 0.5))
            let around = [(range, 0.0), (-range, 0), (0, range), (0, -range), (d, d), (-d, d), (d, -d), (-d, -d)]
            let positions = around.map { Point(x: p.x + $0.0, y: p.y + $0.1) }
            grid.rebuild(Array(positions.indices)) { (positions[$0].x, positions[$0].y) }
            let found = Set(grid.near(x: p.x, y: p.y).map { grid.items[$0] })
            for w in positions.indices where squaredDistance(positions[w], p) <= range * range {
                #expect(found.contains(w), "watcher at \(positions[w]) in range of \(p) not found")
            }
        }
    }
}
