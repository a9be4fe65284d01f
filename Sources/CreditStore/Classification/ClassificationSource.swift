import CreditCore
import CreditRules
import GRDB
import GRDBSQLite

/// Reads enterprises with their records as the engine knew them at a point in time: the
/// current versions, or — with `knownBy` — the versions whose knowledge interval contains that
/// instant (bitemporal reproduction). One enterprise through the indexes (`forOne`); the whole
/// register through `RegisterSnapshot`.
struct ClassificationSource {
    /// The register's columns classification reads, in select-list order (offsets come from it).
    static let enterpriseLayout = TableLayout<EnterpriseColumn>([
        .uscc, .name, .industry, .region, .status, .abnormal, .serious, .dishonestDebtor,
    ])
    /// The record columns classification reads, in select-list order (`PackedRecord` reads by them).
    static let recordLayout = TableLayout<RecordColumn>([
        .uscc, .category, .documentNo, .decisionDate, .penTypes, .penFineFen, .penConfiscationFen, .penProcedure, .penDomain,
        .penSeverity, .penViolation, .coeMeasure, .coeUntil, .coeStatus, .rewLevel, .adjAtFault, .insKind, .insResult, .licStatus,
    ])
    static let enterpriseColumns = enterpriseLayout.selectList
    static let recordColumns = recordLayout.selectList

    /// Visits one enterprise with its records, read through the code index.
    static func forOne(_ db: Database, knownBy: Timestamp?, uscc: String,
                       _ body: (Enterprise, [EnforcementRecord]) throws -> Void) throws {
        let (enterpriseSQL, recordSQL, arguments) = queries(knownBy: knownBy, only: uscc)
        let enterpriseStatement = try db.cachedStatement(sql: enterpriseSQL)
        let recordStatement = try db.cachedStatement(sql: recordSQL)
        try enterpriseStatement.setArguments(arguments)
        try recordStatement.setArguments(arguments)
        let enterprises = RawStatement(enterpriseStatement), records = RawStatement(recordStatement)
        defer { sqlite3_reset(enterprises.handle); sqlite3_reset(records.handle) }
        var own: [EnforcementRecord] = []
        var arena: [UInt8] = []
        let code = UnifiedSocialCreditCode(trusted: uscc)
        let tables = PackedRecord.Tables.shared
        while try records.step(db) {
            arena.removeAll(keepingCapacity: true)
            own.append(PackedRecord(records, owner: 0, arena: &arena, tables: tables, columns: recordLayout).record(uscc: code, arena: arena))
        }
        while try enterprises.step(db) { try body(Self.enterprise(enterprises), own) }
    }

    /// An 18-byte code packed into integers, compared bytewise: a hashable key made without a String.
    struct CodeKey: Hashable, Comparable {
        var head: UInt64, middle: UInt64, tail: UInt16

        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count == 18 else { return nil }
            let raw = UnsafeRawBufferPointer(bytes)
            head = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
            middle = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            tail = UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt16.self))
        }

        func hash(into hasher: inout Hasher) { hasher.combine(head &* 0x9E37_79B9_7F4A_7C15 ^ middle &+ UInt64(tail)) }

        static func < (a: CodeKey, b: CodeKey) -> Bool { (a.head, a.middle, a.tail) < (b.head, b.middle, b.tail) }

        /// The code as text (the bytes it was made from).
        var text: String {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 18) { buffer in
                let raw = UnsafeMutableRawBufferPointer(buffer)
                raw.storeBytes(of: head.bigEndian, toByteOffset: 0, as: UInt64.self)
                raw.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
                raw.storeBytes(of: tail.bigEndian, toByteOffset: 16, as: UInt16.self)
                return String(decoding: UnsafeBufferPointer(buffer), as: UTF8.self)
            }
        }
    }

    /// The enterprise and record queries: for one code (through the indexes), or for the whole
    /// register as sequential scans (`NOT INDEXED`, no order), records limited to a rowid slice
    /// of each table (`:lo...:hi` of `record`, `:hlo...:hhi` of `record_history`).
    static func queries(knownBy: Timestamp?, only uscc: String?) -> (String, String, StatementArguments) {
        var arguments: StatementArguments = [:]
        let scan = uscc == nil
        let filter: String, historyFilter: String
        if let uscc {
            arguments += ["uscc": uscc]
            filter = " AND uscc = :uscc"; historyFilter = filter
        } else {
            filter = " AND rowid >= :lo AND rowid <= :hi"; historyFilter = " AND rowid >= :hlo AND rowid <= :hhi"
        }
        let hint = scan ? " NOT INDEXED" : ""
        guard let knownBy else {
            return ("SELECT \(enterpriseColumns) FROM enterprise\(hint) WHERE 1\(filter)",
                    "SELECT \(recordColumns) FROM record\(hint) WHERE 1\(filter)", arguments)
        }
        arguments += ["t": knownBy.description]
        let e = """
            SELECT \(enterpriseColumns) FROM enterprise\(hint) WHERE known_from <= :t\(filter)
            UNION ALL SELECT \(enterpriseColumns) FROM enterprise_history\(hint) WHERE known_from <= :t AND known_until > :t\(historyFilter)
            """
        let r = """
            SELECT \(recordColumns) FROM record\(hint) WHERE known_from <= :t\(filter)
            UNION ALL SELECT \(recordColumns) FROM record_history\(hint) WHERE known_from <= :t AND known_until > :t\(historyFilter)
            """
        return (e, r, arguments)
    }

    static let registrationStatus = RawValueBytes<RegistrationStatus>()

    static func enterprise(_ row: RawStatement) -> Enterprise {
        let c = enterpriseLayout
        return Enterprise(uscc: UnifiedSocialCreditCode(trusted: row.text(c[.uscc]) ?? ""), name: row.text(c[.name]) ?? "",
                          industry: row.text(c[.industry]).flatMap { IndustryCode($0) }, region: row.text(c[.region]) ?? "",
                          status: row.withBytes(c[.status]) { registrationStatus($0) } ?? .existing,
                          onAbnormalList: row.int(c[.abnormal]) != 0, onSeriousList: row.int(c[.serious]) != 0,
                          isDishonestDebtor: row.int(c[.dishonestDebtor]) != 0)
    }
}
