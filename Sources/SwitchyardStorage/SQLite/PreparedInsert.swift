import GRDB
import GRDBSQLite

/// One cached INSERT, bound and run with SQLite's own calls. GRDB's `StatementArguments` boxes
/// every value in an existential and copies it again into SQLite: for a ledger row of 28 columns
/// that cost more than SQLite's insert itself. Values are bound in column order with `add`.
struct PreparedInsert {
    private let handle: SQLiteStatement
    private let connection: SQLiteConnection?
    private var column: Int32 = 0

    init(_ statement: Statement, in db: Database) {
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    /// SQLite copies the bytes before the call returns.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    mutating func add(_ value: String) throws {
        column += 1
        // A native string is stored NUL-terminated: this lends its bytes, without a copy.
        try check(value.withCString { sqlite3_bind_text(handle, column, $0, Int32(value.utf8.count), Self.transient) })
    }

    mutating func add(_ value: String?) throws {
        guard let value else { return try addNull() }
        try add(value)
    }

    mutating func add(_ value: Int64) throws {
        column += 1
        try check(sqlite3_bind_int64(handle, column, value))
    }

    mutating func add(_ value: Int64?) throws {
        guard let value else { return try addNull() }
        try add(value)
    }

    mutating func add(_ value: Int) throws { try add(Int64(value)) }
    mutating func add(_ value: Bool) throws { try add(Int64(value ? 1 : 0)) }

    mutating func addNull() throws {
        column += 1
        try check(sqlite3_bind_null(handle, column))
    }

    /// Runs the insert and leaves the statement reset, with no bindings, for the next row.
    mutating func run() throws {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            column = 0
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw error(code) }
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
    }
}
