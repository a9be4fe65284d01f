import CreditCore
import CreditRepair
import CreditRules
import Foundation
import Testing

/// Issue 16, legal correctness round 2: each test is built from the text it cites.
@Suite struct LegalRoundTwoTests {
    func noticeText(_ notice: RepairNotice) -> String { notice.officialDocument.lines.joined(separator: "\n") }

    // MARK: Item 2 — 较低数额罚款 counts the fine alone

    /// 总局令第45号 第十三条第一款 "仅受到通报批评或者较低数额罚款的行政处罚信息自公示之日起届满三个月":
    /// 罚款 1万 + 没收违法所得 0.5万 is not "only a low fine" → 3 years, 2026-02-10 → 2029-02-10.
    @Test func art13para1AnyConfiscationMakesTheFineNotLow() {
        let a = rules.assess(penalty("2026-02-10", [.fine, .confiscateIllegalGains], fineYuan: 10_000, confiscationYuan: 5_000))
        #expect(!a.lowAmount)
        #expect(a.periodMonths == 36)
        #expect(a.end == d("2029-02-10"))
        // The same fine alone is low: 3 months.
        let alone = rules.assess(penalty("2026-02-10", [.fine], fineYuan: 10_000))
        #expect(alone.lowAmount && alone.periodMonths == 3 && alone.end == d("2026-05-10"))
        // 没收非法财物 likewise, and a fine of 4.9万 with a confiscation (old sum 5.4万 was "not low" only by chance).
        #expect(!rules.assess(penalty("2026-02-10", [.fine, .confiscateIllegalProperty], fineYuan: 1_000, confiscationYuan: 100)).lowAmount)
    }

    /// 第十三条第二款 with the province's threshold "五万元（不含本数）以下": 49,999 yuan is low, 50,000 is not.
    @Test func art13para2TheThresholdItselfIsNotLow() {
        #expect(rules.assess(penalty("2025-12-10", [.fine], fineYuan: 49_999)).lowAmount)
        #expect(!rules.assess(penalty("2025-12-10", [.fine], fineYuan: 50_000)).lowAmount)
    }

    // MARK: Item 3 — periods run from publication

    /// 第十三条 "自公示之日起": decided 2025-12-10, published 2026-01-05 (within 第九条's 20 working
    /// days), 罚款 8万 → 3 years from 2026-01-05, repair from 2026-07-05.
    @Test func art13PeriodsRunFromThePublicationDate() throws {
        let record = penalty("2025-12-10", [.fine], fineYuan: 80_000, published: "2026-01-05")
        let a = rules.assess(record)
        #expect(a.start == d("2026-01-05") && a.startBasis == .publicationDate)
        #expect(a.end == d("2029-01-05"))
        #expect(a.earliestRepair == d("2026-07-05"))
        let notice = try #require(rules.notice(for: record, number: "N", subjectName: "甲", issuedOn: d("2026-01-06"), calendar: calendar))
        #expect(noticeText(notice).contains("该行政处罚信息自2026年1月5日起在国家企业信用信息公示系统公示，公示期3年，至2029年1月5日届满"))
        #expect(notice.latestPublication == nil)
        let report = rules.creditReport(enterprise, records: [record], repairs: [:], today: d("2026-11-27"))
        #expect(report.sections.first { $0.category == "penalty" }?.items.first?.summary.contains("公示至2029年1月5日（自公示日期2026年1月5日起算）") == true)
    }

    /// Without a 公示日期 the decision date stands in, and the notice and report say so; the notice
    /// gives the latest lawful publication day (第九条, 20 working days), provisional in 2027.
    @Test func withoutAPublicationDateTheDecisionDateStandsInAndOutputsSayIt() throws {
        let record = penalty("2026-12-21", [.fine], fineYuan: 80_000)
        let a = rules.assess(record)
        #expect(a.start == d("2026-12-21") && a.startBasis == .decisionDate)
        let notice = try #require(rules.notice(for: record, number: "N", subjectName: "甲", issuedOn: d("2026-12-21"), calendar: calendar))
        let text = noticeText(notice)
        #expect(text.contains("本告知书出具时尚无公示日期，暂按决定日期2026年12月21日起算"))
        #expect(text.contains("最迟2027年1月19日（暂定）"))
        #expect(notice.latestPublication == WorkingDayDeadline(date: d("2027-01-19"), provisional: true))
        let report = rules.creditReport(enterprise, records: [record], repairs: [:], today: d("2027-01-05"))
        #expect(report.sections.first { $0.category == "penalty" }?.items.first?.summary.contains("未提供公示日期，暂按决定日期起算") == true)
    }

    /// The officers' view (`credit query`, the explanation) says the same, and marks the 2027
    /// publication deadline provisional (no 2027 holiday notice listed).
    @Test func theOfficersViewSaysWhereThePeriodsRunFromAndMarksProvisionalDates() {
        let view = rules.publication(penalty("2026-12-21", [.fine], fineYuan: 80_000), calendar: calendar)
        #expect(view.latestPublication == WorkingDayDeadline(date: d("2027-01-19"), provisional: true))
        #expect(view.notes == ["未提供公示日期：公示期限暂按决定日期2026年12月21日起算；依第九条最迟应于2027年1月19日（暂定）公示"])
        let published = rules.publication(penalty("2026-12-21", [.fine], fineYuan: 80_000, published: "2027-01-04"), calendar: calendar)
        #expect(published.notes.isEmpty && published.assessment.end == d("2028-01-04"))
    }

    // MARK: Item 4 — the notice's texts

    /// Periods are in 第十三条 (not 十四); the local standard says "（不含本数）"; condition (三) is
    /// 第十四条's "未因同一类违法行为再次受到市场监督管理部门行政处罚".
    @Test func art13And14TheSAMRNoticeCitesTheRightArticlesAndWords() throws {
        let notice = try #require(rules.notice(for: penalty("2025-08-31", [.fine], fineYuan: 80_000), number: "N", subjectName: "甲",
                                               issuedOn: d("2026-11-27"), calendar: calendar))
        let periods = notice.sections[0].paragraphs.joined()
        #expect(periods.contains("依据《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）第十三条"))
        #expect(!periods.contains("第十四条"))
        #expect(periods.contains("处以5万元（不含本数）以下的罚款，且未并处没收违法所得、没收非法财物"))
        #expect(periods.contains("你单位本次罚款8万元，不属于较低数额罚款"))
        let repair = notice.sections[1].paragraphs.joined()
        #expect(repair.contains("（三）未因同一类违法行为再次受到市场监督管理部门行政处罚"))
        #expect(!repair.contains("较重行政处罚"))
        #expect(repair.contains("第十四条"))
    }

    /// 国办发〔2025〕22号 is 《国务院办公厅印发〈关于进一步完善信用修复制度的实施方案〉的通知》 (2025-06-22),
    /// not "…的意见"; the tiered notice cites it and NDRC order 36, not 总局令第45号, for its periods.
    @Test func theTieredNoticeCitesTheImplementationPlanByItsTitle() throws {
        let notice = try #require(rules.notice(for: penalty("2026-05-31", [.fine], fineYuan: 80_000, published: "2026-06-10"),
                                               number: "N", subjectName: "甲", issuedOn: d("2026-06-11"), calendar: calendar))
        let text = noticeText(notice)
        #expect(text.contains("《国务院办公厅印发〈关于进一步完善信用修复制度的实施方案〉的通知》（国办发〔2025〕22号）"))
        #expect(!text.contains("的意见"))
        #expect(notice.opening.contains("根据《信用修复管理办法》（国家发展改革委令2025年第36号）等规定"))
        #expect(!notice.opening.contains("《市场监督管理行政处罚信息公示规定》"))
        #expect(text.contains("公示期最短3个月、最长1年"))
    }

    // MARK: Item 5 — 谁处罚、谁告知

    /// The deciding county agency issues, signs and numbers the notice in its own sequence.
    @Test func theDecidingAgencyIssuesSignsAndNumbers() throws {
        let county = "保定市雄县市场监督管理局"
        let record = penalty("2025-08-31", [.fine], fineYuan: 80_000, agency: county)
        let number = rules.noticeNumber(agency: county, year: 2026, sequence: 1)
        #expect(number == "雄市监信修告〔2026〕1号")
        let notice = try #require(rules.notice(for: record, number: number, subjectName: "甲", issuedOn: d("2026-11-27"), calendar: calendar))
        #expect(notice.agency == county)
        #expect(notice.opening.contains("被我局给予行政处罚"))
        #expect(notice.sections[2].paragraphs[0].contains("或到保定市雄县市场监督管理局政务服务窗口现场申请"))
        // An agency repair.yaml does not list gets a derived abbreviation (documented in repair.yaml).
        #expect(RepairRules.derivedAbbreviation("保定市白沟新城市场监督管理局", city: "保定市市场监督管理局") == "白沟新城市监")
        #expect(RepairRules.derivedAbbreviation("保定市市场监督管理局", city: "保定市市场监督管理局") == "保市监")
        #expect(rules.noticeNumber(agency: "保定市白沟新城市场监督管理局", year: 2027, sequence: 12) == "白沟新城市监信修告〔2027〕12号")
    }

    // MARK: Item 6 — service

    /// "两书同达" only when the notice goes out with the decision: issued on the decision day it
    /// says 一并送达; issued later (a batch for old decisions) it is a 补充告知 and says so.
    @Test func onlyANoticeIssuedWithTheDecisionClaimsJointService() throws {
        let record = penalty("2025-08-31", [.fine], fineYuan: 80_000)
        let same = try #require(rules.notice(for: record, number: "N", subjectName: "甲", issuedOn: d("2025-08-31"), calendar: calendar))
        #expect(same.service == .withDecision && same.servedOn == d("2025-08-31"))
        #expect(same.footnote.contains("本告知书与《行政处罚决定书》（罚1号）一并送达"))
        let later = try #require(rules.notice(for: record, number: "N", subjectName: "甲", issuedOn: d("2026-11-27"), calendar: calendar))
        #expect(later.service == .later && later.servedOn == d("2026-11-27"))
        #expect(!later.footnote.contains("一并送达"))
        #expect(later.footnote.contains("补充告知，于2026年11月27日出具送达"))
    }

    // MARK: Item 7 — seriousness under either regime

    /// 国办发〔2020〕42号 (信用+审批): a 吊销许可证件 + 20万 penalty is 严重 by what it is, whether
    /// decided 2026-03-31 (总局令第45号) or 2026-04-01 (tiered regime).
    @Test func aRevocationIsSeriousUnderEitherRegime() {
        for date in ["2026-03-31", "2026-04-01"] {
            let a = rules.assess(penalty(date, [.fine, .revokeLicence], fineYuan: 200_000))
            #expect(a.published, "\(date)")
            #expect(a.severity == .serious, "\(date)")
        }
        #expect(rules.assess(penalty("2026-03-31", [.fine, .revokeLicence], fineYuan: 200_000)).regimeID == "samr-2021")
    }

    // MARK: Item 8 — declared 公示截止期

    /// The notice uses the legally computed end; the disagreement is recorded for officers.
    @Test func aDeclaredEndThatDisagreesIsReportedAndNotUsed() throws {
        let record = penalty("2025-08-31", [.fine], fineYuan: 80_000, declaredEnd: "2026-08-31")
        let a = rules.assess(record)
        #expect(a.end == d("2028-08-31"))
        #expect(a.declaredEnd == d("2026-08-31") && a.declaredEndDisagrees == true)
        let notice = try #require(rules.notice(for: record, number: "N", subjectName: "甲", issuedOn: d("2026-01-01"), calendar: calendar))
        #expect(noticeText(notice).contains("至2028年8月31日届满") && !noticeText(notice).contains("2026年8月31日"))
        #expect(rules.assess(penalty("2025-08-31", [.fine], fineYuan: 80_000, declaredEnd: "2028-08-31")).declaredEndDisagrees == false)
        let json = String(decoding: try JSONEncoder().encode(a), as: UTF8.self)
        #expect(json.contains("\"declared_end_disagrees\":true") && json.contains("\"start_basis\":\"decision_date\""))
    }

    // MARK: Item 9 — reminders

    /// 第十四条: repair needs "未因同一类违法行为再次受到…行政处罚" and "未在经营异常名录和严重违法失信名单中";
    /// "可申请信用修复" goes to none of those, nor to an enterprise whose application is pending.
    @Test func art14RepairRemindersSkipThoseWhoCannotApply() {
        let first = penalty("2025-05-01", [.fine], fineYuan: 80_000, number: "罚1号", violation: "虚假广告")
        func input(_ record: EnforcementRecord, abnormal: Bool = false, serious: Bool = false, status: String? = nil) -> ReminderInput {
            ReminderInput(record: record, name: "甲", phone: "13800000000", noticeNumber: nil, repaired: false,
                          onAbnormalList: abnormal, onSeriousList: serious, applicationStatus: status)
        }
        func repairOpen(_ inputs: [ReminderInput]) -> [String] {
            rules.reminders(inputs, asOf: d("2025-11-20")).filter { $0.kind == .repairOpen }.map(\.documentNumber)
        }
        #expect(repairOpen([input(first)]) == ["罚1号"])
        #expect(repairOpen([input(first, abnormal: true)]).isEmpty)
        #expect(repairOpen([input(first, serious: true)]).isEmpty)
        #expect(repairOpen([input(first, status: "pending")]).isEmpty)
        let again = penalty("2025-09-01", [.fine], fineYuan: 1_000, number: "罚2号", violation: "虚假广告")
        #expect(!repairOpen([input(first), input(again)]).contains("罚1号"))
        // A later penalty for another violation does not block.
        let other = penalty("2025-09-01", [.fine], fineYuan: 1_000, number: "罚3号", violation: "计量违法")
        #expect(repairOpen([input(first), input(other)]).contains("罚1号"))
    }

    // MARK: Item 11 — materials

    /// The 2026 regime needs three items (信用修复申请书, proof of performance, 信用承诺书); the
    /// documented synonyms count; the refusal names the regime's whole set.
    @Test func theTieredRegimeNeedsThreeMaterialsAndAcceptsSynonyms() throws {
        let tiered = try #require(rules.regimes.first { $0.id == "tiered-2026" })
        #expect(tiered.materials == ["信用修复申请书", "履行行政处罚决定的证明材料", "信用承诺书"])
        #expect(rules.missingMaterials(["《信用修复申请书》", "罚款缴纳凭证", "信用修复承诺书（复印件）"], regime: tiered).isEmpty)
        #expect(rules.missingMaterials(["信用修复申请书", "履行证明"], regime: tiered) == ["信用承诺书"])
        let samr = try #require(rules.regimes.first { $0.id == "samr-2021" })
        #expect(rules.missingMaterials(["信用修复申请书", "信用承诺书", "履行证明材料"], regime: samr).isEmpty)
        // Through the whole check: a complete, well-timed application for a 2026 penalty.
        let record = penalty("2026-05-31", [.fine], fineYuan: 80_000)
        let context = RepairContext(onAbnormalList: false, onSeriousList: false, penalties: [record])
        #expect(throws: RepairError.missingMaterials(regime: tiered.name, required: tiered.materials, missing: ["信用承诺书"])) {
            try rules.checkApplication(record, context: context, materials: ["信用修复申请书", "履行证明"], today: d("2026-09-01"))
        }
        let refusal = RepairError.missingMaterials(regime: tiered.name, required: tiered.materials, missing: ["信用承诺书"]).description
        #expect(refusal.contains("须提交：信用修复申请书、履行行政处罚决定的证明材料、信用承诺书"))
        #expect(try rules.checkApplication(record, context: context, materials: ["申请书", "履行证明", "承诺书"], today: d("2026-09-01")).id == "tiered-2026")
    }

    // MARK: Item 13 — which regime after 2026-04-01

    /// The choice is explicit in repair.yaml: default tiered-2026; a city switches to 总局令第45号 by
    /// one line, and a 8万 fine decided 2026-05-31 is then published 3 years, repairable after 6 months.
    @Test func theRegimeForDecisionsFrom20260401IsAChoiceInTheRuleFile() throws {
        let choice = try #require(rules.regimeChoice)
        #expect(choice.from == d("2026-04-01") && choice.regimeID == "tiered-2026" && choice.basis.contains("国办发〔2025〕22号"))
        #expect(rules.assess(penalty("2026-05-31", [.fine], fineYuan: 80_000)).regimeID == "tiered-2026")
        let text = try String(contentsOf: repoRules.appendingPathComponent("repair.yaml"), encoding: .utf8)
        let samr = try RepairRulesLoader.load(text.replacingOccurrences(of: "  regime: tiered-2026", with: "  regime: samr-2021"))
        let a = samr.assess(penalty("2026-05-31", [.fine], fineYuan: 80_000))
        #expect(a.regimeID == "samr-2021" && a.periodMonths == 36 && a.earliestRepair == d("2026-11-30"))
        #expect(samr.assess(penalty("2026-03-31", [.fine], fineYuan: 80_000)).regimeID == "samr-2021")
        let bad = try #require(throws: RuleFileError.self) {
            try RepairRulesLoader.load(text.replacingOccurrences(of: "  regime: tiered-2026", with: "  regime: tiered-2027"))
        }
        #expect(bad.reason.contains("tiered-2027") && bad.line > 1)
    }
}

let enterprise = Enterprise(uscc: code, name: "示例有限公司", region: "350100")
