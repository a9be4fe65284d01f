import CreditCore
import Foundation
import GRDB
import GRDBSQLite

/// A table whose rows are versioned by knowledge time: the current version in `name`, the
/// superseded ones in `name_history` with `known_until`. Writing a row that exists with other
/// content is a correction; with the same content, nothing happens.
struct VersionedTable {
    let name: String
    let keyColumns: [String]
    let valueColumns: [String]

    static let enterprise = VersionedTable(name: "enterprise", keyColumns: StoredColumns.enterpriseKey, valueColumns: StoredColumns.enterpriseValues)
    static let inspector = VersionedTable(name: "inspector", keyColumns: StoredColumns.inspectorKey, valueColumns: StoredColumns.inspectorValues)
    static let conflict = VersionedTable(name: "conflict", keyColumns: StoredColumns.conflictKey, valueColumns: StoredColumns.conflictValues)
    static let trigger = VersionedTable(name: "inspection_trigger", keyColumns: StoredColumns.triggerKey, valueColumns: StoredColumns.triggerValues)
    static let record = VersionedTable(name: "record", keyColumns: StoredColumns.recordKey, valueColumns: StoredColumns.recordValues)

    /// What writing one row did.
    enum Outcome: Equatable {
        case loaded, unchanged, corrected
        /// The key was already written by this batch: identical content, or not.
        case repeatedInBatch(firstLine: Int, identical: Bool)
    }

    /// Prepared statements for one transaction. Binds values through the SQLite C API: this
    /// is the import's hot path, and GRDB's argument containers cost more than the insert.
    /// The insert's constant parameters (version, batch, knowledge time) stay bound; each row
    /// binds its columns in place from a `PackedColumns` batch and its line. The insert may
    /// name only some value columns (those a file's rows can fill: a records file's category);
    /// the others take their default, NULL.
    final class Writer {
        let table: VersionedTable
        let insert: Statement, select: Statement, archive: Statement, update: Statement
        let batchID: Int64
        let knownAt: String
        /// Parameter index of the insert's `source_line`.
        private let lineParameter: Int32
        /// The cells of a row the insert binds, in parameter order (offsets in the row).
        private let insertedCells: UnsafeMutableBufferPointer<Int32>
        /// The insert and its connection as SQLite handles, for the per-row path.
        private let insertHandle: SQLiteStatement
        private let connection: SQLiteConnection
        /// The cell each of the insert's parameters (by SQLite index) is bound to now.
        private let bound: UnsafeMutableBufferPointer<PackedColumns.Cell>

        /// - Parameter insertedValues: the value columns the rows can fill (nil: all); the
        ///   rows' other value cells must be NULL.
        init(_ table: VersionedTable, db: Database, batchID: Int64, knownAt: Timestamp, insertedValues: [String]? = nil) throws {
            self.table = table
            self.batchID = batchID
            self.knownAt = knownAt.description
            let inserted = insertedValues ?? table.valueColumns
            let keyCount = table.keyColumns.count
            let cells = Array(0..<keyCount) + inserted.map { column in
                guard let index = table.valueColumns.firstIndex(of: column) else { preconditionFailure("\(table.name) has no column \(column)") }
                return keyCount + index
            }
            insertedCells = .allocate(capacity: cells.count)
            _ = insertedCells.initialize(from: cells.map(Int32.init))
            let columns = table.keyColumns + inserted + ["source_line", "version", "batch_id", "known_from"]
            lineParameter = Int32(cells.count + 1)
            let keyMatch = table.keyColumns.map { "\($0) = ?" }.joined(separator: " AND ")
            insert = try db.makeStatement(sql: """
                INSERT INTO \(table.name) (\(columns.joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
                ON CONFLICT (\(table.keyColumns.joined(separator: ", "))) DO NOTHING
                """)
            select = try db.makeStatement(sql: """
                SELECT batch_id, source_line, \(table.valueColumns.joined(separator: ", ")) FROM \(table.name) WHERE \(keyMatch)
                """)
            archive = try db.makeStatement(sql: "INSERT INTO \(table.name)_history SELECT *, ? FROM \(table.name) WHERE \(keyMatch)")
            update = try db.makeStatement(sql: """
                UPDATE \(table.name) SET \(table.valueColumns.map { "\($0) = ?" }.joined(separator: ", ")),
                    version = version + 1, batch_id = ?, source_line = ?, known_from = ?
                WHERE \(keyMatch)
                """)
            insertHandle = insert.sqliteStatement
            guard let connection = db.sqliteConnection else { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database is closed") }
            self.connection = connection
            bound = .allocate(capacity: columns.count + 1)
            releaseBorrowedTexts()
        }

        deinit {
            bound.deallocate()
            insertedCells.deallocate()
        }

        /// Drops the insert's bindings of a batch's texts (before the batch goes away) and
        /// binds its constant parameters again.
        func releaseBorrowedTexts() {
            let raw = RawStatement(insert)
            sqlite3_reset(raw.handle)
            raw.clearBindings()
            bound.initialize(repeating: PackedColumns.Cell(payload: 0, length: 0, kind: .null))
            raw.bindInt(1, at: lineParameter + 1)
            raw.bindInt(batchID, at: lineParameter + 2)
            raw.bindText(knownAt, at: lineParameter + 3)
        }

        /// Writes one row's current version. A new key is a plain insert (the hot path); an
        /// existing key is compared value by value with the stored version.
        /// - Parameter texts: `batch.texts`' storage, valid until `releaseBorrowedTexts()`.
        func write(_ db: Database, _ batch: PackedColumns, _ row: PackedColumns.Row, texts: UnsafeBufferPointer<UInt8>,
                   line: Int) throws -> Outcome {
            assert(row.keyCount == table.keyColumns.count && row.cells.count == table.keyColumns.count + table.valueColumns.count,
                   "\(table.name): a row of \(row.cells.count) columns")
            assert(batch.nullCells(in: row.cells, except: insertedCells), "\(table.name): a value in a column the insert leaves out")
            let s = insertHandle
            sqlite3_reset(s)
            batch.bind(insertedCells, of: row.cells.lowerBound, to: s, texts: texts, bound: bound)
            sqlite3_bind_int64(s, lineParameter, Int64(line))
            try RawStatement(insert).execute(db)
            if sqlite3_changes(connection) > 0 { return .loaded }
            let key = batch.values(row.keyCells), values = batch.values(row.valueCells)
            guard let existing = try Row.fetchOne(select, arguments: StatementArguments(key)) else { return .loaded }
            let identical = (0..<values.count).allSatisfy { existing[$0 + 2] as DatabaseValue == values[$0] }
            if (existing[0] as Int64) == batchID {
                return .repeatedInBatch(firstLine: existing[1], identical: identical)
            }
            if identical { return .unchanged }
            try run(db, archive, [[knownAt.databaseValue], key])
            try run(db, update, [values, [batchID.databaseValue, line.databaseValue, knownAt.databaseValue], key])
            return .corrected
        }

        /// Writes one row that `pack` gives (a caller writing rows one at a time), e.g.
        /// `{ StoredColumns.write(record, extra: nil, to: &$0) }`.
        func write(_ db: Database, line: Int, _ pack: (inout PackedColumns) -> Void) throws -> Outcome {
            var batch = PackedColumns()
            let row = batch.appendRow(pack)
            defer { releaseBorrowedTexts() }
            return try batch.texts.withUnsafeBufferPointer { try write(db, batch, row, texts: $0, line: line) }
        }

        /// Resets, binds the value lists in order and steps a statement that returns no rows.
        private func run(_ db: Database, _ statement: Statement, _ lists: [[DatabaseValue]]) throws {
            let raw = RawStatement(statement)
            raw.bind(lists)
            try raw.execute(db)
        }
    }
}
