import BorderGeometry
import Foundation

/// A flow of migrant groups arriving over time at drop-off places along the border: the
/// border-wide form of a scenario, where groups are drawn rather than listed.
///
/// Groups arrive as a Poisson process whose rate (people per day, possibly changing on given
/// dates) is divided by the mean group size. Each group is dropped at a random distance along
/// the mapped line, chosen among weighted stretches, `startOffset` metres into the state it
/// comes from, and walks straight across to `destinationOffset` metres into the other state,
/// where it leaves the simulated area (it got through) unless stopped first. Draws come from
/// the flow's own random stream, so every policy compared on a seed sees the same arrivals.
public struct ArrivalSpec: Sendable, Hashable {
    public var name: String
    /// The state the groups come from and the one they head for.
    public var from: String
    public var into: String
    /// People per day from each time on (seconds since the start), in time order; the first at 0.
    public var rates: [Rate]
    public var groupSize: ClosedRange<Int>
    public var dropOffs: [DropOff]
    /// Metres into `from` where a group appears, and into `into` where it heads.
    public var startOffset: Double
    public var destinationOffset: Double
    /// Walking speed, m/s, and the relative spread of members' speeds.
    public var speed: Double
    public var speedVariation: Double
    /// Radius of the area a group's members stand in, metres.
    public var spread: Double
    /// What a group turned back does: try again after a while, elsewhere (nil: it does not).
    public var retry: RetryPolicy?

    /// A turned-back group waits `after` seconds (taken away on the far side), then tries again
    /// from a drop-off `shift` metres along the border from its last one, either way; after
    /// `maxAttempts` attempts in all it gives up.
    public struct RetryPolicy: Sendable, Hashable {
        public var after: Double
        public var shift: ClosedRange<Double>
        public var maxAttempts: Int
        public init(after: Double, shift: ClosedRange<Double>, maxAttempts: Int) {
            self.after = after
            self.shift = shift
            self.maxAttempts = maxAttempts
        }
    }

    public struct Rate: Sendable, Hashable {
        public var from: Double
        public var peoplePerDay: Double
        public init(from: Double, peoplePerDay: Double) {
            self.from = from
            self.peoplePerDay = peoplePerDay
        }
    }

    /// A stretch of the mapped line, metres from its start, and its share of the drop-offs.
    public struct DropOff: Sendable, Hashable {
        public var from: Double
        public var to: Double
        public var weight: Double
        public init(from: Double, to: Double, weight: Double) {
            self.from = from
            self.to = to
            self.weight = weight
        }
    }

    public init(
        name: String, from: String, into: String, rates: [Rate], groupSize: ClosedRange<Int>,
        dropOffs: [DropOff], startOffset: Double, destinationOffset: Double, speed: Double,
        speedVariation: Double = 0.15, spread: Double = 8
    ) {
        self.name = name
        self.from = from
        self.into = into
        self.rates = rates
        self.groupSize = groupSize
        self.dropOffs = dropOffs
        self.startOffset = startOffset
        self.destinationOffset = destinationOffset
        self.speed = speed
        self.speedVariation = speedVariation
        self.spread = spread
    }

    /// The groups that arrive before `end` (seconds since the start), as units appearing at
    /// their arrival time. `place(distanceAlong, offset, state)` puts a point beside the line.
    func groups(
        seed: UInt64, until end: Double,
        place: (Double, Double, String) throws(GeometryError) -> Coordinate
    ) throws(GeometryError) -> [UnitSpec] {
        var rng = RandomStream(seed: seed, entity: "arrivals:" + name, purpose: 2)
        let meanSize = Double(groupSize.lowerBound + groupSize.upperBound) / 2
        let totalWeight = dropOffs.map(\.weight).reduce(0, +)
        guard meanSize > 0, totalWeight > 0 else { return [] }
        var groups = [UnitSpec]()
        var t = 0.0
        var k = 0
        while k < rates.count && t < end {
            let until = k + 1 < rates.count ? rates[k + 1].from : end
            let perSecond = rates[k].peoplePerDay / 86_400 / meanSize
            // Exponential gaps; memorylessness lets a gap that passes a change of rate restart there.
            let gap = perSecond > 0 ? -log(max(rng.unit(), 0x1.0p-53)) / perSecond : .infinity
            if t + gap >= until {
                t = until
                k += 1
                continue
            }
            t += gap
            let size = groupSize.lowerBound + Int(rng.unit() * Double(groupSize.count))
            var pick = rng.unit() * totalWeight
            var stretch = dropOffs[dropOffs.count - 1]
            for d in dropOffs {
                if pick < d.weight {
                    stretch = d
                    break
                }
                pick -= d.weight
            }
            let along = stretch.from + rng.unit() * (stretch.to - stretch.from)
            let start = try place(along, startOffset, from)
            let goal = try place(along, destinationOffset, into)
            var unit = UnitSpec(
                id: "\(name)-\(groups.count + 1)", kind: .migrants, affiliation: "migrants",
                role: "group", size: min(max(size, groupSize.lowerBound), groupSize.upperBound),
                start: start, spread: spread, speed: speed, speedVariation: speedVariation,
                orders: [Order(.goTo(goal)), Order(.leave, when: .arrived)])
            unit.appearsAt = t
            if let retry {
                unit.retry = ArrivalRetry(
                    policy: retry, along: along, from: from, into: into, startOffset: startOffset,
                    destinationOffset: destinationOffset)
            }
            groups.append(unit)
        }
        return groups
    }
}

/// A group's drop-off and flow settings, kept so it can be dropped off again after a turn-back.
public struct ArrivalRetry: Sendable, Hashable {
    public var policy: ArrivalSpec.RetryPolicy
    /// Metres along the mapped line of the last drop-off.
    public var along: Double
    public var from: String
    public var into: String
    public var startOffset: Double
    public var destinationOffset: Double

    public init(
        policy: ArrivalSpec.RetryPolicy, along: Double, from: String, into: String, startOffset: Double,
        destinationOffset: Double
    ) {
        self.policy = policy
        self.along = along
        self.from = from
        self.into = into
        self.startOffset = startOffset
        self.destinationOffset = destinationOffset
    }
}
