/// A 2-D position: x = easting or longitude, y = northing or latitude.
///
/// Lon/lat order everywhere, as GeoJSON and `proj_normalize_for_visualization` use.
public struct Coordinate: Hashable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public var description: String { "(\(x), \(y))" }
}
