import CreditCore
import GRDB

/// How each domain value maps to the columns of its table, both ways. One place, so the
/// importer, the queries and the schema agree.
enum StoredColumns {
    static let enterpriseKey = ["uscc"]
    static let enterpriseValues = ["name", "kind", "industry", "region", "established", "status", "abnormal",
                                   "serious", "dishonest_debtor", "phone", "legal_rep", "extra"]

    static func values(_ e: Enterprise, extra: String?) -> (key: [DatabaseValue], values: [DatabaseValue]) {
        ([e.uscc.rawValue.databaseValue],
         [e.name.databaseValue, e.kind.databaseValue, e.industry?.rawValue.databaseValue ?? .null,
          e.region.databaseValue, e.established?.description.databaseValue ?? .null, e.status.rawValue.databaseValue,
          e.onAbnormalList.databaseValue, e.onSeriousList.databaseValue, e.isDishonestDebtor.databaseValue,
          e.phone.databaseValue, e.legalRepresentative.databaseValue, extra.databaseValue])
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

    static func values(_ i: Inspector, extra: String?) -> (key: [DatabaseValue], values: [DatabaseValue]) {
        ([i.certificateNumber.databaseValue],
         [i.name.databaseValue, i.department.databaseValue, i.region.databaseValue,
          String(i.fields).databaseValue, i.isOnDuty.databaseValue, extra.databaseValue])
    }

    static func inspector(_ row: Row) -> Inspector {
        Inspector(certificateNumber: row["certificate_no"], name: row["name"], department: row["department"],
                  region: row["region"], fields: Array(row["fields"] as String), isOnDuty: row["on_duty"])
    }

    static let conflictKey = ["certificate_no", "uscc"]
    static let conflictValues = ["reason", "extra"]

    static func values(_ c: Conflict, extra: String?) -> (key: [DatabaseValue], values: [DatabaseValue]) {
        ([c.certificateNumber.databaseValue, c.uscc.rawValue.databaseValue], [c.reason.databaseValue, extra.databaseValue])
    }

    static let triggerKey = ["uscc", "reference"]
    static let triggerValues = ["trigger_kind", "trigger_date", "extra"]

    static func values(_ t: InspectionTrigger, extra: String?) -> (key: [DatabaseValue], values: [DatabaseValue]) {
        ([t.uscc.rawValue.databaseValue, t.reference.databaseValue],
         [t.kind.rawValue.databaseValue, t.date.description.databaseValue, extra.databaseValue])
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

    static func values(_ r: EnforcementRecord, extra: String?) -> (key: [DatabaseValue], values: [DatabaseValue]) {
        var v: [DatabaseValue] = [
            r.uscc.rawValue.databaseValue, r.subjectName.databaseValue, r.subjectKind.rawValue.databaseValue,
            r.decisionDate.description.databaseValue, r.agency.databaseValue, r.agencyCode.databaseValue,
            r.sourceUnit.databaseValue, r.reportDate?.description.databaseValue ?? .null, r.remark.databaseValue,
            extra.databaseValue,
        ]
        v.reserveCapacity(recordValues.count)
        // Category columns, indexed from "lic_document_name" (position 10 of recordValues).
        var category = [DatabaseValue](repeating: .null, count: recordValues.count - v.count)
        func date(_ d: CalendarDate?) -> DatabaseValue { d?.description.databaseValue ?? .null }
        switch r.details {
        case .licensing(let l):
            category[0] = l.documentName.databaseValue; category[1] = (l.kind?.rawValue).databaseValue
            category[2] = l.certificateName.databaseValue; category[3] = l.licenceNumber.databaseValue
            category[4] = l.content.databaseValue; category[5] = date(l.validFrom); category[6] = date(l.validTo)
            category[7] = l.status.rawValue.databaseValue
        case .penalty(let p):
            category[8] = p.violationType.databaseValue; category[9] = p.facts.databaseValue
            category[10] = p.basis.databaseValue; category[11] = p.types.map(\.rawValue).joined(separator: ";").databaseValue
            category[12] = p.content.databaseValue; category[13] = (p.fine?.fen).databaseValue
            category[14] = (p.confiscation?.fen).databaseValue; category[15] = p.licenceAffected.databaseValue
            category[16] = p.procedure.rawValue.databaseValue; category[17] = p.domain.rawValue.databaseValue
            category[18] = (p.severity?.rawValue).databaseValue; category[19] = date(p.declaredPublicationEnd)
        case .coercion(let c):
            category[20] = c.measure.rawValue.databaseValue; category[21] = date(c.until)
            category[22] = c.status.rawValue.databaseValue
        case .reward(let w):
            category[23] = w.name.databaseValue; category[24] = (w.level?.rawValue).databaseValue
            category[25] = w.form.databaseValue
        case .confirmation(let c):
            category[26] = c.item.databaseValue; category[27] = c.result.databaseValue
        case .adjudication(let a):
            category[28] = a.matter.databaseValue; category[29] = a.result.databaseValue
            category[30] = a.atFault.databaseValue
        case .inspection(let i):
            category[31] = i.kind.rawValue.databaseValue; category[32] = i.item.databaseValue
            category[33] = i.result.rawValue.databaseValue
        }
        return ([r.category.rawValue.databaseValue, r.documentNumber.databaseValue], v + category)
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
