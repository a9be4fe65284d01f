import CreditCore
import CreditRepair
import CreditRules
import CreditStore
import Foundation
import Testing
import CreditIngest
import CreditTestSupport

/// Issue 16 through the `credit` binary: what officers and clerks actually read.
@Suite struct LegalCLITests {
    /// Runs `credit` with arguments; returns exit status and standard output.
    func credit(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try creditBinary()
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    var rulesPath: String { repositoryRoot.appendingPathComponent("Rules").path }

    /// `credit rules check` reports the calendar's coverage (warning for this year and next when
    /// only 《全国年节及纪念日放假办法》 covers them) and the repair regime chosen for 2026-04-01 on.
    @Test func rulesCheckReportsCalendarCoverageAndTheRegimeChoice() throws {
        let (status, output) = try credit(["rules", "check", rulesPath])
        #expect(status == 0)
        #expect(output.contains("calendar.yaml: published State Council schedules for 2023–2026"))
        #expect(output.contains("国务院令第795号"))
        let calendar = try CalendarLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/calendar.yaml"), encoding: .utf8))
        let thisYear = Timestamp(millisecondsSince1970: Int64(Date().timeIntervalSince1970 * 1000)).chinaDate.year
        for year in [thisYear, thisYear + 1] where !calendar.publishedYears.contains(year) {
            #expect(output.contains("warning: calendar.yaml: \(year) is covered only by the statutory holidays"), "\(year)")
        }
        #expect(output.contains("repair.yaml: penalties decided from 2026-04-01 → tiered-2026 (regime_choice"))
        #expect(output.contains("a city may switch to samr-2021"))
    }

    /// `repair apply --help` shows each regime's required set exactly as repair.yaml has it:
    /// three items from 2026-04-01 (信用修复申请书, proof of performance, 信用承诺书).
    @Test func repairApplyHelpGivesTheMaterialsOfEachRegime() throws {
        let rules = try RepairRulesLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/repair.yaml"), encoding: .utf8))
        let (_, output) = try credit(["repair", "apply", "--help"])
        for regime in rules.regimes {
            #expect(output.contains("--materials " + regime.materials.joined(separator: ",")), "\(regime.id)")
        }
        #expect(output.contains("tiered-2026") && output.contains("samr-2021"))
    }

    /// End to end: a 失信被执行人 classified D learns what lifts the override (item 12), its penalty
    /// shows where the periods run from (item 3) and the declared end that disagrees (item 8);
    /// `quality --details` lists the disagreement for the unit that sent it.
    @Test func queryAndQualityShowOverridesPublicationAndDeclaredEnds() throws {
        let folder = try TemporaryFolder()
        let dbPath = folder.path("credit.db")
        let database = try CreditDatabase.open(path: dbPath)
        try folder.write("enterprises.csv", """
            统一社会信用代码,企业名称,失信被执行人
            \(codeA),甲公司,是

            """)
        try folder.write("行政处罚.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,数据来源单位,处罚类别,罚款金额（万元）,公示截止期
            甲,\(codeA),罚1,2025-08-31,保定市雄县市场监督管理局,保定市雄县市场监督管理局,罚款,8,2026-08-31

            """)
        _ = Importer(database: database).run([folder.path("enterprises.csv"), folder.path("行政处罚.csv")])
        let rules = try LoadedRuleSet(text: String(contentsOf: repositoryRoot.appendingPathComponent("Rules/classification.yaml"), encoding: .utf8),
                                      file: "classification.yaml")
        _ = try ClassificationRunner(database: database).run(rules, asOf: CalendarDate(iso: "2026-11-20")!, knownBy: nil, now: t0, store: true)

        let (status, json) = try credit(["query", codeA, "--db", dbPath, "--rules", rulesPath, "--format", "json"])
        #expect(status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["class"] as? String == "D")
        let overrides = try #require((object["counterfactual"] as? [String: Any])?["overrides"] as? [[String: Any]])
        #expect(overrides.first?["id"] as? String == "dishonest-debtor")
        #expect((overrides.first?["lifted_by"] as? String)?.contains("移出失信被执行人名单") == true)
        let publication = try #require((object["publication"] as? [[String: Any]])?.first)
        let assessment = try #require(publication["assessment"] as? [String: Any])
        #expect(assessment["start_basis"] as? String == "decision_date")
        #expect(assessment["end"] as? String == "2028-08-31")
        #expect(assessment["declared_end"] as? String == "2026-08-31")
        #expect(assessment["declared_end_disagrees"] as? Bool == true)

        let (_, table) = try credit(["query", codeA, "--db", dbPath, "--rules", rulesPath])
        #expect(table.contains("直接判定“失信被执行人”直接判定为D类；解除方式：履行生效法律文书确定的义务"))
        #expect(table.contains("导出数据的公示截止期为2026年8月31日，与依法计算的2028年8月31日不一致"))
        #expect(table.contains("未提供公示日期：公示期限暂按决定日期2025年8月31日起算"))

        let (_, quality) = try credit(["quality", "--details", "--db", dbPath, "--rules", rulesPath])
        #expect(quality.contains("公示截止期与依法计算不一致"))
        #expect(quality.contains("罚1") && quality.contains("2026-08-31") && quality.contains("2028-08-31"))
    }
}
