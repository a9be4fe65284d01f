import CreditCore
import Foundation
import GRDB

/// The lookup journal (查询留痕): who looked up which enterprise, when — a hash-chained log of
/// its own, in a SQLite file beside the main database, with the same event format and chain
/// rule as the audit log.
///
/// Why a second file: SQLite has one writer per file. A lookup must be committed before its
/// answer leaves, and in the main file that commit waited behind the import's transaction
/// (one per file, seconds long for a city's register): lookups took up to 10 s and some
/// failed with "database is locked" while the monthly data loaded. In a file of its own the
/// lookup commit never waits for an import, a classification or a draw.
public struct LookupJournal: Sendable {
    let writer: any DatabaseWriter

    init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 lookup events") { db in try db.execute(sql: Schema.lookupJournal) }
        try migrator.migrate(writer)
    }

    /// The journal's file for a database file: `credit.db` → `credit.lookups.db`.
    public static func path(besides databasePath: String) -> String {
        databasePath.hasSuffix(".db") ? String(databasePath.dropLast(3)) + ".lookups.db" : databasePath + ".lookups.db"
    }

    /// Opens (creating if needed) the journal beside a database file, in WAL mode.
    public static func open(besides databasePath: String) throws -> LookupJournal {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA busy_timeout = 10000")
        }
        return try LookupJournal(DatabasePool(path: path(besides: databasePath), configuration: configuration))
    }

    /// The journal of a database: beside its file, or in memory for an in-memory database.
    public static func open(for database: CreditDatabase) throws -> LookupJournal {
        if let pool = database.writer as? DatabasePool { return try open(besides: pool.path) }
        return try inMemory()
    }

    /// An in-memory journal, for tests.
    public static func inMemory() throws -> LookupJournal { try LookupJournal(DatabaseQueue()) }

    /// Appends events in one transaction (the group commit of `AuditBatcher`).
    func append(_ events: [AuditLog.NewEvent]) throws {
        try writer.write { db in _ = try AuditLog.append(db, events) }
    }

    /// Re-computes the journal's chain.
    public func verify() throws -> (checked: Int, firstBreak: AuditLog.Break?) {
        try writer.read { db in try AuditLog.verify(db) }
    }

    /// The latest events, newest first.
    public func events(limit: Int = 100) throws -> [AuditLog.Event] {
        try writer.read { db in try AuditLog.events(db, kind: nil, limit: limit) }
    }
}
