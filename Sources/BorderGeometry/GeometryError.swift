/// A failure inside the geometry layer, carrying the message GEOS or PROJ gave.
public enum GeometryError: Error, Equatable, CustomStringConvertible {
    /// A GEOS call failed; `message` is GEOS's own error text when it gave one.
    case geos(operation: String, message: String)
    /// A PROJ call failed.
    case proj(operation: String, message: String)
    /// Input that is well-formed but not what the operation needs (e.g. a polygon where a line is required).
    case unsupported(String)

    public var description: String {
        switch self {
        case .geos(let operation, let message): "GEOS \(operation) failed: \(message)"
        case .proj(let operation, let message): "PROJ \(operation) failed: \(message)"
        case .unsupported(let message): message
        }
    }
}
