import CreditCore
import CreditIngest
import CreditRepair
import CreditRules
import CreditStore
import Foundation
import GRDB
import Testing
import CreditTestSupport

/// Register flags as indicators: a listing counts from its list-in date until its list-out
/// date, a false commitment from its check until repaired.
let listingRules = """
id: lists-test
version: "1"
effective: 2020-01-01
score: {max: 1000}
classes:
  - {class: A, from: 0, below: 200}
  - {class: B, from: 200, below: 500}
  - {class: C, from: 500, below: 750}
  - {class: D, from: 750, through: 1000}
indicators:
  - {id: base, category: register, points: 100, basis: base}
  - {id: abnormal, category: register, when: {flag: abnormal}, points: 150, basis: 《企业经营异常名录管理暂行办法》}
  - {id: false-commitment, category: register, when: {flag: false_commitment}, points: 150, basis: 国办发〔2020〕42号}
overrides:
  - {id: serious, category: register, when: {flag: serious}, assign: D, basis: 总局令第44号, lifted_by: 移出}
"""

/// Classification as of a date reads the lists as records: the case (listed
/// 2025-03-01 for 未按时公示年报, moved out 2025-09-15), the register's yes/no flag as the
/// fallback where an enterprise has no listing, and the serious list's three-year term.
@Suite struct ListingClassificationTests {
    let folder: TemporaryFolder
    let database: CreditDatabase
    let rules: LoadedRuleSet
    let repair: RepairRules

    init() throws {
        folder = try TemporaryFolder()
        database = try CreditDatabase.inMemory()
        rules = try LoadedRuleSet(text: listingRules, file: "lists.yaml")
        repair = try RepairRulesLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/repair.yaml"), encoding: .utf8))
        // codeB carries the register's yes/no flag and no listing: the fallback.
        try folder.write("enterprises.csv", """
            统一社会信用代码,企业名称,行业代码,登记状态,经营异常名录,严重违法失信名单
            \(codeA),福州示例有限公司,C13,存续,否,否
            \(codeB),北京示例有限公司,F5211,在业,是,否
            \(codeC),保定示例有限公司,H6210,存续,否,否

            """)
        try folder.write("经营异常名录.csv", """
            统一社会信用代码,企业名称,列入日期,列入原因,作出决定机关,决定书文号,移出日期,移出原因
            \(codeA),福州示例有限公司,2025-03-01,未按时公示年报,保定市市场监督管理局,保市监异〔2025〕1号,2025-09-15,补报未报年份的年度报告并公示

            """)
        try folder.write("严重违法失信名单.csv", """
            统一社会信用代码,企业名称,列入日期,列入原因,作出决定机关,决定书文号
            \(codeC),保定示例有限公司,2022-05-10,食品安全领域严重违法行为,保定市市场监督管理局,保市监严〔2022〕3号

            """)
        let report = Importer(database: database).run([folder.path("enterprises.csv"), folder.path("经营异常名录.csv"), folder.path("严重违法失信名单.csv")], at: t0)
        precondition(report.errors.isEmpty, "\(report.errors)")
    }

    var runner: ClassificationRunner { ClassificationRunner(database: database, listingTerms: repair.listingTerms) }

    func classify(_ uscc: String, _ date: String) throws -> (Enterprise, Classification) {
        let (enterprise, _, result) = try #require(try runner.classifyOne(uscc, ruleSet: rules.rules, asOf: CalendarDate(iso: date)!, knownBy: nil))
        return (enterprise, result)
    }

    @Test func aRemovedListingCountsOnlyBetweenItsDates() throws {
        let (june, inJune) = try classify(codeA, "2025-06-30")
        #expect(june.onAbnormalList && inJune.contributions.contains { $0.indicator == "abnormal" } && inJune.score == 250)
        let (october, inOctober) = try classify(codeA, "2025-10-01")
        #expect(!october.onAbnormalList && !inOctober.contributions.contains { $0.indicator == "abnormal" } && inOctober.score == 100)
        // Not yet listed the day before the list-in date; out on the list-out date itself.
        #expect(try !classify(codeA, "2025-02-28").0.onAbnormalList)
        #expect(try classify(codeA, "2025-09-14").0.onAbnormalList)
        #expect(try !classify(codeA, "2025-09-15").0.onAbnormalList)
        // A whole run agrees with the single classification.
        let summary = try runner.run(rules, asOf: CalendarDate(iso: "2025-06-30")!, knownBy: nil, now: t0, store: true)
        let stored = try database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT class || score FROM classification WHERE run_id = ? AND uscc = ?", arguments: [summary.runID, codeA])
        }
        #expect(stored == "B250")
    }

    /// The history the query and the officer page show: both dates, the source of each flag.
    @Test func theExplanationShowsBothDatesAndTheSourceOfEachFlag() throws {
        let standing = try runner.standing(codeA)
        let (enterprise, _) = try classify(codeA, "2025-10-01")
        let view = StandingView(standing, registered: enterprise, asOf: CalendarDate(iso: "2025-10-01")!)
        let entry = try #require(view.listings.first)
        #expect(entry.listedOn == CalendarDate(iso: "2025-03-01") && entry.removedOn == CalendarDate(iso: "2025-09-15"))
        #expect(entry.removalBasis == .exported && entry.removalReason == "补报未报年份的年度报告并公示" && !entry.inForce)
        #expect(view.abnormal.source == .listings && !view.abnormal.listed)
        let json = String(decoding: try JSONEncoder().encode(view), as: UTF8.self)
        #expect(json.contains("\"listed_on\":\"2025-03-01\"") && json.contains("\"removed_on\":\"2025-09-15\""))

        // The register's flag stands in, reported as such, where the enterprise has no listing.
        let (flagged, result) = try classify(codeB, "2025-10-01")
        #expect(flagged.onAbnormalList && result.score == 250)
        let fallback = StandingView(try runner.standing(codeB), registered: flagged, asOf: CalendarDate(iso: "2025-10-01")!)
        #expect(fallback.abnormal.source == .registerFlag && fallback.abnormal.listed && fallback.abnormal.sourceName.contains("登记信息标记"))
    }

    /// 总局令第44号 第十九条: 列入之日起满三年的，由列入的市场监督管理部门移出. Listed 2022-05-10:
    /// in force through 2025-05-09, out from 2025-05-10 (`removed_after_months: 36`).
    @Test func theSeriousListEndsAfterThreeYearsByItself() throws {
        #expect(repair.lists[.serious]?.removedAfterMonths == 36)
        let listed = CalendarDate(iso: "2022-05-10")!, end = listed.adding(years: 3)
        #expect(end == CalendarDate(iso: "2025-05-10"))
        let (before, beforeResult) = try classify(codeC, end.adding(days: -1).description)
        #expect(before.onSeriousList && beforeResult.riskClass == .d)
        let (after, afterResult) = try classify(codeC, end.description)
        #expect(!after.onSeriousList && afterResult.riskClass == .a)
        let entry = try #require(StandingView(try runner.standing(codeC), registered: after, asOf: end).listings.first)
        #expect(entry.removedOn == end && entry.removalBasis == .expiry && entry.removalReason == "列入期满自动移出")
    }
}
