import BorderGeometry
import BorderSimKernel
import Foundation

/// Where each unit's members stand at the start: drawn around the unit's start from the unit's
/// own random stream (position in formation, speed), so a unit is placed the same whatever
/// else the scenario holds.
struct Placement {
    let seed: UInt64

    /// Appends every unit's state and record, and its members.
    func place(
        _ specs: [UnitSpec], units: InPlaceArray<UnitState>, records: InPlaceArray<UnitRecord>,
        members: Members
    ) {
        units.reserve(specs.count)
        records.reserve(specs.count)
        members.reserve(specs.reduce(0) { $0 + $1.size })
        for (u, spec) in specs.enumerated() {
            var rng = RandomStream(seed: seed, entity: spec.id, purpose: 1)
            let first = members.count
            var slowest = Double.infinity
            var offsets = [Coordinate]()
            let heading = Self.initialHeading(spec)
            for k in 0..<spec.size {
                let offset =
                    switch spec.formation {
                    case .cluster:
                        Self.formationPlace(among: offsets, spread: spec.spread, spacing: spec.spacing, rng: &rng)
                    case .line: Coordinate(x: (Double(k) - Double(spec.size - 1) / 2) * spec.spacing, y: 0)
                    case .column: Coordinate(x: 0, y: -Double(k) * spec.spacing)
                    case .ring, .arc:
                        RingShape.direction(
                            k, of: spec.size, opening: spec.formation == .arc ? spec.ring?.opening ?? 0 : 0)
                    }
                offsets.append(offset)
                let place = Formation.slot(
                    offset, formation: spec.formation, heading: heading,
                    radius: spec.ring?.radius ?? 0)
                let speed = max(0.1 * spec.speed, spec.speed * (1 + spec.speedVariation * rng.gaussian()))
                slowest = min(slowest, speed)
                members.append(
                    at: Coordinate(x: spec.start.x + place.x, y: spec.start.y + place.y), offset: offset,
                    speed: speed, unit: u, index: k)
            }
            let traits = UnitState.Traits(
                formation: spec.formation, keepsToOwnSide: spec.keepsToOwnSide,
                facesHeading: spec.formation.turns || spec.isBarrier, detects: spec.detects)
            // A tightening ring's places move inward as its centre moves on: the centre moves
            // slower by the rate of tightening, so that the slowest member keeps to its place.
            let anchorSpeed = max(0, (spec.size > 0 ? slowest : spec.speed) - (spec.ring?.rate ?? 0))
            units.append(
                UnitState(
                    members: first..<(first + spec.size), spacing: spec.spacing, anchor: spec.start,
                    anchorSpeed: anchorSpeed, previousAnchor: spec.start,
                    gate: OrderGate(spec.orders, fired: Array(repeating: false, count: spec.orders.count)),
                    traits: traits))
            records.append(
                UnitRecord(
                    heading: heading, previousHeading: heading,
                    fired: Array(repeating: false, count: spec.orders.count)))
        }
    }

    /// The direction a unit faces at the start: toward where its first order sends it, else north
    /// (a column that starts on its route's first point: along the route's first leg).
    private static func initialHeading(_ spec: UnitSpec) -> Coordinate {
        let first = spec.orders.first { $0.trigger == .start }?.action
        var target = first?.destination
        if spec.formation == .column, let t = target, squaredDistance(t, spec.start) < 1e-6 {
            let route: [Coordinate]? =
                switch first {
                case .followRoute(let points, _)?: points
                case .order(let order)?: (order.base as? RouteOnceOrder)?.points
                default: nil
                }
            if let route, route.count > 1 {
                target = Coordinate(
                    x: spec.start.x + route[1].x - route[0].x,
                    y: spec.start.y + route[1].y - route[0].y)
            }
        }
        guard let target, squaredDistance(target, spec.start) > 0 else { return Coordinate(x: 0, y: 1) }
        let d = squaredDistance(target, spec.start).squareRoot()
        return Coordinate(x: (target.x - spec.start.x) / d, y: (target.y - spec.start.y) / d)
    }

    /// A place in the formation, uniform in a disc of radius `spread` and at least `spacing`
    /// from the places already taken; the disc grows a little whenever it is too crowded.
    private static func formationPlace(
        among taken: [Coordinate], spread: Double, spacing: Double,
        rng: inout RandomStream
    ) -> Coordinate {
        var radius = spread
        while true {
            for _ in 0..<30 {
                let r = radius * rng.unit().squareRoot()
                let angle = 2 * Double.pi * rng.unit()
                let c = Coordinate(x: r * cos(angle), y: r * sin(angle))
                if taken.allSatisfy({ squaredDistance($0, c) >= spacing * spacing }) { return c }
            }
            radius = max(radius * 1.2, spacing)
        }
    }
}

/// Places in a formation relative to its anchor.
enum Formation {
    /// A member's place relative to the anchor, in east/north metres.
    /// - Parameter radius: a ring's or arc's radius now (its offsets are unit vectors).
    static func slot(
        _ offset: Coordinate, formation: UnitSpec.Formation, heading h: Coordinate,
        radius: Double = 0
    ) -> Coordinate {
        switch formation {
        case .cluster: offset
        // across × right-hand normal of the heading + ahead × heading
        case .line, .column: Coordinate(x: offset.x * h.y + offset.y * h.x, y: -offset.x * h.x + offset.y * h.y)
        case .ring: Coordinate(x: offset.x * radius, y: offset.y * radius)
        case .arc:
            Coordinate(x: (offset.x * h.y + offset.y * h.x) * radius, y: (-offset.x * h.x + offset.y * h.y) * radius)
        }
    }
}

func squaredDistance(_ a: Coordinate, _ b: Coordinate) -> Double {
    let dx = a.x - b.x
    let dy = a.y - b.y
    return dx * dx + dy * dy
}

extension RandomStream {
    /// Standard normal draw (Box–Muller).
    mutating func gaussian() -> Double {
        let u1 = max(unit(), 0x1.0p-53)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
