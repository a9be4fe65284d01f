import CreditCore
import GRDB

/// How each domain value maps to the columns of its table, both ways. One place, so the
/// importer, the queries and the schema agree.
///
/// The `write` functions give a value's columns in table order to a `PackedColumns` row: its
/// key columns, `endOfKey()`, then its value columns.
enum StoredColumns {
    static let enterpriseKey = ["uscc"]
    static let enterpriseValues = ["name", "kind", "industry", "region", "established", "status", "abnormal",
                                   "serious", "dishonest_debtor", "phone", "legal_rep", "extra"]

    static func write(_ e: Enterprise, extra: String?, to sink: inout PackedColumns) {
        sink.text(e.uscc.rawValue)
        sink.endOfKey()
        sink.text(e.name); sink.text(e.kind); sink.text(e.industry?.rawValue); sink.text(e.region)
        sink.date(e.established); sink.text(e.status.rawValue)
        sink.flag(e.onAbnormalList); sink.flag(e.onSeriousList); sink.flag(e.isDishonestDebtor)
        sink.text(e.phone); sink.text(e.legalRepresentative); sink.text(extra)
    }

    static func enterprise(_ row: Row) -> Enterprise? {
        let uscc = UnifiedSocialCreditCode(trusted: row["uscc"])
        return Enterprise(
            uscc: uscc, name: row["name"], kind: row["kind"], industry: (row["industry"] as String?).flatMap(IndustryCode.init),
            region: row["region"], established: (row["established"] as String?).flatMap(CalendarDate.init(iso:)),
            status: RegistrationStatus(rawValue: row["status"]) ?? .existing, onAbnormalList: row["abnormal"],
            onSeriousList: row["serious"], isDishonestDebtor: row["dishonest_debtor"], phone: row["phone"],
            legalRepresentative: row["legal_rep"])
    }

    static let inspectorKey = ["certificate_no"]
    static let inspectorValues = ["name", "department", "region", "fields", "on_duty", "extra"]

    static func write(_ i: Inspector, extra: String?, to sink: inout PackedColumns) {
        sink.text(i.certificateNumber)
        sink.endOfKey()
        sink.text(i.name); sink.text(i.department); sink.text(i.region); sink.text(String(i.fields))
        sink.flag(i.isOnDuty); sink.text(extra)
    }

    static func inspector(_ row: Row) -> Inspector {
        Inspector(certificateNumber: row["certificate_no"], name: row["name"], department: row["department"],
                  region: row["region"], fields: Array(row["fields"] as String), isOnDuty: row["on_duty"])
    }

    static let conflictKey = ["certificate_no", "uscc"]
    static let conflictValues = ["reason", "extra"]

    static func write(_ c: Conflict, extra: String?, to sink: inout PackedColumns) {
        sink.text(c.certificateNumber); sink.text(c.uscc.rawValue)
        sink.endOfKey()
        sink.text(c.reason); sink.text(extra)
    }

    static let triggerKey = ["uscc", "reference"]
    static let triggerValues = ["trigger_kind", "trigger_date", "extra"]

    static func write(_ t: InspectionTrigger, extra: String?, to sink: inout PackedColumns) {
        sink.text(t.uscc.rawValue); sink.text(t.reference)
        sink.endOfKey()
        sink.text(t.kind.rawValue); sink.date(t.date); sink.text(extra)
    }

    static let recordKey = ["category", "document_no"]
    static let recordValues = [
        "uscc", "subject_name", "subject_kind", "decision_date", "agency", "agency_code", "source_unit", "report_date",
        "remark", "extra",
        "lic_document_name", "lic_kind", "lic_certificate_name", "lic_number", "lic_content", "lic_valid_from",
        "lic_valid_to", "lic_status",
        "pen_violation", "pen_facts", "pen_basis", "pen_types", "pen_content", "pen_fine_fen", "pen_confiscation_fen",
        "pen_licence", "pen_procedure", "pen_domain", "pen_severity", "pen_declared_end",
        "coe_measure", "coe_until", "coe_status",
        "rew_name", "rew_level", "rew_form",
        "con_item", "con_result",
        "adj_matter", "adj_result", "adj_at_fault",
        "ins_kind", "ins_item", "ins_result",
    ]

    /// The prefix of each category's own columns in `recordValues`.
    static func recordColumnPrefix(_ category: RecordCategory) -> String {
        switch category {
        case .licensing: "lic_"
        case .penalty: "pen_"
        case .coercion: "coe_"
        case .reward: "rew_"
        case .confirmation: "con_"
        case .adjudication: "adj_"
        case .inspection: "ins_"
        }
    }

    /// The value columns a record of `category` can fill: the common ones and its own (the
    /// other categories' are always NULL).
    static func recordValues(of category: RecordCategory) -> [String] {
        let others = RecordCategory.allCases.filter { $0 != category }.map(recordColumnPrefix)
        return recordValues.filter { column in !others.contains { column.hasPrefix($0) } }
    }

    static func write(_ r: EnforcementRecord, extra: String?, to sink: inout PackedColumns) {
        sink.text(r.category.rawValue); sink.text(r.documentNumber)
        sink.endOfKey()
        sink.text(r.uscc.rawValue); sink.text(r.subjectName); sink.text(r.subjectKind.rawValue); sink.date(r.decisionDate)
        sink.text(r.agency); sink.text(r.agencyCode); sink.text(r.sourceUnit); sink.date(r.reportDate); sink.text(r.remark)
        sink.text(extra)
        // The category columns (from "lic_document_name"): 8 licensing, 12 penalty, 3 coercion,
        // 3 reward, 2 confirmation, 3 adjudication, 3 inspection; the other categories' are NULL.
        switch r.details {
        case .licensing(let l):
            sink.text(l.documentName); sink.text(l.kind?.rawValue); sink.text(l.certificateName); sink.text(l.licenceNumber)
            sink.text(l.content); sink.date(l.validFrom); sink.date(l.validTo); sink.text(l.status.rawValue)
            sink.nulls(26)
        case .penalty(let p):
            sink.nulls(8)
            sink.text(p.violationType); sink.text(p.facts); sink.text(p.basis)
            sink.text(p.types.map(\.rawValue).joined(separator: ";")); sink.text(p.content)
            sink.integer(p.fine?.fen); sink.integer(p.confiscation?.fen); sink.text(p.licenceAffected)
            sink.text(p.procedure.rawValue); sink.text(p.domain.rawValue); sink.text(p.severity?.rawValue)
            sink.date(p.declaredPublicationEnd)
            sink.nulls(14)
        case .coercion(let c):
            sink.nulls(20)
            sink.text(c.measure.rawValue); sink.date(c.until); sink.text(c.status.rawValue)
            sink.nulls(11)
        case .reward(let w):
            sink.nulls(23)
            sink.text(w.name); sink.text(w.level?.rawValue); sink.text(w.form)
            sink.nulls(8)
        case .confirmation(let c):
            sink.nulls(26)
            sink.text(c.item); sink.text(c.result)
            sink.nulls(6)
        case .adjudication(let a):
            sink.nulls(28)
            sink.text(a.matter); sink.text(a.result); sink.integer(a.atFault.map { $0 ? 1 : 0 })
            sink.nulls(3)
        case .inspection(let i):
            sink.nulls(31)
            sink.text(i.kind.rawValue); sink.text(i.item); sink.text(i.result.rawValue)
        }
    }

    /// Reads a stored record back into the domain type (trusting stored values: they were
    /// validated on the way in and constrained by the schema).
    static func record(_ row: Row) -> EnforcementRecord? {
        typealias R = EnforcementRecord
        guard let category = RecordCategory(rawValue: row["category"]),
              case let uscc = UnifiedSocialCreditCode(trusted: row["uscc"]),
              let decided = CalendarDate(iso: row["decision_date"]) else { return nil }
        func date(_ column: String) -> CalendarDate? { (row[column] as String?).flatMap(CalendarDate.init(iso:)) }
        let details: R.Details
        switch category {
        case .licensing:
            details = .licensing(R.Licensing(
                documentName: row["lic_document_name"], kind: (row["lic_kind"] as String?).flatMap(R.LicenceKind.init),
                certificateName: row["lic_certificate_name"], licenceNumber: row["lic_number"], content: row["lic_content"],
                validFrom: date("lic_valid_from"), validTo: date("lic_valid_to"),
                status: R.LicenceStatus(rawValue: row["lic_status"] ?? "") ?? .valid))
        case .penalty:
            let types = (row["pen_types"] as String? ?? "").split(separator: ";").compactMap { PenaltyType(rawValue: String($0)) }
            details = .penalty(R.Penalty(
                violationType: row["pen_violation"], facts: row["pen_facts"], basis: row["pen_basis"], types: types,
                content: row["pen_content"], fine: (row["pen_fine_fen"] as Int64?).map(Amount.init(fen:)),
                confiscation: (row["pen_confiscation_fen"] as Int64?).map(Amount.init(fen:)),
                licenceAffected: row["pen_licence"],
                procedure: R.PenaltyProcedure(rawValue: row["pen_procedure"] ?? "") ?? .ordinary,
                domain: R.PenaltyDomain(rawValue: row["pen_domain"] ?? "") ?? .other,
                severity: (row["pen_severity"] as String?).flatMap(R.DishonestySeverity.init),
                declaredPublicationEnd: date("pen_declared_end")))
        case .coercion:
            details = .coercion(R.Coercion(measure: R.CoercionMeasure(rawValue: row["coe_measure"] ?? "") ?? .other,
                                           until: date("coe_until"),
                                           status: R.CoercionStatus(rawValue: row["coe_status"] ?? "") ?? .inForce))
        case .reward:
            details = .reward(R.Reward(name: row["rew_name"] ?? "", level: (row["rew_level"] as String?).flatMap(R.RewardLevel.init),
                                       form: row["rew_form"]))
        case .confirmation:
            details = .confirmation(R.Confirmation(item: row["con_item"] ?? "", result: row["con_result"]))
        case .adjudication:
            details = .adjudication(R.Adjudication(matter: row["adj_matter"] ?? "", result: row["adj_result"],
                                                   atFault: row["adj_at_fault"]))
        case .inspection:
            details = .inspection(R.Inspection(kind: R.InspectionKind(rawValue: row["ins_kind"] ?? "") ?? .doubleRandom,
                                               item: row["ins_item"],
                                               result: InspectionResult(rawValue: row["ins_result"] ?? "") ?? .noProblem))
        }
        return EnforcementRecord(
            documentNumber: row["document_no"], subjectName: row["subject_name"],
            subjectKind: R.SubjectKind(rawValue: row["subject_kind"]) ?? .organisation, uscc: uscc, decisionDate: decided,
            agency: row["agency"], agencyCode: row["agency_code"], sourceUnit: row["source_unit"],
            reportDate: date("report_date"), remark: row["remark"], details: details)
    }
}
