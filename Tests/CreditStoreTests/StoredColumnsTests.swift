import CreditCore
@testable import CreditStore
import GRDB
import Testing

/// `StoredColumns.write` (the importer's way in) and `StoredColumns.record` (the queries' way
/// out) must be inverses, in the schema's column order, for every category.
@Suite struct StoredColumnsTests {
    @Test func everyCategoryWritesTheColumnsItIsReadFrom() throws {
        let database = try CreditDatabase.inMemory()
        let report = Importer(database: database).run([repositoryRoot.appendingPathComponent("SampleData").path])
        #expect(report.files.allSatisfy { !$0.fileRejected })
        let columns = StoredColumns.recordKey + StoredColumns.recordValues
        try database.writer.read { db in
            for category in RecordCategory.allCases {
                let stored = try #require(try Row.fetchOne(db, sql: "SELECT * FROM record WHERE category = ? ORDER BY id LIMIT 1",
                                                           arguments: [category.rawValue]), "no \(category) record in SampleData")
                let record = try #require(StoredColumns.record(stored))
                #expect(record.category == category)
                let expected = columns.map { stored[$0] as DatabaseValue }

                var packed = PackedColumns()
                let row = packed.appendRow { StoredColumns.write(record, extra: stored["extra"], to: &$0) }
                #expect(row.keyCount == StoredColumns.recordKey.count)
                let values = packed.values(row.valueCells)
                #expect(packed.values(row.keyCells) + values == expected, "\(category)")

                // The importer's insert names only the category's own columns: the rest are NULL.
                let own = Set(StoredColumns.recordValues(of: category))
                #expect(own.count == 10 + StoredColumns.recordValues.filter { $0.hasPrefix(StoredColumns.recordColumnPrefix(category)) }.count)
                let leftOut = zip(StoredColumns.recordValues, values).filter { !own.contains($0.0) }
                #expect(leftOut.count == StoredColumns.recordValues.count - own.count)
                #expect(leftOut.allSatisfy { $0.1.isNull }, "\(category): \(leftOut.filter { !$0.1.isNull }.map(\.0))")
            }
        }
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
                batch.appendRow { StoredColumns.write(inspector, extra: extra, to: &$0) }
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
