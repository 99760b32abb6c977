/// A scenario file that cannot be run, with where and why, worded for the person who wrote it.
///
/// Every error names the file and, when it comes from the YAML, the line and column (from
/// Yams' marks, both counted from 1, columns in Unicode scalars), the key path of the value
/// (`units[2].speed`, list indices counted from 0), what was expected or how to fix it, and
/// what was found:
///
///     scenarios/x.yaml:14:12: units[2].speed: expected a speed with a unit, e.g. "4 km/h" or "1.2 m/s"; found "fast"
///
/// Errors in a file the scenario refers to (geodata, a zone's GeoJSON) name that file; JSON
/// positions are not known, so they give the path inside the JSON instead of a line.
public struct ScenarioError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The class of problem, for callers that react differently (and for tests).
    public enum Kind: String, Sendable, Hashable {
        /// Not YAML (or not UTF-8), or not a single document: Yams' parser message.
        case syntax
        /// The top-level `version` is not one this loader reads.
        case unsupportedVersion
        /// A key the format does not have (often a misspelling).
        case unknownKey
        /// A required key is absent.
        case missingKey
        /// A mapping where a list was expected, a word where a number was, and the like.
        case wrongType
        /// A quantity without a unit, with an unknown unit, or of the wrong kind (a duration for a distance).
        case unit
        /// A value of the right type that the format does not allow (a negative size, a time without offset).
        case invalidValue
        /// A file the scenario names does not exist or cannot be read.
        case fileNotFound
        /// A file the scenario names is not in the expected format (e.g. geodata without a border feature).
        case invalidFile
        /// A polygon that is not valid (self-intersecting, too few points), with GEOS's reason.
        case invalidGeometry
        /// A place or zone outside the geodata's corridor.
        case outsideCorridor
        /// A place that is not in the state its `side` names.
        case wrongSide
        /// A km mark before the border's start or past its end.
        case outOfRange
        /// Two units, zones or claims with the same name.
        case duplicate
        /// A state, unit or boundary name that does not exist in the scenario.
        case unknownName
    }

    public var kind: Kind
    /// The file the problem is in, as the user wrote it (or as given to the loader).
    public var file: String
    /// 1-based line and column; nil when not known (e.g. inside a JSON file).
    public var line: Int?
    public var column: Int?
    /// Where in the document, e.g. `units[2].speed`; empty for the whole document.
    public var keyPath: String
    /// What was expected, or what is wrong and how to fix it.
    public var message: String
    /// What was found instead, already quoted or described (e.g. `"fast"`, `a list`); nil when nothing useful.
    public var found: String?

    public init(
        _ kind: Kind, file: String, line: Int? = nil, column: Int? = nil, keyPath: String = "",
        message: String, found: String? = nil
    ) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
        self.found = found
    }

    /// "file:line:column" (or just "file" when the position is not known).
    public var location: String {
        guard let line else { return file }
        return "\(file):\(line):\(column ?? 1)"
    }

    public var description: String {
        var text = location + ": "
        if !keyPath.isEmpty { text += keyPath + ": " }
        text += message
        if let found { text += "; found " + found }
        return text
    }
}
