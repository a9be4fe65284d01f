@testable import CreditStore
import Foundation
import GRDB
import Testing
import CreditTestSupport

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

extension SchemaTests {
    /// v10 rebuilds `record` and `record_history` of an older database around the new identity
    /// (enterprise, category, agency, 决定文书号): every row is kept with its id and values, the
    /// agency key is the agency's code or, without one (or with a placeholder), its name, and
    /// afterwards a second agency's record with the same 决定文书号 is a record of its own.
    @Test func v10KeepsEveryRecordUnderTheNewIdentity() throws {
        let folder = try TemporaryFolder()
        let pool = try DatabasePool(path: folder.path("old.db"))
        try CreditDatabase.migrator.migrate(pool, upTo: "v9 audit log without a hash index")
        let columns = """
            category, document_no, uscc, subject_name, subject_kind, decision_date, agency, agency_code, source_unit,
            pen_types, pen_fine_fen, version, batch_id, source_line, known_from
            """
        let before = try pool.write { db -> (records: [Row], history: [Row]) in
            try db.execute(sql: """
                INSERT INTO import_batch (file_name, file_sha256, kind, encoding, known_at, rows, loaded, unchanged,
                    corrected, rejected, skipped, duplicates, strict)
                VALUES ('行政处罚.csv', ?, 'penalty', 'utf8', '2026-11-20T10:00:00.000Z', 3, 3, 0, 1, 0, 0, 0, 0)
                """, arguments: [String(repeating: "a", count: 64)])
            try db.execute(sql: """
                INSERT INTO record (\(columns)) VALUES
                    ('penalty', '3', '\(codeA)', '甲', '法人及非法人组织', '2025-03-03', '甲局', '11130600000000000A', '甲局', '罚款', 500000, 2, 1, 2, 't1'),
                    ('penalty', '4', '\(codeA)', '甲', '法人及非法人组织', '2025-03-04', '乙局', NULL, '乙局', '警告', NULL, 1, 1, 3, 't0'),
                    ('inspection', '4', '\(codeB)', '乙', '个体工商户', '2025-03-05', '丙局', '00000000000000000X', '丙局', NULL, NULL, 1, 1, 4, 't0');
                UPDATE record SET ins_kind = '双随机抽查', ins_result = '未发现问题' WHERE category = 'inspection';
                INSERT INTO record_history SELECT *, 't1' FROM record WHERE document_no = '3';
                UPDATE record_history SET version = 1, pen_fine_fen = 900000, known_from = 't0';
                """)
            return (try Row.fetchAll(db, sql: "SELECT id, \(columns) FROM record ORDER BY id"),
                    try Row.fetchAll(db, sql: "SELECT id, \(columns), known_until FROM record_history ORDER BY id"))
        }
        let database = try CreditDatabase(pool)
        try database.writer.write { db in
            #expect(try Row.fetchAll(db, sql: "SELECT id, \(columns) FROM record ORDER BY id") == before.records)
            #expect(try Row.fetchAll(db, sql: "SELECT id, \(columns), known_until FROM record_history ORDER BY id") == before.history)
            #expect(try String.fetchAll(db, sql: "SELECT agency_key FROM record ORDER BY id") == ["11130600000000000A", "乙局", "丙局"])
            #expect(try String.fetchAll(db, sql: "SELECT agency_key FROM record_history") == ["11130600000000000A"])
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            // Another agency's 文书号 3 for the same enterprise is a new record, not a conflict.
            try db.execute(sql: """
                INSERT INTO record (\(columns), agency_key) VALUES
                    ('penalty', '3', '\(codeA)', '甲', '法人及非法人组织', '2025-05-03', '丁局', NULL, '丁局', '警告', NULL, 1, 1, 5, 't2', '丁局')
                """)
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO record (\(columns), agency_key) VALUES
                        ('penalty', '3', '\(codeA)', '甲', '法人及非法人组织', '2025-05-03', '丁局', NULL, '丁局', '警告', NULL, 1, 1, 6, 't2', '丁局')
                    """)
            }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record WHERE document_no = '3'") == 2)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pragma_table_info('import_batch') WHERE name IN ('source_path', 'profile', 'format', 'rejected_whole')") == 4)
        }
    }

    /// v15 rebuilds `repair_application` so that it may name a listing or a commitment: every
    /// application keeps its id (online submissions refer to it), decisions stay final, and a
    /// listing's application needs its agency key.
    @Test func v15KeepsApplicationsAndTheirSubmissions() throws {
        let folder = try TemporaryFolder()
        let pool = try DatabasePool(path: folder.path("old.db"))
        try CreditDatabase.migrator.migrate(pool, upTo: "v12 record identity by enterprise, agency and document number")
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO repair_application (id, uscc, category, document_no, applied_at, materials, status, decided_at, decision_reason, decided_by)
                VALUES (7, ?, 'penalty', '罚1', '2026-11-20T10:00:00.000Z', '信用修复申请书', 'approved', '2026-11-21T10:00:00.000Z', '同意', 'test'),
                       (8, ?, 'penalty', '罚2', '2026-11-20T10:00:00.000Z', '信用修复申请书', 'pending', NULL, NULL, NULL);
                INSERT INTO repair_submission (tracking, application_id, contact, phone, submitted_at) VALUES ('T1', 8, '张三', '13800000000', '2026-11-20T10:00:00.000Z');
                """, arguments: [codeA, codeA])
        }
        let database = try CreditDatabase(pool)
        try database.writer.write { db in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM repair_application JOIN repair_submission ON application_id = repair_application.id") == 1)
            #expect(try String.fetchAll(db, sql: "SELECT status FROM repair_application ORDER BY id") == ["approved", "pending"])
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE repair_application SET status = 'rejected' WHERE id = 7") }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO repair_application (uscc, category, document_no, applied_at, materials, status)
                    VALUES (?, 'abnormal-list', '异1', '2026-11-22T10:00:00.000Z', '', 'pending')
                    """, arguments: [codeA])
            }
            try db.execute(sql: """
                INSERT INTO repair_application (uscc, category, document_no, applied_at, materials, status, agency_key)
                VALUES (?, 'abnormal-list', '异1', '2026-11-22T10:00:00.000Z', '', 'pending', '保定市市场监督管理局')
                """, arguments: [codeA])
        }
    }

    /// v18 rebuilds `enterprise` so that its key is an index a first load can build at the end:
    /// every enterprise keeps its rowid (the name index refers to them), a renamed one is found
    /// by its new name, the code stays unique, and conflicts still refer to the register.
    @Test func v18KeepsEnterprisesTheirRowidsAndTheirKey() throws {
        let folder = try TemporaryFolder()
        let pool = try DatabasePool(path: folder.path("old.db"))
        try CreditDatabase.migrator.migrate(pool, upTo: "v17 draw input watch")
        let columns = "uscc, name, region, status, abnormal, serious, dishonest_debtor, version, batch_id, source_line, known_from"
        let before = try pool.write { db -> [Row] in
            try db.execute(sql: """
                INSERT INTO import_batch (file_name, file_sha256, kind, encoding, known_at, rows, loaded, unchanged,
                    corrected, rejected, skipped, duplicates, strict)
                VALUES ('enterprises.csv', ?, 'enterprises', 'utf8', '2026-11-20T10:00:00.000Z', 3, 3, 0, 0, 0, 0, 0, 0);
                INSERT INTO enterprise (rowid, \(columns)) VALUES
                    (5, '\(codeA)', '福州示例有限公司', '350100', '存续', 0, 0, 0, 1, 1, 2, 't0'),
                    (9, '\(codeB)', '北京示例有限公司', '110000', '在业', 0, 0, 0, 1, 1, 3, 't0'),
                    (12, '\(codeC)', '保定示例有限公司', '130600', '存续', 0, 0, 0, 1, 1, 4, 't0');
                INSERT INTO enterprise_fts (enterprise_fts) VALUES ('rebuild');
                INSERT INTO inspector (certificate_no, name, department, fields, on_duty, version, batch_id, source_line, known_from)
                VALUES ('执1', '张三', '甲局', 'C', 1, 1, 1, 2, 't0');
                INSERT INTO conflict (certificate_no, uscc, version, batch_id, source_line, known_from)
                VALUES ('执1', '\(codeB)', 1, 1, 2, 't0');
                """, arguments: [String(repeating: "a", count: 64)])
            return try Row.fetchAll(db, sql: "SELECT rowid, * FROM enterprise ORDER BY rowid")
        }
        let database = try CreditDatabase(pool)
        try database.writer.write { db in
            #expect(try Row.fetchAll(db, sql: "SELECT rowid, * FROM enterprise ORDER BY rowid") == before)
            #expect(try DeferredKey.enterprise.isPresent(db))
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            #expect(try Int.fetchOne(db, sql: "SELECT rowid FROM enterprise_fts WHERE enterprise_fts MATCH '北京示例'") == 9)
            try db.execute(sql: "UPDATE enterprise SET name = '天津示例有限公司' WHERE uscc = ?", arguments: [codeB])
            #expect(try Int.fetchOne(db, sql: "SELECT rowid FROM enterprise_fts WHERE enterprise_fts MATCH '天津示例'") == 9)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM enterprise_fts WHERE enterprise_fts MATCH '北京示例'") == 0)
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO enterprise (\(columns)) SELECT \(columns) FROM enterprise WHERE rowid = 5")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO conflict (certificate_no, uscc, version, batch_id, source_line, known_from)
                    VALUES ('执1', '91350100M000200X55', 1, 1, 3, 't0')
                    """)
            }
        }
    }
}
