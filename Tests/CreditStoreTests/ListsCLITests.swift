import CreditCore
import CreditRepair
import CreditStore
import Foundation
import Testing
import CreditTestSupport

/// Issue 19 through the `credit` binary: listings in `query`, follow-up checks in
/// `commitments due`, `eligibility --item` and `repair apply --kind`.
@Suite struct ListsCLITests {
    let folder: TemporaryFolder
    var db: String { folder.path("credit.db") }
    var rulesPath: String { repositoryRoot.appendingPathComponent("Rules").path }

    func credit(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try creditBinary()
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    init() throws {
        folder = try TemporaryFolder()
        try folder.write("in/enterprises.csv", enterprisesCSV)
        try folder.write("in/经营异常名录.csv", """
            统一社会信用代码,企业名称,列入日期,列入原因,作出决定机关,决定书文号,移出日期,移出原因
            \(codeA),福州示例有限公司,2025-03-01,未按时公示年报,保定市市场监督管理局,保市监异〔2025〕1号,2025-09-15,补报未报年份的年度报告并公示
            \(codeB),北京示例有限公司,2026-03-01,通过登记的住所或经营场所无法联系,保定市市场监督管理局,保市监异〔2026〕5号,,

            """)
        // SP-JY: check within one month (plan item 14): 2026-04-10 → due 2026-05-10;
        // JC-ZD: within three months (国市监检测〔2019〕206号): 2026-03-01 → due 2026-06-01.
        try folder.write("in/信用承诺.csv", """
            统一社会信用代码,企业名称,承诺事项,事项编码,承诺日期,作出决定机关,承诺书编号,核查日期,核查结果
            \(codeA),福州示例有限公司,食品经营许可,SP-JY,2026-04-10,保定市行政审批局,CN-1,2026-05-10,虚假承诺
            \(codeB),北京示例有限公司,食品经营许可,SP-JY,2026-04-10,保定市行政审批局,CN-2,,
            \(codeC),保定示例有限公司,检验检测机构资质认定,JC-ZD,2026-03-01,保定市行政审批局,CN-3,,
            \(codeC),保定示例有限公司,某新事项,XX-01,2026-03-01,保定市行政审批局,CN-4,,

            """)
    }

    @Test func commitmentsDueListsOverdueAndComingChecksWithTheirBasis() throws {
        #expect(try credit(["import", folder.path("in"), "--db", db]).status == 0)
        let (status, output) = try credit(["commitments", "due", "--db", db, "--rules", rulesPath, "--as-of", "2026-05-20", "--within", "14", "--format", "json"])
        #expect(status == 0, "\(output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let checks = try #require(json["checks"] as? [[String: Any]])
        // CN-2 is overdue since 2026-05-10; CN-3 (due 2026-06-01) is 12 days away; CN-1 was checked.
        #expect(checks.map { $0["document_no"] as? String } == ["CN-2", "CN-3"])
        #expect(checks.first?["due"] as? String == "2026-05-10" && checks.first?["state"] as? String == "已逾期" && checks.first?["days_left"] as? Int == -10)
        #expect(checks.last?["due"] as? String == "2026-06-01" && checks.last?["state"] as? String == "即将到期")
        #expect(json["undated"] as? [String] == ["CN-4"])
        let table = try credit(["commitments", "due", "--db", db, "--rules", rulesPath, "--as-of", "2026-05-20"]).output
        #expect(table.contains("1 overdue, 1 due within 14 days") && table.contains("计划第14项"))
        // `rules check` prints every period of the lists and the items with its basis.
        let check = try credit(["rules", "check", rulesPath]).output
        #expect(check.contains("eligibility.yaml: SP-JY 食品经营许可: check within 1 month(s) of the commitment (计划第14项"))
        #expect(check.contains("repair.yaml: 严重违法失信名单: repair from 12 months after listing") && check.contains("ends by itself after 36 months"))
    }

    @Test func eligibilityByItemQueryAndRepairOfAFalseCommitment() throws {
        #expect(try credit(["import", folder.path("in"), "--db", db]).status == 0)
        let refused = try credit(["eligibility", codeA, "--item", "SP-JY", "--db", db, "--rules", rulesPath, "--as-of", "2026-05-10"])
        #expect(refused.output.contains("不适用告知承诺制") && refused.output.contains("存在未修复的虚假承诺：CN-1"))
        let before = try credit(["eligibility", codeA, "--item", "SP-JY", "--db", db, "--rules", rulesPath, "--as-of", "2026-05-09"])
        #expect(before.output.contains("可适用告知承诺制") && before.output.contains("食品经营许可（SP-JY）"))
        let unknown = try credit(["eligibility", codeA, "--item", "NOPE", "--db", db, "--rules", rulesPath])
        #expect(unknown.status != 0 && unknown.output.contains("unknown approval item 'NOPE'"))

        // The shipped rules are in force from 2026-01-01: moved out by then, the history keeps both dates.
        let query = try credit(["query", codeA, "--as-of", "2026-01-10", "--db", db, "--rules", rulesPath])
        #expect(query.output.contains("经营异常名录：未列入（来源：名录记录（按列入、移出日期））"), "\(query.output)")
        #expect(query.output.contains("2025-03-01") && query.output.contains("2025-09-15") && query.output.contains("CN-1"))

        // Today is long after 2026-05-10 + 3 months in any run of this test, so the repair is possible.
        let applied = try credit(["repair", "apply", codeA, "--kind", "commitment", "--record", "CN-1", "--db", db, "--rules", rulesPath,
                                  "--materials", "信用修复申请书,整改材料,信用承诺书"])
        #expect(applied.status == 0, "\(applied.output)")
        #expect(try credit(["repair", "decide", "1", "--approve", "--reason", "已整改", "--db", db, "--rules", rulesPath]).status == 0)
        let list = try credit(["repair", "list", "--db", db, "--rules", rulesPath]).output
        #expect(list.contains("虚假承诺") && list.contains("approved"))
        let after = try credit(["eligibility", codeA, "--item", "SP-JY", "--db", db, "--rules", rulesPath])
        #expect(after.output.contains("可适用告知承诺制"))
    }

    /// `notice issue --lists` writes the notices of listings in force (not of those moved out);
    /// `notice list` and `notice show` find them.
    @Test func listingNoticesAreIssuedListedAndShown() throws {
        #expect(try credit(["import", folder.path("in"), "--db", db]).status == 0)
        let issued = try credit(["notice", "issue", "--lists", "--db", db, "--rules", rulesPath, "--out", folder.path("out")])
        #expect(issued.status == 0 && issued.output.contains("issued 1 listing notices") && issued.output.contains("1 listings already ended"), "\(issued.output)")
        let list = try credit(["notice", "list", codeB, "--db", db, "--rules", rulesPath, "--format", "json"]).output
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: Any]])
        let number = try #require(entries.first?["number"] as? String)
        #expect(number.contains("异修告") && entries.first?["document_no"] as? String == "保市监异〔2026〕5号" && entries.first?["earliest_repair"] as? String == "2026-03-01")
        let shown = try credit(["notice", "show", number, "--db", db, "--rules", rulesPath, "--format", "txt"]).output
        #expect(shown.contains("信用修复告知书") && shown.contains("列入日期：2026-03-01") && shown.contains("依法办理住所或者经营场所变更登记"))
        #expect(FileManager.default.fileExists(atPath: folder.path("out/\(number).html")))
    }
}
