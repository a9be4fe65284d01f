@testable import CreditStore
import Foundation
import GRDB
import Testing
import CreditTestSupport

/// A fresh database is made from `Schema.current` in one step; the migrations only upgrade
/// older files. The snapshot must be exactly what the migrations lead to. After adding a
/// migration, write it again with
///     CREDIT_UPDATE_SCHEMA=1 swift test --filter SchemaSnapshotTests
@Suite struct SchemaSnapshotTests {
    static var snapshotFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CreditStore/Database/Schema+Current.swift")
    }

    @Test func aFreshDatabaseHasTheSchemaTheMigrationsLeadTo() throws {
        // Every migration, one after the other, on an empty database.
        let stepwise = try DatabaseQueue()
        try CreditDatabase.migrator.migrate(stepwise)
        let migrated = try stepwise.read { try Schema.dump($0) }
        if ProcessInfo.processInfo.environment["CREDIT_UPDATE_SCHEMA"] == "1" {
            let source = """
                extension Schema {
                    /// The schema every migration leads to, created in one step on an empty database
                    /// (`CreditDatabase.init`). Generated from the migrations by
                    /// `CREDIT_UPDATE_SCHEMA=1 swift test --filter SchemaSnapshotTests`; a test fails
                    /// when it differs from them.
                    static let current = #\"\"\"
                \(migrated)
                \"\"\"#
                }

                """
            try source.write(to: Self.snapshotFile, atomically: true, encoding: .utf8)
        }
        #expect(Schema.current == migrated, "Schema.current is not what the migrations give: CREDIT_UPDATE_SCHEMA=1 swift test --filter SchemaSnapshotTests")
        // The snapshot, executed, gives the same schema, and the migrator finds nothing to do.
        let fresh = try CreditDatabase.inMemory()
        #expect(try fresh.writer.read { try Schema.dump($0) } == migrated)
        let applied = try fresh.writer.read { try CreditDatabase.migrator.appliedIdentifiers($0) }
        #expect(Set(applied) == Set(CreditDatabase.migrator.migrations))
    }
}
