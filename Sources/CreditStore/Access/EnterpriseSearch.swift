import CreditCore
import Foundation
import GRDB

/// Enterprise search: a fragment of the name (any script: FTS5 trigram for three characters
/// or more, a scan for two) or the start of a code, in one result list.
public struct EnterpriseSearch: Sendable {
    let database: CreditDatabase
    public init(database: CreditDatabase) { self.database = database }

    public struct Hit: Sendable, Codable, Hashable {
        public var uscc: String
        public var name: String
        public var region: String
        public var status: String
        /// The class of the latest stored run: only for officers (`withClass`), never public.
        public var riskClass: String?
        /// The region's name (`雄县（130638）`), filled in by the adapter that knows the names.
        public var regionName: String?
        enum CodingKeys: String, CodingKey { case uscc, name, region, status, riskClass = "class", regionName = "region_name" }
    }

    /// A validated search: the trimmed text, and a page that can be fetched without overflow.
    public struct Query: Sendable, Hashable {
        /// The shortest and the longest fragment accepted.
        public static let lengths = 2...100
        /// The largest page size.
        public static let maximumSize = 100
        /// The deepest row a page may start at: beyond it no page is fetched (a caller pages
        /// through at most this many hits; a narrower fragment finds the rest).
        public static let maximumOffset = 100_000

        public let text: String
        public let page: Int
        public let size: Int

        /// - Throws: `SearchError` naming the parameter and why it is refused.
        public init(_ raw: String, page: Int = 1, size: Int = 20) throws(SearchError) {
            let text = raw.trimmingDataWhitespace()
            if let bad = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
                throw .controlCharacter(String(format: "U+%04X", bad.value))
            }
            // Counted in Unicode scalars, as JSON Schema's minLength/maxLength count (a letter with a
            // combining accent is two).
            guard Self.lengths.contains(text.unicodeScalars.count) else { throw .length(text.unicodeScalars.count) }
            guard page >= 1 else { throw .page(page) }
            guard (1...Self.maximumSize).contains(size) else { throw .size(size) }
            self.text = text; self.page = page; self.size = size
        }

        /// The first row of the page, or nil when the page lies beyond `maximumOffset`.
        var offset: Int? {
            let (product, overflow) = (page - 1).multipliedReportingOverflow(by: size)
            return overflow || product > Self.maximumOffset ? nil : product
        }

        /// Three code points or more: the trigram index can answer (fewer need a scan).
        var usesNameIndex: Bool { text.unicodeScalars.count >= 3 }

        /// The code prefix the text may be (letters and digits only), upper-cased.
        var codePrefix: String? {
            text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) ? text.uppercased() : nil
        }
    }

    /// Why a search request is refused (the HTTP layer answers 400 with this text).
    public enum SearchError: Error, Sendable, Hashable, CustomStringConvertible {
        case controlCharacter(String)
        case length(Int)
        case page(Int)
        case size(Int)

        public var description: String {
            switch self {
            case .controlCharacter(let scalar): "查询词含有控制字符 \(scalar)"
            case .length(let n): "查询词须为 \(Query.lengths.lowerBound)–\(Query.lengths.upperBound) 个字符（企业名称片段或统一社会信用代码的开头），现为 \(n) 个"
            case .page(let page): "页码须不小于 1，现为 \(page)"
            case .size(let size): "每页条数须为 1–\(Query.maximumSize)，现为 \(size)"
            }
        }
    }

    /// One page of hits, ordered by name then code, and the exact number of all hits.
    /// - Parameter withClass: add each hit's class in the latest stored run (officers only).
    public func search(_ query: Query, withClass: Bool = false) throws -> (total: Int, hits: [Hit]) {
        try database.writer.read { db in try Self.search(query, withClass: withClass, db) }
    }

    /// The same, without blocking a Swift concurrency thread.
    public func search(_ query: Query, withClass: Bool = false) async throws -> (total: Int, hits: [Hit]) {
        try await database.writer.read { db in try Self.search(query, withClass: withClass, db) }
    }

    /// Convenience for callers holding raw values.
    public func search(_ text: String, page: Int, size: Int) throws -> (total: Int, hits: [Hit]) {
        try search(try Query(text, page: page, size: size))
    }

    static func search(_ query: Query, withClass: Bool = false, _ db: Database) throws -> (total: Int, hits: [Hit]) {
        // The name condition: a trigram phrase for three characters or more (case-insensitive,
        // any script), else a LIKE scan with the wildcards of the fragment escaped.
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if query.usesNameIndex {
            conditions.append("e.rowid IN (SELECT rowid FROM enterprise_fts WHERE enterprise_fts MATCH ?)")
            _ = arguments.append(contentsOf: ["\"" + query.text.escapingScalars(["\""], with: "\"") + "\""])
        } else {
            let escaped = query.text.escapingScalars(["\\", "%", "_"], with: "\\")
            conditions.append("e.name LIKE ? ESCAPE '\\'")
            _ = arguments.append(contentsOf: ["%" + escaped + "%"])
        }
        if let prefix = query.codePrefix {
            conditions.append("(e.uscc >= ? AND e.uscc < ?)")
            _ = arguments.append(contentsOf: [prefix, prefix + "~"])
        }
        let filter = conditions.joined(separator: " OR ")
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM enterprise e WHERE \(filter)", arguments: arguments) ?? 0
        guard let offset = query.offset, offset < total else { return (total, []) }
        _ = arguments.append(contentsOf: [query.size, offset])
        let classColumn = withClass
            ? "(SELECT c.class FROM classification c WHERE c.run_id = (SELECT MAX(id) FROM classification_run) AND c.uscc = e.uscc)" : "NULL"
        let hits = try Row.fetchAll(db, sql: """
            SELECT e.uscc, e.name, e.region, e.status, \(classColumn) FROM enterprise e WHERE \(filter)
            ORDER BY e.name, e.uscc LIMIT ? OFFSET ?
            """, arguments: arguments).map { Hit(uscc: $0[0], name: $0[1], region: $0[2], status: $0[3], riskClass: $0[4]) }
        return (total, hits)
    }
}
