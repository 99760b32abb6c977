import BorderSimKernel

/// Who is in the simulated area: each unit's flag, and the ascending lists of present units
/// and of their members that the per-unit and per-member phases visit, so groups yet to arrive
/// or long gone cost nothing. Also the units whose orders may fire at the next order phase.
final class Presence {
    /// True while unit u is in the area, from its appearance until it leaves: apart from the
    /// units' state, so the lists are rebuilt without reading every unit's state.
    let isPresent = InPlaceArray<Bool>()
    @exclusivity(unchecked) private(set) var activeUnits: [Int] = []
    @exclusivity(unchecked) private(set) var activeMembers: [Int] = []
    /// Units whose pending orders may fire at the next order phase: listed when something that
    /// can open a gate happens (the clock or arriving, in the anchors phase, on the workers'
    /// lists; a warning, a detection, appearing), so the order phase visits only these.
    @exclusivity(unchecked) var ordersDue: [Int]
    /// Units that appear after the start, by time of appearance, and the next one due.
    let appearances: [Int]
    @exclusivity(unchecked) var nextAppearance = 0
    /// Set when a unit appears (or before the lists are first built): the lists are then rebuilt
    /// from scratch. Units that leave are listed, here and by the workers, and taken out.
    @exclusivity(unchecked) private var someoneAppeared = true
    @exclusivity(unchecked) private var departed: [Int] = []

    init(specs: [UnitSpec], units: InPlaceArray<UnitState>) {
        isPresent.reserve(specs.count)
        for spec in specs { isPresent.append(spec.appearsAt <= 0) }
        ordersDue = Array(specs.indices)
        appearances = specs.indices.filter { specs[$0].appearsAt > 0 }
            .sorted { (specs[$0].appearsAt, $0) < (specs[$1].appearsAt, $1) }
    }

    /// Puts unit `u` in or out of the area (from sequential code; a worker lists its own leavers).
    func set(_ u: Int, _ present: Bool) {
        isPresent[u] = present
        if present {
            ordersDue.append(u)
            someoneAppeared = true
        } else {
            departed.append(u)
        }
    }

    /// Brings `activeUnits` and `activeMembers` up to date if a unit has appeared or left since.
    func refresh(units: InPlaceArray<UnitState>, members: Members, workers: [Worker]) {
        for worker in workers where !worker.departed.isEmpty {
            departed += worker.departed
            worker.departed.removeAll(keepingCapacity: true)
        }
        // Those who left stand still from now on.
        for u in departed where !isPresent[u] { members.settle(units[u].members) }
        if someoneAppeared {
            someoneAppeared = false
            departed.removeAll(keepingCapacity: true)
            activeUnits.removeAll(keepingCapacity: true)
            activeMembers.removeAll(keepingCapacity: true)
            for u in units.indices where isPresent[u] { activeUnits.append(u) }
            for m in 0..<members.count where isPresent[members.unit[m]] { activeMembers.append(m) }
        } else if !departed.isEmpty {
            removeDeparted(units: units)
        }
    }

    /// Only departures: each leaver's stretch of each (ascending) list is found by binary
    /// search, and the rest closes up in bulk, in order.
    private func removeDeparted(units: InPlaceArray<UnitState>) {
        departed.sort()
        var unitStretches = [Range<Int>]()
        var people = [Range<Int>]()
        for (k, u) in departed.enumerated() where !isPresent[u] && (k == 0 || departed[k - 1] != u) {
            guard let i = activeUnits.position(ofSorted: u) else { continue }
            unitStretches.append(i..<(i + 1))
            let own = units[u].members
            if !own.isEmpty, let j = activeMembers.position(ofSorted: own.lowerBound) {
                people.append(j..<(j + own.count))
            }
        }
        departed.removeAll(keepingCapacity: true)
        activeUnits.remove(stretches: unitStretches)
        activeMembers.remove(stretches: people)
    }
}
