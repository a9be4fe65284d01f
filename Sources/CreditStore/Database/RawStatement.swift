import Foundation
import GRDB
import GRDBSQLite

/// Direct SQLite C-API access to a GRDB prepared statement, for the two hot loops of the
/// engine (bulk import and whole-register classification), where GRDB's per-row containers
/// cost more than SQLite itself. Everything else goes through GRDB.
package struct RawStatement {
    package let statement: Statement
    package var handle: SQLiteStatement { statement.sqliteStatement }

    package init(_ statement: Statement) { self.statement = statement }

    /// Resets the statement and binds values in order from parameter 1.
    package func bind(_ lists: [[DatabaseValue]]) {
        let s = handle
        sqlite3_reset(s)
        var index: Int32 = 1
        for list in lists {
            for value in list {
                switch value.storage {
                case .null: sqlite3_bind_null(s, index)
                case .int64(let i): sqlite3_bind_int64(s, index, i)
                case .double(let d): sqlite3_bind_double(s, index, d)
                case .string(let text): bindText(text, at: index)
                case .blob(let data):
                    data.withUnsafeBytes { buffer in
                        _ = sqlite3_bind_blob(s, index, buffer.baseAddress, Int32(buffer.count), sqliteTransient)
                    }
                }
                index += 1
            }
        }
    }

    package func bindText(_ text: String, at index: Int32) {
        var text = text
        text.withUTF8 { buffer in
            // An empty string's buffer may have no address; SQLite takes any pointer for 0 bytes.
            guard let base = buffer.baseAddress else { _ = sqlite3_bind_text(handle, index, "", 0, sqliteTransient); return }
            _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(buffer.count), sqliteTransient)
        }
    }

    /// Binds text SQLite does not copy: the bytes must stay valid until the statement is
    /// stepped and its bindings cleared (`clearBindings`).
    package func bindBorrowedText(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int32) {
        _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
                              Int32(bytes.count), sqliteStatic)
    }

    /// Drops every binding (after borrowed texts, before their bytes go away).
    package func clearBindings() { sqlite3_clear_bindings(handle) }

    package func bindInt(_ value: Int64, at index: Int32) { sqlite3_bind_int64(handle, index, value) }
    package func bindNull(at index: Int32) { sqlite3_bind_null(handle, index) }

    /// Steps a statement that returns no rows.
    package func execute(_ db: Database) throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw error(db, code) }
    }

    /// Steps once: true when a row is available.
    package func step(_ db: Database) throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw error(db, code)
    }

    private func error(_ db: Database, _ code: Int32) -> DatabaseError {
        let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
        sqlite3_reset(handle)
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    // MARK: Columns of the current row

    package func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    package func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    package func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    /// Calls `body` with the column's UTF-8 bytes without creating a String (empty for NULL).
    package func withBytes<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let pointer = sqlite3_column_text(handle, column)
        return body(UnsafeBufferPointer(start: pointer, count: pointer == nil ? 0 : Int(sqlite3_column_bytes(handle, column))))
    }
}

/// SQLite copies bound text and blobs before the bind call returns.
package let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
/// SQLITE_STATIC: SQLite uses the bound bytes in place.
package let sqliteStatic = unsafeBitCast(0, to: sqlite3_destructor_type.self)
