import CSQLite
import Foundation

/// A new SQLite database file, written in one transaction: the little of SQLite a GeoPackage needs.
///
/// Opened with the journal and syncing off (the file lives in a staging folder and is synced
/// and renamed into place only when complete, see `OutputDirectory`), so writing is one pass
/// and the bytes depend only on the statements run, never on timing.
final class SQLiteDatabase {
    let path: String
    private var handle: OpaquePointer?

    /// Creates the database (in a staging folder, which starts empty).
    init(creating path: String) throws(OutputError) {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        handle = db
        guard rc == SQLITE_OK else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? "SQLite error \(rc)"
            sqlite3_close(db)
            handle = nil
            throw .cannotCreate(path: path, reason: reason)
        }
        try execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN")
    }

    deinit { sqlite3_close(handle) }

    /// Runs `sql`, one or more statements without parameters.
    func execute(_ sql: String) throws(OutputError) {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            let reason = message.map { String(cString: $0) } ?? lastError
            sqlite3_free(message)
            throw .cannotWrite(path: path, reason: reason)
        }
    }

    /// A statement with `?` parameters, to run once per row.
    func prepare(_ sql: String) throws(OutputError) -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw .cannotWrite(path: path, reason: "\(lastError) in \(sql)")
        }
        return Statement(database: self, handle: statement)
    }

    /// Commits, closes and syncs the file to disk (so a rename after it never exposes half a database).
    func close() throws(OutputError) {
        try execute("COMMIT")
        guard sqlite3_close(handle) == SQLITE_OK else { throw .cannotWrite(path: path, reason: lastError) }
        handle = nil
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        defer { if fd >= 0 { Foundation.close(fd) } }
        guard fd >= 0, fsync(fd) == 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    }

    fileprivate var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// A value bound to a statement parameter.
    enum Value {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob([UInt8])
    }

    /// A prepared statement, finalized when released.
    final class Statement {
        private let database: SQLiteDatabase
        private let handle: OpaquePointer

        fileprivate init(database: SQLiteDatabase, handle: OpaquePointer) {
            self.database = database
            self.handle = handle
        }

        deinit { sqlite3_finalize(handle) }

        /// Binds `values` to the parameters in order and runs the statement once.
        func run(_ values: [Value]) throws(OutputError) {
            sqlite3_reset(handle)
            for (i, value) in values.enumerated() {
                let n = Int32(i + 1)
                let rc: Int32 =
                    switch value {
                    case .null: sqlite3_bind_null(handle, n)
                    case .integer(let v): sqlite3_bind_int64(handle, n, v)
                    case .real(let v): sqlite3_bind_double(handle, n, v)
                    // SQLITE_TRANSIENT: SQLite copies the bytes, which live only for this call.
                    case .text(let s): sqlite3_bind_text(handle, n, s, -1, Self.transient)
                    case .blob(let b):
                        b.withUnsafeBytes {
                            sqlite3_bind_blob(handle, n, $0.baseAddress, Int32($0.count), Self.transient)
                        }
                    }
                guard rc == SQLITE_OK else { throw .cannotWrite(path: database.path, reason: database.lastError) }
            }
            guard sqlite3_step(handle) == SQLITE_DONE else {
                throw .cannotWrite(path: database.path, reason: database.lastError)
            }
        }

        private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    }
}
