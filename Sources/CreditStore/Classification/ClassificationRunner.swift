import CreditCore
import CreditRules
import Crypto
import Foundation
import GRDB
import GRDBSQLite

/// Counts of classes, for distributions.
public struct ClassCounts: Sendable, Hashable, Codable {
    public var a = 0, b = 0, c = 0, d = 0
    public init() {}
    public var total: Int { a + b + c + d }
    public subscript(riskClass: RiskClass) -> Int {
        get { switch riskClass { case .a: a; case .b: b; case .c: c; case .d: d } }
        set { switch riskClass { case .a: a = newValue; case .b: b = newValue; case .c: c = newValue; case .d: d = newValue } }
    }
    enum CodingKeys: String, CodingKey { case a = "A", b = "B", c = "C", d = "D" }
}

/// A rule set with the exact text it was read from (stored with every run, hashed).
public struct LoadedRuleSet: Sendable {
    public var rules: RuleSet
    public var text: String
    public var sha256: String

    public init(text: String, file: String) throws(RuleFileError) {
        rules = try RuleSetLoader.load(text, file: file)
        self.text = text
        sha256 = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// The outcome of classifying the register.
public struct ClassificationRunSummary: Sendable, Codable {
    public var runID: Int64?
    public var asOf: CalendarDate
    public var knownBy: String
    public var rulesetID: String
    public var rulesetVersion: String
    public var rulesetSHA256: String
    public var counts: ClassCounts
    public var byRegion: [String: ClassCounts]
    /// By GB/T 4754 section letter ("?" when the register has no industry).
    public var byIndustry: [String: ClassCounts]

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", asOf = "as_of", knownBy = "known_by", rulesetID = "ruleset_id"
        case rulesetVersion = "ruleset_version", rulesetSHA256 = "ruleset_sha256", counts, byRegion = "by_region"
        case byIndustry = "by_industry"
    }
}

/// A stored per-enterprise result.
public struct StoredClassification: Sendable, Hashable, Codable {
    public var runID: Int64
    public var createdAt: String
    public var asOf: CalendarDate
    public var knownBy: String
    public var rulesetSHA256: String
    public var riskClass: RiskClass
    public var score: Int
    public var overrides: [String]
    public var trace: String

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", createdAt = "created_at", asOf = "as_of", knownBy = "known_by", rulesetSHA256 = "ruleset_sha256"
        case riskClass = "class", score, overrides, trace
    }
}

/// Classifies every enterprise of the register and stores the run; also reads runs back.
public struct ClassificationRunner: Sendable {
    public let database: CreditDatabase

    public init(database: CreditDatabase) { self.database = database }

    /// Classifies the whole register.
    /// - Parameters:
    ///   - ruleSet: the rules and their exact text.
    ///   - asOf: the date classes are for.
    ///   - knownBy: use only record versions known by this instant (nil = everything now).
    ///   - now: the run's timestamp (also its knowledge cut-off when `knownBy` is nil).
    ///   - store: write the run; false = a dry run (what-if) that writes nothing.
    public func run(_ ruleSet: LoadedRuleSet, asOf: CalendarDate, knownBy: Timestamp?, now: Timestamp, store: Bool,
                    actor: String = "cli") throws -> ClassificationRunSummary {
        let classifier = Classifier(rules: ruleSet.rules)
        var summary = ClassificationRunSummary(
            runID: nil, asOf: asOf, knownBy: (knownBy ?? now).description, rulesetID: ruleSet.rules.id,
            rulesetVersion: ruleSet.rules.version, rulesetSHA256: ruleSet.sha256, counts: ClassCounts(), byRegion: [:], byIndustry: [:])
        let work = { (db: Database) throws in
            let excluded = try RepairExclusions.load(db, knownBy: knownBy)
            var insert: RawStatement?
            if store {
                if try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM classification_run WHERE ruleset_sha256 = ?)",
                                     arguments: [ruleSet.sha256]) == true {
                    try AuditLog.append(db, kind: "rules-release", actor: actor, at: now, payload: [
                        "ruleset_id": .string(ruleSet.rules.id), "version": .string(ruleSet.rules.version),
                        "sha256": .string(ruleSet.sha256), "effective": .string(ruleSet.rules.effective.description),
                    ])
                }
                try db.execute(sql: """
                    INSERT INTO classification_run (created_at, as_of, known_by, ruleset_id, ruleset_version, ruleset_sha256,
                        ruleset_text, enterprises, class_a, class_b, class_c, class_d)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0)
                    """, arguments: [now.description, asOf.description, summary.knownBy, ruleSet.rules.id,
                                     ruleSet.rules.version, ruleSet.sha256, ruleSet.text])
                summary.runID = db.lastInsertedRowID
                insert = RawStatement(try db.makeStatement(sql: """
                    INSERT INTO classification (run_id, uscc, class, score, score_class, overrides, trace) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """))
            }
            func insertRow(_ row: ResultRow) throws {
                guard let insert, let runID = summary.runID else { return }
                sqlite3_reset(insert.handle)
                insert.bindInt(runID, at: 1)
                insert.bindText(row.uscc, at: 2)
                insert.bindText(row.riskClass.rawValue, at: 3)
                insert.bindInt(Int64(row.score), at: 4)
                insert.bindText(row.scoreClass.rawValue, at: 5)
                if let overrides = row.overrides { insert.bindText(overrides, at: 6) } else { insert.bindNull(at: 6) }
                insert.bindText(row.trace, at: 7)
                try insert.execute(db)
            }
            func count(_ row: ResultRow) {
                summary.counts[row.riskClass] += 1
                summary.byRegion[row.region, default: ClassCounts()][row.riskClass] += 1
                summary.byIndustry[row.section, default: ClassCounts()][row.riskClass] += 1
            }
            if store, let pool = database.writer as? DatabasePool {
                // Two cores: a reader connection reads and classifies while this writer inserts.
                // Two readers split the register at the median code.
                let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM enterprise") ?? 0
                let median = try String.fetchOne(db, sql: "SELECT uscc FROM enterprise ORDER BY uscc LIMIT 1 OFFSET ?", arguments: [total / 2])
                let ranges: [ClassificationSource.CodeRange] = median.map { [.init(from: "", below: $0), .init(from: $0, below: nil)] }
                    ?? [.init(from: "", below: nil)]
                let channel = BatchChannel<ResultRow>()
                let producers = DispatchGroup()
                for range in ranges {
                    DispatchQueue.global().async(group: producers) {
                        do {
                            try pool.read { reader in
                                try Self.classifyAll(reader, classifier: classifier, asOf: asOf, knownBy: knownBy, excluded: excluded, range: range) { rows in
                                    guard channel.send(rows) else { throw CancellationError() }
                                }
                            }
                            channel.finish(nil)
                        } catch {
                            channel.finish(error)
                        }
                    }
                }
                defer { channel.cancel(); producers.wait() }
                var finished = 0
                while finished < ranges.count {
                    guard let rows = try channel.receive() else { finished += 1; continue }
                    for row in rows { count(row); try insertRow(row) }
                }
            } else {
                try Self.classifyAll(db, classifier: classifier, asOf: asOf, knownBy: knownBy, excluded: excluded) { rows in
                    for row in rows { count(row); try insertRow(row) }
                }
            }
            if let runID = summary.runID {
                let c = summary.counts
                try db.execute(sql: """
                    UPDATE classification_run SET enterprises = ?, class_a = ?, class_b = ?, class_c = ?, class_d = ? WHERE id = ?
                    """, arguments: [c.total, c.a, c.b, c.c, c.d, runID])
                try AuditLog.append(db, kind: "classify", actor: actor, at: now, payload: [
                    "run_id": .int(runID), "as_of": .string(asOf.description), "known_by": .string(summary.knownBy),
                    "ruleset_sha256": .string(ruleSet.sha256), "A": .int(Int64(c.a)), "B": .int(Int64(c.b)),
                    "C": .int(Int64(c.c)), "D": .int(Int64(c.d)),
                ])
            }
        }
        if store { try database.writer.write(work) } else { try database.writer.read(work) }
        return summary
    }

    /// One enterprise's result as stored.
    struct ResultRow: Sendable {
        var uscc: String, riskClass: RiskClass, score: Int, scoreClass: RiskClass, overrides: String?, trace: String
        var region: String, section: String
    }

    /// Classifies the register in code order, handing results over in batches.
    static func classifyAll(_ db: Database, classifier: Classifier, asOf: CalendarDate, knownBy: Timestamp?,
                            excluded: [String: Set<String>], range: ClassificationSource.CodeRange? = nil,
                            _ deliver: ([ResultRow]) throws -> Void) throws {
        var batch: [ResultRow] = []
        batch.reserveCapacity(1024)
        try ClassificationSource.forEach(db, knownBy: knownBy, range: range) { enterprise, records in
            let r = classifier.classify(enterprise, records: records, asOf: asOf, excluded: excluded[enterprise.uscc.rawValue] ?? [])
            batch.append(ResultRow(uscc: enterprise.uscc.rawValue, riskClass: r.riskClass, score: r.score, scoreClass: r.scoreClass,
                                   overrides: r.overrides.isEmpty ? nil : r.overrides.joined(separator: ","), trace: r.compactTrace,
                                   region: enterprise.region, section: enterprise.industry.map { String($0.section) } ?? "?"))
            if batch.count == 1024 { try deliver(batch); batch.removeAll(keepingCapacity: true) }
        }
        if !batch.isEmpty { try deliver(batch) }
    }

    /// Classifies one enterprise live (nothing stored), with its full trace.
    public func classifyOne(_ uscc: String, ruleSet: RuleSet, asOf: CalendarDate, knownBy: Timestamp?)
        throws -> (Enterprise, [EnforcementRecord], Classification)? {
        try database.writer.read { db in
            let excluded = try RepairExclusions.load(db, knownBy: knownBy)[uscc] ?? []
            var found: (Enterprise, [EnforcementRecord], Classification)?
            try ClassificationSource.forEach(db, knownBy: knownBy, only: uscc) { enterprise, records in
                found = (enterprise, records, Classifier(rules: ruleSet).classify(enterprise, records: records, asOf: asOf, excluded: excluded))
            }
            return found
        }
    }

    /// The class of an enterprise in every stored run, newest first.
    public func history(_ uscc: String) throws -> [StoredClassification] {
        try database.writer.read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT r.id, r.created_at, r.as_of, r.known_by, r.ruleset_sha256, c.class, c.score, c.overrides, c.trace
                FROM classification_run r JOIN classification c ON c.run_id = r.id AND c.uscc = ?
                ORDER BY r.id DESC
                """), arguments: [uscc]).map { row in
                StoredClassification(runID: row[0], createdAt: row[1], asOf: CalendarDate(iso: row[2])!, knownBy: row[3],
                                     rulesetSHA256: row[4], riskClass: RiskClass(rawValue: row[5])!, score: row[6],
                                     overrides: (row[7] as String?)?.split(separator: ",").map(String.init) ?? [], trace: row[8])
            }
        }
    }

    /// The latest stored run: id, as-of, known-by and the rule text it used.
    public func latestRun() throws -> (id: Int64, asOf: CalendarDate, knownBy: String, rulesText: String)? {
        try database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT id, as_of, known_by, ruleset_text FROM classification_run ORDER BY id DESC LIMIT 1").map {
                (id: $0[0], asOf: CalendarDate(iso: $0[1])!, knownBy: $0[2], rulesText: $0[3])
            }
        }
    }

    /// The rule text of a run.
    public func rulesText(run id: Int64) throws -> String? {
        try database.writer.read { db in try String.fetchOne(db, sql: "SELECT ruleset_text FROM classification_run WHERE id = ?", arguments: [id]) }
    }

    /// Enterprise class per code in a run.
    public func classes(run id: Int64) throws -> [String: RiskClass] {
        try database.writer.read { db in
            var result: [String: RiskClass] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT uscc, class FROM classification WHERE run_id = ?", arguments: [id])
            while let row = try rows.next() { result[row[0]] = RiskClass(rawValue: row[1]) }
            return result
        }
    }
}

/// Records that no longer count for classification (approved credit repairs), per enterprise.
enum RepairExclusions {
    static func load(_ db: Database, knownBy: Timestamp?) throws -> [String: Set<String>] {
        guard try db.tableExists("repair_application") else { return [:] }
        var result: [String: Set<String>] = [:]
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT uscc, document_no FROM repair_application WHERE status = 'approved' AND (? IS NULL OR decided_at <= ?)
            """), arguments: [knownBy?.description, knownBy?.description])
        for row in rows { result[row[0], default: []].insert(row[1]) }
        return result
    }
}

extension ClassificationRunner {
    /// Classifies the register with two rule sets side by side, storing nothing.
    public func compare(baseline: RuleSet, candidate: RuleSet, asOf: CalendarDate, knownBy: Timestamp?) throws -> ClassMigration {
        let old = Classifier(rules: baseline), new = Classifier(rules: candidate)
        return try database.writer.read { db in
            let excluded = try RepairExclusions.load(db, knownBy: knownBy)
            var migration = ClassMigration()
            try ClassificationSource.forEach(db, knownBy: knownBy) { enterprise, records in
                let skip = excluded[enterprise.uscc.rawValue] ?? []
                migration.add(enterprise, old: old.classify(enterprise, records: records, asOf: asOf, excluded: skip),
                              new: new.classify(enterprise, records: records, asOf: asOf, excluded: skip))
            }
            return migration
        }
    }
}
