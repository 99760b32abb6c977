import BorderSimKernel

/// Who is who, worked out once per run: the lists of units and members each phase cares
/// about, and keys for comparing units without their strings and for keying draws by them.
final class Roster {
    /// The replicate's seed.
    let seed: UInt64
    /// Each unit's id, hashed once, for draws keyed by units rather than by their order.
    let idHash: [UInt64]
    /// Each unit's index by its id, for orders that name another unit.
    let index: [String: Int]
    /// Each unit's affiliation as a small number, to compare sides without comparing strings.
    let side: [Int]
    /// Units that hold migrants back as a line (`UnitSpec.isBarrier`), and all officer units.
    let barriers: [Int]
    let officers: [Int]
    /// Members of officer units that detect (range > 0), their units, and the grid that finds
    /// them near a person.
    let watchers: [Int]
    let watcherUnits: [Int]
    let grid: SpatialGrid

    /// - Parameter cell: the grid's cell, at least the longest detection range.
    init(seed: UInt64, specs: [UnitSpec], members: Members, cell: Double) {
        self.seed = seed
        idHash = specs.map { spec in
            var stream = RandomStream(seed: 0, entity: spec.id, purpose: 0)
            return stream.next()
        }
        index = Dictionary(specs.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var sides = [String: Int]()
        side = specs.map { spec in
            if let known = sides[spec.affiliation] { return known }
            sides[spec.affiliation] = sides.count
            return sides.count - 1
        }
        watchers = (0..<members.count).filter { specs[members.unit[$0]].detects }
        watcherUnits = specs.indices.filter { specs[$0].detects }
        barriers = specs.indices.filter { specs[$0].isBarrier && specs[$0].size >= 1 }
        officers = specs.indices.filter { specs[$0].kind == .officers }
        grid = SpatialGrid(cell: cell)
    }
}
