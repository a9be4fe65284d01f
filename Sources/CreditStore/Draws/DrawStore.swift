import CreditCore
import CreditRules
import CreditSampling
import Foundation
import GRDB

/// Why a draw cannot be run, voided or shown.
public struct DrawError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// A recorded draw as listed.
public struct DrawSummary: Sendable, Codable {
    public var id: String
    public var month: String
    public var asOf: String
    public var publicRandomness: String
    public var createdAt: String
    public var tasks: Int
    public var unassigned: Int
    public var receiptSHA256: String
    public var voidedAt: String?
    public var voidReason: String?
    enum CodingKeys: String, CodingKey {
        case id, month, asOf = "as_of", publicRandomness = "public_randomness", createdAt = "created_at", tasks, unassigned
        case receiptSHA256 = "receipt_sha256", voidedAt = "voided_at", voidReason = "void_reason"
    }
}

/// Gathers a draw's inputs from the store, records draws immutably, voids them, and reads them back.
public struct DrawStore: Sendable {
    public let database: CreditDatabase
    public init(database: CreditDatabase) { self.database = database }

    /// Builds the inputs of a new draw (nothing is written).
    public func inputs(drawID: String, publicRandomness: String, asOf: CalendarDate, plan: SamplingPlan,
                       planText: String) throws -> (inputs: DrawInputs, runID: Int64, unclassified: Int) {
        try database.writer.read { db in
            guard let run = try Row.fetchOne(db, sql: """
                SELECT id, ruleset_sha256 FROM classification_run WHERE as_of <= ? ORDER BY as_of DESC, id DESC LIMIT 1
                """, arguments: [asOf.description]) else {
                throw DrawError("no classification run as of \(asOf) or earlier: run `credit classify --as-of \(asOf)` first")
            }
            let runID: Int64 = run[0]
            var frame: [FrameMember] = []
            var unclassified = 0
            let rows = try Row.fetchCursor(db, sql: """
                SELECT e.uscc, e.name, e.region, e.industry, c.class FROM enterprise e
                LEFT JOIN classification c ON c.run_id = ? AND c.uscc = e.uscc
                WHERE e.status IN ('存续', '在业')
                """, arguments: [runID])
            while let row = try rows.next() {
                guard let riskClass = (row[4] as String?).flatMap(RiskClass.init(rawValue:)) else { unclassified += 1; continue }
                frame.append(FrameMember(uscc: row[0], name: row[1], riskClass: riskClass, region: row[2],
                                         section: (row[3] as String?)?.first))
            }
            var lastDrawn: [String: (drawID: String, asOf: CalendarDate)] = [:]
            var previousInspectors: [(certificate: String, uscc: String)] = []
            let previous = try Row.fetchCursor(db, sql: """
                SELECT t.uscc, d.id, d.as_of, t.inspectors FROM draw_task t JOIN draw d ON d.id = t.draw_id
                WHERE d.voided_at IS NULL AND d.as_of <= ? ORDER BY d.as_of, d.sequence
                """, arguments: [asOf.description])
            var latestInspectors: [String: [String]] = [:]
            while let row = try previous.next() {
                lastDrawn[row[0]] = (row[1], CalendarDate(iso: row[2])!)
                latestInspectors[row[0]] = (row[3] as String?)?.split(separator: ";").map(String.init) ?? []
            }
            for (uscc, certificates) in latestInspectors { for c in certificates { previousInspectors.append((c, uscc)) } }
            let roster = try Row.fetchAll(db, sql: "SELECT certificate_no, name, region, fields FROM inspector WHERE on_duty = 1").map {
                RosterEntry(certificateNumber: $0[0], name: $0[1], area: $0[2], fields: Array($0[3] as String))
            }
            let conflicts = try Row.fetchAll(db, sql: "SELECT certificate_no, uscc FROM conflict").map { (certificate: $0[0] as String, uscc: $0[1] as String) }
            // Triggers not yet served by an earlier (non-void) draw of the enterprise.
            let triggers = try Row.fetchAll(db, sql: """
                SELECT g.uscc, g.trigger_kind, g.reference, g.trigger_date FROM inspection_trigger g
                WHERE g.trigger_date <= ? AND NOT EXISTS (
                    SELECT 1 FROM draw_task t JOIN draw d ON d.id = t.draw_id
                    WHERE t.uscc = g.uscc AND d.voided_at IS NULL AND d.as_of >= g.trigger_date)
                """, arguments: [asOf.description]).compactMap { row -> InspectionTrigger? in
                guard let kind = InspectionTrigger.Kind(rawValue: row[1]), let date = CalendarDate(iso: row[3]) else { return nil }
                return InspectionTrigger(uscc: UnifiedSocialCreditCode(trusted: row[0]), kind: kind, reference: row[2], date: date)
            }
            let previousReceipt = try String.fetchOne(db, sql: "SELECT receipt_sha256 FROM draw ORDER BY sequence DESC LIMIT 1")
            let inputs = DrawInputs(
                drawID: drawID, publicRandomness: publicRandomness, asOf: asOf, plan: plan, planText: planText,
                rulesSHA256: run[1], frame: frame, lastDrawn: lastDrawn, roster: roster, declaredConflicts: conflicts,
                previousInspectors: previousInspectors, triggers: triggers, previousReceiptSHA256: previousReceipt)
            return (inputs, runID, unclassified)
        }
    }

    /// Refuses a draw id that exists, a month that already has a valid draw, or randomness
    /// already used by a voided draw of the month.
    public func checkNewDraw(id: String, month: CalendarMonth, randomness: String) throws {
        try database.writer.read { db in try Self.checkNewDraw(db, id: id, month: month, randomness: randomness) }
    }

    /// The checks of `checkNewDraw`, inside the caller's transaction (also run when recording).
    static func checkNewDraw(_ db: Database, id: String, month: CalendarMonth, randomness: String) throws {
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM draw WHERE id = ?)", arguments: [id]) == true {
            throw DrawError("draw \(id) already exists; a recorded draw is immutable (void it and run a new draw with a new id)")
        }
        if let other = try String.fetchOne(db, sql: "SELECT id FROM draw WHERE month = ? AND voided_at IS NULL", arguments: [month.description]) {
            throw DrawError("month \(month) already has draw \(other); void it first (credit draw void \(other) --reason …)")
        }
        if let voided = try String.fetchOne(db, sql: "SELECT id FROM draw WHERE month = ? AND public_randomness = ? AND voided_at IS NOT NULL",
                                            arguments: [month.description, randomness]) {
            throw DrawError("public randomness '\(randomness)' was used by voided draw \(voided); a redraw needs a new public value")
        }
    }

    /// Records a computed draw: the draw row, its tasks and bundle files, and the audit event.
    public func record(_ bundle: DrawBundle, inputs: DrawInputs, runID: Int64, now: Timestamp, actor: String) throws {
        let members = Dictionary(inputs.frame.map { ($0.uscc, $0) }, uniquingKeysWith: { a, _ in a })
        try database.writer.write { db in
            try Self.checkNewDraw(db, id: inputs.drawID, month: CalendarMonth(inputs.asOf), randomness: inputs.publicRandomness)
            let sequence = (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(sequence), 0) FROM draw") ?? 0) + 1
            try db.execute(sql: """
                INSERT INTO draw (id, sequence, month, as_of, public_randomness, created_at, classification_run_id, plan_text,
                    receipt, receipt_sha256, previous_receipt_sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [inputs.drawID, sequence, CalendarMonth(inputs.asOf).description, inputs.asOf.description,
                                 inputs.publicRandomness, now.description, runID, inputs.planText,
                                 String(decoding: bundle.files["receipt.json"]!, as: UTF8.self), bundle.receiptSHA256,
                                 inputs.previousReceiptSHA256])
            let task = try db.makeStatement(sql: """
                INSERT INTO draw_task (draw_id, position, uscc, stratum, ticket, kind, item, inspectors, unassigned_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (position, (t, assignment)) in zip(bundle.tasks, bundle.assignments).enumerated() {
                var inspectors: String?, reason: String?
                switch assignment {
                case .assigned(let c): inspectors = c.joined(separator: ";")
                case .unassigned(let r): reason = r
                }
                try task.execute(arguments: [inputs.drawID, position + 1, t.uscc, t.stratum, t.ticket, t.targeted ? "targeted" : "random",
                                             inputs.plan.item(section: members[t.uscc]?.section), inspectors, reason])
            }
            let file = try db.makeStatement(sql: "INSERT INTO draw_file (draw_id, path, content) VALUES (?, ?, ?)")
            for path in bundle.files.keys.sorted() { try file.execute(arguments: [inputs.drawID, path, Data(bundle.files[path]!)]) }
            try AuditLog.append(db, kind: "draw", actor: actor, at: now, payload: [
                "draw_id": .string(inputs.drawID), "as_of": .string(inputs.asOf.description),
                "public_randomness": .string(inputs.publicRandomness), "receipt_sha256": .string(bundle.receiptSHA256),
                "tasks": .int(Int64(bundle.tasks.count)),
                "previous_receipt_sha256": inputs.previousReceiptSHA256.map(JSONValue.string) ?? .null,
            ])
        }
    }

    /// Voids a draw (logged); its month can then be drawn again with new randomness.
    public func void(id: String, reason: String, now: Timestamp, actor: String) throws {
        guard !reason.trimmingDataWhitespace().isEmpty else { throw DrawError("a void needs a reason") }
        try database.writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT voided_at FROM draw WHERE id = ?", arguments: [id]) else {
                throw DrawError("no draw \(id)")
            }
            if (row[0] as String?) != nil { throw DrawError("draw \(id) is already void") }
            try db.execute(sql: "UPDATE draw SET voided_at = ?, void_reason = ? WHERE id = ?", arguments: [now.description, reason, id])
            try AuditLog.append(db, kind: "void", actor: actor, at: now, payload: ["draw_id": .string(id), "reason": .string(reason)])
        }
    }

    public func list() throws -> [DrawSummary] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.id, d.month, d.as_of, d.public_randomness, d.created_at, d.receipt_sha256, d.voided_at, d.void_reason,
                    (SELECT COUNT(*) FROM draw_task t WHERE t.draw_id = d.id),
                    (SELECT COUNT(*) FROM draw_task t WHERE t.draw_id = d.id AND t.inspectors IS NULL)
                FROM draw d ORDER BY d.sequence
                """).map {
                DrawSummary(id: $0[0], month: $0[1], asOf: $0[2], publicRandomness: $0[3], createdAt: $0[4], tasks: $0[8],
                            unassigned: $0[9], receiptSHA256: $0[5], voidedAt: $0[6], voidReason: $0[7])
            }
        }
    }

    /// The bundle files of a recorded draw, as written when it was run.
    public func files(drawID: String) throws -> [String: [UInt8]] {
        try database.writer.read { db in
            var files: [String: [UInt8]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT path, content FROM draw_file WHERE draw_id = ?", arguments: [drawID]) {
                files[row[0]] = [UInt8](row[1] as Data)
            }
            guard !files.isEmpty else { throw DrawError("no draw \(drawID)") }
            return files
        }
    }

    /// Writes bundle files under a directory.
    public static func write(_ files: [String: [UInt8]], to directory: String) throws {
        for (path, bytes) in files {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
    }

    /// Reads a bundle directory (receipt.json, audit/*, public/*).
    public static func read(directory: String) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let base = URL(fileURLWithPath: directory)
        for sub in ["", "audit", "public"] {
            let folder = sub.isEmpty ? base : base.appendingPathComponent(sub)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
                let url = folder.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                files[sub.isEmpty ? name : "\(sub)/\(name)"] = [UInt8](try Data(contentsOf: url))
            }
        }
        return files
    }
}
