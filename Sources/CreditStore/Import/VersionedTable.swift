import CreditCore
import Foundation
import GRDB

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
    final class Writer {
        let table: VersionedTable
        let insert: Statement, select: Statement, archive: Statement, update: Statement
        let batchID: Int64
        let knownAt: String

        init(_ table: VersionedTable, db: Database, batchID: Int64, knownAt: Timestamp) throws {
            self.table = table
            self.batchID = batchID
            self.knownAt = knownAt.description
            let columns = table.keyColumns + table.valueColumns + ["version", "batch_id", "source_line", "known_from"]
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
        }

        /// Writes one row's current version. A new key is a plain insert (the hot path); an
        /// existing key is compared value by value with the stored version.
        func write(_ db: Database, key: [DatabaseValue], values: [DatabaseValue], line: Int) throws -> Outcome {
            let meta: [DatabaseValue] = [1.databaseValue, batchID.databaseValue, line.databaseValue, knownAt.databaseValue]
            try run(db, insert, [key, values, meta])
            if db.changesCount > 0 { return .loaded }
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

        /// Resets, binds the value lists in order and steps a statement that returns no rows.
        private func run(_ db: Database, _ statement: Statement, _ lists: [[DatabaseValue]]) throws {
            let raw = RawStatement(statement)
            raw.bind(lists)
            try raw.execute(db)
        }
    }
}
