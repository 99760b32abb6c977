import Yams

/// A node of a scenario document together with where it is: the file, its mark and its key path.
///
/// Every typed read either returns the value or throws a `ScenarioError` that points at
/// this node, so the parsing code never has to think about locations.
struct YAMLValue {
    let node: Node
    /// e.g. `units[2].speed`; empty for the document itself.
    let path: String
    /// The file as the user wrote it, for messages.
    let file: String

    // MARK: Errors

    /// An error at this node, ending with what the node holds ("found \"fast\"").
    func error(_ kind: ScenarioError.Kind, _ message: String) -> ScenarioError {
        error(kind, message, found: foundText)
    }

    /// An error at this node with `found` as given (nil: the message says it all).
    func error(_ kind: ScenarioError.Kind, _ message: String, found: String?) -> ScenarioError {
        error(kind, message, found: found, at: node.mark, path: path)
    }

    /// An error at a given mark and path (e.g. a key's own mark, or a missing child's path).
    func error(_ kind: ScenarioError.Kind, _ message: String, found: String?, at mark: Mark?, path: String)
        -> ScenarioError
    {
        ScenarioError(
            kind, file: file, line: mark?.line, column: mark?.column, keyPath: path, message: message,
            found: found)
    }

    /// "file:line:col" of this node, for `Expectation.source`.
    var location: String {
        guard let mark = node.mark else { return file }
        return "\(file):\(mark.line):\(mark.column)"
    }

    /// The node as it reads in a message: a quoted scalar, "a list", "a mapping" or "nothing".
    var foundText: String {
        switch node {
        case .scalar(let scalar):
            if isNull { return "nothing" }
            let text = scalar.string.count > 60 ? String(scalar.string.prefix(60)) + "…" : scalar.string
            return "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    /// An empty plain scalar, `~` or `null`: YAML's null (a quoted "" is a string).
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    // MARK: Structure

    func child(_ key: String, _ node: Node) -> YAMLValue {
        YAMLValue(node: node, path: path.isEmpty ? key : path + "." + key, file: file)
    }

    /// The value of `key` if this node is a mapping that has it, without checking the other keys.
    func rawChild(_ key: String) -> YAMLValue? {
        guard case .mapping(let mapping) = node,
            let pair = mapping.first(where: { $0.key.scalar?.string == key })
        else { return nil }
        return child(key, pair.value)
    }

    /// The mapping at this node, after checking that every key is one of `keys`.
    ///
    /// - Parameter what: the expectation when the node is not a mapping, with an example,
    ///   e.g. "a claim: {name: by-claim, state: BY, offset: 3 m}".
    func mapping(_ what: String, keys: [String]) throws(ScenarioError) -> YAMLMapping {
        guard case .mapping(let mapping) = node else { throw error(.wrongType, "expected \(what)") }
        var entries = [YAMLMapping.Entry]()
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                throw error(
                    .wrongType, "expected a key (one of \(keys.joined(separator: ", ")))",
                    found: child("?", keyNode).foundText, at: keyNode.mark, path: path)
            }
            let key = scalar.string
            guard keys.contains(key) else {
                let fix =
                    keys.isEmpty
                    ? "this takes no keys; write {}"
                    : nearestName(to: key, in: keys).map { "did you mean '\($0)'?" }
                        ?? "expected one of: " + keys.joined(separator: ", ")
                throw error(
                    .unknownKey, "unknown key '\(key)'; " + fix, found: nil, at: keyNode.mark,
                    path: child(key, keyNode).path)
            }
            entries.append(YAMLMapping.Entry(key: key, keyMark: keyNode.mark, value: child(key, valueNode)))
        }
        return YAMLMapping(value: self, entries: entries)
    }

    /// The elements of the list at this node.
    func list(_ what: String) throws(ScenarioError) -> [YAMLValue] {
        guard case .sequence(let sequence) = node else { throw error(.wrongType, "expected \(what)") }
        return sequence.enumerated().map { YAMLValue(node: $1, path: "\(path)[\($0)]", file: file) }
    }

    var isList: Bool { if case .sequence = node { true } else { false } }
    var isMapping: Bool { if case .mapping = node { true } else { false } }

    // MARK: Scalars

    /// The text of a non-null scalar.
    func string(_ what: String = "a text") throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = node, !isNull else { throw error(.wrongType, "expected \(what)") }
        return scalar.string
    }

    /// One of a fixed set of words.
    func choice(_ options: [String]) throws(ScenarioError) -> String {
        let expected = "expected one of: " + options.joined(separator: ", ")
        let text = try string(expected.replacingOccurrences(of: "expected ", with: ""))
        guard options.contains(text) else {
            let fix = nearestName(to: text, in: options).map { "; did you mean '\($0)'?" } ?? ""
            throw error(.invalidValue, expected + fix)
        }
        return text
    }

    /// A whole number within `range`.
    func integer(_ what: String, in range: ClosedRange<Int>) throws(ScenarioError) -> Int {
        let text = try string(what)
        guard let value = Int(text.trimmingSpaces) else { throw error(.wrongType, "expected \(what)") }
        guard range.contains(value) else { throw error(.invalidValue, "expected \(what)") }
        return value
    }

    func unsigned(_ what: String) throws(ScenarioError) -> UInt64 {
        let text = try string(what)
        guard let value = UInt64(text.trimmingSpaces) else { throw error(.wrongType, "expected \(what)") }
        return value
    }

    /// A plain decimal number (no unit), within `range` if one is given.
    func number(_ what: String, in range: ClosedRange<Double>? = nil) throws(ScenarioError) -> Double {
        let text = try string(what)
        guard let value = plainNumber(text.trimmingSpaces) else { throw error(.wrongType, "expected \(what)") }
        if let range, !range.contains(value) { throw error(.invalidValue, "expected \(what)") }
        return value
    }

    func bool() throws(ScenarioError) -> Bool {
        switch try string("true or false") {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw error(.wrongType, "expected true or false")
        }
    }

    /// A quantity of the given dimension in SI units, e.g. "300 m" → 300.
    func quantity(_ dimension: Quantity.Dimension, _ bound: Bound = .any) throws(ScenarioError) -> Double {
        let text = try string(dimension.expectation)
        let value: Double
        do {
            value = try Quantity.parse(text, as: dimension)
        } catch {
            throw self.error(
                .unit, "expected " + dimension.expectation,
                found: foundText + (error.note.map { " (\($0))" } ?? ""))
        }
        if let problem = bound.problem(with: value) {
            throw self.error(.invalidValue, "expected \(dimension.article) \(problem)")
        }
        guard abs(value) <= dimension.ceiling else {
            throw self.error(.invalidValue, "expected \(dimension.article) of at most \(dimension.ceilingText)")
        }
        return value
    }

    /// A position along the border in metres: "km 143.2", "143.2 km" or a bare number of km.
    func kilometreMark() throws(ScenarioError) -> Double {
        let expected = "a km mark along the border, e.g. \"km 143.2\" or \"143.2 km\", or a place [lon, lat]"
        let text = try string(expected)
        do {
            return try Quantity.kilometreMark(text)
        } catch {
            throw self.error(.unit, "expected " + expected, found: foundText + (error.note.map { " (\($0))" } ?? ""))
        }
    }

    enum Bound {
        case any, positive, nonNegative

        func problem(with value: Double) -> String? {
            switch self {
            case .any: nil
            case .positive: value > 0 ? nil : "greater than 0"
            case .nonNegative: value >= 0 ? nil : "of 0 or more"
            }
        }
    }
}

/// A mapping whose keys were checked against the format.
struct YAMLMapping {
    struct Entry {
        let key: String
        let keyMark: Mark?
        let value: YAMLValue
    }

    let value: YAMLValue
    let entries: [Entry]

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    subscript(_ key: String) -> YAMLValue? { entries.first { $0.key == key }?.value }

    /// The value of a key that must be present; the error points at the mapping.
    ///
    /// - Parameter what: what the value should be, e.g. `Quantity.Dimension.speed.expectation`.
    func required(_ key: String, _ what: String) throws(ScenarioError) -> YAMLValue {
        guard let found = self[key] else { throw missing(key, what) }
        return found
    }

    /// The error for a key that must be present but is not, at the mapping's mark.
    func missing(_ key: String, _ what: String) -> ScenarioError {
        let path = value.path.isEmpty ? key : value.path + "." + key
        return value.error(
            .missingKey, "missing required key '\(key)': expected \(what)", found: nil,
            at: value.node.mark, path: path)
    }

    /// Throws unless exactly one of `keys` is present; returns it.
    func exactlyOne(of keys: [String], _ what: String) throws(ScenarioError) -> Entry {
        let present = entries.filter { keys.contains($0.key) }
        guard present.count == 1 else {
            let list = keys.map { "'\($0)'" }.joined(separator: ", ")
            if present.isEmpty {
                throw value.error(
                    .missingKey, "expected \(what): one of \(list)", found: nil, at: value.node.mark,
                    path: value.path)
            }
            throw value.error(
                .invalidValue, "expected only one of \(list)",
                found: present.map { "'\($0.key)'" }.joined(separator: " and "),
                at: present[1].keyMark, path: present[1].value.path)
        }
        return present[0]
    }
}
