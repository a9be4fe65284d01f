import CreditCore
import CreditIngest
import CreditRules
import CreditStore
import CreditSynthetic
import Foundation
import GRDB
import Testing
import CreditTestSupport

/// A minimal rule set: base 250, penalties 100 + 400 at ≥ 50 万元.
let storeRules = """
id: store-test
version: "1"
effective: 2020-01-01
score: {max: 1000}
classes:
  - {class: A, from: 0, below: 200}
  - {class: B, from: 200, below: 500}
  - {class: C, from: 500, below: 750}
  - {class: D, from: 750, through: 1000}
indicators:
  - {id: base, category: register, points: 250, basis: base}
  - id: pen
    category: penalty
    points: 100
    amount_tiers:
      - {at_least_wan_yuan: "50", points: 400}
    basis: 行政处罚法
"""

@Suite struct ClassificationRunTests {
    let folder: TemporaryFolder
    let database: CreditDatabase
    let rules: LoadedRuleSet

    init() throws {
        folder = try TemporaryFolder()
        database = try CreditDatabase.inMemory()
        rules = try LoadedRuleSet(text: storeRules, file: "store.yaml")
        try folder.write("enterprises.csv", enterprisesCSV)
        try folder.write("penalty.csv", "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,处罚类别,罚款金额（万元）\n甲,\(codeA),罚1,2026-01-02,局,罚款,0.5\n")
        _ = Importer(database: database).run([folder.path("enterprises.csv"), folder.path("penalty.csv")], at: t0)
    }

    func stored(_ run: Int64) throws -> [String: String] {
        try database.writer.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT uscc, class || score FROM classification WHERE run_id = ?", arguments: [run])
                .map { ($0[0] as String, $0[1] as String) })
        }
    }

    @Test func storesARunWithRulesTextHashAndTrace() throws {
        let runner = ClassificationRunner(database: database)
        let summary = try runner.run(rules, asOf: CalendarDate(iso: "2026-06-30")!, knownBy: nil, now: t0, store: true)
        #expect(summary.counts.total == 3)
        #expect(summary.counts.b == 3)
        #expect(summary.byRegion["350100"]?.b == 1)
        let run = try #require(try database.writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM classification_run") })
        #expect(run["ruleset_text"] as String == storeRules)
        #expect(run["ruleset_sha256"] as String == rules.sha256)
        #expect(run["class_b"] as Int == 3)
        let trace = try database.writer.read { db in try String.fetchOne(db, sql: "SELECT trace FROM classification WHERE uscc = ?", arguments: [codeA]) }
        #expect(trace == "base@-=250;pen@罚1=100")
        // The first run with a rule set is its release: an audit event, once.
        _ = try runner.run(rules, asOf: CalendarDate(iso: "2026-06-30")!, knownBy: nil, now: t1, store: true)
        #expect(try database.count("SELECT COUNT(*) FROM audit_event WHERE kind = 'rules-release'") == 1)
        #expect(try database.count("SELECT COUNT(*) FROM audit_event WHERE kind = 'classify'") == 2)
        #expect(try runner.history(codeA).map(\.riskClass) == [.b, .b])
    }

    /// A past run is reproduced exactly from its as-of date and knowledge cut-off after
    /// later corrections and new records were imported.
    @Test func knownByReproducesAPastRunAfterCorrections() throws {
        let runner = ClassificationRunner(database: database)
        let asOf = CalendarDate(iso: "2026-06-30")!
        let first = try runner.run(rules, asOf: asOf, knownBy: nil, now: Timestamp(iso: "2026-11-20T11:00:00.000Z")!, store: true)
        // Later: the fine is corrected to 60 万元 and a new penalty arrives for B.
        try folder.write("v2/penalty.csv", "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,处罚类别,罚款金额（万元）\n甲,\(codeA),罚1,2026-01-02,局,罚款,60\n乙,\(codeB),罚2,2026-02-02,局,警告,\n")
        let corrected = Importer(database: database).run([folder.path("v2/penalty.csv")], at: t1)
        #expect(corrected.files.first?.corrected == 1)
        let second = try runner.run(rules, asOf: asOf, knownBy: nil, now: Timestamp(iso: "2026-11-21T11:00:00.000Z")!, store: true)
        #expect(try stored(second.runID!)[codeA] == "D750")  // 250 + 100 + 400, D from 750
        #expect(try stored(first.runID!)[codeA] == "B350")
        // Reproduce run 1 from its knowledge cut-off: a dry run, compared enterprise by enterprise.
        let reproduced = try runner.run(rules, asOf: asOf, knownBy: Timestamp(iso: first.knownBy), now: t1, store: false)
        #expect(reproduced.counts == first.counts)
        let (_, _, again) = try #require(try runner.classifyOne(codeA, ruleSet: rules.rules, asOf: asOf, knownBy: Timestamp(iso: first.knownBy)))
        #expect("\(again.riskClass.rawValue)\(again.score)" == "B350")
        let (_, _, now) = try #require(try runner.classifyOne(codeB, ruleSet: rules.rules, asOf: asOf, knownBy: nil))
        #expect(now.score == 350)
        let (_, _, before) = try #require(try runner.classifyOne(codeB, ruleSet: rules.rules, asOf: asOf, knownBy: Timestamp(iso: first.knownBy)))
        #expect(before.score == 250)
    }

    @Test func whatIfGivesTheMigrationMatrix() throws {
        let runner = ClassificationRunner(database: database)
        // Candidate: penalties weigh 300, so A (罚1) moves B → C; the others stay B.
        let candidate = try LoadedRuleSet(text: storeRules.replacingOccurrences(of: "    points: 100\n", with: "    points: 300\n"), file: "new.yaml")
        let migration = try runner.compare(baseline: rules.rules, candidate: candidate.rules, asOf: CalendarDate(iso: "2026-06-30")!, knownBy: nil)
        #expect(migration.matrix == [[0, 0, 0, 0], [0, 2, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
        #expect(migration.movers.map(\.uscc) == [codeA])
        #expect(migration.movers.first?.responsible == "pen (+200)")
        #expect(migration.byRegion["350100"] == [[0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
        // Nothing was stored.
        #expect(try database.count("SELECT COUNT(*) FROM classification_run") == 0)
    }
}

/// The register read in two rowid halves on two connections (a database file) and read whole
/// on one (in memory) give the same stored run, record for record — also for a `known_by`
/// run that must see the versions before later corrections.
@Suite struct ParallelClassificationTests {
    @Test func twoConnectionsAndOneStoreTheSameRun() throws {
        let folder = try TemporaryFolder()
        var files: [SyntheticCity.File: String] = [:]
        SyntheticCity(enterpriseCount: 1_500, seed: 21, asOf: CalendarDate(iso: "2026-10-31")!).generate { file, line in
            files[file, default: ""] += line
        }
        for (file, text) in files where file != .penaltyCorrections { try folder.write("city/\(file.rawValue)", text) }
        try folder.write("fix/行政处罚.csv", try #require(files[.penaltyCorrections]))
        let fileDatabase = try CreditDatabase.open(path: folder.path("credit.db"))
        let memoryDatabase = try CreditDatabase.inMemory()
        let rules = try LoadedRuleSet(text: String(contentsOf: repositoryRoot.appendingPathComponent("Rules/classification.yaml"), encoding: .utf8),
                                      file: "classification.yaml")
        let asOf = CalendarDate(iso: "2026-10-31")!
        var stored: [[String: String]] = []
        for database in [fileDatabase, memoryDatabase] {
            _ = Importer(database: database).run([folder.path("city")], at: t0)
            _ = Importer(database: database).run([folder.path("fix")], at: t1)
            let runner = ClassificationRunner(database: database)
            let now = try #require(runner.run(rules, asOf: asOf, knownBy: nil, now: t1, store: true).runID)
            let past = try #require(runner.run(rules, asOf: asOf, knownBy: t0, now: t1, store: true).runID)
            for run in [now, past] {
                stored.append(try database.writer.read { db in
                    var rows: [String: String] = [:]
                    for row in try Row.fetchAll(db, sql: "SELECT uscc, class, score, trace FROM classification WHERE run_id = ?", arguments: [run]) {
                        rows[row[0]] = "\(row[1] as String) \(row[2] as Int) \(row[3] as String)"
                    }
                    return rows
                })
            }
        }
        #expect(stored[0].count == 1_500 && stored[1].count == 1_500)
        #expect(stored[0] == stored[2])
        #expect(stored[1] == stored[3])
        #expect(stored[0] != stored[1], "the corrections change some enterprise, so the known-by run differs")

        // The bulk run classifies packed records; one enterprise is classified from full
        // EnforcementRecords. Both read the same rules the same way, for every enterprise.
        let runner = ClassificationRunner(database: memoryDatabase)
        for (knownBy, expected) in [(nil, stored[2]), (Optional(t0), stored[3])] {
            for (uscc, row) in expected {
                let (_, _, result) = try #require(try runner.classifyOne(uscc, ruleSet: rules.rules, asOf: asOf, knownBy: knownBy))
                #expect("\(result.riskClass.rawValue) \(result.score) \(result.compactTrace)" == row, "\(uscc)")
            }
        }
    }
}
