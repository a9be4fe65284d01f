import CreditCore
import CreditRepair
import CreditRules
@testable import CreditStore
import Foundation
import GRDB
import Testing
import CreditIngest
import CreditTestSupport

/// Issue 16 through the store: real SQLite, real CSV files.
@Suite struct LegalRoundTwoStoreTests {
    let folder: TemporaryFolder
    let database: CreditDatabase
    let store: RepairStore

    init() throws {
        folder = try TemporaryFolder()
        database = try CreditDatabase.inMemory()
        store = RepairStore(database: database, rules: try RepairRulesLoader.load(
            String(contentsOf: repositoryRoot.appendingPathComponent("Rules/repair.yaml"), encoding: .utf8)))
    }

    func load(_ penalties: String, register: String = enterprisesCSV, at time: Timestamp = t0) throws {
        try folder.write("enterprises.csv", register)
        try folder.write("行政处罚.csv", penalties)
        let report = Importer(database: database).run([folder.path("enterprises.csv"), folder.path("行政处罚.csv")], at: time)
        #expect(report.errors.isEmpty, "\(report.errors)")
    }

    /// 国办发〔2020〕42号 / eligibility.yaml: an unrepaired 严重 penalty bars 告知承诺制. 吊销许可证件
    /// + 罚款20万, published and never repairable, bars it decided 2026-03-31 (总局令第45号) exactly
    /// as decided 2026-04-01 (tiered regime).
    @Test func eligibilityDecidesFromWhatThePenaltyIsUnderEitherRegime() throws {
        try load("""
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,处罚类别,罚款金额（万元）
            甲,\(codeA),罚1,2026-03-31,保定市市场监督管理局,罚款;吊销许可证件,20
            乙,\(codeB),罚2,2026-04-01,保定市市场监督管理局,罚款;吊销许可证件,20

            """)
        let eligibility = try EligibilityRulesLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/eligibility.yaml"), encoding: .utf8))
        for (uscc, number) in [(codeA, "罚1"), (codeB, "罚2")] {
            let (enterprise, serious, _) = try #require(try store.eligibilityData(uscc: uscc, today: CalendarDate(iso: "2026-11-27")!))
            #expect(serious == [number])
            #expect(eligibility.decide(enterprise, unrepairedSerious: serious, riskClass: .b).outcome == .notEligible)
        }
    }

    /// 第十四条 conditions in the reminder list: the abnormal-list enterprise, the one with a later
    /// penalty for the same violation and the one with a pending application get no "可申请信用修复".
    @Test func art14RemindersFromTheStoreSkipBlockedEnterprises() throws {
        let register = """
            统一社会信用代码,企业名称,经营异常名录
            \(codeA),甲公司,否
            \(codeB),乙公司,是
            \(codeC),丙公司,否

            """
        try load("""
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,处罚类别,罚款金额（万元）,违法行为类型
            甲,\(codeA),罚1,2025-05-01,保定市市场监督管理局,罚款,8,虚假广告
            乙,\(codeB),罚2,2025-05-01,保定市市场监督管理局,罚款,8,虚假广告
            丙,\(codeC),罚3,2025-05-01,保定市市场监督管理局,罚款,8,虚假广告
            丙,\(codeC),罚4,2025-05-01,保定市市场监督管理局,罚款,8,计量违法
            丙,\(codeC),罚5,2025-09-01,保定市市场监督管理局,罚款,0.1,虚假广告

            """, register: register)
        let asOf = CalendarDate(iso: "2025-11-20")!
        func open() throws -> [String] {
            store.rules.reminders(try store.reminderInputs(), asOf: asOf).filter { $0.kind == .repairOpen }.map(\.documentNumber).sorted()
        }
        // 乙 is on the abnormal list; 丙's 罚3 has a later 虚假广告 penalty (罚5); 罚5 itself is not yet repairable.
        #expect(try open() == ["罚1", "罚4"])
        // A pending application for 罚1 takes it off the list.
        _ = try store.apply(uscc: codeA, documentNumber: "罚1", materials: ["信用修复申请书", "信用承诺书", "履行证明"],
                            now: Timestamp(startOfChinaDay: asOf), actor: "test")
        #expect(try open() == ["罚4"])
        // And the same conditions refuse an application, typed.
        #expect(throws: RepairError.conditionNotMet(documentNumber: "罚2", .abnormalList)) {
            try store.apply(uscc: codeB, documentNumber: "罚2", materials: ["信用修复申请书", "守信承诺书", "履行行政处罚决定的证明材料"],
                            now: Timestamp(startOfChinaDay: asOf), actor: "test")
        }
        #expect(throws: RepairError.conditionNotMet(documentNumber: "罚1", .applicationOnFile(status: "pending"))) {
            try store.apply(uscc: codeA, documentNumber: "罚1", materials: ["信用修复申请书", "守信承诺书", "履行行政处罚决定的证明材料"],
                            now: Timestamp(startOfChinaDay: asOf), actor: "test")
        }
        #expect(throws: RepairError.notFound(uscc: codeA, documentNumber: "罚9")) {
            try store.apply(uscc: codeA, documentNumber: "罚9", materials: [], now: t0, actor: "test")
        }
    }

    /// A declared 公示截止期 that disagrees with 第十三条's computed end is listed for officers.
    @Test func declaredEndDisagreementsAreListed() throws {
        try load("""
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,数据来源单位,处罚类别,罚款金额（万元）,公示截止期
            甲,\(codeA),罚1,2025-08-31,保定市市场监督管理局,保定市市场监督管理局,罚款,8,2026-08-31
            甲,\(codeA),罚2,2025-08-31,保定市市场监督管理局,保定市市场监督管理局,罚款,8,2028-08-31
            甲,\(codeA),罚3,2025-08-31,保定市市场监督管理局,保定市市场监督管理局,罚款,1,

            """)
        let found = try store.declaredEndDisagreements()
        #expect(found.map(\.documentNumber) == ["罚1"])
        #expect(found.first?.computedEnd == CalendarDate(iso: "2028-08-31"))
        #expect(found.first?.declaredEnd == CalendarDate(iso: "2026-08-31"))
    }

    /// v10 migrates notices issued before it: content untouched, the city as issuer, the deciding
    /// agency from the record, and the service their dates allow (a batch for old decisions: later).
    @Test func v10GivesOldNoticesTheirTrueService() throws {
        let pool = try DatabasePool(path: folder.path("old.db"))
        try CreditDatabase.migrator.migrate(pool, upTo: "v9 audit log without a hash index")
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO import_batch (id, file_name, file_sha256, kind, encoding, known_at, rows, loaded, unchanged, corrected, rejected,
                    skipped, duplicates, strict) VALUES (1, 'f', ?, 'penalty', 'utf8', 't', 2, 2, 0, 0, 0, 0, 0, 0);
                INSERT INTO record (category, document_no, uscc, subject_name, subject_kind, decision_date, agency, source_unit, pen_types,
                    version, batch_id, source_line, known_from)
                VALUES ('penalty', '罚1', ?, '甲', '法人及非法人组织', '2023-12-02', '保定市雄县市场监督管理局', 'x', '罚款', 1, 1, 2, 't'),
                       ('penalty', '罚2', ?, '甲', '法人及非法人组织', '2026-11-20', '保定市市场监督管理局', 'x', '罚款', 1, 1, 3, 't');
                INSERT INTO repair_notice (number, year, sequence, category, document_no, uscc, issued_at, issued_on, regime, tier,
                    published_until, earliest_repair, repairable, content)
                VALUES ('保市监信修告〔2026〕0001号', 2026, 1, 'penalty', '罚1', ?, 't', '2026-11-20', 'samr-2021', NULL, '2026-12-02', NULL, 0,
                        '{"agency":"保定市市场监督管理局","assessment":{"start":"2023-12-02"}}'),
                       ('保市监信修告〔2026〕0002号', 2026, 2, 'penalty', '罚2', ?, 't', '2026-11-20', 'tiered-2026', NULL, '2027-11-20', NULL, 1,
                        '{"agency":"保定市市场监督管理局","assessment":{"start":"2026-11-20"}}')
                """, arguments: [String(repeating: "a", count: 64), codeA, codeA, codeA, codeA])
        }
        let database = try CreditDatabase(pool)
        let rows = try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT number, agency, decision_agency, service, served_on FROM repair_notice ORDER BY number")
                .map { [$0[0], $0[1], $0[2], $0[3], $0[4]] as [String] }
        }
        #expect(rows == [["保市监信修告〔2026〕0001号", "保定市市场监督管理局", "保定市雄县市场监督管理局", "later", "2026-11-20"],
                         ["保市监信修告〔2026〕0002号", "保定市市场监督管理局", "保定市市场监督管理局", "with_decision", "2026-11-20"]])
        try database.writer.write { db throws in
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE repair_notice SET service = 'with_decision'") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM repair_notice") }
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
        }
        // Both penalties are known to have their notice: issuing again adds none.
        let again = try RepairStore(database: database, rules: store.rules).issueNotices(since: nil, now: t1, actor: "test", calendar: .weekendsOnly)
        #expect(again.issued.isEmpty && again.alreadyNoticed == 2)
    }
}
