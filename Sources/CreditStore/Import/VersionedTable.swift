import CreditCore
import Foundation
import Crypto
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

    /// Prepared statements for one transaction.
    final class Writer {
        let table: VersionedTable
        let insert: Statement, select: Statement, archive: Statement, update: Statement
        let batchID: Int64
        let knownAt: String
        private var hashBuffer: [UInt8] = []

        init(_ table: VersionedTable, db: Database, batchID: Int64, knownAt: Timestamp) throws {
            self.table = table
            self.batchID = batchID
            self.knownAt = knownAt.description
            let columns = table.keyColumns + table.valueColumns + ["content_hash", "version", "batch_id", "source_line", "known_from"]
            let keyMatch = table.keyColumns.map { "\($0) = ?" }.joined(separator: " AND ")
            insert = try db.makeStatement(sql: """
                INSERT INTO \(table.name) (\(columns.joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
                ON CONFLICT (\(table.keyColumns.joined(separator: ", "))) DO NOTHING
                """)
            select = try db.makeStatement(sql: "SELECT content_hash, batch_id, source_line FROM \(table.name) WHERE \(keyMatch)")
            archive = try db.makeStatement(sql: "INSERT INTO \(table.name)_history SELECT *, ? FROM \(table.name) WHERE \(keyMatch)")
            update = try db.makeStatement(sql: """
                UPDATE \(table.name) SET \(table.valueColumns.map { "\($0) = ?" }.joined(separator: ", ")),
                    content_hash = ?, version = version + 1, batch_id = ?, source_line = ?, known_from = ?
                WHERE \(keyMatch)
                """)
        }

        /// Writes one row's current version.
        func write(_ db: Database, key: [DatabaseValue], values: [DatabaseValue], line: Int) throws -> Outcome {
            let hash = contentHash(values)
            insert.setUncheckedArguments(StatementArguments(key + values + [hash.databaseValue, 1.databaseValue,
                                                                            batchID.databaseValue, line.databaseValue,
                                                                            knownAt.databaseValue]))
            try insert.execute()
            if db.changesCount > 0 { return .loaded }
            select.setUncheckedArguments(StatementArguments(key))
            guard let existing = try Row.fetchOne(select) else { return .loaded }
            let existingHash: Data = existing["content_hash"]
            if (existing["batch_id"] as Int64) == batchID {
                return .repeatedInBatch(firstLine: existing["source_line"], identical: existingHash == hash)
            }
            if existingHash == hash { return .unchanged }
            archive.setUncheckedArguments(StatementArguments([knownAt.databaseValue] + key))
            try archive.execute()
            update.setUncheckedArguments(StatementArguments(values + [hash.databaseValue, batchID.databaseValue,
                                                                      line.databaseValue, knownAt.databaseValue] + key))
            try update.execute()
            return .corrected
        }

        /// SHA-256 (first 16 bytes) of the values in a typed, length-prefixed encoding, so
        /// equal content gives equal hashes whatever the source file's formatting.
        private func contentHash(_ values: [DatabaseValue]) -> Data {
            hashBuffer.removeAll(keepingCapacity: true)
            for value in values {
                switch value.storage {
                case .null: hashBuffer.append(0)
                case .int64(let i):
                    hashBuffer.append(1)
                    withUnsafeBytes(of: i.littleEndian) { hashBuffer.append(contentsOf: $0) }
                case .double(let d):
                    hashBuffer.append(2)
                    withUnsafeBytes(of: d.bitPattern.littleEndian) { hashBuffer.append(contentsOf: $0) }
                case .string(let s):
                    hashBuffer.append(3)
                    withUnsafeBytes(of: UInt32(s.utf8.count).littleEndian) { hashBuffer.append(contentsOf: $0) }
                    hashBuffer.append(contentsOf: s.utf8)
                case .blob(let b):
                    hashBuffer.append(4)
                    withUnsafeBytes(of: UInt32(b.count).littleEndian) { hashBuffer.append(contentsOf: $0) }
                    hashBuffer.append(contentsOf: b)
                }
            }
            return Data(SHA256.hash(data: hashBuffer).prefix(16))
        }
    }
}
