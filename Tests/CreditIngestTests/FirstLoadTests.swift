@testable import CreditIngest
import CreditCore
@testable import CreditStore
import Foundation
import GRDB
import Testing
import CreditTestSupport

/// A store's first load writes each category's first file without the record key and builds
/// the key once at the end (`DeferredKey`); so does its first enterprises file into an empty
/// register. It must store exactly what keeping the keys row by row stores, tell repeats
/// inside a file as the key would, and leave the keys in place.
@Suite struct FirstLoadTests {
    /// Everything an import leaves in the store that the key could change.
    static func stored(_ database: CreditDatabase) throws -> [String: [Row]] {
        try database.writer.read { db in
            var tables: [String: [Row]] = [:]
            for (table, order) in [("record", "id"), ("record_history", "id, known_until"), ("rejected_row", "id"), ("import_batch", "id"),
                                   ("enterprise", "uscc"), ("enterprise_history", "uscc, known_until")] {
                // The name index refers to enterprises by rowid: both ways must give the same.
                let columns = table == "enterprise" ? "rowid, *" : "*"
                tables[table] = try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table) ORDER BY \(order)")
            }
            return tables
        }
    }

    /// Imports `paths` twice into fresh stores, the key deferred and kept, and expects the same
    /// reports and the same stored rows; returns the deferred store.
    static func importBothWays(_ paths: [String], folder: TemporaryFolder) throws -> (CreditDatabase, ImportReport) {
        var results: [(CreditDatabase, ImportReport, [String: [Row]])] = []
        for deferred in [true, false] {
            let database = try CreditDatabase.open(path: folder.path("\(deferred ? "deferred" : "kept").db"))
            let report = Importer(database: database, recordLayout: Layouts.record, defersKeysOnFirstLoad: deferred).run(paths)
            for key in DeferredKey.all {
                #expect(try database.writer.read(key.isPresent), "\(key) is in place after the import")
            }
            #expect(try database.writer.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
            results.append((database, report, try stored(database)))
        }
        let (deferred, kept) = (results[0], results[1])
        #expect(deferred.1.errors == kept.1.errors)
        #expect(deferred.1.warnings == kept.1.warnings)
        #expect(deferred.1.files == kept.1.files)
        for table in kept.2.keys.sorted() {
            #expect(deferred.2[table] == kept.2[table], "\(table) differs")
        }
        #expect(kept.2["record"]?.isEmpty == false)
        return (deferred.0, deferred.1)
    }

    @Test func theSampleDataIsStoredAsWithTheKeyKeptRowByRow() throws {
        let folder = try TemporaryFolder()
        _ = try Self.importBothWays([repositoryRoot.appendingPathComponent("SampleData").path], folder: folder)
    }

    /// Repeats inside a category's first file (identical: a duplicate; different: rejected), a
    /// second file of the same category in the same run (its rows meet the built key: one
    /// correction, one unchanged), and a later import into the loaded store.
    @Test func repeatsAndASecondFileOfTheCategoryMeetTheKey() throws {
        let folder = try TemporaryFolder()
        try folder.write("enterprises.csv", enterprisesCSV)
        let header = "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,处罚类别,罚款金额（万元）\n"
        try folder.write("行政处罚.csv", header + """
            甲,\(codeA),罚1,2025-03-03,某局,罚款,0.5
            甲,\(codeA),罚2,2025-04-03,某局,警告,
            乙,\(codeB),罚1,2025-03-05,某局,警告,
            甲,\(codeA),罚1,2025-03-03,某局,罚款,0.5
            甲,\(codeA),罚2,2025-04-03,某局,罚款,1

            """)
        try folder.write("more/行政处罚.csv", header + """
            甲,\(codeA),罚1,2025-03-03,某局,罚款,0.8
            甲,\(codeA),罚2,2025-04-03,某局,警告,

            """)
        try folder.write("行政检查.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,检查类型,检查结果
            甲,\(codeA),检1,2025-01-02,局,双随机抽查,未发现问题
            甲,\(codeA),检1,2025-01-02,局,双随机抽查,未发现问题

            """)
        let (database, report) = try Self.importBothWays([folder.url.path, folder.path("more")], folder: folder)
        let penalty = try #require(report.files.first { $0.file == "行政处罚.csv" })
        #expect(report.files.filter { $0.file == "行政处罚.csv" }.count == 2)
        #expect(penalty.loaded == 3 && penalty.duplicates == 1 && penalty.rejected == 1)
        #expect(report.errors.contains { $0.file == "行政处罚.csv" && $0.line == 6 && $0.reason.contains("already appears on line 3") })
        let correction = try #require(report.files.last { $0.file == "行政处罚.csv" })
        #expect(correction.corrected == 1 && correction.unchanged == 1 && correction.loaded == 0)
        #expect(report.files.first { $0.file == "行政检查.csv" }?.duplicates == 1)
        #expect(try database.count("SELECT COUNT(*) FROM record") == 4)
        #expect(try database.count("SELECT COUNT(*) FROM record_history") == 1)
        // The key holds: the same record again cannot be written twice.
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(sql: "INSERT INTO record SELECT NULL, uscc, category, agency_key, document_no, subject_name, subject_kind, decision_date, agency, agency_code, source_unit, report_date, remark, extra, lic_document_name, lic_kind, lic_certificate_name, lic_number, lic_content, lic_valid_from, lic_valid_to, lic_status, pen_violation, pen_facts, pen_basis, pen_types, pen_content, pen_fine_fen, pen_confiscation_fen, pen_licence, pen_procedure, pen_domain, pen_severity, pen_declared_end, pen_publication_date, coe_measure, coe_until, coe_status, rew_name, rew_level, rew_form, con_item, con_result, adj_matter, adj_result, adj_at_fault, ins_kind, ins_item, ins_result, version, batch_id, source_line, known_from FROM record LIMIT 1")
            }
        }
        // A later import is no first load: its new category's rows go through the key.
        try folder.write("later/行政奖励.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,奖励名称
            甲,\(codeA),奖1,2025-05-02,某局,守信企业
            甲,\(codeA),奖1,2025-05-02,某局,守信企业

            """)
        let later = Importer(database: database).run([folder.path("later")], at: t1)
        #expect(later.files.first?.loaded == 1 && later.files.first?.duplicates == 1)
        #expect(try database.writer.read(DeferredKey.record.isPresent))
    }

    /// The register's first file: a code repeated with the same content is a duplicate, with
    /// other content rejected, exactly as with the key kept; the key holds afterwards, and a
    /// later register file (a correction, a new enterprise) goes through it.
    @Test func theRegistersFirstFileIsCheckedAsWithItsKey() throws {
        let folder = try TemporaryFolder()
        try folder.write("enterprises.csv", enterprisesCSV + """
            \(codeB),北京示例有限公司,F5211,在业
            \(codeC),保定另一有限公司,H6210,存续

            """)
        try folder.write("行政检查.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,检查类型,检查结果
            甲,\(codeA),检1,2025-01-02,局,双随机抽查,未发现问题

            """)
        let (database, report) = try Self.importBothWays([folder.url.path], folder: folder)
        let register = try #require(report.files.first { $0.file == "enterprises.csv" })
        #expect(register.loaded == 3 && register.duplicates == 1 && register.rejected == 1)
        #expect(report.errors.contains { $0.file == "enterprises.csv" && $0.line == 6 && $0.reason.contains("already appears on line 4") })
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO enterprise (uscc, name, region, status, abnormal, serious, dishonest_debtor, version, batch_id, source_line, known_from)
                    SELECT uscc, name, region, status, abnormal, serious, dishonest_debtor, version, batch_id, source_line, known_from FROM enterprise LIMIT 1
                    """)
            }
        }
        let codeD = try #require(UnifiedSocialCreditCode.completing("91350200MA0000002"))
        try folder.write("later/enterprises.csv", """
            统一社会信用代码,企业名称,行业代码,登记状态
            \(codeA),福州示例有限公司,C13,吊销
            \(codeD),厦门示例有限公司,C13,存续

            """)
        let later = Importer(database: database).run([folder.path("later")], at: t1)
        #expect(later.files.first?.corrected == 1 && later.files.first?.loaded == 1)
        #expect(try database.writer.read(DeferredKey.enterprise.isPresent))
        #expect(try database.count("SELECT COUNT(*) FROM enterprise") == 4)
        #expect(try database.count("SELECT COUNT(*) FROM enterprise_history") == 1)
        // The name index finds the enterprise the later file added.
        #expect(try database.count("SELECT COUNT(*) FROM enterprise_fts WHERE enterprise_fts MATCH '厦门示例'") == 1)
    }

    /// Different keys whose hashes meet are still different records: the writer confirms a
    /// repeat against the stored row, never by the hash alone.
    @Test func keysWithTheSameHashAreToldApartByTheStoredRow() throws {
        let database = try CreditDatabase.inMemory()
        try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO import_batch (file_name, file_sha256, kind, encoding, known_at, rows, loaded, unchanged, corrected, rejected, skipped, duplicates, strict)
                VALUES ('行政许可.csv', ?, 'licensing', 'utf8', ?, 0, 0, 0, 0, 0, 0, 0, 0)
                """, arguments: [String(repeating: "a", count: 64), t0.description])
            try DeferredKey.record.drop(db)
            let writer = try VersionedTable.Writer(.record, db: db, batchID: db.lastInsertedRowID, knownAt: t0, keysInMemory: true)
            writer.collapsesKeyHashes = true  // every key hashes alike
            func licence(_ number: String, _ content: String) -> EnforcementRecord {
                EnforcementRecord(documentNumber: number, subjectName: "甲", uscc: UnifiedSocialCreditCode(trusted: codeA),
                                  decisionDate: CalendarDate(iso: "2025-01-02")!, agency: "某局",
                                  details: .licensing(.init(content: content)))
            }
            var outcomes: [VersionedTable.Outcome] = []
            for (line, record) in [licence("许1", "a"), licence("许2", "a"), licence("许1", "a"), licence("许2", "b")].enumerated() {
                outcomes.append(try writer.write(db, line: line + 2, layout: Layouts.record) { StoredRows.write(record, extra: nil, to: &$0) })
            }
            #expect(outcomes == [.loaded, .loaded, .repeatedInBatch(firstLine: 2, identical: true), .repeatedInBatch(firstLine: 3, identical: false)])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record") == 2)
            try DeferredKey.record.build(db)
        }
    }

    /// A first load stopped before its key was built (the process killed): opening the
    /// database builds the key.
    @Test func openingTheDatabaseBuildsAMissingKey() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("credit.db")
        do {
            let database = try CreditDatabase.open(path: path)
            for key in DeferredKey.all {
                try database.writer.write(key.drop)
                #expect(try !database.writer.read(key.isPresent))
            }
        }
        let reopened = try CreditDatabase.open(path: path)
        for key in DeferredKey.all {
            #expect(try reopened.writer.read(key.isPresent), "\(key)")
        }
    }
}
