import GRDB

/// The record table's unique key — enterprise, category, agency, document number — as the
/// named index `record_key`. Every write of a record goes through it (`ON CONFLICT` names its
/// columns), except a store's first load: with no records stored yet, the importer loads each
/// category's first file without the key, checks that file's keys in memory, and builds the
/// key once, by sorting, after its last such file. Kept up to date row by row in the exports'
/// random code order, the key's B-tree was the import's largest single cost (README).
///
/// The key is absent only while a first load runs. Opening the database builds it when it is
/// missing, so a first load that was killed leaves a store that is complete once opened again.
package enum RecordKey {
    /// The index's name in `sqlite_schema`.
    package static let indexName = "record_key"

    static let creation = "CREATE UNIQUE INDEX IF NOT EXISTS record_key ON record(uscc, category, agency_key, document_no)"

    /// Whether the key exists now.
    package static func isPresent(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?)",
                          arguments: [indexName]) ?? false
    }

    /// Drops the key for a first load (nothing when it is already gone).
    package static func drop(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX IF EXISTS record_key")
    }

    /// Builds the key when it is missing, by sorting the stored records (nothing when it exists).
    /// Fails when two records share a key, which only a write outside the importer could cause.
    /// - Parameter sortingThreads: helper threads SQLite's sorter may use (`PRAGMA threads`;
    ///   measured on 2.65M records, two cores: 4.1 s with 2, 5.3 s with none).
    package static func build(_ db: Database, sortingThreads: Int = 0) throws {
        guard sortingThreads > 0 else { return try db.execute(sql: creation) }
        try db.execute(sql: "PRAGMA threads = \(sortingThreads)")
        defer { try? db.execute(sql: "PRAGMA threads = 0") }
        try db.execute(sql: creation)
    }

    /// Whether the store holds no record at all: an import then is a first load.
    package static func noRecordStored(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM record)") ?? false
    }
}
