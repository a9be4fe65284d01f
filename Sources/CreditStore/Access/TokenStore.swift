import CreditCore
import Crypto
import Foundation
import GRDB

/// Roles of the HTTP API and pages.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// 监管人员: runs and publishes draws, decides repairs.
    case regulator
    /// 信用工作人员: looks up enterprises, prints reports and notices.
    case officer
    /// 审计: reads draw bundles and receipts.
    case auditor

    /// The role as pages and messages name it.
    public var chineseName: String {
        switch self {
        case .regulator: "监管人员"
        case .officer: "信用工作人员"
        case .auditor: "审计人员"
        }
    }
}

/// A caller identified by a bearer token.
public struct Principal: Sendable, Hashable {
    public var tokenID: Int64
    public var name: String
    public var role: Role
}

/// Bearer tokens: created once (only the SHA-256 is stored), revocable.
public struct TokenStore: Sendable {
    public let database: CreditDatabase
    public init(database: CreditDatabase) { self.database = database }

    static func hash(_ token: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(token.utf8)))
    }

    /// Creates a token and returns it; it cannot be shown again.
    public func create(name: String, role: Role, now: Timestamp) throws -> (id: Int64, token: String) {
        var generator = SystemRandomNumberGenerator()
        let token = "ce_" + Hex.lowercase((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let id = try database.writer.write { db -> Int64 in
            try db.execute(sql: "INSERT INTO api_token (name, role, token_sha256, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [name, role.rawValue, Self.hash(token), now.description])
            let id = db.lastInsertedRowID
            try AuditLog.append(db, kind: "token-create", actor: "cli", at: now, payload: ["token_id": .int(id), "name": .string(name), "role": .string(role.rawValue)])
            return id
        }
        return (id, token)
    }

    public func revoke(id: Int64, now: Timestamp) throws -> Bool {
        try database.writer.write { db in
            try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [now.description, id])
            guard db.changesCount > 0 else { return false }
            try AuditLog.append(db, kind: "token-revoke", actor: "cli", at: now, payload: ["token_id": .int(id)])
            return true
        }
    }

    /// The caller for a presented token, or nil when unknown or revoked.
    public func principal(token: String) throws -> Principal? {
        try database.writer.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT id, name, role FROM api_token WHERE token_sha256 = ? AND revoked_at IS NULL"),
                             arguments: [Self.hash(token)]).flatMap { row in
                Role(rawValue: row[2]).map { Principal(tokenID: row[0], name: row[1], role: $0) }
            }
        }
    }

    public func list() throws -> [(id: Int64, name: String, role: String, createdAt: String, revokedAt: String?)] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, role, created_at, revoked_at FROM api_token ORDER BY id").map { ($0[0], $0[1], $0[2], $0[3], $0[4]) }
        }
    }
}
