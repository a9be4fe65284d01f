@testable import CreditStore
import Foundation
import GRDB
import Testing

@Suite("Schema and migrations")
struct SchemaTests {
    /// A CHECK written as a value list of three or more values makes SQLite build a temporary
    /// index of the list every time a statement checking it runs — for the importer's one-row
    /// INSERTs, every row. No table of the current schema may compile an insert that way.
    @Test func insertsBuildNoTemporaryIndexPerExecution() throws {
        let database = try CreditDatabase.inMemory()
        try database.writer.read { db in
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'
                    AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'enterprise_fts_%' AND name <> 'grdb_migrations' ORDER BY name
                """)
            #expect(tables.contains("record") && tables.contains("enterprise") && tables.contains("classification"))
            for table in tables {
                let opcodes = try Row.fetchAll(db, sql: "EXPLAIN INSERT INTO \"\(table)\" DEFAULT VALUES").map { $0["opcode"] as String }
                #expect(!opcodes.isEmpty)
                #expect(!opcodes.contains("OpenEphemeral"), "an INSERT into \(table) builds a temporary index per execution")
            }
        }
    }

    /// v7 rewrites the value-list CHECKs of a database made by v1–v6: the rows stay, the file
    /// checks out, and the constraints still refuse what they refused before.
    @Test func v7KeepsRowsAndConstraintsOfAnOlderDatabase() throws {
        let folder = try TemporaryFolder()
        let pool = try DatabasePool(path: folder.path("old.db"))
        try CreditDatabase.migrator.migrate(pool, upTo: "v6 bulk name indexing")
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO api_token (name, role, token_sha256, created_at) VALUES ('甲', 'officer', ?, '2026-11-20T10:00:00.000Z')
                """, arguments: [String(repeating: "a", count: 64)])
            #expect(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = 'record'")?.contains("category IN (") == true)
        }
        let database = try CreditDatabase(pool)
        try database.writer.write { db in
            #expect(try String.fetchAll(db, sql: "SELECT name FROM api_token") == ["甲"])
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            for check in Schema.valueListChecks {
                let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", arguments: [check.table]) ?? ""
                #expect(sql.contains(check.comparisons) && !sql.contains(check.inList), "\(check.table).\(check.column)")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE api_token SET role = 'admin'")
            }
            try db.execute(sql: "UPDATE api_token SET role = 'auditor'")
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO classification_run (created_at, as_of, known_by, ruleset_id, ruleset_version, ruleset_sha256, ruleset_text,
                        enterprises, class_a, class_b, class_c, class_d) VALUES ('t', '2026-11-01', 't', 'r', '1', ?, '', 0, 0, 0, 0, 0);
                    INSERT INTO classification (run_id, uscc, class, score, score_class, trace)
                        VALUES (last_insert_rowid(), '91350100M000100Y43', 'E', 0, 'A', '')
                    """, arguments: [String(repeating: "b", count: 64)])
            }
        }
    }
}

extension SchemaTests {
    /// v9 rebuilds the audit log of an older database: every event kept with its hashes, the
    /// chain still verifies, the log is still append-only, and no index besides `seq` remains.
    @Test func v9KeepsTheAuditChainAndItsTriggers() throws {
        let folder = try TemporaryFolder()
        let pool = try DatabasePool(path: folder.path("old.db"))
        try CreditDatabase.migrator.migrate(pool, upTo: "v8 name search without column sizes")
        let before = try pool.write { db -> [Row] in
            for i in 1...3 {
                try AuditLog.append(db, kind: "test", actor: "tester", at: t0, payload: ["i": .int(Int64(i))])
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM audit_event ORDER BY seq")
        }
        let database = try CreditDatabase(pool)
        try database.writer.write { db in
            #expect(try Row.fetchAll(db, sql: "SELECT * FROM audit_event ORDER BY seq") == before)
            #expect(try AuditLog.verify(db).checked == 3)
            #expect(try AuditLog.verify(db).firstBreak == nil)
            #expect(try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'audit_event'").isEmpty)
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE audit_event SET actor = 'x' WHERE seq = 1") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM audit_event WHERE seq = 3") }
            try AuditLog.append(db, kind: "test", actor: "tester", at: t0, payload: ["i": 4])
            #expect(try AuditLog.verify(db) == (4, nil))
        }
    }
}
