import CreditCore
import CreditIngest
import CreditRepair
import CreditRules
import CreditStore
import Foundation
import GRDB
import Testing
import CreditTestSupport

enum CLIStyleError: Error { case notInRegister }

/// Repair of listings and false commitments (`lists:` and `false_commitment:` of
/// `Rules/repair.yaml`): when an application is possible, what blocks it, and a decision that
/// moves the enterprise out from its day, with the application and audit events as the record.
@Suite struct ListRepairTests {
    let folder: TemporaryFolder
    let database: CreditDatabase
    let rules: RepairRules
    var store: RepairStore { RepairStore(database: database, rules: rules) }
    var runner: ClassificationRunner { ClassificationRunner(database: database, listingTerms: rules.listingTerms) }

    static let abnormalMaterials = ["信用修复申请书", "守信承诺书", "补报年度报告材料"]
    static let seriousMaterials = ["信用修复申请书", "守信承诺书", "履行行政处罚决定的证明材料"]
    static let commitmentMaterials = ["信用修复申请书", "整改材料", "信用承诺书"]

    init() throws {
        folder = try TemporaryFolder()
        database = try CreditDatabase.inMemory()
        rules = try RepairRulesLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/repair.yaml"), encoding: .utf8))
        try folder.write("enterprises.csv", enterprisesCSV)
        try folder.write("经营异常名录.csv", """
            统一社会信用代码,企业名称,列入日期,列入原因,作出决定机关,决定书文号
            \(codeA),福州示例有限公司,2025-03-01,未按时公示年报,保定市市场监督管理局,保市监异〔2025〕1号

            """)
        try folder.write("严重违法失信名单.csv", """
            统一社会信用代码,企业名称,列入日期,列入原因,作出决定机关,决定书文号
            \(codeB),北京示例有限公司,2025-05-10,食品安全领域严重违法行为,保定市市场监督管理局,保市监严〔2025〕2号
            \(codeC),保定示例有限公司,2025-05-10,食品安全领域严重违法行为,保定市市场监督管理局,保市监严〔2025〕3号

            """)
        // codeC: a 较重行政处罚 (吊销许可证件) decided after its listing.
        try folder.write("行政处罚.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,处罚类别,罚款金额（万元）
            保定示例有限公司,\(codeC),保市监罚〔2025〕9号,2025-08-01,保定市市场监督管理局,吊销许可证件,

            """)
        try folder.write("信用承诺.csv", """
            统一社会信用代码,企业名称,承诺事项,事项编码,承诺日期,作出决定机关,承诺书编号,核查日期,核查结果
            \(codeA),福州示例有限公司,食品经营许可,SP-JY,2026-04-10,保定市行政审批局,CN-1,2026-05-10,虚假承诺

            """)
        let report = Importer(database: database).run(["enterprises.csv", "经营异常名录.csv", "严重违法失信名单.csv", "行政处罚.csv", "信用承诺.csv"]
            .map(folder.path), at: t0)
        precondition(report.errors.isEmpty, "\(report.errors)")
    }

    /// Noon in Beijing on that day.
    func at(_ day: String) -> Timestamp { Timestamp(iso: "\(day)T04:00:00.000Z")! }

    func listed(_ uscc: String, _ list: ListKind, on day: String) throws -> Bool {
        let standing = try runner.standing(uscc)
        return !(standing.inForce(list, on: CalendarDate(iso: day)!) ?? [])!.isEmpty
    }

    /// 《企业经营异常名录管理暂行办法》第十条: once the annual report is filed the enterprise may
    /// apply at once (repair_after_months: 0); the decision moves it out from its day.
    @Test func anAbnormalListingIsMovedOutByADecision() throws {
        #expect(rules.lists[.abnormal]?.repairAfterMonths == 0)
        #expect(throws: RepairError.missingMaterials(regime: rules.lists[.abnormal]!.repairBasis, required: rules.lists[.abnormal]!.materials,
                                                       missing: ["履行法定义务、纠正违法行为的相关材料"])) {
            try store.apply(uscc: codeA, kind: .abnormalList, documentNumber: "保市监异〔2025〕1号", materials: ["信用修复申请书", "守信承诺书"],
                            now: at("2025-04-01"), actor: "test")
        }
        #expect(throws: RepairError.listingNotFound(uscc: codeA, list: .abnormal, documentNumber: "保市监异〔2025〕99号")) {
            try store.apply(uscc: codeA, kind: .abnormalList, documentNumber: "保市监异〔2025〕99号", materials: Self.abnormalMaterials,
                            now: at("2025-04-01"), actor: "test")
        }
        let id = try store.apply(uscc: codeA, kind: .abnormalList, documentNumber: "保市监异〔2025〕1号", materials: Self.abnormalMaterials,
                                 now: at("2025-04-01"), actor: "test")
        #expect(throws: RepairError.conditionNotMet(documentNumber: "保市监异〔2025〕1号", .applicationOnFile(status: "pending"))) {
            try store.apply(uscc: codeA, kind: .abnormalList, documentNumber: "保市监异〔2025〕1号", materials: Self.abnormalMaterials,
                            now: at("2025-04-02"), actor: "test")
        }
        try store.decide(id: id, approve: true, reason: "已补报2024年度报告并公示", now: at("2025-04-07"), actor: "test")
        #expect(try listed(codeA, .abnormal, on: "2025-04-06"))
        #expect(try !listed(codeA, .abnormal, on: "2025-04-07"))
        let registered = try #require(try store.reportData(uscc: codeA)).0
        let view = StandingView(try runner.standing(codeA), registered: registered, asOf: CalendarDate(iso: "2025-05-01")!)
        let entry = try #require(view.listings.first)
        #expect(entry.removedOn == CalendarDate(iso: "2025-04-07") && entry.removalBasis == .repair && entry.removalReason == "经信用修复决定移出")
        #expect(try store.applications(uscc: codeA).map(\.category) == ["abnormal-list"])
        let events = try database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT kind FROM audit_event WHERE kind LIKE 'repair-%' ORDER BY seq")
        }
        #expect(events == ["repair-apply", "repair-decision"])
        // Moved out: a second application is refused with the day and how.
        #expect(throws: RepairError.listingEnded(list: .abnormal, documentNumber: "保市监异〔2025〕1号", on: CalendarDate(iso: "2025-04-07")!, basis: .repair)) {
            try store.apply(uscc: codeA, kind: .abnormalList, documentNumber: "保市监异〔2025〕1号", materials: Self.abnormalMaterials,
                            now: at("2025-05-01"), actor: "test")
        }
    }

    /// 总局令第44号 第二十条: 被列入严重违法失信名单满一年 — listed 2025-05-10, an application is
    /// possible from 2026-05-10; a 较重行政处罚 decided after the listing blocks it.
    @Test func theSeriousListAllowsEarlyRemovalAfterOneYear() throws {
        #expect(rules.lists[.serious]?.repairAfterMonths == 12)
        let oneYear = CalendarDate(iso: "2025-05-10")!.adding(years: 1)
        #expect(throws: RepairError.tooEarly(documentNumber: "保市监严〔2025〕2号", possibleFrom: oneYear)) {
            try store.apply(uscc: codeB, kind: .seriousList, documentNumber: "保市监严〔2025〕2号", materials: Self.seriousMaterials,
                            now: at("2026-05-09"), actor: "test")
        }
        #expect(throws: RepairError.conditionNotMet(documentNumber: "保市监严〔2025〕3号", .laterHeavierPenalty(
            documentNumber: "保市监罚〔2025〕9号", decided: CalendarDate(iso: "2025-08-01")!, types: [.revokeLicence]))) {
            try store.apply(uscc: codeC, kind: .seriousList, documentNumber: "保市监严〔2025〕3号", materials: Self.seriousMaterials,
                            now: at("2026-05-10"), actor: "test")
        }
        let id = try store.apply(uscc: codeB, kind: .seriousList, documentNumber: "保市监严〔2025〕2号", materials: Self.seriousMaterials,
                                 now: at("2026-05-10"), actor: "test")
        try store.decide(id: id, approve: true, reason: "符合提前移出条件", now: at("2026-05-20"), actor: "test")
        #expect(try listed(codeB, .serious, on: "2026-05-19") && !listed(codeB, .serious, on: "2026-05-20"))
    }

    /// A false commitment recorded 2026-05-10 refuses 信用+审批 until a repair decision lifts it;
    /// the repair is possible `repair_after_months` (3) after the check: from 2026-08-10.
    @Test func aFalseCommitmentIsLiftedByARepairDecision() throws {
        let eligibility = try EligibilityRulesLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/eligibility.yaml"), encoding: .utf8))
        func decision(_ day: String) throws -> EligibilityDecision {
            let today = CalendarDate(iso: day)!
            guard let (enterprise, serious, riskClass) = try store.eligibilityData(uscc: codeA, today: today) else {
                throw CLIStyleError.notInRegister
            }
            return eligibility.decide(enterprise, unrepairedSerious: serious, riskClass: riskClass, item: "SP-JY", standing: try store.standing(uscc: codeA),
                                      today: today)
        }
        #expect(try decision("2026-05-09").outcome == .eligible)
        let refused = try decision("2026-05-10")
        #expect(refused.outcome == .notEligible && refused.reasons.contains { $0.contains("虚假承诺") && $0.contains("CN-1") })
        let possible = CalendarDate(iso: "2026-05-10")!.adding(months: rules.falseCommitment.repairAfterMonths)
        #expect(possible == CalendarDate(iso: "2026-08-10"))
        #expect(throws: RepairError.tooEarly(documentNumber: "CN-1", possibleFrom: possible)) {
            try store.apply(uscc: codeA, kind: .commitment, documentNumber: "CN-1", materials: Self.commitmentMaterials, now: at("2026-06-01"), actor: "test")
        }
        let id = try store.apply(uscc: codeA, kind: .commitment, documentNumber: "CN-1", materials: Self.commitmentMaterials,
                                 now: at("2026-08-10"), actor: "test")
        #expect(try decision("2026-08-11").outcome == .notEligible)
        try store.decide(id: id, approve: true, reason: "已整改并重新作出信用承诺", now: at("2026-08-12"), actor: "test")
        #expect(try decision("2026-08-12").outcome == .eligible)
        // Classification counts it between the check and the repair.
        let standing = try runner.standing(codeA)
        #expect(standing.falseCommitments(on: CalendarDate(iso: "2026-08-11")!).count == 1)
        #expect(standing.falseCommitments(on: CalendarDate(iso: "2026-08-12")!).isEmpty)
    }

    /// The receiver of a listing batch (the CLI writing its files) sees every notice before the
    /// batch commits; when it fails, nothing is stored and the next batch issues the same numbers.
    @Test func aListingBatchCommitsOnlyWhenItsReceiverFinishes() throws {
        struct DiskFull: Error {}
        var received: [String] = []
        #expect(throws: DiskFull.self) {
            try store.issueListingNotices(since: nil, now: at("2025-05-10"), actor: "test",
                                          receiver: NoticeReceiver(receive: { received += $0.map(\.number) }, finish: { throw DiskFull() }))
        }
        #expect(received.count == 3)
        #expect(try store.issueListingNotices(since: nil, now: at("2025-05-10"), actor: "test").issued.map(\.number) == received)
    }

    /// 两书同达: a notice issued on the list-in day is served with the 列入决定书; numbered per
    /// agency, list and year apart from penalty notices; rendered in HTML, DOCX and text.
    @Test func listingDecisionsGetTheirOwnNotices() throws {
        let first = try store.issueListingNotices(since: nil, now: at("2025-05-10"), actor: "test")
        // codeA's 2025-03-01 listing: a supplementary notice; codeB's and codeC's 2025-05-10: with the decision.
        #expect(first.issued.map(\.number) == ["保市监异修告〔2025〕0001号", "保市监严修告〔2025〕0001号", "保市监严修告〔2025〕0002号"])
        #expect(first.issued.map(\.service) == [.later, .withDecision, .withDecision])
        #expect(first.issued[1].footnote.contains("两书同达") && first.issued[1].footnote.contains("保市监严〔2025〕2号"))
        let serious = first.issued[1]
        #expect(serious.earliestRepair == CalendarDate(iso: "2026-05-10") && serious.expiresOn == CalendarDate(iso: "2028-05-10"))
        let text = serious.sections.flatMap(\.paragraphs).joined()
        #expect(text.contains("自2026年5月10日起（列入满1年）") && text.contains("列入满3年（2028年5月10日）的"))
        let abnormal = first.issued[0].sections.flatMap(\.paragraphs).joined()
        #expect(abnormal.contains("补报未报年份的年度报告并公示") && abnormal.contains("第十条"))
        // Idempotent.
        let again = try store.issueListingNotices(since: nil, now: at("2025-05-11"), actor: "test")
        #expect(again.issued.isEmpty && again.alreadyNoticed == 3)

        let templates = repositoryRoot.appendingPathComponent("Rules/templates")
        let renderer = try DocumentRenderer(templates: Dictionary(uniqueKeysWithValues: try FileManager.default.contentsOfDirectory(atPath: templates.path)
            .filter { $0.hasSuffix(".mustache") }.map { ($0, try String(contentsOf: templates.appendingPathComponent($0), encoding: .utf8)) }))
        let stored = try #require(try store.listingNotice(number: "保市监严修告〔2025〕0001号"))
        #expect(stored == serious)
        let txt = String(decoding: try renderer.render(stored, as: .txt).bytes, as: UTF8.self)
        #expect(txt.contains("信用修复告知书") && txt.contains("列入日期：2025-05-10") && txt.contains("列入期满：2028-05-10"))
        let html = String(decoding: try renderer.render(stored, as: .html).bytes, as: UTF8.self)
        #expect(html.contains("信用修复告知书") && html.contains("保市监严修告〔2025〕0001号") && html.contains("两书同达"))
        #expect(try renderer.render(stored, as: .docx).bytes.count > 1_000)
    }

    /// 信用提示: no "可申请信用修复" reminder for a penalty of an enterprise whose listing is in
    /// force on the reminder date; once a decision moved it out, the reminder comes.
    @Test func remindersReadTheListsAsOfTheirDate() throws {
        try folder.write("later/行政处罚.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,处罚类别,罚款金额（万元）
            福州示例有限公司,\(codeA),保市监罚〔2025〕1号,2025-01-02,保定市市场监督管理局,罚款,8

            """)
        #expect(Importer(database: database).run([folder.path("later/行政处罚.csv")], at: t1).errors.isEmpty)
        let asOf = CalendarDate(iso: "2026-02-01")!
        func open() throws -> [String] {
            rules.reminders(try store.reminderInputs(asOf: asOf), asOf: asOf).filter { $0.kind == .repairOpen }.map(\.documentNumber)
        }
        #expect(try open().isEmpty)
        let id = try store.apply(uscc: codeA, kind: .abnormalList, documentNumber: "保市监异〔2025〕1号", materials: Self.abnormalMaterials,
                                 now: at("2025-04-01"), actor: "test")
        try store.decide(id: id, approve: true, reason: "已补报年报", now: at("2025-04-07"), actor: "test")
        #expect(try open() == ["保市监罚〔2025〕1号"])
    }

    /// On the public site the enterprise names its listing by the notice it received (or the
    /// 决定书文号): the same application and checks as `credit repair apply --kind`.
    @Test func anOnlineApplicationNamesTheListingByItsNotice() throws {
        let notices = try store.issueListingNotices(since: nil, now: at("2025-03-01"), actor: "test")
        let number = try #require(notices.issued.first { $0.uscc == codeA }?.number)
        let online = OnlineRepairStore(database: database, rules: rules)
        let files = Self.abnormalMaterials.enumerated().map { i, m in
            UploadedMaterial(material: m, fileName: "\(i).pdf", bytes: Array("%PDF-1.4 \(i)".utf8), mediaType: .pdf)
        }
        let status = try online.submit(uscc: codeA, reference: number, contact: "张三", phone: "13800000000", files: files, tracking: "TRACK0000001",
                                       now: at("2025-04-01"), actor: "public")
        #expect(status.documentNumber == "保市监异〔2025〕1号" && status.status == "pending")
        #expect(try store.applications(uscc: codeA).map(\.category) == ["abnormal-list"])
        #expect(throws: OnlineRepairError.self) {
            try online.submit(uscc: codeA, reference: "没有这个编号", contact: "张三", phone: "13800000000", files: files, tracking: "TRACK0000002",
                              now: at("2025-04-01"), actor: "public")
        }
    }
}
