import CreditCore
import Foundation
import GRDB

/// Enterprise search: Chinese substring of the name (FTS5 trigram) or a code prefix.
public struct EnterpriseSearch: Sendable {
    public let database: CreditDatabase
    public init(database: CreditDatabase) { self.database = database }

    public struct Hit: Sendable, Codable, Hashable {
        public var uscc: String
        public var name: String
        public var region: String
        public var status: String
    }

    /// - Parameters:
    ///   - query: at least 2 characters: a name fragment or the start of a code.
    public func search(_ query: String, page: Int, size: Int) throws -> (total: Int, hits: [Hit]) {
        let q = query.trimmingDataWhitespace()
        let offset = max(0, page - 1) * size
        return try database.writer.read { db in
            let isCode = q.count >= 2 && q.allSatisfy { $0.isASCII && ($0.isNumber || $0.isUppercase || $0.isLowercase) }
            if isCode {
                let upper = q.uppercased()
                let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM enterprise WHERE uscc >= ? AND uscc < ?", arguments: [upper, upper + "~"]) ?? 0
                let hits = try Row.fetchAll(db, sql: """
                    SELECT uscc, name, region, status FROM enterprise WHERE uscc >= ? AND uscc < ? ORDER BY uscc LIMIT ? OFFSET ?
                    """, arguments: [upper, upper + "~", size, offset]).map { Hit(uscc: $0[0], name: $0[1], region: $0[2], status: $0[3]) }
                return (total, hits)
            }
            if q.count >= 3 {
                let phrase = "\"" + q.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM enterprise_fts WHERE enterprise_fts MATCH ?", arguments: [phrase]) ?? 0
                let hits = try Row.fetchAll(db, sql: """
                    SELECT e.uscc, e.name, e.region, e.status FROM enterprise_fts f JOIN enterprise e ON e.rowid = f.rowid
                    WHERE enterprise_fts MATCH ? ORDER BY e.name, e.uscc LIMIT ? OFFSET ?
                    """, arguments: [phrase, size, offset]).map { Hit(uscc: $0[0], name: $0[1], region: $0[2], status: $0[3]) }
                return (total, hits)
            }
            // Two characters: trigram cannot index them; a bounded LIKE scan.
            let pattern = "%" + q.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            let hits = try Row.fetchAll(db, sql: "SELECT uscc, name, region, status FROM enterprise WHERE name LIKE ? ORDER BY name, uscc LIMIT ? OFFSET ?",
                                        arguments: [pattern, size, offset]).map { Hit(uscc: $0[0], name: $0[1], region: $0[2], status: $0[3]) }
            return (offset + hits.count + (hits.count == size ? 1 : 0), hits)
        }
    }
}
