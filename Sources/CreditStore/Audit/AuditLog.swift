import CreditCore
import Crypto
import Foundation
import GRDB

/// The append-only, hash-chained audit log (architecture.md "Storage"). Each event's hash is
/// SHA-256 of the previous hash (hex) followed by the canonical JSON of the event
/// (`{"actor","at","kind","payload","seq"}`), so altering, inserting or removing any stored
/// event breaks the chain from there on.
public enum AuditLog {
    /// The hash before the first event.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// One stored event.
    public struct Event: Sendable, Hashable {
        public var seq: Int64
        public var at: Timestamp
        public var kind: String
        public var actor: String
        public var payload: JSONValue
        public var hash: String
    }

    /// An event to append.
    public struct NewEvent: Sendable {
        public var kind: String
        public var actor: String
        public var at: Timestamp
        public var payload: JSONValue
        public init(kind: String, actor: String, at: Timestamp, payload: JSONValue) {
            self.kind = kind; self.actor = actor; self.at = at; self.payload = payload
        }
    }

    /// Appends an event inside the caller's transaction and returns its hash.
    @discardableResult
    package static func append(_ db: Database, kind: String, actor: String, at: Timestamp,
                              payload: JSONValue) throws -> String {
        try append(db, [NewEvent(kind: kind, actor: actor, at: at, payload: payload)])
    }

    /// Appends events in order inside the caller's transaction, reading the chain's end once;
    /// returns the last hash (the chain's end when `events` is empty).
    @discardableResult
    package static func append(_ db: Database, _ events: [NewEvent]) throws -> String {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"))
        var seq: Int64 = last?["seq"] ?? 0
        var previous: String = last?["hash"] ?? genesisHash
        let insert = try db.cachedStatement(sql: """
            INSERT INTO audit_event (seq, at, kind, actor, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for event in events {
            seq += 1
            let at = event.at.description, payloadText = event.payload.canonicalText
            let hash = chainHash(previous: previous, seq: seq, at: at, kind: event.kind, actor: event.actor, payloadText: payloadText)
            try insert.execute(arguments: [seq, at, event.kind, event.actor, payloadText, previous, hash])
            previous = hash
        }
        return previous
    }

    /// The chain's last event (sequence number 0 and the genesis hash when the log is empty).
    package static func head(_ db: Database) throws -> AuditHead {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"))
        return AuditHead(seq: last?["seq"] ?? 0, hash: last?["hash"] ?? genesisHash)
    }

    static func chainHash(previous: String, seq: Int64, at: String, kind: String, actor: String, payloadText: String) -> String {
        let event = JSONValue.object(["seq": .int(seq), "at": .string(at), "kind": .string(kind),
                                      "actor": .string(actor), "payload": .string(payloadText)])
        var hasher = SHA256()
        hasher.update(data: Data(previous.utf8))
        hasher.update(data: Data(event.canonicalText.utf8))
        return Hex.lowercase(hasher.finalize())
    }

    /// The first place the chain breaks, or nil when every event checks out.
    public struct Break: Sendable, Hashable, CustomStringConvertible {
        public var seq: Int64
        public var reason: String
        public var description: String { "audit event \(seq): \(reason)" }
    }

    /// Re-computes the chain from the first event.
    /// - Returns: how many events were checked, and the first break if any.
    package static func verify(_ db: Database) throws -> (checked: Int, firstBreak: Break?) {
        let result = try verify(db, anchors: [:])
        return (result.checked, result.firstBreak)
    }

    /// Re-computes the chain from the first event and checks that it still contains every
    /// anchor: a head published earlier (in a draw's commitment or receipt, or by the
    /// operator). Recomputing hashes after removing or changing events cannot keep an anchor.
    /// - Parameter anchors: hash → where it was published.
    static func verify(_ db: Database, anchors: [String: String]) throws -> (checked: Int, firstBreak: Break?, head: AuditHead) {
        var missing = anchors
        missing[genesisHash] = nil
        let (checked, firstBreak, head) = try walk(db) { hash in missing[hash] = nil }
        if let firstBreak { return (checked, firstBreak, head) }
        if let (hash, publisher) = missing.min(by: { $0.key < $1.key }) {
            return (checked, Break(seq: head.seq, reason: "the chain does not contain head \(hash) published by \(publisher): events were removed or rewritten (the log now ends at event \(head.seq), hash \(head.hash))"), head)
        }
        return (checked, nil, head)
    }

    /// Walks the chain in order, reporting each verified hash.
    private static func walk(_ db: Database, _ visit: (String) -> Void) throws -> (checked: Int, firstBreak: Break?, head: AuditHead) {
        var previous = genesisHash
        var expectedSeq: Int64 = 1
        var checked = 0
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, at, kind, actor, payload, prev_hash, hash FROM audit_event ORDER BY seq")
        while let row = try rows.next() {
            let seq: Int64 = row["seq"]
            let head = AuditHead(seq: expectedSeq - 1, hash: previous)
            if seq != expectedSeq { return (checked, Break(seq: seq, reason: "expected sequence number \(expectedSeq): an event is missing"), head) }
            let prevHash: String = row["prev_hash"]
            if prevHash != previous { return (checked, Break(seq: seq, reason: "prev_hash does not match the previous event's hash"), head) }
            let recomputed = chainHash(previous: previous, seq: seq, at: row["at"], kind: row["kind"], actor: row["actor"], payloadText: row["payload"])
            let stored: String = row["hash"]
            if recomputed != stored { return (checked, Break(seq: seq, reason: "content does not match its hash (altered after it was written)"), head) }
            previous = stored
            visit(stored)
            expectedSeq += 1
            checked += 1
        }
        return (checked, nil, AuditHead(seq: expectedSeq - 1, hash: previous))
    }

    package static func events(_ db: Database, kind: String? = nil, limit: Int = 100) throws -> [Event] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT seq, at, kind, actor, payload, hash FROM audit_event
            WHERE ? IS NULL OR kind = ? ORDER BY seq DESC LIMIT ?
            """, arguments: [kind, kind, limit])
        return rows.map { row in
            let payloadText: String = row["payload"]
            let payload = (try? JSONDecoder().decode(JSONValue.self, from: Data(payloadText.utf8))) ?? .string(payloadText)
            return Event(seq: row["seq"], at: Timestamp(iso: row["at"]) ?? Timestamp(millisecondsSince1970: 0),
                         kind: row["kind"], actor: row["actor"], payload: payload, hash: row["hash"])
        }
    }
}
