/// An amount with its unit as written in a scenario file ("300 m", "4 km/h", "1 h 30 min"),
/// held in SI base units: metres, seconds, metres per second.
///
/// Units: distances `m`, `cm`, `km`; durations `ms`, `s`, `min`, `h`, `d` (or `day`); speeds
/// any distance per duration (`m/s`, `km/h`, `m/min`, `km/day`, …).
/// A space between number and unit is optional ("300m"). Several terms of the same
/// dimension add up ("1 h 30 min", "1 km 200 m"); a leading sign applies to the whole.
/// A number without a unit is an error, since "300" could be metres or kilometres;
/// `parse(_:as:)` makes one exception, a bare `0`, which is zero in every unit.
public struct Quantity: Hashable, Sendable, CustomStringConvertible {
    public enum Dimension: String, Hashable, Sendable, CaseIterable {
        case distance, duration, speed

        /// How a value of this dimension is asked for in messages, with examples that parse.
        public var expectation: String {
            switch self {
            case .distance: "a distance with a unit, e.g. \"300 m\" or \"1.5 km\""
            case .duration: "a duration with a unit, e.g. \"30 min\" or \"1 s\""
            case .speed: "a speed with a unit, e.g. \"4 km/h\" or \"1.2 m/s\""
            }
        }

        var article: String { self == .duration ? "a duration" : "a \(rawValue)" }

        /// The largest magnitude a scenario may give, in SI units: beyond any border, any
        /// run or any walker or vehicle, and small enough that no count derived from it
        /// (steps, vertices, people) overflows or exhausts memory.
        public var ceiling: Double {
            switch self {
            case .distance: 10_000_000  // 10,000 km
            case .duration: 366 * 86_400 * 10  // ten years
            case .speed: 100  // 360 km/h
            }
        }

        /// `ceiling` as a message writes it.
        var ceilingText: String {
            switch self {
            case .distance: "10000 km"
            case .duration: "3660 days (ten years)"
            case .speed: "100 m/s (360 km/h)"
            }
        }
    }

    /// A unit symbol and its size in the dimension's SI unit.
    public struct Unit: Hashable, Sendable {
        public var symbol: String
        public var dimension: Dimension
        public var factor: Double
    }

    /// The distance and duration units; a speed is any distance unit per duration unit (`unit(_:)`).
    public static let units: [Unit] = [
        Unit(symbol: "m", dimension: .distance, factor: 1),
        Unit(symbol: "cm", dimension: .distance, factor: 0.01),
        Unit(symbol: "km", dimension: .distance, factor: 1000),
        Unit(symbol: "ms", dimension: .duration, factor: 0.001),
        Unit(symbol: "s", dimension: .duration, factor: 1),
        Unit(symbol: "min", dimension: .duration, factor: 60),
        Unit(symbol: "h", dimension: .duration, factor: 3600),
        Unit(symbol: "d", dimension: .duration, factor: 86_400),
        Unit(symbol: "day", dimension: .duration, factor: 86_400),
    ]

    /// The speeds suggested for a misspelt speed without a `/` ("kmh" → "km/h").
    static let commonSpeeds = ["m/s", "km/h", "m/min", "km/day"]

    /// The unit `symbol` names: a distance or duration unit, or a distance unit per duration unit.
    public static func unit(_ symbol: String) -> Unit? {
        if let unit = units.first(where: { $0.symbol == symbol }) { return unit }
        let parts = symbol.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2,
            let distance = units.first(where: { $0.symbol == parts[0] && $0.dimension == .distance }),
            let duration = units.first(where: { $0.symbol == parts[1] && $0.dimension == .duration })
        else { return nil }
        return Unit(symbol: symbol, dimension: .speed, factor: distance.factor / duration.factor)
    }

    /// The known unit closest to a misspelt `symbol`, of the `expected` dimension if one is
    /// known, so a suggestion always fits where it is written ("3 m/mins" → "m/min", never "min").
    static func suggestion(for symbol: String, expected: Dimension?) -> String? {
        func symbols(_ d: Dimension) -> [String] { units.filter { $0.dimension == d }.map(\.symbol) }
        let parts = symbol.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, expected == nil || expected == .speed {
            let distance =
                unit(parts[0])?.dimension == .distance ? parts[0] : nearestName(to: parts[0], in: symbols(.distance))
            let duration =
                unit(parts[1])?.dimension == .duration ? parts[1] : nearestName(to: parts[1], in: symbols(.duration))
            if let distance, let duration { return distance + "/" + duration }
        }
        let candidates =
            switch expected {
            case .distance: symbols(.distance)
            case .duration: symbols(.duration)
            case .speed: commonSpeeds
            case nil: units.map(\.symbol) + commonSpeeds
            }
        return nearestName(to: symbol, in: candidates)
    }

    /// Metres, seconds or metres per second.
    public var value: Double
    public var dimension: Dimension

    public init(_ value: Double, _ dimension: Dimension) {
        self.value = value
        self.dimension = dimension
    }

    public var description: String {
        switch dimension {
        case .distance: "\(value) m"
        case .duration: "\(value) s"
        case .speed: "\(value) m/s"
        }
    }

    /// Parses a quantity of any dimension.
    public static func parse(_ text: String) throws(QuantityError) -> Quantity { try parse(text, expecting: nil) }

    /// Parses a quantity; `expected`, if known, only narrows the suggestion for a misspelt unit.
    static func parse(_ text: String, expecting expected: Dimension?) throws(QuantityError) -> Quantity {
        var scanner = Scanner(text)
        scanner.skipSpaces()
        guard !scanner.atEnd else { throw .empty }
        let negative = scanner.take("-")
        if !negative { _ = scanner.take("+") }
        var total = 0.0
        var dimension: Dimension?
        repeat {
            scanner.skipSpaces()
            guard let number = scanner.number() else { throw .malformed(text) }
            scanner.skipSpaces()
            let symbol = scanner.unitSymbol()
            guard !symbol.isEmpty else {
                guard scanner.atEnd else { throw .malformed(text) }
                // A trailing bare number after terms with units ("1 h 30") is as unclear as a lone one.
                throw .bareNumber(text)
            }
            guard let unit = unit(symbol) else {
                throw .unknownUnit(symbol, suggestion: suggestion(for: symbol, expected: expected), expected: expected)
            }
            if let dimension, dimension != unit.dimension { throw .mixedDimensions(text) }
            dimension = unit.dimension
            total += number * unit.factor
            scanner.skipSpaces()
        } while !scanner.atEnd
        guard let dimension, total.isFinite else { throw .malformed(text) }
        return Quantity(negative ? -total : total, dimension)
    }

    /// Parses a quantity that must have the given dimension; returns its SI value.
    /// A bare `0` is accepted as zero.
    public static func parse(_ text: String, as dimension: Dimension) throws(QuantityError) -> Double {
        let quantity: Quantity
        do {
            quantity = try parse(text, expecting: dimension)
        } catch .bareNumber(let written) {
            if let zero = Double(written.trimmingSpaces), zero == 0 { return 0 }
            throw .bareNumber(written)
        }
        guard quantity.dimension == dimension else {
            throw .wrongDimension(found: quantity.dimension, expected: dimension)
        }
        return quantity.value
    }

    /// Parses a position along a border in metres from its km 0: "km 143.2", "143.2 km",
    /// a bare number meaning kilometres ("143.2"), or any distance ("143200 m").
    public static func kilometreMark(_ text: String) throws(QuantityError) -> Double {
        let trimmed = text.trimmingSpaces
        if trimmed.hasPrefix("km") {
            guard let km = plainNumber(String(trimmed.dropFirst(2)).trimmingSpaces) else { throw .malformed(text) }
            return km * 1000
        }
        do {
            return try parse(trimmed, as: .distance)
        } catch .bareNumber {
            guard let km = plainNumber(trimmed) else { throw .malformed(text) }
            return km * 1000
        }
    }
}

/// Why a text is not a quantity; `ScenarioError` turns it into a message.
public enum QuantityError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    /// A number without a unit; carries the text.
    case bareNumber(String)
    /// A unit symbol not in `Quantity.units`, with the nearest known symbol if one is close, and
    /// the dimension the value must have, if known (the message then lists only its units).
    case unknownUnit(String, suggestion: String?, expected: Quantity.Dimension? = nil)
    /// Not a number followed by a unit; carries the text.
    case malformed(String)
    /// Terms of different dimensions added together ("1 m 2 s"); carries the text.
    case mixedDimensions(String)
    case wrongDimension(found: Quantity.Dimension, expected: Quantity.Dimension)

    public var description: String {
        switch self {
        case .empty: "nothing"
        case .bareNumber: "a number without a unit"
        case .unknownUnit(let symbol, let suggestion, let expected):
            "'\(symbol)' is not a unit" + (suggestion.map { "; did you mean '\($0)'?" } ?? "") + "; "
                + Self.units(expected)
        case .malformed: "not a number followed by a unit"
        case .mixedDimensions: "units of different kinds added together"
        case .wrongDimension(let found, _): found.article
        }
    }

    /// The units a value of `dimension` (any, if nil) may be written in.
    private static func units(_ dimension: Quantity.Dimension?) -> String {
        func symbols(_ d: Quantity.Dimension) -> String {
            Quantity.units.filter { $0.dimension == d }.map(\.symbol).joined(separator: ", ")
        }
        let speeds = "a distance unit per duration unit (" + Quantity.commonSpeeds.joined(separator: ", ") + ", …)"
        return switch dimension {
        case .distance: "distances are in " + symbols(.distance)
        case .duration: "durations are in " + symbols(.duration)
        case .speed: "speeds are in " + speeds
        case nil: "units: " + symbols(.distance) + ", " + symbols(.duration) + ", and speeds in " + speeds
        }
    }

    /// What a message adds after the text found, e.g. `"300" (a number without a unit)`;
    /// nil where the text speaks for itself ("fast").
    var note: String? {
        switch self {
        case .empty, .malformed: nil
        default: description
        }
    }
}

/// A cursor over the characters of a quantity.
private struct Scanner {
    let chars: [Character]
    var index = 0

    init(_ text: String) { chars = Array(text) }

    var atEnd: Bool { index >= chars.count }

    mutating func skipSpaces() {
        while !atEnd, chars[index].isWhitespace { index += 1 }
    }

    mutating func take(_ c: Character) -> Bool {
        guard !atEnd, chars[index] == c else { return false }
        index += 1
        return true
    }

    /// An unsigned decimal number: digits, an optional fraction, an optional exponent.
    /// Hexadecimal, "nan" and "inf", which `Double(_:)` would accept, are not numbers here.
    mutating func number() -> Double? {
        let start = index
        func digits() -> Int {
            let from = index
            while !atEnd, chars[index].isASCII, chars[index].isNumber { index += 1 }
            return index - from
        }
        var count = digits()
        if take(".") { count += digits() }
        guard count > 0 else {
            index = start
            return nil
        }
        // An exponent only when digits follow, so "2 e" is not half a number.
        let beforeExponent = index
        if take("e") || take("E") {
            if !take("-") { _ = take("+") }
            if digits() == 0 { index = beforeExponent }
        }
        guard let value = Double(String(chars[start..<index])), value.isFinite else {
            index = start
            return nil
        }
        return value
    }

    mutating func unitSymbol() -> String {
        let start = index
        while !atEnd, chars[index].isLetter || chars[index] == "/" { index += 1 }
        return String(chars[start..<index])
    }

    /// The whole text as one signed number with nothing after it.
    static func plainNumber(_ text: String) -> Double? {
        var scanner = Scanner(text)
        let negative = scanner.take("-")
        if !negative { _ = scanner.take("+") }
        guard let value = scanner.number(), scanner.atEnd else { return nil }
        return negative ? -value : value
    }
}

/// A signed decimal number with nothing else ("-1.5", "2e3"), or nil.
func plainNumber(_ text: String) -> Double? { Scanner.plainNumber(text) }

extension String {
    var trimmingSpaces: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
