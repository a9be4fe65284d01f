import CreditCore
import GRDB
import GRDBSQLite

/// Streams every enterprise of the register with its records, in code order, as the engine
/// knew them at a point in time: the current versions, or — with `knownBy` — the versions
/// whose knowledge interval contains that instant (bitemporal reproduction).
struct ClassificationSource {
    static let enterpriseColumns = "uscc, name, industry, region, status, abnormal, serious, dishonest_debtor"
    static let recordColumns = """
        uscc, category, document_no, decision_date, pen_types, pen_fine_fen, pen_confiscation_fen, pen_procedure, pen_domain,
        pen_severity, pen_violation, coe_measure, coe_until, coe_status, rew_level, adj_at_fault, ins_kind, ins_result, lic_status
        """

    /// Visits each enterprise with its records; records of codes outside the register are skipped.
    /// Reads through the C API: this loop runs once per enterprise and record of the register.
    static func forEach(_ db: Database, knownBy: Timestamp?, only uscc: String? = nil, range: CodeRange? = nil,
                        _ body: (Enterprise, [EnforcementRecord]) throws -> Void) throws {
        let (enterpriseSQL, recordSQL, arguments) = queries(knownBy: knownBy, only: uscc, range: range)
        let enterpriseStatement = try db.cachedStatement(sql: enterpriseSQL)
        let recordStatement = try db.cachedStatement(sql: recordSQL)
        try enterpriseStatement.setArguments(arguments)
        try recordStatement.setArguments(arguments)
        let enterprises = RawStatement(enterpriseStatement), records = RawStatement(recordStatement)
        defer { sqlite3_reset(enterprises.handle); sqlite3_reset(records.handle) }
        var hasRecord = try records.step(db)
        var own: [EnforcementRecord] = []
        while try enterprises.step(db) {
            let enterprise = Self.enterprise(enterprises)
            let code = Array(enterprise.uscc.rawValue.utf8)
            own.removeAll(keepingCapacity: true)
            while hasRecord {
                let order = records.withBytes(0) { recordCode in compare(recordCode, code) }
                if order > 0 { break }
                if order == 0 { own.append(record(records, uscc: enterprise.uscc)) }
                hasRecord = try records.step(db)
            }
            try body(enterprise, own)
        }
    }

    /// Bytewise comparison of two codes: -1, 0 or 1.
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Int {
        let n = min(a.count, b.count)
        for i in 0..<n where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// Codes in [from, below): a slice of the register for one worker.
    struct CodeRange: Sendable { var from: String; var below: String? }

    static func queries(knownBy: Timestamp?, only uscc: String?, range: CodeRange? = nil) -> (String, String, StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = [:]
        if let uscc { conditions.append("uscc = :uscc"); arguments += ["uscc": uscc] }
        if let range {
            conditions.append("uscc >= :from"); arguments += ["from": range.from]
            if let below = range.below { conditions.append("uscc < :below"); arguments += ["below": below] }
        }
        guard let knownBy else {
            let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            return ("SELECT \(enterpriseColumns) FROM enterprise\(whereClause) ORDER BY uscc",
                    "SELECT \(recordColumns) FROM record\(whereClause) ORDER BY uscc", arguments)
        }
        arguments += ["t": knownBy.description]
        let filter = conditions.map { " AND " + $0 }.joined()
        let e = """
            SELECT \(enterpriseColumns) FROM enterprise WHERE known_from <= :t\(filter)
            UNION ALL SELECT \(enterpriseColumns) FROM enterprise_history WHERE known_from <= :t AND known_until > :t\(filter)
            ORDER BY uscc
            """
        let r = """
            SELECT \(recordColumns) FROM record WHERE known_from <= :t\(filter)
            UNION ALL SELECT \(recordColumns) FROM record_history WHERE known_from <= :t AND known_until > :t\(filter)
            ORDER BY uscc
            """
        return (e, r, arguments)
    }

    static func enterprise(_ row: RawStatement) -> Enterprise {
        Enterprise(uscc: UnifiedSocialCreditCode(trusted: row.text(0) ?? ""), name: row.text(1) ?? "",
                   industry: row.text(2).flatMap(IndustryCode.init), region: row.text(3) ?? "",
                   status: RegistrationStatus(rawValue: row.text(4) ?? "") ?? .existing, onAbnormalList: row.int(5) != 0,
                   onSeriousList: row.int(6) != 0, isDishonestDebtor: row.int(7) != 0)
    }

    /// The fields classification reads; the others stay empty.
    static func record(_ row: RawStatement, uscc: UnifiedSocialCreditCode) -> EnforcementRecord {
        typealias R = EnforcementRecord
        let category = RecordCategory(rawValue: row.text(1) ?? "") ?? .confirmation
        let details: R.Details
        func date(_ i: Int32) -> CalendarDate? { row.text(i).flatMap(CalendarDate.init(iso:)) }
        func amount(_ i: Int32) -> Amount? { row.isNull(i) ? nil : Amount(fen: row.int(i)) }
        switch category {
        case .penalty:
            let types = (row.text(4) ?? "").split(separator: ";").compactMap { PenaltyType(rawValue: String($0)) }
            details = .penalty(R.Penalty(
                violationType: row.text(10), types: types, fine: amount(5), confiscation: amount(6),
                procedure: R.PenaltyProcedure(rawValue: row.text(7) ?? "") ?? .ordinary,
                domain: R.PenaltyDomain(rawValue: row.text(8) ?? "") ?? .other,
                severity: row.text(9).flatMap(R.DishonestySeverity.init)))
        case .coercion:
            details = .coercion(R.Coercion(measure: R.CoercionMeasure(rawValue: row.text(11) ?? "") ?? .other, until: date(12),
                                           status: R.CoercionStatus(rawValue: row.text(13) ?? "") ?? .inForce))
        case .reward:
            details = .reward(R.Reward(name: "", level: row.text(14).flatMap(R.RewardLevel.init)))
        case .adjudication:
            details = .adjudication(R.Adjudication(matter: "", atFault: row.isNull(15) ? nil : row.int(15) != 0))
        case .inspection:
            details = .inspection(R.Inspection(kind: R.InspectionKind(rawValue: row.text(16) ?? "") ?? .doubleRandom,
                                               result: InspectionResult(rawValue: row.text(17) ?? "") ?? .noProblem))
        case .licensing:
            details = .licensing(R.Licensing(status: R.LicenceStatus(rawValue: row.text(18) ?? "") ?? .valid))
        case .confirmation:
            details = .confirmation(R.Confirmation(item: ""))
        }
        return EnforcementRecord(documentNumber: row.text(2) ?? "", subjectName: "", uscc: uscc,
                                 decisionDate: date(3) ?? CalendarDate(dayNumber: 0), agency: "", sourceUnit: "", details: details)
    }
}
