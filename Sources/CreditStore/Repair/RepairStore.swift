import CreditCore
import CreditRepair
import Foundation
import GRDB

/// Why a repair operation was refused, in words for the clerk and the enterprise.
public struct RepairError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// For an early application: the first day it becomes possible.
    public var possibleFrom: CalendarDate?
    init(_ description: String, possibleFrom: CalendarDate? = nil) { self.description = description; self.possibleFrom = possibleFrom }
}

/// What `credit notice issue` did.
public struct NoticeIssueSummary: Sendable {
    public var issued: [RepairNotice] = []
    /// Penalties that get no notice because they are not published, by reason.
    public var unpublished: [String: Int] = [:]
    public var alreadyNoticed = 0
}

/// A repair application as stored.
public struct RepairApplication: Sendable, Codable, Hashable {
    public var id: Int64
    public var uscc: String
    public var documentNumber: String
    public var appliedAt: String
    public var materials: [String]
    public var status: String
    public var decidedAt: String?
    public var reason: String?
    enum CodingKeys: String, CodingKey {
        case id, uscc, documentNumber = "document_no", appliedAt = "applied_at", materials, status, decidedAt = "decided_at", reason
    }
}

/// Notices, applications and the data of reports, reminders and eligibility.
public struct RepairStore: Sendable {
    public let database: CreditDatabase
    public let rules: RepairRules
    public init(database: CreditDatabase, rules: RepairRules) { self.database = database; self.rules = rules }

    /// Penalties (current versions) with their register name and phone.
    static func penalties(_ db: Database, uscc: String? = nil, since: CalendarDate? = nil) throws -> [(EnforcementRecord, String, String?)] {
        try Row.fetchAll(db, sql: """
            SELECT r.*, e.name AS register_name, e.phone AS register_phone FROM record r LEFT JOIN enterprise e ON e.uscc = r.uscc
            WHERE r.category = 'penalty' AND (? IS NULL OR r.uscc = ?) AND (? IS NULL OR r.decision_date >= ?)
            ORDER BY r.decision_date, r.document_no
            """, arguments: [uscc, uscc, since?.description, since?.description]).compactMap { row in
            StoredColumns.record(row).map { ($0, (row["register_name"] as String?) ?? $0.subjectName, row["register_phone"] as String?) }
        }
    }

    /// Issues one notice per published penalty that has none yet (idempotent), numbered per year.
    public func issueNotices(since: CalendarDate?, now: Timestamp, actor: String) throws -> NoticeIssueSummary {
        let today = now.chinaDate
        return try database.writer.write { db in
            var summary = NoticeIssueSummary()
            let noticed = Set(try String.fetchAll(db, sql: "SELECT document_no FROM repair_notice"))
            var sequence = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(sequence), 0) FROM repair_notice WHERE year = ?", arguments: [today.year]) ?? 0
            let insert = try db.makeStatement(sql: """
                INSERT INTO repair_notice (number, year, sequence, category, document_no, uscc, issued_at, issued_on, regime, tier,
                    published_until, earliest_repair, repairable, content) VALUES (?, ?, ?, 'penalty', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for (record, name, _) in try Self.penalties(db, since: since) {
                if noticed.contains(record.documentNumber) { summary.alreadyNoticed += 1; continue }
                let number = rules.noticeNumber(year: today.year, sequence: sequence + 1)
                let assessment = rules.assess(record)
                if assessment.published, let end = assessment.end, end <= today {
                    summary.unpublished["公示期已届满，不再告知", default: 0] += 1
                    continue
                }
                guard let notice = rules.notice(for: record, number: number, subjectName: name, issuedOn: today) else {
                    summary.unpublished[assessment.notPublishedReason ?? "不予公示", default: 0] += 1
                    continue
                }
                sequence += 1
                let a = notice.assessment
                try insert.execute(arguments: [number, today.year, sequence, record.documentNumber, record.uscc.rawValue, now.description,
                                               today.description, a.regimeID, a.tier?.rawValue, a.end?.description,
                                               a.earliestRepair?.description, a.repairable,
                                               String(decoding: try encoder.encode(notice), as: UTF8.self)])
                summary.issued.append(notice)
            }
            if !summary.issued.isEmpty {
                try AuditLog.append(db, kind: "notice", actor: actor, at: now, payload: [
                    "issued": .int(Int64(summary.issued.count)), "first": .string(summary.issued.first!.number),
                    "last": .string(summary.issued.last!.number),
                ])
            }
            return summary
        }
    }

    public func notice(number: String) throws -> RepairNotice? {
        try database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT content FROM repair_notice WHERE number = ?", arguments: [number])
                .map { try JSONDecoder().decode(RepairNotice.self, from: Data($0.utf8)) }
        }
    }

    /// Notice numbers by 决定文书号.
    public func noticeNumbers(uscc: String? = nil) throws -> [String: String] {
        try database.writer.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT document_no, number FROM repair_notice WHERE ? IS NULL OR uscc = ?",
                                                             arguments: [uscc, uscc]).map { ($0[0] as String, $0[1] as String) })
        }
    }

    /// Files an application after checking the record, the earliest date and the conditions.
    public func apply(uscc: String, documentNumber: String, materials: [String], now: Timestamp, actor: String) throws -> Int64 {
        let today = now.chinaDate
        return try database.writer.write { db in
            let penalties = try Self.penalties(db, uscc: uscc).map(\.0)
            guard let record = penalties.first(where: { $0.documentNumber == documentNumber }) else {
                throw RepairError("\(uscc) has no penalty \(documentNumber)")
            }
            let a = rules.assess(record)
            guard a.published, let end = a.end else { throw RepairError("\(documentNumber) is not published: \(a.notPublishedReason ?? "")") }
            guard end > today else { throw RepairError("the publication of \(documentNumber) already ended on \(end)") }
            guard a.repairable, let earliest = a.earliestRepair else {
                throw RepairError("\(documentNumber) cannot be repaired: \(a.notRepairableReason ?? "")")
            }
            guard today >= earliest else {
                throw RepairError("too early: an application for \(documentNumber) is possible from \(earliest) (\(earliest.chinese))", possibleFrom: earliest)
            }
            if try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM repair_application WHERE category = 'penalty' AND document_no = ? AND status IN ('pending', 'approved'))
                """, arguments: [documentNumber]) == true {
                throw RepairError("\(documentNumber) already has a pending or approved application")
            }
            if let flags = try Row.fetchOne(db, sql: "SELECT abnormal, serious FROM enterprise WHERE uscc = ?", arguments: [uscc]) {
                if (flags[0] as Bool) { throw RepairError("condition not met: the enterprise is on the 经营异常名录") }
                if (flags[1] as Bool) { throw RepairError("condition not met: the enterprise is on the 严重违法失信名单") }
            }
            if case .penalty(let p) = record.details, let violation = p.violationType,
               let later = penalties.first(where: { other in
                   if case .penalty(let q) = other.details { return other.decisionDate > record.decisionDate && q.violationType == violation }
                   return false
               }) {
                throw RepairError("condition not met: a later penalty for the same violation (\(violation)): \(later.documentNumber)")
            }
            let required = rules.regime(for: record.decisionDate)?.materials ?? []
            let missing = required.filter { !materials.contains($0) }
            guard missing.isEmpty else { throw RepairError("missing materials: \(missing.joined(separator: "、"))") }
            try db.execute(sql: """
                INSERT INTO repair_application (uscc, category, document_no, applied_at, materials, status) VALUES (?, 'penalty', ?, ?, ?, 'pending')
                """, arguments: [uscc, documentNumber, now.description, materials.joined(separator: ";")])
            let id = db.lastInsertedRowID
            try AuditLog.append(db, kind: "repair-apply", actor: actor, at: now, payload: [
                "application": .int(id), "uscc": .string(uscc), "document_no": .string(documentNumber),
            ])
            return id
        }
    }

    /// Approves or rejects a pending application (logged). An approval ends the record's
    /// publication and the next classification no longer counts it.
    public func decide(id: Int64, approve: Bool, reason: String, now: Timestamp, actor: String) throws {
        guard !reason.trimmingDataWhitespace().isEmpty else { throw RepairError("a decision needs a reason") }
        try database.writer.write { db in
            guard let status = try String.fetchOne(db, sql: "SELECT status FROM repair_application WHERE id = ?", arguments: [id]) else {
                throw RepairError("no application \(id)")
            }
            guard status == "pending" else { throw RepairError("application \(id) is already \(status)") }
            try db.execute(sql: "UPDATE repair_application SET status = ?, decided_at = ?, decision_reason = ?, decided_by = ? WHERE id = ?",
                           arguments: [approve ? "approved" : "rejected", now.description, reason, actor, id])
            try AuditLog.append(db, kind: "repair-decision", actor: actor, at: now, payload: [
                "application": .int(id), "approved": .bool(approve), "reason": .string(reason),
            ])
        }
    }

    public func applications(uscc: String? = nil) throws -> [RepairApplication] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, uscc, document_no, applied_at, materials, status, decided_at, decision_reason FROM repair_application
                WHERE ? IS NULL OR uscc = ? ORDER BY id
                """, arguments: [uscc, uscc]).map {
                RepairApplication(id: $0[0], uscc: $0[1], documentNumber: $0[2], appliedAt: $0[3],
                                  materials: ($0[4] as String).split(separator: ";").map(String.init), status: $0[5], decidedAt: $0[6], reason: $0[7])
            }
        }
    }

    /// Inputs of the reminder lists: every penalty with its name, phone, notice and repair state.
    public func reminderInputs() throws -> [ReminderInput] {
        try database.writer.read { db in
            let notices = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT document_no, number FROM repair_notice").map { ($0[0] as String, $0[1] as String) })
            let repaired = Set(try String.fetchAll(db, sql: "SELECT document_no FROM repair_application WHERE status = 'approved'"))
            return try Self.penalties(db).map { record, name, phone in
                ReminderInput(record: record, name: name, phone: phone, noticeNumber: notices[record.documentNumber],
                              repaired: repaired.contains(record.documentNumber))
            }
        }
    }
}

extension RepairStore {
    /// The enterprise, its current records and its approved repairs (document → decision date).
    public func reportData(uscc: String) throws -> (Enterprise, [EnforcementRecord], [String: CalendarDate])? {
        try database.writer.read { db in try Self.reportData(db, uscc: uscc) }
    }

    static func reportData(_ db: Database, uscc: String) throws -> (Enterprise, [EnforcementRecord], [String: CalendarDate])? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM enterprise WHERE uscc = ?", arguments: [uscc]),
              let enterprise = StoredColumns.enterprise(row) else { return nil }
        let records = try Row.fetchAll(db, sql: "SELECT * FROM record WHERE uscc = ? ORDER BY decision_date", arguments: [uscc])
            .compactMap(StoredColumns.record)
        var repairs: [String: CalendarDate] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT document_no, decided_at FROM repair_application WHERE uscc = ? AND status = 'approved'", arguments: [uscc]) {
            repairs[r[0]] = Timestamp(iso: r[1]).map(\.chinaDate)
        }
        return (enterprise, records, repairs)
    }

    /// 严重 penalties still published and not repaired, and the latest class.
    public func eligibilityData(uscc: String, today: CalendarDate) throws -> (Enterprise, [String], RiskClass?)? {
        guard let (enterprise, records, repairs) = try reportData(uscc: uscc) else { return nil }
        let serious = records.filter { record in
            let a = rules.assess(record)
            return a.published && a.tier == .serious && (a.end.map { $0 > today } ?? false) && repairs[record.documentNumber] == nil
        }.map(\.documentNumber)
        let riskClass = try database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT class FROM classification WHERE uscc = ? ORDER BY run_id DESC LIMIT 1", arguments: [uscc])
        }.flatMap(RiskClass.init(rawValue:))
        return (enterprise, serious, riskClass)
    }
}
