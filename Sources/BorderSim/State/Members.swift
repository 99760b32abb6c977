import BorderGeometry
import BorderSimKernel

/// Per-member state, stored by field so the step loop walks flat arrays, each written in place
/// (workers write their own members' elements at once).
final class Members {
    /// Where each member is, and where it was at the start of the current step. The two swap
    /// at the start of each step's moves, which then write `position` of every member in the
    /// area; so members out of it must have both equal (`settle`).
    let position = InPlaceArray<Coordinate>()
    let previous = InPlaceArray<Coordinate>()
    /// Metres per second this member walks at.
    let speed = InPlaceArray<Double>()
    /// Where in its unit's formation the member stands, relative to the unit's anchor: east and
    /// north metres for a cluster; (across, ahead) of the unit's heading for a line.
    let offset = InPlaceArray<Coordinate>()
    let unit = InPlaceArray<Int>()
    /// Index of the member within its unit.
    let index = InPlaceArray<Int>()
    /// Metres walked so far.
    let walked = InPlaceArray<Double>()

    var count: Int { position.count }

    /// Makes where everyone stands where they start the step from: a swap, not a copy.
    func startStep() { position.swapElements(with: previous) }

    /// Sets `previous` to `position` for `members`, who will not move for a while (they have left
    /// the area, or were put somewhere while away).
    func settle(_ members: Range<Int>) {
        for m in members { previous[m] = position[m] }
    }

    /// Makes room for `n` members, so a large crowd is stored without the slack of growing.
    func reserve(_ n: Int) {
        for array in [position, previous, offset] { array.reserve(n) }
        for array in [unit, index] { array.reserve(n) }
        for array in [speed, walked] { array.reserve(n) }
    }

    /// Adds member `index` of unit `unit`, standing at `at`.
    func append(at: Coordinate, offset: Coordinate, speed: Double, unit: Int, index: Int) {
        position.append(at)
        previous.append(at)
        self.offset.append(offset)
        self.speed.append(speed)
        self.unit.append(unit)
        self.index.append(index)
        walked.append(0)
    }
}
