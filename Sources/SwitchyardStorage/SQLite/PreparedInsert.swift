import GRDB
import GRDBSQLite

/// One cached INSERT, bound and run with SQLite's own calls. GRDB's `StatementArguments` boxes
/// every value in an existential and copies it again into SQLite: for a ledger row of 28 columns
/// that cost more than SQLite's insert itself. Values are bound in column order with `add`.
///
/// Text is gathered into one buffer kept from row to row and bound by pointer when the row runs
/// (`SQLITE_STATIC`): SQLite then reads it in place instead of copying each value into memory of
/// its own (a dozen allocations per ledger row). The bindings are cleared before the buffer changes.
struct PreparedInsert {
    private let handle: SQLiteStatement
    private let connection: SQLiteConnection?
    private var column: Int32 = 0
    /// The row's text values, each followed by a NUL byte.
    private var texts: [UInt8] = []
    private var textColumns: [(column: Int32, offset: Int, count: Int)] = []

    init(_ statement: Statement, in db: Database) {
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    mutating func add(_ value: String) throws {
        column += 1
        let offset = texts.count
        texts.append(contentsOf: value.utf8)
        texts.append(0)
        textColumns.append((column, offset, texts.count - 1 - offset))
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
            // Unbinds the text before its buffer is reused.
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            column = 0
            texts.removeAll(keepingCapacity: true)
            textColumns.removeAll(keepingCapacity: true)
        }
        try texts.withUnsafeBufferPointer { buffer in
            for text in textColumns {
                let start = UnsafeRawPointer(buffer.baseAddress! + text.offset).assumingMemoryBound(to: CChar.self)
                try check(sqlite3_bind_text(handle, text.column, start, Int32(text.count), nil))
            }
            let code = sqlite3_step(handle)
            guard code == SQLITE_DONE else { throw error(code) }
        }
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
    }
}
