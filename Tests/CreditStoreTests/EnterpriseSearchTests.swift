import CreditIngest
import CreditStore
import Foundation
import GRDB
import Testing
import CreditTestSupport

@Suite("Enterprise search")
struct EnterpriseSearchTests {
    func names(_ search: EnterpriseSearch, _ query: String) throws -> [String] {
        try search.search(query, page: 1, size: 20).hits.map(\.name)
    }

    /// Name fragments of one trigram, of several (a phrase of trigrams) and of two characters
    /// (no trigram: a LIKE scan), code prefixes, and a renamed enterprise found by its new name only.
    @Test func findsByNameFragmentAndCodePrefixAndFollowsRenames() throws {
        let folder = try TemporaryFolder()
        let database = try CreditDatabase.open(path: folder.path("search.db"))
        let importer = Importer(database: database)
        #expect(!importer.run([try folder.write("enterprises.csv", enterprisesCSV)]).hasRejections)
        let search = EnterpriseSearch(database: database)
        #expect(try names(search, "保定示") == ["保定示例有限公司"])
        #expect(try names(search, "示例有限公司") == ["保定示例有限公司", "北京示例有限公司", "福州示例有限公司"])
        #expect(try names(search, "北京") == ["北京示例有限公司"])
        #expect(try search.search("911100", page: 1, size: 20).hits.map(\.uscc) == [codeB])
        #expect(try names(search, "不存在的企业").isEmpty)

        let renamed = enterprisesCSV.replacingOccurrences(of: "保定示例有限公司", with: "保定新名称有限公司")
        let report = importer.run([try folder.write("v2/enterprises.csv", renamed)], at: t1)
        #expect(report.files.first?.corrected == 1)
        #expect(try names(search, "新名称") == ["保定新名称有限公司"])
        #expect(try names(search, "保定示").isEmpty)
        #expect(try search.search("有限公司", page: 1, size: 20).total == 3)
    }

    /// v8 rebuilds the name index of an older database from its register (here one whose
    /// index is empty, so only the rebuild can find the name).
    @Test func v8RebuildsTheNameIndexOfAnOlderDatabase() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("old.db")
        do {
            let database = try CreditDatabase.open(path: path)
            #expect(!Importer(database: database).run([try folder.write("enterprises.csv", enterprisesCSV)]).hasRejections)
        }
        // Back to the v7 index, as a database last migrated before v8 has it.
        let pool = try DatabasePool(path: path)
        try pool.write { db in
            try db.execute(sql: """
                DROP TRIGGER enterprise_fts_update;
                DROP TABLE enterprise_fts;
                CREATE VIRTUAL TABLE enterprise_fts USING fts5(name, content = 'enterprise', content_rowid = 'rowid', tokenize = 'trigram');
                CREATE TRIGGER enterprise_fts_update AFTER UPDATE OF name ON enterprise
                    BEGIN
                        INSERT INTO enterprise_fts (enterprise_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
                        INSERT INTO enterprise_fts (rowid, name) VALUES (new.rowid, new.name);
                    END;
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v8 %';
                """)
        }
        try pool.close()
        let database = try CreditDatabase.open(path: path)
        let sql = try database.writer.read { try String.fetchOne($0, sql: "SELECT sql FROM sqlite_schema WHERE name = 'enterprise_fts'") }
        #expect(sql?.contains("columnsize = 0") == true)
        #expect(try names(EnterpriseSearch(database: database), "福州示例") == ["福州示例有限公司"])
    }
}
