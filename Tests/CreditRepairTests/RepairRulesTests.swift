import CreditCore
import CreditRepair
import CreditRules
import Foundation
import Testing
import ZIPFoundation

let repoRules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Rules")
let rules = try! RepairRulesLoader.load(String(contentsOf: repoRules.appendingPathComponent("repair.yaml"), encoding: .utf8))
let code = try! UnifiedSocialCreditCode("91350100M000100Y43")
let calendar = try! CalendarLoader.load(String(contentsOf: repoRules.appendingPathComponent("calendar.yaml"), encoding: .utf8))

func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

func penalty(_ date: String, _ types: [PenaltyType], fineYuan: Int64? = nil, confiscationYuan: Int64? = nil,
             procedure: EnforcementRecord.PenaltyProcedure = .ordinary,
             domain: EnforcementRecord.PenaltyDomain = .other, severity: EnforcementRecord.DishonestySeverity? = nil,
             kind: EnforcementRecord.SubjectKind = .organisation, number: String = "罚1号", agency: String = "保定市市场监督管理局",
             published: String? = nil, declaredEnd: String? = nil, violation: String? = nil) -> EnforcementRecord {
    EnforcementRecord(documentNumber: number, subjectName: "示例有限公司", subjectKind: kind, uscc: code, decisionDate: d(date), agency: agency,
                      details: .penalty(.init(violationType: violation, types: types, fine: fineYuan.map { Amount(yuan: $0) },
                                              confiscation: confiscationYuan.map { Amount(yuan: $0) }, procedure: procedure, domain: domain,
                                              severity: severity, declaredPublicationEnd: declaredEnd.map(d), publicationDate: published.map(d))))
}

@Suite struct PublicationPeriodTests {
    /// SAMR regime (until 2026-03-31): period by type, low-fine threshold, repair waits.
    @Test(arguments: [
        // types, fine, domain, published, months, earliest repair, repairable
        ([PenaltyType.circulatedCriticism], nil as Int64?, EnforcementRecord.PenaltyDomain.other, true, 3, "2025-06-10", false),
        ([.fine], 49_999, .other, true, 3, "2025-06-10", false),
        ([.fine], 50_000, .other, true, 36, "2025-06-10", true),
        ([.fine], 80_000, .food, true, 36, "2025-12-10", true),
        ([.warning, .fine], 200_000, .drug, true, 36, "2025-12-10", true),
        ([.confiscateIllegalGains], 60_000, .other, true, 36, "2025-06-10", true),
        ([.revokeLicence], nil, .other, true, 36, "2025-06-10", false),
        ([.orderSuspension, .fine], 1_000, .other, true, 36, "2025-06-10", false),
        ([.restrictEmployment], nil, .other, true, 36, "2025-06-10", false),
        ([.other], nil, .specialEquipment, true, 36, "2025-12-10", true),
    ])
    func samrRegimePeriods(_ types: [PenaltyType], _ fine: Int64?, _ domain: EnforcementRecord.PenaltyDomain, _ published: Bool,
                           _ months: Int, _ earliest: String, _ repairable: Bool) {
        let a = rules.assess(penalty("2024-12-10", types, fineYuan: fine, domain: domain))
        #expect(a.regimeID == "samr-2021")
        #expect(a.published == published)
        #expect(a.periodMonths == months)
        #expect(a.end == d("2024-12-10").adding(months: months))
        #expect(a.earliestRepair == d(earliest))
        #expect(a.repairable == repairable, "\(a.notRepairableReason ?? "")")
    }

    @Test func theLowFineThresholdDependsOnTheEntityKind() {
        #expect(rules.assess(penalty("2024-12-10", [.fine], fineYuan: 20_000, kind: .organisation)).periodMonths == 3)
        #expect(rules.assess(penalty("2024-12-10", [.fine], fineYuan: 20_000, kind: .individualBusiness)).periodMonths == 36)
    }

    @Test func summaryProcedureAndWarningOnlyAreNotPublished() {
        let summary = rules.assess(penalty("2025-05-05", [.fine], fineYuan: 200, procedure: .summary))
        #expect(!summary.published)
        #expect(summary.notPublishedReason?.contains("简易程序") == true)
        let warning = rules.assess(penalty("2025-05-05", [.warning]))
        #expect(!warning.published)
        #expect(warning.notPublishedReason?.contains("警告") == true)
        #expect(rules.notice(for: penalty("2025-05-05", [.warning]), number: "x", subjectName: "x", issuedOn: d("2026-01-01"), calendar: calendar) == nil)
    }

    /// The decision date picks the regime: 2026-03-31 is SAMR, 2026-04-01 tiered.
    @Test func regimeBoundary() {
        let before = rules.assess(penalty("2026-03-31", [.fine], fineYuan: 80_000))
        #expect(before.regimeID == "samr-2021")
        #expect(before.end == d("2029-03-31"))
        let after = rules.assess(penalty("2026-04-01", [.fine], fineYuan: 80_000))
        #expect(after.regimeID == "tiered-2026")
        #expect(after.tier == .ordinary)
        #expect(after.earliestRepair == d("2026-07-01"))
        #expect(after.end == d("2027-04-01"))
    }

    @Test(arguments: [
        ([PenaltyType.fine], 20_000 as Int64?, nil as EnforcementRecord.DishonestySeverity?, EnforcementRecord.DishonestySeverity.minor, false, 0, 3),
        ([.fine], 80_000, nil, .ordinary, true, 3, 12),
        ([.fine], 1_000_000, nil, .serious, true, 12, 36),
        ([.revokeLicence], nil, nil, .serious, true, 12, 36),
        ([.fine], 20_000, .serious, .serious, true, 12, 36),
        ([.circulatedCriticism], nil, .ordinary, .ordinary, true, 3, 12),
    ])
    func tieredRegime(_ types: [PenaltyType], _ fine: Int64?, _ given: EnforcementRecord.DishonestySeverity?,
                      _ tier: EnforcementRecord.DishonestySeverity, _ published: Bool, _ minMonths: Int, _ maxMonths: Int) {
        let a = rules.assess(penalty("2026-05-31", types, fineYuan: fine, severity: given))
        #expect(a.tier == tier)
        #expect(a.published == published)
        if published {
            #expect(a.earliestRepair == d("2026-05-31").adding(months: minMonths))
            #expect(a.end == d("2026-05-31").adding(months: maxMonths))
            #expect(a.repairable)
        }
    }

    /// Month ends: a decision on 08-31 plus 6 months is the last day of February.
    @Test func monthEndArithmetic() {
        let a = rules.assess(penalty("2025-08-31", [.fine], fineYuan: 80_000))
        #expect(a.earliestRepair == d("2026-02-28"))
        #expect(a.end == d("2028-08-31"))
        let leap = rules.assess(penalty("2023-08-31", [.fine], fineYuan: 80_000))
        #expect(leap.earliestRepair == d("2024-02-29"))
        let food = rules.assess(penalty("2024-02-29", [.fine], fineYuan: 80_000, domain: .food))
        #expect(food.earliestRepair == d("2025-02-28"))
    }

    @Test func aBadRuleFileNamesLineAndColumn() throws {
        let text = try String(contentsOf: repoRules.appendingPathComponent("repair.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "special_domains: [食品, 药品, 特种设备]", with: "special_domains: [食品, 药物, 特种设备]")
        let error = try #require(throws: RuleFileError.self) { try RepairRulesLoader.load(text) }
        #expect(error.ruleID == "samr-2021")
        #expect(error.reason.contains("药物"))
        #expect(error.line > 1 && error.column > 1)
    }
}

@Suite struct NoticeDocumentTests {
    let renderer: DocumentRenderer = {
        var texts: [String: String] = [:]
        for name in try! FileManager.default.contentsOfDirectory(atPath: repoRules.appendingPathComponent("templates").path) where name.hasSuffix(".mustache") {
            texts[name] = try! String(contentsOf: repoRules.appendingPathComponent("templates/\(name)"), encoding: .utf8)
        }
        return try! DocumentRenderer(templates: texts)
    }()

    func notice() -> RepairNotice {
        rules.notice(for: penalty("2025-08-31", [.fine], fineYuan: 80_000, number: "保市监罚〔2025〕12号"),
                     number: rules.noticeNumber(agency: "保定市市场监督管理局", year: 2026, sequence: 7),
                     subjectName: "保定示例有限公司", issuedOn: d("2026-11-27"), calendar: calendar)!
    }

    /// GB/T 9704-2012 7.2.4: 发文顺序号不编虚位 — 1 is not written 0001.
    @Test func numbersAreNotZeroPadded() {
        #expect(rules.noticeNumber(agency: "保定市市场监督管理局", year: 2026, sequence: 1) == "保市监信修告〔2026〕1号")
        #expect(rules.noticeNumber(agency: "保定市雄县市场监督管理局", year: 2026, sequence: 38) == "雄市监信修告〔2026〕38号")
        #expect(rules.noticeNumber(agency: "保定市市场监督管理局", year: 2026, sequence: 12345) == "保市监信修告〔2026〕12345号")
    }

    /// Notices numbered before the change (`〔2026〕0001号`) are still found by either spelling.
    @Test func oldPaddedNumbersAndNewOnesSpellEachOther() {
        #expect(RepairRules.noticeNumberSpellings("保市监信修告〔2026〕1号") == ["保市监信修告〔2026〕1号", "保市监信修告〔2026〕0001号"])
        #expect(RepairRules.noticeNumberSpellings("保市监信修告〔2026〕0001号") == ["保市监信修告〔2026〕0001号", "保市监信修告〔2026〕1号"])
        #expect(RepairRules.noticeNumberSpellings("保市监信修告〔2026〕12345号") == ["保市监信修告〔2026〕12345号"])
        #expect(RepairRules.noticeNumberSpellings("不是编号") == ["不是编号"])
        #expect(RepairRules.noticeNumberSpellings("保市监信修告〔2026〕一号") == ["保市监信修告〔2026〕一号"])
    }

    @Test func theHTMLCarriesTheComputedDatesAndTheOfficialStructure() throws {
        let html = String(decoding: try renderer.render(notice(), as: .html).bytes, as: UTF8.self)
        for expected in ["信用修复告知书", "保市监信修告〔2026〕7号", "保定示例有限公司", "2025年8月31日", "保市监罚〔2025〕12号",
                         "一、公示期限", "二、修复范围和条件", "三、申请渠道和材料", "2028年8月31日", "2026年2月28日",
                         "保定市市场监督管理局", "2026年11月27日", "size: A4", "5万元（不含本数）以下", "你单位本次罚款8万元"] {
            #expect(html.contains(expected), "missing \(expected)")
        }
        #expect(!html.contains("{{") && !html.contains("0007号"))
    }

    @Test func theDOCXIsAZipWithTheTextInDocumentXML() throws {
        let data = try notice().officialDocument.docx()
        let archive = try Archive(data: data, accessMode: .read)
        let entry = try #require(archive["word/document.xml"])
        var xml = Data()
        _ = try archive.extract(entry) { xml.append($0) }
        let text = String(decoding: xml, as: UTF8.self)
        #expect(text.contains("信用修复告知书"))
        #expect(text.contains("2026年2月28日"))
        #expect(archive["[Content_Types].xml"] != nil)
        #expect(try notice().officialDocument.docx() == data)  // reproducible bytes
    }

    /// Every format of a notice comes out of the one render path with its media type and name;
    /// a format the document lacks is refused by name.
    @Test func everyFormatRendersThroughOnePath() throws {
        let notice = notice()
        #expect(RepairNotice.formats == [.html, .docx, .txt, .json, .pdf])
        let html = try renderer.render(notice, as: .html)
        #expect(html.mediaType == "text/html; charset=utf-8" && html.fileName == "保市监信修告〔2026〕7号.html")
        #expect(html.bytes == (try renderer.render(notice, as: .html)).bytes)  // reproducible bytes
        let txt = try renderer.render(notice, as: .txt)
        #expect(txt.mediaType.hasPrefix("text/plain") && String(decoding: txt.bytes, as: UTF8.self).contains("一、公示期限"))
        let docx = try renderer.render(notice, as: .docx)
        #expect(docx.bytes == (try notice.officialDocument.docx()) && docx.fileName.hasSuffix(".docx"))
        let json = try renderer.render(notice, as: .json)
        #expect(json.mediaType.hasPrefix("application/json") && String(decoding: json.bytes, as: UTF8.self).contains("\"number\""))
        #expect(CreditReport.formats == [.html, .docx, .json, .pdf])
        // PDF is an adapter's conversion, never the pure renderer's.
        #expect(throws: PDFNeedsConverter.self) { try renderer.render(notice, as: .pdf) }
    }

    @Test func aMissingTemplateIsAnError() {
        #expect(throws: TemplateError.self) { try renderer.render("nope.mustache", notice()) }
        #expect(throws: TemplateError.self) { try DocumentRenderer(templates: ["bad.mustache": "{{#open}} never closed"]) }
    }

    @Test func smsSegmentsAreCountedBySeventy() {
        #expect(Reminder.smsSegments(String(repeating: "字", count: 70)) == 1)
        #expect(Reminder.smsSegments(String(repeating: "字", count: 71)) == 2)
        #expect(Reminder.smsSegments(String(repeating: "字", count: 134)) == 2)
        #expect(Reminder.smsSegments(String(repeating: "字", count: 135)) == 3)
        let list = rules.reminders([ReminderInput(record: penalty("2025-05-01", [.fine], fineYuan: 80_000), name: "保定示例有限公司",
                                                  phone: "13800000000", noticeNumber: "N1", repaired: false)], asOf: d("2025-11-20"))
        let sms = try! #require(list.first { $0.kind == .repairOpen })
        #expect(sms.date == d("2025-11-01"))
        #expect(sms.segments == Reminder.smsSegments(sms.message))
        #expect(sms.message.count <= 70)
        #expect(sms.phone == "13800000000")
    }
}
