import GRDB

/// A table's unique key as a named index that a store's first load builds once, by sorting,
/// instead of row by row: the enterprise register's code (`enterprise_key`) and the record
/// key — enterprise, category, agency, document number (`record_key`). Every other write goes
/// through the key (`ON CONFLICT` names its columns). On a first load the importer writes
/// without it, tells a key the file already wrote from memory, and builds the key after: the
/// register's at the end of its file's transaction, the records' after each category's first
/// file is in. Kept up to date row by row in the exports' random code order, a key's B-tree
/// was the import's largest single cost (docs/performance.md).
///
/// A key is absent only while a first load runs. Opening the database builds any that is
/// missing, so a first load that was killed leaves a store that is complete once opened again.
package struct DeferredKey: Sendable, CustomStringConvertible {
    /// The index's name in `sqlite_schema`.
    package let indexName: String
    let table: String
    let columns: [String]

    /// The record key: one record per enterprise, category, agency and document number.
    package static let record = DeferredKey(indexName: "record_key", table: "record",
                                            columns: ["uscc", "category", "agency_key", "document_no"])
    /// The register's key: one enterprise per social credit code.
    package static let enterprise = DeferredKey(indexName: "enterprise_key", table: "enterprise", columns: ["uscc"])
    /// Every key a first load may defer.
    package static let all = [enterprise, record]

    package var description: String { indexName }

    var creation: String {
        "CREATE UNIQUE INDEX IF NOT EXISTS \(indexName) ON \(table)(\(columns.joined(separator: ", ")))"
    }

    /// Whether the key exists now.
    package func isPresent(_ db: Database) throws -> Bool {
        try db.indexes(on: table).contains { $0.name == indexName }
    }

    /// Drops the key for a first load (nothing when it is already gone).
    package func drop(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX IF EXISTS \(indexName)")
    }

    /// Builds the key when it is missing, by sorting the stored rows (nothing when it exists).
    /// Fails when two rows share a key, which only a write outside the importer could cause.
    /// - Parameter sortingThreads: helper threads SQLite's sorter may use (`PRAGMA threads`;
    ///   measured on 2.65M records, two cores: 4.1 s with 2, 5.3 s with none).
    package func build(_ db: Database, sortingThreads: Int = 0) throws {
        guard sortingThreads > 0 else { return try db.execute(sql: creation) }
        try db.execute(sql: "PRAGMA threads = \(sortingThreads)")
        defer { try? db.execute(sql: "PRAGMA threads = 0") }
        try db.execute(sql: creation)
    }

    /// Whether the key's table holds no row at all: writing into it then is a first load.
    package func tableIsEmpty(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM \(table))") ?? false
    }
}
