/// A JSON value whose objects keep their members in the order given, for small files people read.
///
/// `JSONValue` (BorderGeometry) holds objects as dictionaries; `summary.json` wants its
/// members in a meaningful order (event kinds in `Event.Kind.allCases` order, not sorted).
indirect enum OrderedJSON {
    case null
    case bool(Bool)
    case integer(Int)
    case unsigned(UInt64)
    /// A number rounded to the given decimals, trailing zeros dropped.
    case decimal(Double, Int)
    case string(String)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    static func optional(_ s: String?) -> OrderedJSON { s.map(OrderedJSON.string) ?? .null }

    /// Pretty-printed with two-space indents and a final newline.
    func write(to file: OutputFile) {
        write(to: file, indent: 0)
        file.byte(10)
    }

    private func write(to file: OutputFile, indent: Int) {
        func newline(_ level: Int) {
            file.byte(10)
            for _ in 0..<level { file.raw("  ") }
        }
        switch self {
        case .null: file.raw("null")
        case .bool(let b): file.raw(b ? "true" : "false")
        case .integer(let n): file.integer(n)
        case .unsigned(let n): file.integer(n)
        case .decimal(let v, let d): file.decimal(v, d)
        case .string(let s): file.string(s)
        case .array(let items):
            guard !items.isEmpty else {
                file.raw("[]")
                return
            }
            file.byte(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { file.byte(UInt8(ascii: ",")) }
                newline(indent + 1)
                item.write(to: file, indent: indent + 1)
            }
            newline(indent)
            file.byte(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else {
                file.raw("{}")
                return
            }
            file.byte(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { file.byte(UInt8(ascii: ",")) }
                newline(indent + 1)
                file.string(key)
                file.raw(": ")
                value.write(to: file, indent: indent + 1)
            }
            newline(indent)
            file.byte(UInt8(ascii: "}"))
        }
    }
}
