@testable import CreditStore
import CreditTestSupport
import GRDB
import Testing

/// Lookups of one enterprise go by an index, whatever the size of the register: a plan that
/// scans a table costs a lookup time in proportion to every record of the city.
@Suite struct QueryPlanTests {
    func plan(_ sql: String, _ arguments: StatementArguments) throws -> String {
        let folder = try TemporaryFolder()
        let database = try CreditDatabase.open(path: folder.path("plan.db"))
        return try database.writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }.joined(separator: "\n")
        }
    }

    @Test func oneEnterprisesPenaltiesComeByTheRecordKey() throws {
        let (sql, arguments) = RepairStore.penaltiesQuery(uscc: "91130602MA0000001X", since: nil)
        let detail = try plan(sql, arguments)
        #expect(detail.contains("SEARCH r USING INDEX"), "\(detail)")
        #expect(!detail.contains("SCAN r"), "\(detail)")
        // The whole batch (notice issue) scans, as it should.
        let (all, none) = RepairStore.penaltiesQuery(uscc: nil, since: nil)
        #expect(try plan(all, none).contains("SCAN r"))
    }
}
