import CreditCore
import Foundation
import GRDB

/// The audit chain's last event: its sequence number and hash. Publishing it (every draw's
/// commitment and receipt carry it) anchors the chain: a log truncated or rewritten after
/// that point no longer contains it.
public struct AuditHead: Sendable, Hashable, Codable, CustomStringConvertible {
    public var seq: Int64
    public var hash: String
    public init(seq: Int64, hash: String) { self.seq = seq; self.hash = hash }
    public var description: String { "\(seq) \(hash)" }
}

/// The outcome of re-checking the audit chain.
public struct AuditVerification: Sendable, Hashable {
    /// Events whose hash was recomputed.
    public var checked: Int
    /// The last verified event.
    public var head: AuditHead
    /// The first break, nil when the chain is intact and holds every anchor.
    public var firstBreak: AuditLog.Break?
    /// Published heads the chain was checked to contain (draw commitments and receipts, and
    /// `expectHead`).
    public var anchors: Int
}

/// The audit log's use cases: each owns its transaction.
public struct AuditStore: Sendable {
    let database: CreditDatabase
    public init(database: CreditDatabase) { self.database = database }

    /// The chain's last event.
    public func head() throws -> AuditHead { try database.writer.read { db in try AuditLog.head(db) } }
    public func head() async throws -> AuditHead { try await database.writer.read { db in try AuditLog.head(db) } }

    /// Re-computes the whole chain, and checks that it still contains every head published in
    /// a draw's commitment or receipt and, when given, `expectHead` (a head noted earlier, e.g.
    /// from `credit audit head`): a truncated log, or one whose events were removed and hashes
    /// recomputed, fails.
    public func verify(expectHead: String? = nil) throws -> AuditVerification {
        try database.writer.read { db in try Self.verify(db, expectHead: expectHead) }
    }

    public func verify(expectHead: String? = nil) async throws -> AuditVerification {
        try await database.writer.read { db in try Self.verify(db, expectHead: expectHead) }
    }

    /// The latest events, newest first, optionally of one kind.
    public func events(kind: String? = nil, limit: Int = 100) throws -> [AuditLog.Event] {
        try database.writer.read { db in try AuditLog.events(db, kind: kind, limit: limit) }
    }

    public func events(kind: String? = nil, limit: Int = 100) async throws -> [AuditLog.Event] {
        try await database.writer.read { db in try AuditLog.events(db, kind: kind, limit: limit) }
    }

    static func verify(_ db: Database, expectHead: String?) throws -> AuditVerification {
        var anchors: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT draw_id, audit_head_sha256 FROM draw_commitment") {
            let hash: String = row[1]
            if anchors[hash] == nil { anchors[hash] = "the commitment of draw \(row[0] as String)" }
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT id, json_extract(receipt, '$.audit_head_sha256') FROM draw WHERE json_extract(receipt, '$.audit_head_sha256') IS NOT NULL
            """) {
            let hash: String = row[1]
            if anchors[hash] == nil { anchors[hash] = "the receipt of draw \(row[0] as String)" }
        }
        if let expectHead { anchors[expectHead.lowercased()] = "--expect-head" }
        let (checked, firstBreak, head) = try AuditLog.verify(db, anchors: anchors)
        return AuditVerification(checked: checked, head: head, firstBreak: firstBreak, anchors: anchors.count)
    }
}
