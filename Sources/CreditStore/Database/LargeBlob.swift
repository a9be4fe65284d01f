import GRDB
import GRDBSQLite

/// Rows whose last column is a large blob (a draw's frame files, tens of megabytes each),
/// inserted through SQLite's incremental blob I/O. Bound as a value, such a blob was copied
/// three times before it reached a page — into `Data`, by the binding, into the row's record —
/// and every copy was fresh memory the kernel had to fault in and zero. Here the row is
/// inserted with a `zeroblob` of the right size (SQLite does not materialise it) and the
/// bytes are written once, from where they lie, into the row's pages. GRDB has no API for
/// incremental blob I/O, hence the C calls.
enum LargeBlob {
    /// Inserts `(draw_id, path, content)` into `table` (a rowid table with those columns).
    static func insertFile(_ db: Database, table: String, drawID: String, path: String, content: [UInt8]) throws {
        try db.execute(sql: "INSERT INTO \(table) (draw_id, path, content) VALUES (?, ?, zeroblob(?))",
                       arguments: [drawID, path, content.count])
        guard !content.isEmpty else { return }
        var blob: OpaquePointer?
        defer { sqlite3_blob_close(blob) }
        var code = sqlite3_blob_open(db.sqliteConnection, "main", table, "content", db.lastInsertedRowID, 1, &blob)
        if code == SQLITE_OK {
            code = content.withUnsafeBytes { sqlite3_blob_write(blob, $0.baseAddress, Int32($0.count), 0) }
        }
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                sql: "incremental blob write of \(table).content (\(drawID), \(path))")
        }
    }

    /// The `content` of row `rowid` of `table`, read straight into the returned buffer (a
    /// column read assembles a large blob in SQLite's memory first, then it is copied out).
    static func read(_ db: Database, table: String, rowid: Int64) throws -> [UInt8] {
        var blob: OpaquePointer?
        defer { sqlite3_blob_close(blob) }
        var code = sqlite3_blob_open(db.sqliteConnection, "main", table, "content", rowid, 0, &blob)
        let size = code == SQLITE_OK ? Int(sqlite3_blob_bytes(blob)) : 0
        let content = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            if size > 0 && code == SQLITE_OK { code = sqlite3_blob_read(blob, buffer.baseAddress, Int32(size), 0) }
            count = code == SQLITE_OK ? size : 0
        }
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                sql: "incremental blob read of \(table).content (rowid \(rowid))")
        }
        return content
    }

    /// The files of draw `drawID` in `table` whose paths are `LIKE pathPattern`, by path, each
    /// read with `read(_:table:rowid:)`.
    static func files(_ db: Database, table: String, drawID: String, pathPattern: String = "%") throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT path, rowid FROM \(table) WHERE draw_id = ? AND path LIKE ?", arguments: [drawID, pathPattern]) {
            files[row[0]] = try read(db, table: table, rowid: row[1])
        }
        return files
    }
}
