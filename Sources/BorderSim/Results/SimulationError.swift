import BorderGeometry

/// A run that could not go on, naming the tick and unit where it stopped.
public enum SimulationError: Error, CustomStringConvertible {
    case geometry(GeometryError, tick: Int, unit: String?)
    case invalidScenario(String)

    public var description: String {
        switch self {
        case .geometry(let error, let tick, let unit):
            "simulation stopped at tick \(tick)\(unit.map { " (unit \($0))" } ?? ""): \(error)"
        case .invalidScenario(let message): "invalid scenario: \(message)"
        }
    }
}
