import CreditCore
import Foundation
import CSQLiteSettings
import GRDB
import GRDBSQLite

/// The engine's SQLite database: schema, migrations and named transactional operations.
/// Wraps any GRDB writer — a `DatabasePool` (WAL) on a file, or an in-memory queue in tests.
public struct CreditDatabase: Sendable {
    /// The underlying connection(s).
    public let writer: any DatabaseWriter

    /// Opens `writer`: an empty database gets the current schema in one step
    /// (`Schema.current`, every migration recorded as applied); an older one is migrated.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try writer.write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master")! == 0 else { return }
            try db.execute(sql: Schema.current)
            // The migrator's own register (GRDB's `grdb_migrations`), so that it knows the file is current.
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            for identifier in Self.migrator.migrations {
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [identifier])
            }
        }
        try Self.migrator.migrate(writer)
        // A first load that was stopped before it built a key: build it now.
        for key in DeferredKey.all where try !writer.read(key.isPresent) { try writer.write { try key.build($0) } }
    }

    /// Opens (creating if needed) a database file in WAL mode, migrating an older schema.
    /// Pages are read with read calls, not through a memory map: a map saved classification
    /// nothing measurable with 16 KiB pages, and its pages counted toward resident memory (a
    /// 1M-enterprise run at 2.2 GB).
    public static func open(path: String) throws -> CreditDatabase {
        try CreditDatabase(DatabasePool(path: path, configuration: fileConfiguration(synchronous: "NORMAL")))
    }

    /// Runs `load` (an import) on a database file, creating it when missing.
    ///
    /// A file that does not exist yet, or is empty, is loaded through SQLite's rollback journal
    /// and put in WAL mode when the load ends. Pages a transaction adds at the end of the file
    /// need no journal, so a first load writes every page once, where the WAL writes it twice
    /// (into the log, then the checkpoint copies it into the file): for a city of a million
    /// enterprises 2.6 GB written instead of 4.6 GB and 3.5 GB read instead of 5.6 GB, faster
    /// in 12 of 16 runs alternating with the WAL load (`docs/performance.md`, 2026-12-03
    /// night). Each transaction stays atomic and durable (synchronous
    /// FULL): a load stopped at any point leaves what committed before it, the journal of the
    /// unfinished one rolled back when the file is next opened. What the journal costs is
    /// concurrency — a reader waits while a file is written — on a file that has nothing to
    /// read yet. An existing file is loaded as it is opened by `open(path:)`.
    public static func load<T>(path: String, _ load: (CreditDatabase) throws -> T) throws -> T {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard size == nil || size == 0 else { return try load(open(path: path)) }
        let queue = try DatabaseQueue(path: path, configuration: fileConfiguration(synchronous: "FULL"))
        let result = try load(CreditDatabase(queue))
        // Another connection opened meanwhile keeps the journal; the next `open(path:)` then
        // switches to WAL, as it does for any file.
        _ = try? queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
        return result
    }

    /// The settings of every connection to a database file.
    private static func fileConfiguration(synchronous: String) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // 16 KiB pages for a new file (ignored by an existing one): the engine's big jobs are
            // whole-table scans and bulk inserts, which need a quarter of the page reads and
            // writes of the 4 KiB default — measured: classification 10–15% and import 8% faster.
            try db.execute(sql: "PRAGMA page_size = 16384")
            // Checkpoint the WAL every 4 MiB (SQLite's default is 1,000 pages: 16 MiB at this
            // page size), so that a checkpoint behind a small commit — a batch of lookup audit
            // events — stays short. Bulk jobs checkpoint once per transaction either way.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(walAutocheckpointPages)")
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            try db.execute(sql: "PRAGMA cache_size = -131072")  // 128 MiB: index pages of large imports stay cached
            try db.execute(sql: "PRAGMA busy_timeout = 10000")
        }
        return configuration
    }

    /// WAL pages after which a commit checkpoints (4 MiB of 16 KiB pages).
    static let walAutocheckpointPages = 256

    /// An in-memory database, for tests and dry runs.
    public static func inMemory() throws -> CreditDatabase {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        return try CreditDatabase(DatabaseQueue(configuration: configuration))
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 registers, records, imports, audit") { db in
            try db.execute(sql: Schema.v1)
        }
        migrator.registerMigration("v2 classification runs") { db in
            try db.execute(sql: Schema.v2)
        }
        migrator.registerMigration("v3 double-random draws") { db in
            try db.execute(sql: Schema.v3)
        }
        migrator.registerMigration("v4 credit repair") { db in
            try db.execute(sql: Schema.v4)
        }
        migrator.registerMigration("v5 api tokens and name search") { db in
            try db.execute(sql: Schema.v5)
        }
        migrator.registerMigration("v6 bulk name indexing") { db in
            try db.execute(sql: Schema.v6)
        }
        migrator.registerMigration("v7 value-list checks as comparisons") { db in
            try Schema.v7(db)
        }
        migrator.registerMigration("v8 name search without column sizes") { db in
            try db.execute(sql: Schema.v8)
        }
        migrator.registerMigration("v9 audit log without a hash index") { db in
            try db.execute(sql: Schema.v9)
        }
        migrator.registerMigration("v10 notices by issuing agency, with their service") { db in
            try db.execute(sql: Schema.v10)
        }
        migrator.registerMigration("v11 public credit service") { db in
            try db.execute(sql: Schema.publicService)
        }
        migrator.registerMigration("v12 record identity by enterprise, agency and document number") { db in
            try db.execute(sql: Schema.recordIdentity)
        }
        migrator.registerMigration("v13 draw commitments") { db in
            try db.execute(sql: Schema.drawCommitments)
        }
        migrator.registerMigration("v14 issued reports in PDF") { db in
            try db.execute(sql: Schema.issuedReportsInPDF)
        }
        migrator.registerMigration("v15 lists, commitments and their repair") { db in
            try db.execute(sql: Schema.listsAndCommitments)
        }
        migrator.registerMigration("v16 record key as a named index") { db in
            try Schema.recordKeyAsIndex(db)
        }
        migrator.registerMigration("v17 draw input watch") { db in
            try db.execute(sql: Schema.drawInputWatch)
        }
        migrator.registerMigration("v18 enterprise key as a named index") { db in
            try Schema.enterpriseKeyAsIndex(db)
        }
        migrator.registerMigration("v19 draw tasks without a code index") { db in
            // It served one query, the draw's open triggers, now decided from the previous
            // draws read by their key (draw, code); every later run paid for it, its ~27,000
            // codes in random order dirtying most of an index that grows with every draw.
            try db.execute(sql: "DROP INDEX IF EXISTS draw_task_uscc")
        }
        return migrator
    }
}

extension CreditDatabase {
    /// Process-wide SQLite settings, for a program that is about to open databases: call it
    /// first thing, before any database opens (the `credit` command does).
    ///
    /// SQLite's memory statistics are turned off. They take a process-wide mutex on every
    /// allocation SQLite makes, and the engine never reads them: importing a city of a million
    /// enterprises is 0.7–0.9 s (about 5%) faster without them.
    /// - Returns: false when SQLite had already started; its settings then stay as they were.
    @discardableResult
    public static func configureSQLiteForThisProcess() -> Bool {
        credit_sqlite_disable_memory_statistics() == SQLITE_OK
    }
}
