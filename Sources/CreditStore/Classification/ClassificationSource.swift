import CreditCore
import GRDB

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
    static func forEach(_ db: Database, knownBy: Timestamp?, only uscc: String? = nil,
                        _ body: (Enterprise, [EnforcementRecord]) throws -> Void) throws {
        let (enterpriseSQL, recordSQL, arguments) = queries(knownBy: knownBy, only: uscc)
        let enterprises = try Row.fetchCursor(db, sql: enterpriseSQL, arguments: arguments)
        let records = try Row.fetchCursor(db, sql: recordSQL, arguments: arguments)
        var pending = try records.next().map(record)
        while let row = try enterprises.next() {
            let enterprise = Self.enterprise(row)
            let code = enterprise.uscc.rawValue
            var own: [EnforcementRecord] = []
            while let next = pending, next.uscc.rawValue <= code {
                if next.uscc.rawValue == code { own.append(next) }
                pending = try records.next().map(record)
            }
            try body(enterprise, own)
        }
    }

    static func queries(knownBy: Timestamp?, only uscc: String?) -> (String, String, StatementArguments) {
        let filter = uscc == nil ? "" : " AND uscc = :uscc"
        var arguments: StatementArguments = [:]
        if let uscc { arguments += ["uscc": uscc] }
        guard let knownBy else {
            let whereClause = uscc == nil ? "" : " WHERE uscc = :uscc"
            return ("SELECT \(enterpriseColumns) FROM enterprise\(whereClause) ORDER BY uscc",
                    "SELECT \(recordColumns) FROM record\(whereClause) ORDER BY uscc", arguments)
        }
        arguments += ["t": knownBy.description]
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

    static func enterprise(_ row: Row) -> Enterprise {
        Enterprise(uscc: UnifiedSocialCreditCode(trusted: row[0]), name: row[1],
                   industry: (row[2] as String?).flatMap(IndustryCode.init), region: row[3] as String,
                   status: RegistrationStatus(rawValue: row[4]) ?? .existing, onAbnormalList: row[5],
                   onSeriousList: row[6], isDishonestDebtor: row[7])
    }

    /// The fields classification reads; the others stay empty.
    static func record(_ row: Row) -> EnforcementRecord {
        typealias R = EnforcementRecord
        let category = RecordCategory(rawValue: row[1]) ?? .confirmation
        let details: R.Details
        func date(_ i: Int) -> CalendarDate? { (row[i] as String?).flatMap(CalendarDate.init(iso:)) }
        switch category {
        case .penalty:
            let types = (row[4] as String? ?? "").split(separator: ";").compactMap { PenaltyType(rawValue: String($0)) }
            details = .penalty(R.Penalty(
                violationType: row[10], types: types, fine: (row[5] as Int64?).map(Amount.init(fen:)),
                confiscation: (row[6] as Int64?).map(Amount.init(fen:)),
                procedure: R.PenaltyProcedure(rawValue: row[7] ?? "") ?? .ordinary,
                domain: R.PenaltyDomain(rawValue: row[8] ?? "") ?? .other,
                severity: (row[9] as String?).flatMap(R.DishonestySeverity.init)))
        case .coercion:
            details = .coercion(R.Coercion(measure: R.CoercionMeasure(rawValue: row[11] ?? "") ?? .other, until: date(12),
                                           status: R.CoercionStatus(rawValue: row[13] ?? "") ?? .inForce))
        case .reward:
            details = .reward(R.Reward(name: "", level: (row[14] as String?).flatMap(R.RewardLevel.init)))
        case .adjudication:
            details = .adjudication(R.Adjudication(matter: "", atFault: row[15]))
        case .inspection:
            details = .inspection(R.Inspection(kind: R.InspectionKind(rawValue: row[16] ?? "") ?? .doubleRandom,
                                               result: InspectionResult(rawValue: row[17] ?? "") ?? .noProblem))
        case .licensing:
            details = .licensing(R.Licensing(status: R.LicenceStatus(rawValue: row[18] ?? "") ?? .valid))
        case .confirmation:
            details = .confirmation(R.Confirmation(item: ""))
        }
        return EnforcementRecord(documentNumber: row[2], subjectName: "", uscc: UnifiedSocialCreditCode(trusted: row[0]),
                                 decisionDate: CalendarDate(iso: row[3]) ?? CalendarDate(dayNumber: 0), agency: "",
                                 sourceUnit: "", details: details)
    }
}
