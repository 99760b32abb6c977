/// Reading the scenario's start time: ISO 8601 with an explicit offset from UTC,
/// `2021-08-17T15:00:00+03:00` or `2021-08-17T12:00:00.25Z`.
///
/// A scenario's times must say which clock they are on, so a time without an offset is
/// rejected rather than read as UTC or as the machine's local time. Accepted: a date
/// `YYYY-MM-DD`, `T` (or a space), `hh:mm` with optional `:ss` and a fraction of any
/// length, then `Z` or `±hh:mm` (also `±hhmm`, `±hh`). Leap seconds (`:60`) are not.
/// Own parser rather than Foundation's formatters: exact fractions, no locale, the same
/// answer on every platform; `iso8601(_:)` writes what this reads.
extension Timestamp {
    public enum ParseError: Error, Hashable, Sendable {
        /// Not of the form above.
        case malformed
        /// Well-formed, but without `Z` or `±hh:mm`.
        case missingOffset
        /// A field out of its range; names it, e.g. "month 13".
        case outOfRange(String)
    }

    public init(iso8601 text: String) throws(ParseError) {
        var s = Cursor(Array(text.utf8))
        guard let year = s.digits(4), s.take("-"), let month = s.digits(2), s.take("-"), let day = s.digits(2)
        else { throw .malformed }
        guard s.take("T") || s.take("t") || s.take(" ") else { throw .malformed }
        guard let hour = s.digits(2), s.take(":"), let minute = s.digits(2) else { throw .malformed }
        var second = 0
        var fraction = 0.0
        if s.take(":") {
            guard let value = s.digits(2) else { throw .malformed }
            second = value
            if s.take(".") || s.take(",") {
                let start = s.index
                while let c = s.peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { s.index += 1 }
                guard s.index > start else { throw .malformed }
                fraction = Double("0." + String(decoding: s.bytes[start..<s.index], as: UTF8.self)) ?? 0
            }
        }
        let offset: Int
        if s.take("Z") || s.take("z") {
            offset = 0
        } else if let sign = s.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            s.index += 1
            guard let hh = s.digits(2) else { throw .malformed }
            var mm = 0
            if s.take(":") {
                guard let value = s.digits(2) else { throw .malformed }
                mm = value
            } else if let value = s.digits(2) {
                mm = value
            }
            guard hh <= 14, mm < 60 else { throw .outOfRange("UTC offset \(hh):\(mm)") }
            offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hh * 3600 + mm * 60)
        } else {
            throw s.atEnd ? .missingOffset : .malformed
        }
        guard s.atEnd else { throw .malformed }

        guard (1...12).contains(month) else { throw .outOfRange("month \(month)") }
        guard (1...Self.daysIn(month: month, year: year)).contains(day) else { throw .outOfRange("day \(day)") }
        guard hour < 24 else { throw .outOfRange("hour \(hour)") }
        guard minute < 60 else { throw .outOfRange("minute \(minute)") }
        guard second < 60 else { throw .outOfRange("second \(second)") }
        let days = Self.days(fromCivil: year, month: month, day: day)
        let whole = days * 86400 + hour * 3600 + minute * 60 + second - offset
        self.init(start: Double(whole) + fraction, utcOffset: offset)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`,
    /// the inverse of `civil(fromDays:)`).
    static func days(fromCivil year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }
}

/// A cursor over ASCII bytes.
private struct Cursor {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    mutating func take(_ c: Unicode.Scalar) -> Bool {
        guard peek == UInt8(ascii: c) else { return false }
        index += 1
        return true
    }

    /// Exactly `count` decimal digits.
    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for b in bytes[index..<index + count] {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(b - UInt8(ascii: "0"))
        }
        index += count
        return value
    }
}
