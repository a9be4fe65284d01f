import CreditCore
import CreditRepair
import Crypto
import Foundation
import GRDB

/// One uploaded material of an online application, already checked by content.
public struct UploadedMaterial: Sendable {
    public var material: String
    public var fileName: String
    public var bytes: [UInt8]
    public var mediaType: MaterialMediaType
    public init(material: String, fileName: String, bytes: [UInt8], mediaType: MaterialMediaType) {
        self.material = material; self.fileName = fileName; self.bytes = bytes; self.mediaType = mediaType
    }
}

/// An online application's status as its tracking page shows it.
public struct OnlineRepairStatus: Sendable, Codable, Hashable {
    public var tracking: String
    public var uscc: String
    public var name: String
    public var documentNumber: String
    public var submittedAt: String
    public var status: String
    public var decidedAt: String?
    public var reason: String?
    public var materials: [String]
    enum CodingKeys: String, CodingKey {
        case tracking, uscc, name, documentNumber = "document_no", submittedAt = "submitted_at", status, decidedAt = "decided_at", reason, materials
    }
}

/// Why an online application cannot be filed (besides the repair rules' own refusals).
public enum OnlineRepairError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Neither a notice number nor a decision number of this enterprise.
    case unknownReference(String)

    public var description: String {
        switch self {
        case .unknownReference(let reference): "未找到该企业编号为“\(reference)”的信用修复告知书、行政处罚决定书或列入名录决定书"
        }
    }
}

/// Repair applications filed by the enterprise itself on the public site: the same
/// application as `credit repair apply` (the same checks, the same queue for officers), its
/// uploaded files stored content-addressed in the database (never served publicly), and a
/// tracking number for the public status page — all in one transaction.
public struct OnlineRepairStore: Sendable {
    let database: CreditDatabase
    let rules: RepairRules

    public init(database: CreditDatabase, rules: RepairRules) { self.database = database; self.rules = rules }

    /// The 决定文书号 a reference names for an enterprise (a notice number or the decision
    /// number itself), or nil: checked before any uploaded file is looked at.
    public func documentNumber(uscc: String, reference: String) throws -> String? {
        try database.writer.read { db in try Self.documentNumber(db, uscc: uscc, reference: reference) }
    }

    static func documentNumber(_ db: Database, uscc: String, reference: String) throws -> String? {
        try target(db, uscc: uscc, reference: reference)?.documentNumber
    }

    /// What a reference names: a penalty (by its notice or 决定文书号), or a listing in force (by
    /// its listing notice or its 决定书文号), with the number the application is filed under.
    static func target(_ db: Database, uscc: String, reference: String) throws -> (kind: RepairKind, documentNumber: String)? {
        if let penalty = try penaltyNumber(db, uscc: uscc, reference: reference) { return (.penalty, penalty) }
        if let row = try Row.fetchOne(db, sql: "SELECT list_kind, document_no FROM listing_notice WHERE number = ? AND uscc = ?", arguments: [reference, uscc]),
           let list = ListKind(rawValue: row[0]) {
            return (RepairKind(list: list), row[1])
        }
        if let kind = try String.fetchOne(db, sql: "SELECT list_kind FROM listing WHERE document_no = ? AND uscc = ? ORDER BY listed_on DESC LIMIT 1",
                                          arguments: [reference, uscc]).flatMap(ListKind.init(rawValue:)) {
            return (RepairKind(list: kind), reference)
        }
        return nil
    }

    private static func penaltyNumber(_ db: Database, uscc: String, reference: String) throws -> String? {
        if let byNotice = try String.fetchOne(db, sql: "SELECT document_no FROM repair_notice WHERE number = ? AND uscc = ?", arguments: [reference, uscc]) {
            return byNotice
        }
        let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM record WHERE category = 'penalty' AND document_no = ? AND uscc = ?)",
                                       arguments: [reference, uscc]) == true
        return exists ? reference : nil
    }

    /// Files the application.
    /// - Parameters:
    ///   - reference: the 信用修复告知书 number or the 行政处罚决定书文号.
    ///   - tracking: a fresh tracking number from a CSPRNG (the caller draws it).
    public func submit(uscc: String, reference: String, contact: String, phone: String, files: [UploadedMaterial],
                       tracking: String, now: Timestamp, actor: String) throws -> OnlineRepairStatus {
        try database.writer.write { db in
            guard let (kind, documentNumber) = try Self.target(db, uscc: uscc, reference: reference) else {
                throw OnlineRepairError.unknownReference(reference)
            }
            let materials = Array(Set(files.map(\.material))).sorted()
            let store = RepairStore(database: database, rules: rules)
            let id = kind == .penalty
                ? try store.apply(db, uscc: uscc, documentNumber: documentNumber, materials: materials, now: now, actor: actor)
                : try store.applyForStanding(db, uscc: uscc, kind: kind, documentNumber: documentNumber, materials: materials, now: now, actor: actor)
            try db.execute(sql: "INSERT INTO repair_submission (tracking, application_id, contact, phone, submitted_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [tracking, id, contact, phone, now.description])
            for (position, file) in files.enumerated() {
                let digest = Hex.lowercase(SHA256.hash(data: file.bytes))
                try db.execute(sql: """
                    INSERT INTO upload (sha256, media_type, size, bytes, stored_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING
                    """, arguments: [digest, file.mediaType.rawValue, file.bytes.count, Data(file.bytes), now.description])
                try db.execute(sql: "INSERT INTO repair_submission_file (tracking, position, material, file_name, sha256) VALUES (?, ?, ?, ?, ?)",
                               arguments: [tracking, position, file.material, file.fileName, digest])
            }
            try AuditLog.append(db, kind: "repair-online", actor: actor, at: now, payload: [
                "application": .int(id), "tracking": .string(tracking), "files": .int(Int64(files.count)),
            ])
            return try Self.status(db, tracking: tracking)!
        }
    }

    /// The status of an application by its tracking number.
    public func status(tracking: String) throws -> OnlineRepairStatus? {
        try database.writer.read { db in try Self.status(db, tracking: tracking) }
    }

    static func status(_ db: Database, tracking: String) throws -> OnlineRepairStatus? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT s.tracking, a.uscc, COALESCE(e.name, ''), a.document_no, s.submitted_at, a.status, a.decided_at, a.decision_reason
            FROM repair_submission s JOIN repair_application a ON a.id = s.application_id LEFT JOIN enterprise e ON e.uscc = a.uscc
            WHERE s.tracking = ?
            """, arguments: [tracking]) else { return nil }
        let materials = try String.fetchAll(db, sql: "SELECT material || '：' || file_name FROM repair_submission_file WHERE tracking = ? ORDER BY position",
                                            arguments: [tracking])
        return OnlineRepairStatus(tracking: row[0], uscc: row[1], name: row[2], documentNumber: row[3], submittedAt: row[4], status: row[5],
                                  decidedAt: row[6], reason: row[7], materials: materials)
    }
}
