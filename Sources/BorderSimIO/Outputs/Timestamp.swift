import BorderSim

/// Turns a run's times (seconds since the scenario's start) into wall-clock text in the scenario's offset.
///
/// One fixed format everywhere, so that files sort and diff as text and parsers need no
/// guessing: `2021-08-17T15:00:05.250+03:00` (RFC 3339 / ISO 8601 extended), always with
/// milliseconds and always with a numeric offset (`+00:00`, never `Z`). Times are rounded
/// to the nearest millisecond, half away from zero.
public struct Timestamp: Sendable, Hashable {
    /// Seconds since 1970-01-01T00:00:00Z at which the run starts.
    public var start: Double
    /// Seconds east of UTC; a whole number of minutes, less than a day.
    public var utcOffset: Int

    public init(start: Double, utcOffset: Int) {
        self.start = start
        self.utcOffset = utcOffset
    }

    public init(clock: Clock) {
        self.init(start: clock.start, utcOffset: clock.utcOffset)
    }

    /// Whether `utcOffset` can be written as ±HH:MM.
    public var hasWritableOffset: Bool { utcOffset % 60 == 0 && abs(utcOffset) < 86_400 }

    /// Seconds since 1970-01-01T00:00:00Z at `seconds` into the run.
    public func epochSeconds(_ seconds: Double) -> Double { start + seconds }

    /// `seconds` into the run as `YYYY-MM-DDTHH:MM:SS.sss±HH:MM`.
    public func iso8601(_ seconds: Double) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(29)
        appendISO8601(seconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `iso8601(seconds)` appended as UTF-8, without building a `String` (the writers' hot path).
    func appendISO8601(_ seconds: Double, to bytes: inout [UInt8]) {
        let (day, ms) = local(seconds)
        let civil = Self.civil(fromDays: day)
        func two(_ n: Int64, _ separator: UInt8?) {
            JSONText.appendDigits(UInt64(n), minimumWidth: 2, to: &bytes)
            if let separator { bytes.append(separator) }
        }
        if civil.year < 0 { bytes.append(UInt8(ascii: "-")) }
        JSONText.appendDigits(civil.year.magnitude, minimumWidth: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        two(Int64(civil.month), UInt8(ascii: "-"))
        two(Int64(civil.day), UInt8(ascii: "T"))
        let s = ms / 1000
        two(s / 3600, UInt8(ascii: ":"))
        two(s / 60 % 60, UInt8(ascii: ":"))
        two(s % 60, UInt8(ascii: "."))
        JSONText.appendDigits(UInt64(ms % 1000), minimumWidth: 3, to: &bytes)
        let minutes = Int64(abs(utcOffset) / 60)
        bytes.append(utcOffset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        two(minutes / 60, UInt8(ascii: ":"))
        two(minutes % 60, nil)
    }

    /// The local time of day, `HH:MM:SS` (truncated to the second, as a clock shows it).
    public func timeOfDay(_ seconds: Double) -> String { Self.clockText(local(seconds).ms) }

    /// The local date and time, `YYYY-MM-DD HH:MM:SS`.
    public func dateAndTime(_ seconds: Double) -> String {
        let (day, ms) = local(seconds)
        let civil = Self.civil(fromDays: day)
        return Self.pad(civil.year, 4) + "-" + Self.pad(civil.month, 2) + "-" + Self.pad(civil.day, 2) + " "
            + Self.clockText(ms)
    }

    /// Days since 1970-01-01 of the local date at `seconds` into the run.
    public func localDay(_ seconds: Double) -> Int64 { local(seconds).day }

    /// The offset as `±HH:MM`.
    public var offsetText: String {
        let minutes = abs(utcOffset) / 60
        return (utcOffset < 0 ? "-" : "+") + Self.pad(minutes / 60, 2) + ":" + Self.pad(minutes % 60, 2)
    }

    /// (days since the epoch, milliseconds into that day), both in local time.
    private func local(_ seconds: Double) -> (day: Int64, ms: Int64) {
        let epochMs = Int64(((start + seconds) * 1000).rounded(.toNearestOrAwayFromZero))
        let localMs = epochMs + Int64(utcOffset) * 1000
        let msPerDay: Int64 = 86_400_000
        var day = localMs / msPerDay
        if localMs % msPerDay < 0 { day -= 1 }
        return (day, localMs - day * msPerDay)
    }

    private static func clockText(_ msOfDay: Int64) -> String {
        let s = Int(msOfDay / 1000)
        return pad(s / 3600, 2) + ":" + pad(s / 60 % 60, 2) + ":" + pad(s % 60, 2)
    }

    private static func pad(_ n: some BinaryInteger, _ width: Int) -> String {
        let digits = String(n.magnitude)
        let sign = n < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Proleptic Gregorian date from days since 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(fromDays z0: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
