import BorderGeometry
import Foundation

/// The circle a `ring` or `arc` formation stands on, centred on the unit's anchor: whom it
/// closes round, its radius, and how the radius changes over time.
public struct RingShape: Sendable, Hashable {
    /// The unit the ring closes round: the ring starts centred on that unit's start (nil: at its own).
    public var surround: String?
    /// Radius when the unit appears, metres.
    public var radius: Double
    /// The radius it closes in (or opens out) to, metres, at `rate` metres per second (0: never).
    public var tightenTo: Double
    public var rate: Double
    /// For an arc: the gap in the circle, radians, centred on the unit's heading (0 for a ring).
    public var opening: Double

    public init(
        surround: String? = nil, radius: Double, tightenTo: Double? = nil, rate: Double = 0,
        opening: Double = 0
    ) {
        self.surround = surround
        self.radius = radius
        self.tightenTo = tightenTo ?? radius
        self.rate = rate
        self.opening = opening
    }

    /// The radius `elapsed` seconds after the unit appeared: from `radius` toward `tightenTo`
    /// at `rate`, then `tightenTo`.
    func radius(after elapsed: Double) -> Double {
        let change = min(abs(tightenTo - radius), rate * max(0, elapsed))
        return tightenTo < radius ? radius - change : radius + change
    }

    /// The radius that puts `size` members `spacing` apart round the ring (arc: round the part
    /// outside its opening), the default when none is given.
    public static func fitting(size: Int, spacing: Double, opening: Double) -> Double {
        let gaps = opening > 0 ? Double(max(size - 1, 1)) : Double(max(size, 1))
        return max(gaps * spacing / (2 * Double.pi - opening), spacing / 2)
    }

    /// Member `k` of `size`'s place as a unit vector: east/north for a ring (the first due
    /// north, then clockwise), (across, ahead) of the heading for an arc (from the gap's right
    /// edge round the back to its left edge).
    static func direction(_ k: Int, of size: Int, opening: Double) -> Coordinate {
        if opening == 0 {
            let a = 2 * Double.pi * Double(k) / Double(size)
            return Coordinate(x: sin(a), y: cos(a))
        }
        let a = size > 1 ? opening / 2 + (2 * Double.pi - opening) * Double(k) / Double(size - 1) : Double.pi
        return Coordinate(x: sin(a), y: cos(a))
    }
}
