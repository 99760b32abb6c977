import BorderGeometry
import BorderSim

/// An order's value in a scenario file as the order's own type reads it (`UnitOrder`): each
/// field read here is checked and located as every other value in the file.
struct OrderFieldReader: OrderFields {
    let value: YAMLValue
    /// The value as a mapping, for orders whose value is one (`UnitOrder.fields`).
    let fields: YAMLMapping?
    let unit: String
    let reader: UnitReader

    init(_ type: any UnitOrder.Type, value: YAMLValue, unit: String, reader: UnitReader) throws(ScenarioError) {
        self.value = value
        self.unit = unit
        self.reader = reader
        fields = type.fields.isEmpty ? nil : try value.mapping(type.example, keys: type.fields)
    }

    /// Reads `type` from the value; an error not located by the fields is located at the value.
    static func read(
        _ type: any UnitOrder.Type, _ value: YAMLValue, unit: String,
        reader: UnitReader
    ) throws(ScenarioError) -> Order.Action {
        let fields = try OrderFieldReader(type, value: value, unit: unit, reader: reader)
        do {
            return .order(AnyUnitOrder(try type.init(reading: fields)))
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw value.error(.invalidValue, "\(error); expected \(type.example)", found: nil)
        }
    }

    func place() throws -> Coordinate { try reader.places.place(value) }

    func otherUnit(_ key: String) throws -> String {
        let node = try field(key, "the id of another unit of this scenario")
        let target = try node.string("a unit id")
        guard target != unit else {
            throw node.error(.invalidValue, "a unit cannot name itself here; name another unit", found: nil)
        }
        guard reader.unitIDs.contains(target) else {
            let hint =
                nearestName(to: target, in: reader.unitIDs).map { "did you mean '\($0)'?" }
                ?? "units: " + reader.unitIDs.joined(separator: ", ")
            throw node.error(.unknownName, "no unit '\(target)' in this scenario; " + hint, found: nil)
        }
        return target
    }

    func route() throws -> [Coordinate] { try reader.places.route(value).points }

    func distance(_ key: String) throws -> Double {
        try field(key, Quantity.Dimension.distance.expectation).quantity(.distance, .positive)
    }

    private func field(_ key: String, _ what: String) throws(ScenarioError) -> YAMLValue {
        guard let fields else { throw value.error(.invalidValue, "expected a mapping with '\(key)'", found: nil) }
        return try fields.required(key, what)
    }
}
