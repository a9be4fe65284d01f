import CreditCore
import CreditIngest
import CreditRepair
import CreditRules
import CreditStore
import Foundation
import GRDB
import Testing
import CreditTestSupport

@Suite struct RepairStoreTests {
    let folder: TemporaryFolder
    let database: CreditDatabase
    let store: RepairStore
    let calendar: WorkingDayCalendar

    static let city = "保定市市场监督管理局", county = "保定市雄县市场监督管理局"

    init() throws {
        folder = try TemporaryFolder()
        database = try CreditDatabase.inMemory()
        let rules = try RepairRulesLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/repair.yaml"), encoding: .utf8))
        store = RepairStore(database: database, rules: rules)
        calendar = try CalendarLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/calendar.yaml"), encoding: .utf8))
        try folder.write("enterprises.csv", enterprisesCSV)
        try folder.write("行政处罚.csv", """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,处罚类别,罚款金额（万元）,处罚程序,违法行为类型
            甲,\(codeA),罚1,2026-01-10,\(Self.city),罚款,8,普通程序,虚假广告
            甲,\(codeA),罚2,2026-06-10,\(Self.city),罚款,8,普通程序,计量违法
            乙,\(codeB),罚3,2026-02-10,\(Self.county),警告,,普通程序,
            乙,\(codeB),罚4,2026-02-10,\(Self.county),罚款,0.02,简易程序,
            乙,\(codeB),罚5,2026-05-10,\(Self.county),吊销许可证件,,普通程序,
            乙,\(codeB),罚6,2025-10-10,\(Self.county),责令停产停业,,普通程序,
            丙,\(codeC),罚7,2026-11-20,\(Self.city),罚款,8,普通程序,

            """)
        _ = Importer(database: database).run([folder.path("enterprises.csv"), folder.path("行政处罚.csv")], at: t0)
    }

    /// 谁处罚、谁告知: each deciding agency issues its notices in its own sequence and signs
    /// them; only the notice issued on the decision day claims 一并送达.
    @Test func noticesAreIssuedOncePerPublishedPenaltyBySequenceOfTheDecidingAgency() throws {
        let first = try store.issueNotices(since: nil, now: t0, actor: "test", calendar: calendar)
        // 不编虚位: 1号, not 0001号 (GB/T 9704-2012 7.2.4).
        #expect(first.issued.map(\.number) == ["雄市监信修告〔2026〕1号", "保市监信修告〔2026〕1号", "雄市监信修告〔2026〕2号",
                                               "保市监信修告〔2026〕2号", "保市监信修告〔2026〕3号"])
        #expect(first.issued.map(\.assessment.documentNumber) == ["罚6", "罚1", "罚5", "罚2", "罚7"])
        #expect(first.issued.map(\.agency) == [Self.county, Self.city, Self.county, Self.city, Self.city])
        #expect(first.unpublished.values.reduce(0, +) == 2)  // warning only, 简易程序
        let again = try store.issueNotices(since: nil, now: t1, actor: "test", calendar: calendar)
        #expect(again.issued.isEmpty)
        #expect(again.alreadyNoticed == 5)
        // 责令停产停业 under the 2021 regime is never repaired early; 吊销 under the 2026 regime after 12 months.
        #expect(try store.notice(number: "雄市监信修告〔2026〕1号")?.assessment.repairable == false)
        #expect(try store.notice(number: "雄市监信修告〔2026〕2号")?.assessment.earliestRepair == CalendarDate(iso: "2027-05-10"))
        // The county's notice is its own: it speaks as 我局 and is signed by the county agency.
        let county = try #require(try store.notice(number: "雄市监信修告〔2026〕2号"))
        #expect(county.opening.contains("被我局给予行政处罚") && county.agency == Self.county)
        // Service: 罚7 was decided the day the batch ran (一并送达); the older ones are 补充告知.
        let served = try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT document_no, service, served_on FROM repair_notice ORDER BY document_no")
                .map { "\($0[0] as String) \($0[1] as String) \($0[2] as String)" }
        }
        #expect(served == ["罚1 later 2026-11-20", "罚2 later 2026-11-20", "罚5 later 2026-11-20", "罚6 later 2026-11-20",
                           "罚7 with_decision 2026-11-20"])
        #expect(try store.notice(number: "保市监信修告〔2026〕1号")?.footnote.contains("一并送达") == false)
        #expect(try store.notice(number: "保市监信修告〔2026〕3号")?.footnote.contains("一并送达") == true)
        #expect(try database.count("SELECT COUNT(*) FROM audit_event WHERE kind = 'notice'") == 1)
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in try db.execute(sql: "DELETE FROM repair_notice") }
        }
    }

    /// A batch issued in chunks (a province's million notices never all in memory) numbers and
    /// stores exactly what one chunk would, hands every notice over in order, and counts them.
    @Test func aBatchInChunksIsTheSameBatch() throws {
        let whole = try store.issueNotices(since: nil, now: t0, actor: "test", calendar: calendar)
        let other = try CreditDatabase.inMemory()
        _ = Importer(database: other).run([folder.path("enterprises.csv"), folder.path("行政处罚.csv")], at: t0)
        var chunks: [[String]] = []
        let chunked = try RepairStore(database: other, rules: store.rules)
            .issueNotices(since: nil, now: t0, actor: "test", calendar: calendar, chunkSize: 2,
                          receiver: NoticeReceiver(receive: { chunks.append($0.map(\.number)) }))
        #expect(chunked.issued.isEmpty)
        #expect(chunks.flatMap { $0 } == whole.issued.map(\.number))
        #expect(chunks.count >= 3)  // seven penalties in chunks of two, the unpublished ones among them
        #expect(chunked.issuedCount == 5 && whole.issuedCount == 5)
        #expect(chunked.firstNumber == "雄市监信修告〔2026〕1号" && chunked.lastNumber == "保市监信修告〔2026〕3号")
        #expect(chunked.agencies == [Self.city, Self.county] && chunked.servedWithDecision == 1)
        #expect(chunked.unpublished == whole.unpublished)
        let stored = "SELECT number, agency, sequence, document_no, uscc, service, content FROM repair_notice ORDER BY rowid"
        let rows = { (database: CreditDatabase) in try database.writer.read { db in try Row.fetchAll(db, sql: stored) } }
        #expect(try rows(other) == rows(database))
    }

    /// When the receiver of a chunk fails (a notice's file cannot be written), nothing of the
    /// batch is stored, and the next batch issues every notice with the same numbers.
    @Test func aFailingReceiverRollsTheBatchBack() throws {
        struct DiskFull: Error {}
        var received = 0
        #expect(throws: DiskFull.self) {
            try store.issueNotices(since: nil, now: t0, actor: "test", calendar: calendar, chunkSize: 2, receiver: NoticeReceiver(receive: { notices in
                received += notices.count
                if received > 2 { throw DiskFull() }
            }))
        }
        // The last file failing fails the batch too: it commits only after `finish`.
        #expect(throws: DiskFull.self) {
            try store.issueNotices(since: nil, now: t0, actor: "test", calendar: calendar, receiver: NoticeReceiver(receive: { _ in }, finish: { throw DiskFull() }))
        }
        #expect(try database.count("SELECT COUNT(*) FROM repair_notice") == 0)
        #expect(try database.count("SELECT COUNT(*) FROM audit_event WHERE kind = 'notice'") == 0)
        let again = try store.issueNotices(since: nil, now: t0, actor: "test", calendar: calendar)
        #expect(again.issued.map(\.number).first == "雄市监信修告〔2026〕1号" && again.issuedCount == 5)
    }

    /// Notices numbered before 不编虚位 (`〔2025〕0042号`) stay readable: found by the number as
    /// printed on them and by the number written the standard way, and shown as issued.
    @Test func aNoticeNumberedWithZeroPaddingIsFoundEitherWay() throws {
        let issued = try #require(try store.issueNotices(since: nil, now: t0, actor: "test", calendar: calendar).issued.first)
        var old = issued
        old.number = "保市监信修告〔2025〕0042号"
        let content = String(decoding: try JSONEncoder().encode(old), as: UTF8.self)
        try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO repair_notice (number, agency, year, sequence, category, decision_agency, document_no, uscc, issued_at, issued_on,
                    service, served_on, regime, published_until, repairable, content)
                VALUES (?, ?, 2025, 42, 'penalty', ?, '旧罚1', ?, '2025-12-01T00:00:00Z', '2025-12-01', 'later', '2025-12-01', 'samr-2021',
                    '2028-12-01', 1, ?)
                """, arguments: [old.number, Self.city, Self.city, codeA, content])
        }
        for spelling in ["保市监信修告〔2025〕0042号", "保市监信修告〔2025〕42号"] {
            #expect(try store.notice(number: spelling)?.number == "保市监信修告〔2025〕0042号", "\(spelling)")
        }
        #expect(try store.notice(number: "保市监信修告〔2025〕420号") == nil)
        // A number issued unpadded is found by the padded spelling too.
        #expect(try store.notice(number: "雄市监信修告〔2026〕0001号")?.number == "雄市监信修告〔2026〕1号")
    }

    @Test func anEarlyApplicationIsRefusedWithTheDateItBecomesPossible() throws {
        // 罚1: 2026-01-10, 8万 → 3 years; repair after 6 months: 2026-07-10.
        let early = Timestamp(startOfChinaDay: CalendarDate(iso: "2026-07-09")!)
        let error = try #require(throws: RepairError.self) {
            try store.apply(uscc: codeA, documentNumber: "罚1", materials: ["信用修复申请书", "守信承诺书", "履行行政处罚决定的证明材料"], now: early, actor: "test")
        }
        #expect(error == .tooEarly(documentNumber: "罚1", possibleFrom: CalendarDate(iso: "2026-07-10")!))
        #expect(error.possibleFrom == CalendarDate(iso: "2026-07-10"))
        #expect(error.description.contains("2026年7月10日"))
        // Non-repairable types are refused whatever the date.
        let never = try #require(throws: RepairError.self) {
            try store.apply(uscc: codeB, documentNumber: "罚6", materials: ["信用修复申请书", "守信承诺书", "履行行政处罚决定的证明材料"], now: t1, actor: "test")
        }
        #expect(never.description.contains("责令停产停业"))
        guard case .notRepairable = never else { Issue.record("expected notRepairable, got \(never)"); return }
        #expect(never.possibleFrom == nil)
    }

    @Test func approvalEndsPublicationAndChangesTheNextClassification() throws {
        let rules = try LoadedRuleSet(text: storeRules, file: "store.yaml")
        let runner = ClassificationRunner(database: database)
        let asOf = CalendarDate(iso: "2026-08-01")!
        let (_, _, before) = try #require(try runner.classifyOne(codeA, ruleSet: rules.rules, asOf: asOf, knownBy: nil))
        #expect(before.score == 450)  // 250 + 100 + 100
        // Missing materials are named; a complete application is filed and approved.
        let missing = try #require(throws: RepairError.self) {
            try store.apply(uscc: codeA, documentNumber: "罚1", materials: ["信用修复申请书"], now: t1, actor: "test")
        }
        #expect(missing == .missingMaterials(regime: "总局令第45号、国市监信规〔2021〕3号",
                                             required: ["信用修复申请书", "守信承诺书", "履行行政处罚决定的证明材料"],
                                             missing: ["守信承诺书", "履行行政处罚决定的证明材料"]))
        let id = try store.apply(uscc: codeA, documentNumber: "罚1", materials: ["信用修复申请书", "守信承诺书", "履行行政处罚决定的证明材料"], now: t1, actor: "test")
        try store.decide(id: id, approve: true, reason: "已履行，材料齐全", now: t1, actor: "test")
        #expect(throws: RepairError.alreadyDecided(id: id, status: "approved")) { try store.decide(id: id, approve: false, reason: "again", now: t1, actor: "test") }
        let (_, _, after) = try #require(try runner.classifyOne(codeA, ruleSet: rules.rules, asOf: asOf, knownBy: nil))
        #expect(after.score == 350)
        #expect(!after.contributions.contains { $0.documentNumber == "罚1" })
        // A classification reproduced from before the approval still counts it.
        let (_, _, past) = try #require(try runner.classifyOne(codeA, ruleSet: rules.rules, asOf: asOf, knownBy: t0))
        #expect(past.score == 450)
        // The credit report no longer shows the repaired penalty and lists the repair; no class anywhere.
        let (enterprise, records, repairs) = try #require(try store.reportData(uscc: codeA))
        let report = store.rules.creditReport(enterprise, records: records, repairs: repairs, today: CalendarDate(iso: "2026-11-27")!)
        let penalties = try #require(report.sections.first { $0.category == "penalty" })
        #expect(penalties.items.map(\.documentNumber) == ["罚2"])
        #expect(report.repairs.map(\.documentNumber) == ["罚1"])
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(!json.contains("\"class\"") && !json.contains("风险分类为"))
        #expect(try store.applications(uscc: codeA).map(\.status) == ["approved"])
    }

    @Test func eligibilityFollowsTheRegisterAndSeriousPenalties() throws {
        let eligibility = try EligibilityRulesLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/eligibility.yaml"), encoding: .utf8))
        let today = CalendarDate(iso: "2026-11-27")!
        // 乙 has a 责令停产停业 from 2025-10-10 (2021 regime, 3 years, never repaired early) and a
        // 吊销许可证件 from 2026-05-10 (2026 regime): both are 严重 by what they are, whatever the regime.
        let (b, serious, _) = try #require(try store.eligibilityData(uscc: codeB, today: today))
        #expect(serious == ["罚6", "罚5"])
        #expect(eligibility.decide(b, unrepairedSerious: serious, riskClass: .b).outcome == .notEligible)
        let (a, none, _) = try #require(try store.eligibilityData(uscc: codeA, today: today))
        #expect(none.isEmpty)
        #expect(eligibility.decide(a, unrepairedSerious: none, riskClass: .b).outcome == .eligible)
        #expect(eligibility.decide(a, unrepairedSerious: none, riskClass: .d).outcome == .manualReview)
        var listed = a
        listed.onSeriousList = true
        #expect(eligibility.decide(listed, unrepairedSerious: none, riskClass: .a).outcome == .notEligible)
    }
}
