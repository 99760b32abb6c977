/// Why writing a run's output failed, naming the path or value involved and what to do about it.
public enum OutputError: Error, Equatable, CustomStringConvertible {
    /// The output folder exists, holds files, and `force` was not given.
    case folderNotEmpty(String)
    /// The output path exists and is a file (or something else that is not a folder).
    case notAFolder(String)
    case cannotCreate(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case cannotMove(from: String, to: String, reason: String)
    /// Coordinates could not be converted to WGS 84.
    case transform(what: String, message: String)
    case invalidOptions(String)
    /// The run result holds a value no output format can carry (NaN, a track of the wrong length).
    case invalidResult(String)

    public var description: String {
        switch self {
        case .folderNotEmpty(let path):
            "output folder '\(path)' is not empty; use --force to overwrite"
        case .notAFolder(let path):
            "output path '\(path)' exists and is not a folder; give a folder path (it is created if missing)"
        case .cannotCreate(let path, let reason):
            "cannot create '\(path)': \(reason); check that its parent folder exists and is writable"
        case .cannotWrite(let path, let reason):
            "cannot write '\(path)': \(reason); free some space or choose another output folder"
        case .cannotRead(let path, let reason):
            "cannot read '\(path)': \(reason); check the path and its permissions"
        case .cannotMove(let from, let to, let reason):
            "cannot move '\(from)' to '\(to)': \(reason); check that the output folder is writable"
        case .transform(let what, let message):
            "cannot convert \(what) to WGS 84 (EPSG:4326): \(message); check the scenario's crs"
        case .invalidOptions(let message):
            message
        case .invalidResult(let message):
            "the run result cannot be written: \(message) (this is a bug in the simulation; please report it)"
        }
    }
}
