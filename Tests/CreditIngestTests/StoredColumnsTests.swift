import CreditCore
@testable import CreditIngest
@testable import CreditStore
import GRDB
import Testing
import CreditTestSupport

/// The tables' column descriptions (`TableColumns.swift`) are the only place columns are named
/// and ordered: the writer packs by them, GRDB decodes by them, the classification reader's
/// offsets come from its select list of them, and the migrations build exactly them.
@Suite struct StoredColumnsTests {
    /// Every description names the table's data columns in the table's order, as the migrations
    /// leave it: adding a case without its migration (or the reverse) fails here.
    @Test func everyDescriptionIsTheTableTheMigrationsBuild() throws {
        let database = try CreditDatabase.inMemory()
        let bookkeeping: Set<String> = ["id", "version", "batch_id", "source_line", "known_from"]
        func columns(_ table: String) throws -> [String] {
            try database.writer.read { db in
                try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [table])
                    .map { $0[0] as String }.filter { !bookkeeping.contains($0) }
            }
        }
        #expect(try columns("enterprise") == TableLayout<EnterpriseColumn>().names)
        #expect(try columns("inspector") == TableLayout<InspectorColumn>().names)
        #expect(try columns("conflict") == TableLayout<ConflictColumn>().names)
        #expect(try columns("inspection_trigger") == TableLayout<TriggerColumn>().names)
        #expect(try columns("record") == TableLayout<RecordColumn>().names)
        #expect(try columns("record_history") == TableLayout<RecordColumn>().names + ["known_until"])
        #expect(try columns("listing") == TableLayout<ListingColumn>().names)
        #expect(try columns("listing_history") == TableLayout<ListingColumn>().names + ["known_until"])
        #expect(try columns("commitment") == TableLayout<CommitmentColumn>().names)
        #expect(try columns("commitment_history") == TableLayout<CommitmentColumn>().names + ["known_until"])
        #expect(RecordColumn.penFineFen.sqlName == "pen_fine_fen" && RecordColumn.agencyKey.sqlName == "agency_key")
        // The key is the unique index the writer's upsert names.
        let unique = try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT ii.name FROM pragma_index_list('record') il, pragma_index_info(il.name) ii
                WHERE il."unique" = 1 ORDER BY ii.seqno
                """).map { $0[0] as String }
        }
        #expect(unique == TableLayout<RecordColumn>().keyNames)
        func uniqueKey(_ table: String) throws -> [String] {
            try database.writer.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT ii.name FROM pragma_index_list(?) il, pragma_index_info(il.name) ii
                    WHERE il."unique" = 1 AND il.origin = 'u' ORDER BY ii.seqno
                    """, arguments: [table]).map { $0[0] as String }
            }
        }
        #expect(try uniqueKey("listing") == TableLayout<ListingColumn>().keyNames)
        #expect(try uniqueKey("commitment") == TableLayout<CommitmentColumn>().keyNames)
    }

    /// A record of each category with every field given.
    static let fullRecords: [EnforcementRecord] = {
        typealias R = EnforcementRecord
        let code = UnifiedSocialCreditCode(trusted: codeA), day = CalendarDate(iso: "2025-03-03")!
        func record(_ number: String, _ details: R.Details) -> R {
            R(documentNumber: number, subjectName: "甲公司", subjectKind: .individualBusiness, uscc: code, decisionDate: day,
              agency: "某局", agencyCode: "11130600000000000A", sourceUnit: "某中心", reportDate: day.adding(days: 2),
              remark: "备注", details: details)
        }
        return [
            record("许1", .licensing(.init(documentName: "决定书", kind: .franchise, certificateName: "许可证", licenceNumber: "JY1",
                                            content: "内容", validFrom: day, validTo: day.adding(years: 5), status: .revoked))),
            record("罚1", .penalty(.init(violationType: "虚假广告", facts: "事实", basis: "依据", types: [.fine, .confiscateIllegalGains],
                                          content: "罚款", fine: Amount(fen: 500_000), confiscation: Amount(fen: 1_000),
                                          licenceAffected: "许可证", procedure: .summary, domain: .food, severity: .ordinary,
                                          declaredPublicationEnd: day.adding(years: 1), publicationDate: day.adding(days: 5)))),
            record("强1", .coercion(.init(measure: .seize, until: day.adding(days: 30), status: .lifted))),
            record("奖1", .reward(.init(name: "守合同重信用", level: .provincial, form: "证书"))),
            record("确1", .confirmation(.init(item: "商标认定", result: "予以确认"))),
            record("裁1", .adjudication(.init(matter: "消费争议", result: "驳回", atFault: true))),
            record("检1", .inspection(.init(kind: .targeted, item: "检查事项", result: .correctedOnOrder))),
        ]
    }()

    /// For every category: a record with every field given is stored by the bulk writer and
    /// read back by GRDB decoding unchanged, every column of its category and the common ones
    /// filled, the other categories' left NULL. A column added to the description but not
    /// written, or not read, fails here.
    @Test func everyCategoryWritesTheColumnsItIsReadFrom() throws {
        let database = try CreditDatabase.inMemory()
        let layout = TableLayout<RecordColumn>()
        let stored = try database.writer.write { db -> [Row] in
            try db.execute(sql: """
                INSERT INTO import_batch (file_name, file_sha256, kind, encoding, known_at, rows, loaded, unchanged,
                    corrected, rejected, skipped, duplicates, strict)
                VALUES ('x.csv', ?, 'penalty', 'utf8', ?, 0, 0, 0, 0, 0, 0, 0, 0)
                """, arguments: [String(repeating: "0", count: 64), t0.description])
            let writer = try VersionedTable.Writer(.record, db: db, batchID: db.lastInsertedRowID, knownAt: t0)
            for (line, record) in Self.fullRecords.enumerated() {
                let outcome = try writer.write(db, line: line + 2, layout: layout) { StoredRows.write(record, extra: "{}", to: &$0) }
                #expect(outcome == .loaded)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM record ORDER BY id")
        }
        let columns = ColumnIndexes<RecordColumn>(stored.first.map { Array($0.columnNames) } ?? [])
        #expect(stored.compactMap { StoredColumns.record($0, columns: columns) } == Self.fullRecords)
        for (row, record) in zip(stored, Self.fullRecords) {
            let own = Set(RecordColumn.values(of: record.category))
            for column in layout.columns {
                let value = row[column.sqlName] as DatabaseValue
                if column.isKey || own.contains(column) {
                    #expect(!value.isNull, "\(record.category): \(column.sqlName) is not written")
                } else {
                    #expect(value.isNull, "\(record.category): \(column.sqlName) belongs to another category")
                }
            }
        }
    }

    /// No position is written by hand: with the record table rebuilt in another column order,
    /// the writer (from a layout in that order), GRDB decoding and the classification reader
    /// store and read the same records as with the table's own order.
    @Test func anotherColumnOrderStoresAndReadsTheSameRecords() throws {
        let folder = try TemporaryFolder()
        try folder.write("enterprises.csv", enterprisesCSV)
        try folder.write("行政处罚.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,处罚类别,罚款金额（万元）,公示日期,领域
            甲,\(codeA),罚1,2025-03-03,某局,罚款,0.5,2025-03-10,食品
            甲,\(codeA),罚2,2025-04-03,某局,警告,,,

            """)
        try folder.write("行政检查.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,检查类型,检查结果
            甲,\(codeA),检1,2025-01-02,局,双随机抽查,未发现问题

            """)
        func load(reordered: Bool) throws -> (rows: [EnforcementRecord], packed: [EnforcementRecord]) {
            let database = try CreditDatabase.inMemory()
            var layout = TableLayout<RecordColumn>()
            if reordered {
                let values = layout.columns.dropFirst(RecordColumn.keyCount)
                layout = TableLayout(Array(layout.columns.prefix(RecordColumn.keyCount).reversed()) + values.reversed())
                let list = layout.selectList
                try database.writer.write { db in
                    for table in ["record", "record_history"] {
                        let tail = table == "record" ? "" : ", known_until"
                        try db.execute(sql: """
                            CREATE TABLE \(table)_r AS SELECT id, \(list), version, batch_id, source_line, known_from\(tail) FROM \(table) WHERE 0;
                            DROP TABLE \(table);
                            ALTER TABLE \(table)_r RENAME TO \(table);
                            """)
                    }
                    try db.execute(sql: "CREATE UNIQUE INDEX record_key ON record(\(layout.keyNames.joined(separator: ", ")))")
                }
            }
            let importer = Importer(database: database, recordLayout: layout)
            let report = importer.run([folder.url.path])
            #expect(report.errors.isEmpty, "\(report.errors)")
            return try database.writer.read { db in
                let rows = try StoredColumns.records(db, sql: "SELECT * FROM record ORDER BY document_no")
                var packed: [EnforcementRecord] = []
                try ClassificationSource.forOne(db, knownBy: nil, uscc: codeA) { _, records in packed = records }
                return (rows, packed.sorted { $0.documentNumber < $1.documentNumber })
            }
        }
        let plain = try load(reordered: false), reordered = try load(reordered: true)
        #expect(plain.rows.count == 3)
        #expect(reordered.rows == plain.rows)
        #expect(reordered.packed.map(\.documentNumber) == plain.packed.map(\.documentNumber))
        #expect(reordered.packed.map(\.category) == plain.packed.map(\.category))
        guard case .penalty(let p) = plain.rows.first(where: { $0.documentNumber == "罚1" })?.details else { Issue.record("not a penalty"); return }
        #expect(p.publicationDate == CalendarDate(iso: "2025-03-10") && p.fine == Amount(fen: 500_000) && p.domain == .food)
    }
}

/// The writer binds only what changed from the row before (within a batch): rows that repeat
/// a value, change it to another of the same length, empty it or null it must all be stored
/// exactly as given.
@Suite struct BatchWriterTests {
    @Test func repeatedChangedEmptyAndNullValuesAreStoredAsGiven() throws {
        let database = try CreditDatabase.inMemory()
        let inspectors: [(Inspector, extra: String?)] = [
            (Inspector(certificateNumber: "C1", name: "张三", department: "市局", region: "130600", fields: ["F", "S"], isOnDuty: true), nil),
            (Inspector(certificateNumber: "C2", name: "李四", department: "市局", region: "130600", fields: ["F", "S"], isOnDuty: true), nil),
            (Inspector(certificateNumber: "C3", name: "王五", department: "县局", region: "130602", fields: ["S", "F"], isOnDuty: false), "{}"),
            (Inspector(certificateNumber: "C4", name: "赵六", department: "", region: "130602", fields: ["S", "F"], isOnDuty: false), nil),
            (Inspector(certificateNumber: "C5", name: "钱七", department: "", region: "130602", fields: ["F", "S"], isOnDuty: false), "{}"),
            (Inspector(certificateNumber: "C6", name: "孙八", department: "县局", region: "130602", fields: ["F", "S"], isOnDuty: true), "[]"),
        ]
        func row(_ values: (any DatabaseValueConvertible)?...) -> [DatabaseValue] { values.map { $0?.databaseValue ?? .null } }
        let rows = [
            row("C1", "张三", "市局", "130600", "FS", 1, nil),
            row("C2", "李四", "市局", "130600", "FS", 1, nil),
            row("C3", "王五", "县局", "130602", "SF", 0, "{}"),
            row("C4", "赵六", "", "130602", "SF", 0, nil),
            row("C5", "钱七", "", "130602", "FS", 0, "{}"),
            row("C6", "孙八", "县局", "130602", "FS", 1, "[]"),
        ]
        let stored = try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO import_batch (file_name, file_sha256, kind, encoding, known_at, rows, loaded, unchanged,
                    corrected, rejected, skipped, duplicates, strict)
                VALUES ('inspectors.csv', ?, 'inspectors', 'utf8', ?, 0, 0, 0, 0, 0, 0, 0, 0)
                """, arguments: [String(repeating: "0", count: 64), t0.description])
            let writer = try VersionedTable.Writer(.inspector, db: db, batchID: db.lastInsertedRowID, knownAt: t0)
            var batch = PackedColumns()
            let packed = inspectors.map { inspector, extra in
                batch.appendRow(Layouts.inspector) { StoredRows.write(inspector, extra: extra, to: &$0) }
            }
            try batch.texts.withUnsafeBufferPointer { texts in
                for (line, row) in packed.enumerated() {
                    let outcome = try writer.write(db, batch, row, texts: texts, line: line + 2)
                    #expect(outcome == .loaded)
                }
            }
            writer.releaseBorrowedTexts()
            return try Row.fetchAll(db, sql: """
                SELECT certificate_no, name, department, region, fields, on_duty, extra FROM inspector ORDER BY certificate_no
                """).map { row in (0..<7).map { row[$0] as DatabaseValue } }
        }
        #expect(stored == rows)
    }
}
