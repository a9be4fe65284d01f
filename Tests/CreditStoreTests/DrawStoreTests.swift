import CreditCore
import CreditIngest
import CreditRules
import CreditSampling
import CreditStore
import CreditSynthetic
import CreditTestSupport
import Foundation
import GRDB
import Testing

/// A synthetic city imported and classified, ready for draws.
struct DrawFixture {
    let folder: TemporaryFolder
    let database: CreditDatabase
    let plan: SamplingPlan
    let planText: String
    let store: DrawStore

    /// - Parameter onDisk: a database file (a pool of connections: the draw reads its inputs on
    ///   several at once) instead of one in memory (one connection).
    init(enterprises: Int = 800, seed: UInt64 = 11, onDisk: Bool = false) throws {
        folder = try TemporaryFolder()
        database = onDisk ? try CreditDatabase.open(path: folder.path("credit.db")) : try CreditDatabase.inMemory()
        var files: [SyntheticCity.File: String] = [:]
        SyntheticCity(enterpriseCount: enterprises, seed: seed, asOf: CalendarDate(iso: "2026-10-31")!).generate { file, line in
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
    /// K is fixed per draw id (a seeded generator), so what a test measures is reproducible.
    func prepare(_ id: String, _ asOf: String, now: Timestamp? = nil) throws -> PreparedDraw {
        let date = CalendarDate(iso: asOf)!
        var generator = SeededGenerator(seed: id.utf8.reduce(1469598103934665603) { ($0 ^ UInt64($1)) &* 1099511628211 })
        return try store.prepare(id: id, asOf: date, randomnessSource: "福利彩票双色球 \(asOf) 开奖号码", plan: plan, planText: planText,
                                 now: now ?? morningAfter(date), actor: "test", salt: DrawSalt(using: &generator))
    }

    /// Prepares and runs a draw, the morning after its date.
    @discardableResult
    func draw(_ id: String, _ randomness: String, _ asOf: String) throws -> DrawOutcome {
        try prepare(id, asOf)
        return try store.run(id: id, randomness: randomness, now: morningAfter(CalendarDate(iso: asOf)!), actor: "test")
    }

    /// A recorded draw's tasks: code, targeted, inspectors (nil when unassigned).
    func tasks(_ id: String) throws -> [(uscc: String, targeted: Bool, inspectors: [String]?)] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT uscc, kind, inspectors FROM draw_task WHERE draw_id = ? ORDER BY position", arguments: [id]).map {
                ($0[0], $0[1] == "targeted", ($0[2] as String?)?.split(separator: ";").map(String.init))
            }
        }
    }
}

func morningAfter(_ date: CalendarDate) -> Timestamp { Timestamp(startOfChinaDay: date.adding(days: 1)) }

func receipt(_ outcome: DrawOutcome) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(outcome.files[DrawFiles.receipt]!))
}

@Suite struct DrawStoreTests {
    /// The frame is the active register with the classes of the latest run, in code order: an
    /// enterprise no longer active, or active but not classified by that run, is left out
    /// (the latter counted), whatever order the register's rows are stored in.
    @Test func theFrameIsTheActiveClassifiedRegisterInCodeOrder() throws {
        let f = try DrawFixture(enterprises: 300)
        let (inactive, unclassified): ([String], [String]) = try f.database.writer.write { db in
            let active = try String.fetchAll(db, sql: "SELECT uscc FROM enterprise WHERE status IN ('存续', '在业') ORDER BY uscc")
            let gone = [active[3], active[150]], missing = [active[0], active[77], active[active.count - 1]]
            for code in gone { try db.execute(sql: "UPDATE enterprise SET status = '注销' WHERE uscc = ?", arguments: [code]) }
            for code in missing { try db.execute(sql: "DELETE FROM classification WHERE uscc = ?", arguments: [code]) }
            return (gone, missing)
        }
        let expected: [String] = try f.database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.uscc, c.class FROM enterprise e JOIN classification c ON c.uscc = e.uscc
                WHERE e.status IN ('存续', '在业') ORDER BY e.uscc
                """).map { "\($0[0] as String)\t\($0[1] as String)" }
        }
        let prepared = try f.prepare("2026-11", "2026-11-05")
        #expect(prepared.unclassified == unclassified.count)
        #expect(prepared.frameCount == expected.count)
        let outcome = try f.store.run(id: "2026-11", randomness: "31415", now: morningAfter(CalendarDate(iso: "2026-11-05")!), actor: "test")
        let frame = String(decoding: outcome.files[DrawFiles.frame]!, as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).prefix(2).joined(separator: "\t")
        }
        #expect(frame == expected)
        #expect(inactive.allSatisfy { code in !frame.contains { $0.hasPrefix(code) } })
    }

    /// In a database file the draw reads the register in two rowid halves and the classes at
    /// once, each on a reader connection; in memory, one after the other on one connection.
    /// Both freeze the same inputs byte for byte, with the rows in no code order across the
    /// halves and rowids of zero and below (written by hand) read like any other.
    @Test func theFrameIsTheSameReadInParallelOrInSequence() throws {
        let inMemory = try DrawFixture(enterprises: 400), onDisk = try DrawFixture(enterprises: 400, onDisk: true)
        #expect(inMemory.database.writer is DatabaseQueue && onDisk.database.writer is DatabasePool)
        var inputs: [[String: Data]] = []
        for f in [inMemory, onDisk] {
            let expected: Int = try f.database.writer.write { db in
                try db.execute(sql: "UPDATE enterprise SET rowid = -rowid WHERE rowid % 3 = 0")
                try db.execute(sql: "UPDATE enterprise SET rowid = 0 WHERE rowid = (SELECT MIN(rowid) FROM enterprise WHERE rowid > 0)")
                return try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM enterprise e JOIN classification c ON c.uscc = e.uscc WHERE e.status IN ('存续', '在业')
                    """) ?? -1
            }
            // Classification reads the register in rowid slices too: a run after the change
            // still classifies every enterprise.
            let rules = try LoadedRuleSet(text: String(contentsOf: repositoryRoot.appendingPathComponent("Rules/classification.yaml"), encoding: .utf8),
                                          file: "classification.yaml")
            _ = try ClassificationRunner(database: f.database).run(rules, asOf: CalendarDate(iso: "2026-10-31")!, knownBy: nil, now: t0, store: true)
            let counts = try f.database.writer.read { db in
                try Int.fetchAll(db, sql: "SELECT COUNT(*) FROM classification GROUP BY run_id ORDER BY run_id")
            }
            #expect(counts.count == 2 && counts[0] == counts[1])
            let prepared = try f.prepare("2026-11", "2026-11-05")
            #expect(prepared.frameCount == expected && prepared.unclassified == 0)
            inputs.append(try f.database.writer.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT path, content FROM draw_input_file WHERE draw_id = '2026-11'").map {
                    ($0[0] as String, $0[1] as Data)
                })
            })
        }
        #expect(inputs[0].keys.contains(DrawFiles.frame) && inputs[0].keys.contains(DrawFiles.enterprises))
        #expect(inputs[0] == inputs[1])
    }

    @Test func aRecordedDrawIsImmutableAndCannotBeRedrawnSilently() throws {
        let f = try DrawFixture()
        let first = try f.draw("2026-11", "31415", "2026-11-05")
        #expect(first.tasks > 10)
        #expect(throws: DrawError.idTaken(id: "2026-11")) { try f.prepare("2026-11", "2026-11-06") }
        #expect(throws: DrawError.alreadyRun(id: "2026-11", randomness: "31415")) {
            try f.store.run(id: "2026-11", randomness: "27182", now: t1, actor: "test")
        }
        #expect(throws: DrawError.monthTaken(month: CalendarMonth("2026-11")!, by: "2026-11")) { try f.prepare("2026-11b", "2026-11-20") }
        for sql in ["UPDATE draw SET public_randomness = 'x' WHERE id = '2026-11'", "DELETE FROM draw WHERE id = '2026-11'",
                    "UPDATE draw_commitment SET salt = '\(String(repeating: "0", count: 64))'", "DELETE FROM draw_commitment",
                    "UPDATE draw_input_file SET content = x'00'", "DELETE FROM draw_input_file"] {
            #expect(throws: DatabaseError.self, "\(sql)") { try f.database.writer.write { db in try db.execute(sql: sql) } }
        }
        // Void, then the month's redraw needs new randomness.
        try f.store.void(id: "2026-11", reason: "roster error", now: t1, actor: "test")
        #expect(throws: DrawError.alreadyVoid(id: "2026-11")) { try f.store.void(id: "2026-11", reason: "again", now: t1, actor: "test") }
        #expect(throws: DrawError.emptyVoidReason) { try f.store.void(id: "2026-11", reason: "  ", now: t1, actor: "test") }
        try f.prepare("2026-11b", "2026-11-05")
        #expect(throws: DrawError.randomnessReused(randomness: "31415", voidedID: "2026-11")) {
            try f.store.run(id: "2026-11b", randomness: "31415", now: t1, actor: "test")
        }
        let redraw = try f.store.run(id: "2026-11b", randomness: "27182", now: t1, actor: "test")
        #expect(try receipt(redraw)["previous_receipt_sha256"] == .string(first.receiptSHA256))
        let kinds = try AuditStore(database: f.database).events(limit: 100).map(\.kind).filter { $0.hasPrefix("draw") || $0 == "void" }
        #expect(kinds.reversed() == ["draw-prepare", "draw", "void", "draw-prepare", "draw"])
        #expect(try AuditStore(database: f.database).verify().firstBreak == nil)
    }

    @Test func consecutiveDrawsHonourTheMinimumIntervalAndChainReceipts() throws {
        let f = try DrawFixture()
        let november = try f.draw("2026-11", "31415", "2026-11-05")
        let december = try f.draw("2026-12", "27182", "2026-12-05")
        #expect(try receipt(december)["previous_receipt_sha256"] == .string(november.receiptSHA256))
        #expect(december.files[DrawFiles.previousReceipt] == november.files[DrawFiles.receipt])
        // Every November enterprise whose class waits more than a month is excluded in December.
        let classes = try ClassificationRunner(database: f.database).classes(run: 1)
        let waiting = Set(try f.tasks("2026-11").map(\.uscc).filter { (f.plan.classes[classes[$0]!]!.minimumIntervalMonths) > 1 })
        let excluded = Set(String(decoding: december.files[DrawFiles.exclusions]!, as: UTF8.self).split(separator: "\n").map { String($0.prefix(18)) })
        #expect(!waiting.isEmpty)
        #expect(waiting.isSubset(of: excluded))
        #expect(waiting.isDisjoint(with: try f.tasks("2026-12").filter { !$0.targeted }.map(\.uscc)))
        // And the bundle from the store verifies, K included.
        let verified = try DrawVerifier.verify(try f.store.files(drawID: "2026-12"))
        #expect(verified.tasks == december.tasks)
        #expect(verified.previousReceiptSHA256 == november.receiptSHA256)
    }

    /// A voided draw's tasks count for nothing later: no minimum-interval exclusion and no
    /// previous-inspector withdrawal (回避) comes from it, only from the valid draw that replaced it.
    @Test func aVoidedDrawNeitherExcludesNorWithdrawsInLaterDraws() throws {
        let f = try DrawFixture()
        try f.draw("2026-11", "31415", "2026-11-05")
        try f.store.void(id: "2026-11", reason: "执法人员名录有误", now: t1, actor: "test")
        try f.draw("2026-11b", "27182", "2026-11-06")
        let december = try f.draw("2026-12", "16180", "2026-12-05")
        let exclusions = String(decoding: december.files[DrawFiles.exclusions]!, as: UTF8.self).split(separator: "\n")
        #expect(!exclusions.isEmpty)
        #expect(exclusions.allSatisfy { $0.contains("\tdrawn in 2026-11b as of 2026-11-06; ") })
        func pairs(_ id: String) throws -> Set<String> {
            Set(try f.tasks(id).flatMap { task in (task.inspectors ?? []).map { "\($0)\t\(task.uscc)" } })
        }
        let declared = Set(try f.database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT certificate_no, uscc FROM conflict").map { "\($0[0] as String)\t\($0[1] as String)" }
        })
        let withdrawn = Set(String(decoding: december.files[DrawFiles.conflicts]!, as: UTF8.self).split(separator: "\n").map(String.init))
        #expect(try !pairs("2026-11").isSubset(of: withdrawn))
        #expect(withdrawn == declared.union(try pairs("2026-11b")))
    }

    /// A trigger (双随机 定向 check after a complaint, a penalty…) is served by the first valid
    /// draw of its enterprise dated on or after it: a voided draw serves nothing, and a served
    /// trigger is not drawn again.
    @Test func aTriggerIsServedByAValidDrawOnly() throws {
        let f = try DrawFixture()
        func triggers(_ outcome: DrawOutcome) -> Set<Substring> {
            Set(String(decoding: outcome.files[DrawFiles.triggers]!, as: UTF8.self).split(separator: "\n"))
        }
        let voided = try f.draw("2026-11", "31415", "2026-11-05")
        try f.store.void(id: "2026-11", reason: "执法人员名录有误", now: t1, actor: "test")
        let november = try f.draw("2026-11b", "27182", "2026-11-06")
        #expect(!triggers(voided).isEmpty)
        #expect(triggers(voided).isSubset(of: triggers(november)))
        let december = try f.draw("2026-12", "16180", "2026-12-05")
        #expect(triggers(december).isDisjoint(with: triggers(november)))
        #expect(try f.tasks("2026-12").filter(\.targeted).allSatisfy { task in
            triggers(december).contains { $0.hasPrefix(task.uscc) }
        })
    }

    @Test func resultsBecomeInspectionRecordsAndArePublishedWithDeadlines() throws {
        let f = try DrawFixture()
        try f.draw("2026-11", "31415", "2026-11-05")
        guard let task = try f.tasks("2026-11").first(where: { $0.inspectors != nil }), let certs = task.inspectors else {
            Issue.record("no assigned task"); return
        }
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

    /// Issue 14's sequence: a draw dated in the future, then one dated before the latest
    /// valid draw (after voiding the one in between), are refused; so are unsafe ids.
    @Test func drawsAreRecordedInDateOrderWithSafeIDs() throws {
        let f = try DrawFixture()
        try f.draw("2026-11-demo", "demo-31415926", "2026-11-05")
        let today = Timestamp(iso: "2026-11-27T02:00:00.000Z")!
        #expect(throws: DrawError.asOfInFuture(asOf: CalendarDate(iso: "2026-12-01")!, today: CalendarDate(iso: "2026-11-27")!)) {
            try f.prepare("2026-12", "2026-12-01", now: today)
        }
        #expect(throws: DrawError.asOfInFuture(asOf: CalendarDate(iso: "2099-01-15")!, today: CalendarDate(iso: "2026-11-27")!)) {
            try f.prepare("2099-01", "2099-01-15", now: today)
        }
        try f.draw("2026-12", "27182", "2026-12-01")
        try f.store.void(id: "2026-11-demo", reason: "演示", now: morningAfter(CalendarDate(iso: "2026-12-01")!), actor: "test")
        #expect(throws: DrawError.asOfBeforeLatest(asOf: CalendarDate(iso: "2026-11-27")!, latestID: "2026-12", latestAsOf: CalendarDate(iso: "2026-12-01")!)) {
            try f.prepare("2026-11", "2026-11-27")
        }
        for (id, reason) in [("..", DrawID.Invalid.Reason.dotDot), ("../x", .character("/", position: 3)), ("", .empty),
                             (String(repeating: "9", count: 65), .tooLong(count: 65))] {
            #expect(throws: DrawError.invalidID(DrawID.Invalid(text: id, reason: reason))) { try f.prepare(id, "2026-12-20") }
        }
        #expect(throws: DrawError.notPrepared(id: "2027-01")) { try f.store.run(id: "2027-01", randomness: "1", now: t1, actor: "test") }
        #expect(try f.store.list().map(\.id) == ["2026-11-demo", "2026-12"])
    }

    /// A run refuses when anything frozen at preparation changed since, naming what.
    @Test func runRefusesWhenInputsChanged() throws {
        let f = try DrawFixture()
        try f.prepare("2026-11", "2026-11-05")
        let certificate = try #require(try f.database.writer.read { db in try String.fetchOne(db, sql: "SELECT certificate_no FROM inspector WHERE on_duty = 1 LIMIT 1") })
        try f.database.writer.write { db in try db.execute(sql: "UPDATE inspector SET on_duty = 0 WHERE certificate_no = ?", arguments: [certificate]) }
        let error = try #require(throws: DrawError.self) { try f.store.run(id: "2026-11", randomness: "31415", now: t1, actor: "test") }
        guard case .inputsChanged(let id, let changes) = error else { Issue.record("\(error)"); return }
        #expect(id == "2026-11" && changes.map(\.key) == ["inspectors_sha256"])
        #expect(error.description.contains("在岗执法检查人员名录"))
        // Put back, it runs.
        try f.database.writer.write { db in try db.execute(sql: "UPDATE inspector SET on_duty = 1 WHERE certificate_no = ?", arguments: [certificate]) }
        #expect(try f.store.run(id: "2026-11", randomness: "31415", now: t1, actor: "test").tasks > 0)
    }

    /// Only one prepared draw at a time; repeating `prepare` returns the same commitment;
    /// K stays in the database until the run.
    @Test func preparationIsRepeatableAndKeepsKSecretUntilTheRun() throws {
        let f = try DrawFixture()
        let first = try f.prepare("2026-11", "2026-11-05")
        #expect(!first.alreadyPrepared)
        let again = try f.prepare("2026-11", "2026-11-05")
        #expect(again.alreadyPrepared && again.commitment.bytes == first.commitment.bytes)
        #expect(throws: DrawError.pendingDraw(id: "2026-11")) { try f.prepare("2026-12", "2026-12-05") }
        let before = try f.store.files(drawID: "2026-11")
        #expect(before[DrawFiles.salt] == nil && before[DrawFiles.receipt] == nil && before[DrawFiles.commitment] == first.commitment.bytes)
        #expect(try DrawVerifier.verify(before).isRun == false)
        #expect(try f.store.summary(id: "2026-11").status == .prepared)
        let outcome = try f.store.run(id: "2026-11", randomness: "31415", now: t1, actor: "test")
        let salt = try DrawSalt(hex: String(decoding: outcome.files[DrawFiles.salt]!.dropLast(), as: UTF8.self))
        #expect(first.commitment.document["salt_sha256"] == .string(salt.sha256))
        let publication = try f.store.files(drawID: "2026-11").filter { $0.key.hasPrefix("public/") }
        #expect(Set(publication.keys) == [DrawFiles.commitment, DrawFiles.publicReceipt, DrawFiles.publicSelection, DrawFiles.publicAssignment])
        #expect(!publication.values.contains { String(decoding: $0, as: UTF8.self).contains(salt.hex) })
    }

    @Test func voidedDrawsStayListedWithTheirReason() throws {
        let f = try DrawFixture()
        try f.draw("2026-11", "31415", "2026-11-05")
        try f.store.void(id: "2026-11", reason: "执法人员名录有误", now: t1, actor: "test")
        try f.prepare("2026-11b", "2026-11-06")
        try f.store.void(id: "2026-11b", reason: "随机数来源停开", now: t1, actor: "test")
        #expect(throws: DrawError.voided(id: "2026-11b", reason: "随机数来源停开")) {
            try f.store.run(id: "2026-11b", randomness: "1", now: t1, actor: "test")
        }
        let list = try f.store.list()
        #expect(list.map(\.id) == ["2026-11", "2026-11b"])
        #expect(list.map(\.status) == [.void, .void])
        #expect(list.map(\.voidReason) == ["执法人员名录有误", "随机数来源停开"])
        #expect(list[0].receiptSHA256 != nil && list[1].receiptSHA256 == nil && list[1].commitmentSHA256 != nil)
        // The chain continues from the voided draw.
        let next = try f.draw("2026-11c", "27182", "2026-11-07")
        #expect(next.previousReceiptSHA256 == list[0].receiptSHA256)
    }

    /// kill -9 after the commit but before the files: running the same command again writes them.
    @Test func aLostBundleIsWrittenAgainByRunningAgain() throws {
        let f = try DrawFixture()
        let original = try f.draw("2026-11", "31415", "2026-11-05")
        let again = try f.store.run(id: "2026-11", randomness: "31415", now: t1, actor: "test")
        #expect(again.alreadyRecorded && !original.alreadyRecorded)
        #expect(again.files == original.files)
        #expect(again.receiptSHA256 == original.receiptSHA256 && again.tasks == original.tasks && again.unassigned == original.unassigned)
        let refused = try #require(throws: DrawError.self) { try f.store.run(id: "2026-11", randomness: "other", now: t1, actor: "test") }
        #expect(refused.description.contains("credit draw show 2026-11 --out"))
    }

    /// The outsider: given only the published files of several monthly draws and the public
    /// randomness, guess each selected enterprise's class. Fitted on the truth of two months
    /// (as generous to the attacker as it gets) and scored on the next two, a guess from the
    /// tickets the public can compute does no better than the class shares of 随机/定向
    /// alone. The same attacker with K — the tickets version 1 published — does far better,
    /// which shows the test can see a leak.
    @Test func anOutsiderCannotTellClassesFromThePublishedDraws() throws {
        let f = try DrawFixture(enterprises: 4000, seed: 23)
        let classes = try ClassificationRunner(database: f.database).classes(run: 1)
        let edges = RiskClass.allCases.map { f.plan.classes[$0]!.rate.approximateValue }.sorted()
        func bin(_ ticket: String) -> Int { let t = Double(ticket.prefix(14))!; return edges.filter { $0 <= t }.count }
        struct Observation { var month: Int; var kind: String; var publicBin: Int; var keyBin: Int; var riskClass: RiskClass }
        var observations: [Observation] = []
        for (month, asOf) in ["2026-11-05", "2026-12-05", "2027-01-05", "2027-02-05"].enumerated() {
            let id = String(asOf.prefix(7))
            try f.draw(id, "beacon-\(month * 7919)", asOf)
            let files = try f.store.files(drawID: id)
            let published = files.filter { $0.key.hasPrefix("public/") }
            let publicReceipt = try JSONDecoder().decode(JSONValue.self, from: Data(published[DrawFiles.publicReceipt]!))
            guard case .string(let randomness)? = publicReceipt["public_randomness"] else { Issue.record("no randomness"); return }
            let guess = ConsistentSampler(seed: DrawSeed.make(drawID: id, randomness: randomness, salt: nil))
            let salt = try DrawSalt(hex: String(decoding: files[DrawFiles.salt]!.dropLast(), as: UTF8.self))
            let withK = ConsistentSampler(seed: DrawSeed.make(drawID: id, randomness: randomness, salt: salt))
            for line in String(decoding: published[DrawFiles.publicSelection]!, as: UTF8.self).split(separator: "\n") {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                observations.append(Observation(month: month, kind: fields[2], publicBin: bin(guess.ticket(fields[0])),
                                                keyBin: bin(withK.ticket(fields[0])), riskClass: classes[fields[0]]!))
            }
        }
        #expect(observations.count > 300)
        func majority(_ items: [Observation]) -> RiskClass? {
            Dictionary(grouping: items, by: \.riskClass).max { ($0.value.count, $1.key.rawValue) < ($1.value.count, $0.key.rawValue) }?.key
        }
        /// Accuracy on months 3–4 of the best guess per (kind, feature) learned on months 1–2,
        /// minus that of the best guess per kind alone.
        func advantage(_ feature: (Observation) -> Int) -> Double {
            let train = observations.filter { $0.month < 2 }, test = observations.filter { $0.month >= 2 }
            let byKind = Dictionary(grouping: train, by: \.kind).compactMapValues(majority)
            let byCell = Dictionary(grouping: train, by: { "\($0.kind)|\(feature($0))" }).compactMapValues(majority)
            let base = test.filter { byKind[$0.kind] == $0.riskClass }.count
            let informed = test.filter { (byCell["\($0.kind)|\(feature($0))"] ?? byKind[$0.kind]) == $0.riskClass }.count
            return Double(informed - base) / Double(test.count)
        }
        let outsider = advantage(\.publicBin), insider = advantage(\.keyBin)
        #expect(insider > 0.10, "with K the tickets should reveal classes (insider advantage \(insider))")
        #expect(outsider <= 0.03, "the public tickets reveal classes: advantage \(outsider) over the class shares")
    }

    /// Issue 16: an inspection ending Mon 2026-12-21 must be published within 20 working days
    /// (国市监信〔2019〕38号). 2027-01-01 is 元旦 by 《全国年节及纪念日放假办法》第二条(一), so the
    /// deadline is 2027-01-19 — provisional, no 2027 notice being listed — and publishing that
    /// day is on time (the weekends-only calendar said 01-18 and flagged it 逾期公示).
    @Test func publishingOn20270119IsNotOverdue() throws {
        let f = try DrawFixture()
        try f.draw("2026-12", "31415", "2026-12-05")
        guard let task = try f.tasks("2026-12").first(where: { $0.inspectors != nil }), let certs = task.inspectors else {
            Issue.record("no assigned task"); return
        }
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
