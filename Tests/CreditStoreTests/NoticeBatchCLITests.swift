import CreditStore
import Foundation
import GRDB
import Testing
import CreditTestSupport

/// `credit notice issue` writes each chunk's files while the store goes on, and stores the batch
/// only when every file is written: a file that cannot be written leaves neither notices in the
/// database nor the batch's other files on disk, and the exit code says so.
@Suite(.serialized) struct NoticeBatchCLITests {
    @Test func aFileThatCannotBeWrittenLeavesNothingBehind() throws {
        let folder = try TemporaryFolder()
        let db = try importedSyntheticCity(into: folder, name: "notices.db", enterprises: 300, seed: 47)
        // Learn the batch's numbers on a copy.
        let copy = folder.path("copy.db")
        try FileManager.default.copyItem(atPath: db, toPath: copy)
        #expect(try runCredit(["notice", "issue", "--out", folder.path("copy-out")], db: copy).status == 0)
        let numbers = try CreditDatabase.open(path: copy).writer.read { db in
            try String.fetchAll(db, sql: "SELECT number FROM repair_notice ORDER BY rowid")
        }
        try #require(numbers.count > 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path("copy-out")).count == numbers.count)

        // The last notice's file name is taken by a folder: that file cannot be written.
        let out = folder.path("out")
        try FileManager.default.createDirectory(atPath: out + "/" + numbers.last! + ".html", withIntermediateDirectories: true)
        let failed = try runCredit(["notice", "issue", "--out", out], db: db)
        #expect(failed.status != 0)
        #expect(failed.err.contains(numbers.last!), "\(failed.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == [numbers.last! + ".html"])
        let stored = try CreditDatabase.open(path: db).writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM repair_notice") }
        #expect(stored == 0)

        // Once the folder is gone the same batch goes through, with the same numbers.
        try FileManager.default.removeItem(atPath: out + "/" + numbers.last! + ".html")
        #expect(try runCredit(["notice", "issue", "--out", out], db: db).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == numbers.map { $0 + ".html" }.sorted())
    }
}
