import CreditCore
import CreditIngest
import CreditRules
import CreditSampling
import CreditStore
import CreditSynthetic
import Foundation
import GRDB
import Testing
import CreditTestSupport

/// A synthetic city imported and classified, ready for draws.
struct DrawFixture {
    let folder: TemporaryFolder
    let database: CreditDatabase
    let plan: SamplingPlan
    let planText: String
    let store: DrawStore

    init(enterprises: Int = 800) throws {
        folder = try TemporaryFolder()
        database = try CreditDatabase.inMemory()
        var files: [SyntheticCity.File: String] = [:]
        SyntheticCity(enterpriseCount: enterprises, seed: 11, asOf: CalendarDate(iso: "2026-10-31")!).generate { file, line in
            files[file, default: ""] += line
        }
        for (file, text) in files where file != .penaltyCorrections { try folder.write("city/\(file.rawValue)", text) }
        _ = Importer(database: database).run([folder.path("city")], at: t0)
        let rules = try LoadedRuleSet(text: String(contentsOf: repositoryRoot.appendingPathComponent("Rules/classification.yaml"), encoding: .utf8), file: "classification.yaml")
        _ = try ClassificationRunner(database: database).run(rules, asOf: CalendarDate(iso: "2026-10-31")!, knownBy: nil, now: t0, store: true)
        planText = try String(contentsOf: repositoryRoot.appendingPathComponent("Rules/sampling.yaml"), encoding: .utf8)
        plan = try SamplingPlanLoader.load(planText)
        store = DrawStore(database: database)
    }

    @discardableResult
    func draw(_ id: String, _ randomness: String, _ asOf: String, at: Timestamp = t1) throws -> DrawBundle {
        let date = CalendarDate(iso: asOf)!
        try store.checkNewDraw(id: id, month: CalendarMonth(date), randomness: randomness)
        let (inputs, runID, _) = try store.inputs(drawID: id, publicRandomness: randomness, asOf: date, plan: plan, planText: planText)
        let bundle = DrawBundle.build(inputs)
        try store.record(bundle, inputs: inputs, runID: runID, now: at, actor: "test")
        return bundle
    }
}

@Suite struct DrawStoreTests {
    @Test func aRecordedDrawIsImmutableAndCannotBeRedrawnSilently() throws {
        let f = try DrawFixture()
        let first = try f.draw("2026-11", "31415", "2026-11-05")
        #expect(first.tasks.count > 10)
        #expect(throws: DrawError.self) { try f.draw("2026-11", "31415", "2026-11-05") }        // same id
        #expect(throws: DrawError.self) { try f.draw("2026-11b", "27182", "2026-11-20") }      // same month, not voided
        #expect(throws: DatabaseError.self) {
            try f.database.writer.write { db in try db.execute(sql: "UPDATE draw SET public_randomness = 'x' WHERE id = '2026-11'") }
        }
        #expect(throws: DatabaseError.self) {
            try f.database.writer.write { db in try db.execute(sql: "DELETE FROM draw WHERE id = '2026-11'") }
        }
        // Void, then the month's redraw needs new randomness.
        try f.store.void(id: "2026-11", reason: "roster error", now: t1, actor: "test")
        #expect(throws: DrawError.self) { try f.store.void(id: "2026-11", reason: "again", now: t1, actor: "test") }
        #expect(throws: DrawError.self) { try f.draw("2026-11b", "31415", "2026-11-05") }
        let redraw = try f.draw("2026-11b", "27182", "2026-11-05")
        #expect(redraw.receipt["previous_receipt_sha256"] == .string(first.receiptSHA256))
        let kinds = try f.database.writer.read { db in try String.fetchAll(db, sql: "SELECT kind FROM audit_event WHERE kind IN ('draw', 'void') ORDER BY seq") }
        #expect(kinds == ["draw", "void", "draw"])
        #expect(try f.database.writer.read { db in try AuditLog.verify(db).firstBreak } == nil)
    }

    @Test func consecutiveDrawsHonourTheMinimumIntervalAndChainReceipts() throws {
        let f = try DrawFixture()
        let november = try f.draw("2026-11", "31415", "2026-11-05")
        let december = try f.draw("2026-12", "27182", "2026-12-05")
        #expect(december.receipt["previous_receipt_sha256"] == .string(november.receiptSHA256))
        // Every November enterprise whose class waits more than a month is excluded in December.
        let classes = try ClassificationRunner(database: f.database).classes(run: 1)
        let waiting = Set(november.tasks.map(\.uscc).filter { (f.plan.classes[classes[$0]!]!.minimumIntervalMonths) > 1 })
        #expect(!waiting.isEmpty)
        #expect(waiting.isSubset(of: Set(december.exclusions.map(\.uscc))))
        #expect(waiting.isDisjoint(with: december.tasks.filter { !$0.targeted }.map(\.uscc)))
        // And the bundle from the store verifies.
        let verified = try DrawVerifier.verify(try f.store.files(drawID: "2026-12"))
        #expect(verified.tasks == december.tasks.count)
    }

    @Test func resultsBecomeInspectionRecordsAndArePublishedWithDeadlines() throws {
        let f = try DrawFixture()
        let bundle = try f.draw("2026-11", "31415", "2026-11-05")
        guard let (task, certs) = zip(bundle.tasks, bundle.assignments).compactMap({ t, a -> (Task, [String])? in
            if case .assigned(let c) = a { return (t, c) } else { return nil }
        }).first else { Issue.record("no assigned task"); return }
        let file = try f.folder.write("results.csv", """
            抽查编号,统一社会信用代码,检查结果,检查日期,执法证号
            2026-11,\(task.uscc),通过登记的住所（经营场所）无法联系,2026-11-10,\(certs.joined(separator: ";"))
            2026-11,\(task.uscc),未发现问题,2026-11-10,\(certs[0])
            2026-11,\(task.uscc),未发现问题,2026-11-10,\(certs[0]);X999

            """)
        let report = try DrawResults(database: f.database).importFile(file, knownAt: t1, actor: "test")
        #expect(report.files.first?.loaded == 1)
        #expect(report.errors.map { "\($0.line) \($0.field)" } == ["3 执法证号", "4 执法证号"])
        let record = try #require(try f.database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT ins_kind, ins_result, decision_date FROM record WHERE document_no = ?", arguments: ["双随机〔2026-11〕\(task.uscc)"])
        })
        #expect(record["ins_result"] as String == "通过登记的住所（经营场所）无法联系")
        #expect(record["decision_date"] as String == "2026-11-10")
        let calendar = try CalendarLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/calendar.yaml"), encoding: .utf8))
        let published = try DrawResults(database: f.database).publication(drawID: "2026-11", calendar: calendar, today: CalendarDate(iso: "2026-12-20")!)
        let row = try #require(published.first { $0.uscc == task.uscc })
        // 20 working days after Tue 2026-11-10 is Tue 2026-12-08 (no holidays in between).
        #expect(row.deadline == CalendarDate(iso: "2026-12-08"))
        #expect(row.status == "逾期公示")
        #expect(published.filter { $0.finishedOn == nil }.allSatisfy { $0.status == "未完成" })
        // The result feeds the next classification: an unreachable enterprise gets 180 points.
        let (_, _, result) = try #require(try ClassificationRunner(database: f.database).classifyOne(
            task.uscc, ruleSet: RuleSetLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/classification.yaml"), encoding: .utf8)),
            asOf: CalendarDate(iso: "2026-12-01")!, knownBy: nil))
        #expect(result.contributions.contains { $0.indicator == "inspection.unreachable" && $0.points == 180 })
    }

    /// Issue 16: an inspection ending Mon 2026-12-21 must be published within 20 working days
    /// (国市监信〔2019〕38号). 2027-01-01 is 元旦 by 《全国年节及纪念日放假办法》第二条(一), so the
    /// deadline is 2027-01-19 — provisional, no 2027 notice being listed — and publishing that
    /// day is on time (the weekends-only calendar said 01-18 and flagged it 逾期公示).
    @Test func publishingOn20270119IsNotOverdue() throws {
        let f = try DrawFixture()
        let bundle = try f.draw("2026-12", "31415", "2026-12-05")
        guard let (task, certs) = zip(bundle.tasks, bundle.assignments).compactMap({ t, a -> (Task, [String])? in
            if case .assigned(let c) = a { return (t, c) } else { return nil }
        }).first else { Issue.record("no assigned task"); return }
        let file = try f.folder.write("results.csv", """
            抽查编号,统一社会信用代码,检查结果,检查日期,执法证号
            2026-12,\(task.uscc),未发现问题,2026-12-21,\(certs.joined(separator: ";"))

            """)
        let report = try DrawResults(database: f.database).importFile(file, knownAt: Timestamp(iso: "2026-12-22T02:00:00.000Z")!, actor: "test")
        #expect(report.files.first?.loaded == 1)
        let calendar = try CalendarLoader.load(String(contentsOf: repositoryRoot.appendingPathComponent("Rules/calendar.yaml"), encoding: .utf8))
        let onTheDay = try DrawResults(database: f.database).publication(drawID: "2026-12", calendar: calendar, today: CalendarDate(iso: "2027-01-19")!)
        let row = try #require(onTheDay.first { $0.uscc == task.uscc })
        #expect(row.deadline == CalendarDate(iso: "2027-01-19"))
        #expect(row.deadlineProvisional)
        #expect(row.deadlineText == "2027年1月19日（暂定）")
        #expect(row.status == "按期公示")
        let dayAfter = try DrawResults(database: f.database).publication(drawID: "2026-12", calendar: calendar, today: CalendarDate(iso: "2027-01-20")!)
        #expect(dayAfter.first { $0.uscc == task.uscc }?.status == "逾期公示")
    }
}
