import BorderGeometry
import Foundation

/// A new file written through a buffer, with the JSON and CSV pieces the writers are made of.
///
/// The writers stream: a feature's bytes go straight into the buffer, which is flushed to
/// the file every 256 KiB, so a run with millions of vertices never builds its file, or
/// even one feature, as a `String`. Numbers are written from integers (see `decimal`), so
/// the text does not depend on `Double.description` and has no exponent (below 9e15).
final class OutputFile {
    let path: String
    private var fd: Int32
    private(set) var bytes = [UInt8]()
    private static let flushThreshold = 1 << 18

    /// Creates the file; fails if it already exists (staging folders start empty).
    init(creating path: String) throws(OutputError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotCreate(path: path, reason: lastErrorText()) }
        bytes.reserveCapacity(Self.flushThreshold + 4096)
    }

    /// A buffer that is never flushed, for bytes encoded once and copied into many records.
    private init() {
        path = ""
        fd = -1
    }

    /// The bytes `body` writes, for pieces encoded once and copied many times.
    static func encode(_ body: (OutputFile) -> Void) -> [UInt8] {
        let buffer = OutputFile()
        body(buffer)
        return buffer.bytes
    }

    deinit { if fd >= 0 { Foundation.close(fd) } }

    /// Writes the buffer out once it is full; call it at feature and vertex boundaries.
    @inline(__always) func flushIfFull() throws(OutputError) {
        if bytes.count >= Self.flushThreshold { try flush() }
    }

    func flush() throws(OutputError) {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(path: path, reason: lastErrorText())
            }
            written += n
        }
        bytes.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs to disk (so a rename after it never exposes a half-written file) and closes.
    func close() throws(OutputError) {
        try flush()
        defer { fd = -1 }
        // EINVAL: a file that cannot be synced (a pipe, /dev/null): nothing to wait for.
        guard fsync(fd) == 0 || errno == EINVAL else {
            let reason = lastErrorText()
            Foundation.close(fd)
            throw .cannotWrite(path: path, reason: reason)
        }
        guard Foundation.close(fd) == 0 else { throw .cannotWrite(path: path, reason: lastErrorText()) }
    }

    // MARK: Text

    @inline(__always) func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always) func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    @inline(__always) func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    @inline(__always) func byte(_ b: UInt8) { bytes.append(b) }

    /// A JSON string literal: quotes, backslashes and control characters escaped (RFC 8259 §7).
    func string(_ s: String) { JSONText.appendString(s, to: &bytes) }

    func integer(_ n: some BinaryInteger) { JSONText.appendInteger(n, to: &bytes) }

    /// `value` rounded to `decimals` places; trailing zeros dropped unless `fixed`.
    @inline(__always) func decimal(_ value: Double, _ decimals: Int, fixed: Bool = false) {
        JSONText.appendDecimal(value, decimals: decimals, fixed: fixed, to: &bytes)
    }

    /// `[lon,lat]`.
    @inline(__always) func position(_ c: Coordinate, _ decimals: Int) {
        bytes.append(UInt8(ascii: "["))
        decimal(c.x, decimals)
        bytes.append(UInt8(ascii: ","))
        decimal(c.y, decimals)
        bytes.append(UInt8(ascii: "]"))
    }

    /// `"key":` preceded by a comma unless it is the object's first member.
    @inline(__always) func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// Writes a geometry value as GeoJSON, coordinates rounded to `decimals`.
    func geometry(_ g: GeometryValue, _ decimals: Int) {
        func line(_ cs: [Coordinate]) {
            byte(UInt8(ascii: "["))
            for (i, c) in cs.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                position(c, decimals)
            }
            byte(UInt8(ascii: "]"))
        }
        func list<T>(_ items: [T], _ body: (T) -> Void) {
            byte(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                body(item)
            }
            byte(UInt8(ascii: "]"))
        }
        raw("{\"type\":")
        string(g.typeName)
        if case .geometryCollection(let parts) = g {
            raw(",\"geometries\":")
            list(parts) { geometry($0, decimals) }
            byte(UInt8(ascii: "}"))
            return
        }
        raw(",\"coordinates\":")
        switch g {
        case .point(let c): position(c, decimals)
        case .lineString(let cs), .multiPoint(let cs): line(cs)
        case .polygon(let rings), .multiLineString(let rings): list(rings, line)
        case .multiPolygon(let polys): list(polys) { list($0, line) }
        case .geometryCollection: break
        }
        byte(UInt8(ascii: "}"))
    }
}

/// One value of a record written to JSON, JSON Lines and CSV alike, so the three agree.
enum Cell {
    case string(String)
    case integer(Int)
    /// A number rounded to the given decimals, trailing zeros dropped.
    case decimal(Double, Int)
    /// A number with exactly the given decimals (CSV coordinate columns).
    case fixed(Double, Int)
    case bool(Bool)
    case strings([String])
    case null

    static func optional(_ s: String?) -> Cell { s.map(Cell.string) ?? .null }
    static func optional(_ n: Int?) -> Cell { n.map(Cell.integer) ?? .null }
    static func optional(_ v: Double?, _ decimals: Int) -> Cell { v.map { .decimal($0, decimals) } ?? .null }

    func appendJSON(to bytes: inout [UInt8]) {
        switch self {
        case .string(let s): JSONText.appendString(s, to: &bytes)
        case .integer(let n): JSONText.appendInteger(n, to: &bytes)
        case .decimal(let v, let d): JSONText.appendDecimal(v, decimals: d, fixed: false, to: &bytes)
        case .fixed(let v, let d): JSONText.appendDecimal(v, decimals: d, fixed: true, to: &bytes)
        case .bool(let b): bytes.append(contentsOf: (b ? "true" : "false").utf8)
        case .strings(let list):
            bytes.append(UInt8(ascii: "["))
            for (i, s) in list.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONText.appendString(s, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .null: bytes.append(contentsOf: "null".utf8)
        }
    }

    /// The CSV field (RFC 4180): quoted only when it holds a comma, quote, CR or LF; empty for null.
    func appendCSV(to bytes: inout [UInt8]) {
        switch self {
        case .string(let s): CSVText.appendField(s, to: &bytes)
        case .strings(let list): CSVText.appendField(list.joined(separator: ";"), to: &bytes)
        case .null: break
        default: appendJSON(to: &bytes)
        }
    }
}

extension OutputFile {
    /// `"k1":v1,"k2":v2` (no braces) in the record's order.
    func members(_ record: [(String, Cell)]) {
        for (i, field) in record.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            string(field.0)
            byte(UInt8(ascii: ":"))
            field.1.appendJSON(to: &bytes)
        }
    }

    /// One CSV row ending in CRLF (RFC 4180 §2).
    func csvRow(_ cells: [Cell]) {
        for (i, c) in cells.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            c.appendCSV(to: &bytes)
        }
        raw("\r\n")
    }
}

enum CSVText {
    static func appendField(_ s: String, to bytes: inout [UInt8]) {
        let needsQuotes = s.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13
        }
        guard needsQuotes else {
            bytes.append(contentsOf: s.utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            if b == UInt8(ascii: "\"") { bytes.append(b) }  // a quote is escaped by doubling it
            bytes.append(b)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

enum JSONText {
    private static let hex = Array("0123456789abcdef".utf8)

    static func appendString(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        if !s.utf8.contains(where: { $0 < 32 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: s.utf8)  // the common case, copied in one go
        } else {
            for b in s.utf8 {
                switch b {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
                case 10: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
                case 13: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
                case 9: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
                case 0..<32:
                    bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
                default: bytes.append(b)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    static func appendInteger(_ n: some BinaryInteger, to bytes: inout [UInt8]) {
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(UInt64(n.magnitude), minimumWidth: 1, to: &bytes)
    }

    /// 10^n, exact for n ≤ 22.
    @inline(__always) private static func powerOfTen(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<n { p *= 10 }
        return p
    }

    /// `value` rounded half away from zero to `decimals` places (as `GeometryValue.rounded(decimals:)`),
    /// written without exponent; trailing zeros dropped unless `fixed`. A non-finite value is
    /// written as `null` (the writers check their input first, so this does not happen).
    static func appendDecimal(_ value: Double, decimals: Int, fixed: Bool, to bytes: inout [UInt8]) {
        guard value.isFinite else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        let scale = powerOfTen(decimals)
        let scaled = (value * scale).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 9.0e15 else {
            // Beyond exact integers in a Double there are no decimals to round: Swift's shortest
            // round-trip text, which is valid JSON (it may use an exponent, e.g. "1e+20").
            bytes.append(contentsOf: value.description.utf8)
            return
        }
        let n = Int64(scaled)
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = UInt64(n.magnitude)
        let unit = UInt64(scale)
        appendDigits(magnitude / unit, minimumWidth: 1, to: &bytes)
        var fraction = magnitude % unit
        var width = decimals
        if !fixed {
            while width > 0 && fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
        }
        if width > 0 {
            bytes.append(UInt8(ascii: "."))
            appendDigits(fraction, minimumWidth: width, to: &bytes)
        }
    }

    /// Decimal digits of `n`, left-padded with zeros to `minimumWidth` (at most 20).
    @inline(__always) static func appendDigits(_ n: UInt64, minimumWidth: Int, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var i = 20
            var v = n
            repeat {
                i -= 1
                buffer[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            } while v > 0
            while i > 20 - min(minimumWidth, 20) {
                i -= 1
                buffer[i] = UInt8(ascii: "0")
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<20]))
        }
    }
}

extension OutputFile {
    /// `{"type":"FeatureCollection","features":[`, then one feature per line.
    func beginFeatureCollection() { raw("{\"type\":\"FeatureCollection\",\"features\":[") }

    /// Starts a feature on its own line: `{"type":"Feature","properties":{`.
    func beginFeature(first: Bool) {
        raw(first ? "\n" : ",\n")
        raw("{\"type\":\"Feature\",\"properties\":{")
    }

    /// Ends the properties and starts the geometry: `},"geometry":`.
    func beginGeometry() { raw("},\"geometry\":") }

    func endFeature() { byte(UInt8(ascii: "}")) }

    func endFeatureCollection() { raw("\n]}\n") }
}
