import Testing

@testable import BorderSimIO

@Suite("ScenarioLoader: quantities with units")
struct QuantityTests {
    @Test(arguments: [
        ("300 m", 300.0, Quantity.Dimension.distance),
        ("300m", 300, .distance),
        ("1.5 km", 1500, .distance),
        ("20 cm", 0.2, .distance),
        ("1 km 200 m", 1200, .distance),
        ("-3 m", -3, .distance),
        ("+2e3 m", 2000, .distance),
        ("250 ms", 0.25, .duration),
        ("30 min", 1800, .duration),
        ("1 h 30 min", 5400, .duration),
        ("1h30min", 5400, .duration),
        ("1.2 m/s", 1.2, .speed),
        ("2 d", 172_800, .duration),
        ("1 day 12 h", 129_600, .duration),
        ("3 m/min", 0.05, .speed),
        ("1 km/day", 1000.0 / 86_400, .speed),
        ("5 cm/s", 0.05, .speed),
        ("0.2 km/h", 0.2 / 3.6, .speed),
    ])
    func parsesToSIUnits(text: String, value: Double, dimension: Quantity.Dimension) throws {
        #expect(try Quantity.parse(text) == Quantity(value, dimension))
    }

    @Test func kilometresPerHour() throws {
        let speed = try Quantity.parse("4 km/h")
        #expect(speed.dimension == .speed)
        #expect(abs(speed.value - 4 / 3.6) < 1e-15)
    }

    /// A suggestion fits the value's dimension: "3 m/mins" for a speed is "m/min", never "min".
    @Test func suggestionsFitTheExpectedDimension() {
        #expect(throws: QuantityError.unknownUnit("m/mins", suggestion: "m/min", expected: .speed)) {
            try Quantity.parse("3 m/mins", as: .speed)
        }
        #expect(throws: QuantityError.unknownUnit("kmh", suggestion: "km/h", expected: .speed)) {
            try Quantity.parse("4 kmh", as: .speed)
        }
        #expect(throws: QuantityError.unknownUnit("kms", suggestion: "km", expected: .distance)) {
            try Quantity.parse("4 kms", as: .distance)
        }
        #expect(throws: QuantityError.unknownUnit("m/dy", suggestion: "m/d", expected: .speed)) {
            try Quantity.parse("3 m/dy", as: .speed)
        }
        // A speed's parts are checked: a duration per distance is no speed, and nothing close is.
        #expect(throws: QuantityError.unknownUnit("h/km", suggestion: nil, expected: .speed)) {
            try Quantity.parse("12 h/km", as: .speed)
        }
        #expect(throws: QuantityError.wrongDimension(found: .speed, expected: .duration)) {
            try Quantity.parse("3 m/min", as: .duration)
        }
        let message = QuantityError.unknownUnit("mn", suggestion: "min", expected: .duration).description
        #expect(message == "'mn' is not a unit; did you mean 'min'?; durations are in ms, s, min, h, d, day")
    }

    @Test func rejectsWhatIsNotAQuantity() {
        #expect(throws: QuantityError.bareNumber("300")) { try Quantity.parse("300") }
        #expect(throws: QuantityError.bareNumber("1 h 30")) { try Quantity.parse("1 h 30") }
        #expect(throws: QuantityError.unknownUnit("kmh", suggestion: "km/h")) { try Quantity.parse("4 kmh") }
        #expect(throws: QuantityError.unknownUnit("mins", suggestion: "min")) { try Quantity.parse("5 mins") }
        #expect(throws: QuantityError.unknownUnit("sec", suggestion: nil)) { try Quantity.parse("5 sec") }
        #expect(throws: QuantityError.unknownUnit("furlongs", suggestion: nil)) { try Quantity.parse("3 furlongs") }
        #expect(throws: QuantityError.malformed("fast")) { try Quantity.parse("fast") }
        #expect(throws: QuantityError.malformed("4 !")) { try Quantity.parse("4 !") }
        #expect(throws: QuantityError.malformed("nan m")) { try Quantity.parse("nan m") }
        #expect(throws: QuantityError.malformed("inf m")) { try Quantity.parse("inf m") }
        #expect(throws: QuantityError.malformed("1e999 m")) { try Quantity.parse("1e999 m") }
        #expect(throws: QuantityError.mixedDimensions("1 m 2 s")) { try Quantity.parse("1 m 2 s") }
        #expect(throws: QuantityError.empty) { try Quantity.parse("  ") }
    }

    @Test func dimensionIsChecked() throws {
        #expect(try Quantity.parse("5 min", as: .duration) == 300)
        #expect(throws: QuantityError.wrongDimension(found: .duration, expected: .distance)) {
            try Quantity.parse("5 min", as: .distance)
        }
        // Zero is zero in every unit; any other bare number is not.
        #expect(try Quantity.parse("0", as: .distance) == 0)
        #expect(throws: QuantityError.bareNumber("0.5")) { try Quantity.parse("0.5", as: .distance) }
    }

    @Test(arguments: [
        ("km 143.2", 143_200.0), ("km143.2", 143_200), ("143.2 km", 143_200), ("143.2", 143_200),
        ("143200 m", 143_200), ("0", 0), ("km -1", -1000),
    ])
    func kilometreMarks(text: String, metres: Double) throws {
        #expect(try Quantity.kilometreMark(text) == metres)
    }

    @Test func badKilometreMarks() {
        #expect(throws: QuantityError.malformed("km")) { try Quantity.kilometreMark("km") }
        #expect(throws: QuantityError.malformed("km 1 m")) { try Quantity.kilometreMark("km 1 m") }
        #expect(throws: QuantityError.wrongDimension(found: .duration, expected: .distance)) {
            try Quantity.kilometreMark("3 h")
        }
    }

    @Test func suggestionsAreCloseAndDeterministic() {
        #expect(nearestName(to: "sped", in: ["size", "speed", "spread"]) == "speed")
        #expect(nearestName(to: "speedVariation", in: ["speed", "speed_variation"]) == "speed_variation")
        #expect(nearestName(to: "colour", in: ["name", "world"]) == nil)
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("", "abc") == 3)
    }
}
