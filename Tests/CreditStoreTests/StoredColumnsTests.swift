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
                #expect(packed.values(row.keyCells) + packed.values(row.valueCells) == expected, "\(category), packed")

                let listed = StoredColumns.values { StoredColumns.write(record, extra: stored["extra"], to: &$0) }
                #expect(listed.key + listed.values == expected, "\(category), as values")

                // The importer's insert names only the category's own columns: the rest are NULL.
                let own = Set(StoredColumns.recordValues(of: category))
                #expect(own.count == 10 + StoredColumns.recordValues.filter { $0.hasPrefix(StoredColumns.recordColumnPrefix(category)) }.count)
                let leftOut = zip(StoredColumns.recordValues, listed.values).filter { !own.contains($0.0) }
                #expect(leftOut.count == StoredColumns.recordValues.count - own.count)
                #expect(leftOut.allSatisfy { $0.1.isNull }, "\(category): \(leftOut.filter { !$0.1.isNull }.map(\.0))")
            }
        }
    }
}
