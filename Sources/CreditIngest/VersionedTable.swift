import CreditCore
import CreditStore
import Foundation
import GRDB
import GRDBSQLite

/// A table whose rows are versioned by knowledge time: the current version in `name`, the
/// superseded ones in `name_history` with `known_until`. Writing a row that exists with other
/// content is a correction; with the same content, nothing happens; with the content of a
/// version a correction superseded (or an older update timestamp), the newer version stays
/// unless reverting is allowed.
struct VersionedTable: Sendable {
    let name: String
    let keyColumns: [String]
    let valueColumns: [String]
    /// The value column that orders versions when both have it (the export's update time,
    /// read as 上报日期): a row older than the stored version does not replace it.
    let orderColumn: String?

    /// The table a column description describes, in its own order.
    init<C: TableColumn>(_ layout: TableLayout<C>, orderColumn: C? = nil) {
        name = C.tableName
        keyColumns = layout.keyNames
        valueColumns = layout.valueNames
        self.orderColumn = orderColumn?.sqlName
    }

    static let enterprise = VersionedTable(TableLayout<EnterpriseColumn>())
    static let inspector = VersionedTable(TableLayout<InspectorColumn>())
    static let conflict = VersionedTable(TableLayout<ConflictColumn>())
    static let trigger = VersionedTable(TableLayout<TriggerColumn>())
    static let record = VersionedTable(TableLayout<RecordColumn>(), orderColumn: .reportDate)
    static let listing = VersionedTable(TableLayout<ListingColumn>(), orderColumn: .reportDate)
    static let commitment = VersionedTable(TableLayout<CommitmentColumn>(), orderColumn: .reportDate)

    /// What writing one row did.
    enum Outcome: Equatable {
        case loaded, unchanged, corrected
        /// The key was already written by this batch: identical content, or not.
        case repeatedInBatch(firstLine: Int, identical: Bool)
        /// The row would have reverted a later version; the stored version was kept.
        case keptNewer(Kept)
    }

    /// The stored version a row did not replace, and why.
    struct Kept: Equatable, Sendable {
        enum Reason: Equatable, Sendable {
            /// The row equals a version that this stored one superseded.
            case superseded
            /// The row's update time (`orderColumn`) is before the stored version's.
            case older(row: String, stored: String)
        }
        var reason: Reason
        /// Where the stored version came from: its file (as given to the import) and when it was learned.
        var file: String
        var line: Int
        var knownFrom: String
    }

    /// Prepared statements for one transaction. Binds values through the SQLite C API: this
    /// is the import's hot path, and GRDB's argument containers cost more than the insert.
    /// The insert's constant parameters (version, batch, knowledge time) stay bound; each row
    /// binds its columns in place from a `PackedColumns` batch and its line. The insert may
    /// name only some value columns (those a file's rows can fill: a records file's category);
    /// the others take their default, NULL.
    ///
    /// On a store's first load the table's key may be absent (`DeferredKey`): the writer then
    /// inserts without `ON CONFLICT` and tells a key this batch already wrote from memory (a
    /// hash of the key's bytes, confirmed against the stored row), as the key would have.
    final class Writer {
        let table: VersionedTable
        let insert: Statement
        /// What meeting a stored key needs: absent without the key, when no stored row can be
        /// met (and the update could not even be prepared: with the key's index gone, SQLite
        /// refuses to compile an update of a table another table's foreign key refers to).
        private let keyed: KeyedStatements?
        /// Store a row that equals a superseded version or is older, as a correction.
        let allowRevert: Bool
        /// Position of `orderColumn` among the value columns.
        private let orderValue: Int?
        /// The value columns that make content: all but the extra (unknown) columns, which an
        /// export fills differently each time (`数据导出时间`) and so never make a correction.
        private let compared: [Int]
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
        /// Without the table's key: the row id of the stored row by its key's hash (more than
        /// one only when different keys share a hash), and the statement reading it back.
        private let keysInMemory: Bool
        private var rowsByKeyHash: [Int: Int64] = [:]
        private var moreRowsByKeyHash: [Int: [Int64]] = [:]
        private let selectByRowID: Statement?
        /// For a test: every key hashes alike, so that keys are told apart by the stored row.
        var collapsesKeyHashes = false

        /// - Parameter insertedValues: the value columns the rows can fill (nil: all); the
        ///   rows' other value cells must be NULL.
        /// - Parameter keysInMemory: the table's unique key is absent and nothing with this
        ///   batch's keys is stored (a category's first file on a first load).
        init(_ table: VersionedTable, db: Database, batchID: Int64, knownAt: Timestamp, insertedValues: [String]? = nil,
             allowRevert: Bool = false, keysInMemory: Bool = false) throws {
            self.table = table
            self.allowRevert = allowRevert
            self.keysInMemory = keysInMemory
            orderValue = table.orderColumn.flatMap(table.valueColumns.firstIndex(of:))
            compared = table.valueColumns.indices.filter { table.valueColumns[$0] != "extra" }
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
            insert = try db.makeStatement(sql: """
                INSERT INTO \(table.name) (\(columns.joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
                \(keysInMemory ? "" : "ON CONFLICT (\(table.keyColumns.joined(separator: ", "))) DO NOTHING")
                """)
            selectByRowID = keysInMemory ? try db.makeStatement(sql: """
                SELECT batch_id, source_line, \((table.valueColumns + table.keyColumns).joined(separator: ", ")) FROM \(table.name) WHERE rowid = ?
                """) : nil
            keyed = keysInMemory ? nil : try KeyedStatements(table, compared: compared, db: db)
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
            var keyHash = 0, hashSeen = false
            if keysInMemory {
                keyHash = collapsesKeyHashes ? 0 : batch.hash(row.keyCells, texts: texts)
                if let first = rowsByKeyHash[keyHash] {
                    hashSeen = true
                    if let repeated = try repeatOf(batch, row, among: [first] + moreRowsByKeyHash[keyHash, default: []]) { return repeated }
                }
            }
            let s = insertHandle
            sqlite3_reset(s)
            batch.bind(insertedCells, of: row.cells.lowerBound, to: s, texts: texts, bound: bound)
            sqlite3_bind_int64(s, lineParameter, Int64(line))
            try RawStatement(insert).execute(db)
            if keysInMemory {
                let rowID = sqlite3_last_insert_rowid(connection)
                if hashSeen { moreRowsByKeyHash[keyHash, default: []].append(rowID) } else { rowsByKeyHash[keyHash] = rowID }
                return .loaded
            }
            if sqlite3_changes(connection) > 0 { return .loaded }
            guard let keyed else { preconditionFailure("\(table.name): an insert without ON CONFLICT changed nothing") }
            let key = batch.values(row.keyCells), values = batch.values(row.valueCells)
            guard let existing = try Row.fetchOne(keyed.select, arguments: StatementArguments(key)) else { return .loaded }
            let identical = storesValues(existing, values)
            if (existing[0] as Int64) == batchID {
                return .repeatedInBatch(firstLine: existing[1], identical: identical)
            }
            if identical { return .unchanged }
            if !allowRevert, let reason = try revertReason(existing, values: values, key: key, superseded: keyed.superseded) {
                let from = try Row.fetchOne(keyed.origin, arguments: StatementArguments(key))
                return .keptNewer(Kept(reason: reason, file: from?[0] ?? "", line: from?[1] ?? 0, knownFrom: from?[2] ?? ""))
            }
            try run(db, keyed.archive, [[knownAt.databaseValue], key])
            try run(db, keyed.update, [values, [batchID.databaseValue, line.databaseValue, knownAt.databaseValue], key])
            return .corrected
        }

        /// The row this batch stored with the same key as `row`, among the candidates its key's
        /// hash found, as the repeat it makes `row`.
        private func repeatOf(_ batch: PackedColumns, _ row: PackedColumns.Row, among rowIDs: [Int64]) throws -> Outcome? {
            let key = batch.values(row.keyCells), values = batch.values(row.valueCells)
            let keyOffset = 2 + table.valueColumns.count
            for rowID in rowIDs {
                guard let stored = try Row.fetchOne(selectByRowID!, arguments: [rowID]),
                      key.indices.allSatisfy({ stored[keyOffset + $0] as DatabaseValue == key[$0] }) else { continue }
                return .repeatedInBatch(firstLine: stored[1], identical: storesValues(stored, values))
            }
            return nil
        }

        /// Whether a stored row (batch, line, then the value columns) holds `values` in every
        /// compared column.
        private func storesValues(_ stored: Row, _ values: [DatabaseValue]) -> Bool {
            compared.allSatisfy { stored[$0 + 2] as DatabaseValue == values[$0] }
        }

        /// Why a row that differs from the stored version must not replace it, if it must not:
        /// its update time is before the stored one's, or (times equal or unknown) it equals a
        /// version the stored one superseded.
        private func revertReason(_ existing: Row, values: [DatabaseValue], key: [DatabaseValue],
                                  superseded: Statement) throws -> Kept.Reason? {
            if let orderValue, let row = String.fromDatabaseValue(values[orderValue]),
               let stored = String.fromDatabaseValue(existing[orderValue + 2]) {
                if row < stored { return .older(row: row, stored: stored) }
                if row > stored { return nil }
            }
            return try Row.fetchOne(superseded, arguments: StatementArguments(key + compared.map { values[$0] })) != nil ? .superseded : nil
        }

        /// The statements that read, archive and update the stored row with a row's key.
        private struct KeyedStatements {
            let select: Statement, superseded: Statement, origin: Statement, archive: Statement, update: Statement

            init(_ table: VersionedTable, compared: [Int], db: Database) throws {
                let keyMatch = table.keyColumns.map { "\($0) = ?" }.joined(separator: " AND ")
                select = try db.makeStatement(sql: """
                    SELECT batch_id, source_line, \(table.valueColumns.joined(separator: ", ")) FROM \(table.name) WHERE \(keyMatch)
                    """)
                superseded = try db.makeStatement(sql: """
                    SELECT 1 FROM \(table.name)_history WHERE \(keyMatch)
                        AND \(compared.map { "\(table.valueColumns[$0]) IS ?" }.joined(separator: " AND ")) LIMIT 1
                    """)
                origin = try db.makeStatement(sql: """
                    SELECT COALESCE(b.source_path, b.file_name), c.source_line, c.known_from
                    FROM \(table.name) c JOIN import_batch b ON b.id = c.batch_id WHERE \(keyMatch.split(separator: " AND ").map { "c." + $0 }.joined(separator: " AND "))
                    """)
                archive = try db.makeStatement(sql: "INSERT INTO \(table.name)_history SELECT *, ? FROM \(table.name) WHERE \(keyMatch)")
                update = try db.makeStatement(sql: """
                    UPDATE \(table.name) SET \(table.valueColumns.map { "\($0) = ?" }.joined(separator: ", ")),
                        version = version + 1, batch_id = ?, source_line = ?, known_from = ?
                    WHERE \(keyMatch)
                    """)
            }
        }

        /// Writes one row that `pack` gives (a caller writing rows one at a time), e.g.
        /// `{ StoredRows.write(record, extra: nil, to: &$0) }`.
        func write<C: TableColumn>(_ db: Database, line: Int, layout: TableLayout<C>,
                                   _ pack: (inout PackedColumns.RowSink<C>) -> Void) throws -> Outcome {
            var batch = PackedColumns()
            let row = batch.appendRow(layout, pack)
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
