import CreditCore
import CreditStore

/// How each domain value is packed into the columns of its table, by column name (the tables'
/// descriptions, `TableColumns.swift`); `StoredColumns` reads them back. A column a value does
/// not set stays NULL.
enum StoredRows {
    static func write(_ e: Enterprise, extra: String?, to row: inout PackedColumns.RowSink<EnterpriseColumn>) {
        row.text(.uscc, e.uscc.rawValue)
        row.text(.name, e.name); row.text(.kind, e.kind); row.text(.industry, e.industry?.rawValue); row.text(.region, e.region)
        row.date(.established, e.established); row.text(.status, e.status.rawValue)
        row.flag(.abnormal, e.onAbnormalList); row.flag(.serious, e.onSeriousList); row.flag(.dishonestDebtor, e.isDishonestDebtor)
        row.text(.phone, e.phone); row.text(.legalRep, e.legalRepresentative); row.text(.extra, extra)
    }

    static func write(_ i: Inspector, extra: String?, to row: inout PackedColumns.RowSink<InspectorColumn>) {
        row.text(.certificateNo, i.certificateNumber)
        row.text(.name, i.name); row.text(.department, i.department); row.text(.region, i.region)
        row.text(.fields, String(i.fields)); row.flag(.onDuty, i.isOnDuty); row.text(.extra, extra)
    }

    static func write(_ c: Conflict, extra: String?, to row: inout PackedColumns.RowSink<ConflictColumn>) {
        row.text(.certificateNo, c.certificateNumber); row.text(.uscc, c.uscc.rawValue)
        row.text(.reason, c.reason); row.text(.extra, extra)
    }

    static func write(_ t: InspectionTrigger, extra: String?, to row: inout PackedColumns.RowSink<TriggerColumn>) {
        row.text(.uscc, t.uscc.rawValue); row.text(.reference, t.reference)
        row.text(.triggerKind, t.kind.rawValue); row.date(.triggerDate, t.date); row.text(.extra, extra)
    }

    static func write(_ r: EnforcementRecord, extra: String?, to row: inout PackedColumns.RowSink<RecordColumn>) {
        row.text(.uscc, r.uscc.rawValue); row.text(.category, r.category.rawValue); row.text(.agencyKey, r.agencyKey)
        row.text(.documentNo, r.documentNumber)
        row.text(.subjectName, r.subjectName); row.text(.subjectKind, r.subjectKind.rawValue); row.date(.decisionDate, r.decisionDate)
        row.text(.agency, r.agency); row.text(.agencyCode, r.agencyCode); row.text(.sourceUnit, r.sourceUnit)
        row.date(.reportDate, r.reportDate); row.text(.remark, r.remark); row.text(.extra, extra)
        switch r.details {
        case .licensing(let l):
            row.text(.licDocumentName, l.documentName); row.text(.licKind, l.kind?.rawValue)
            row.text(.licCertificateName, l.certificateName); row.text(.licNumber, l.licenceNumber); row.text(.licContent, l.content)
            row.date(.licValidFrom, l.validFrom); row.date(.licValidTo, l.validTo); row.text(.licStatus, l.status.rawValue)
        case .penalty(let p):
            row.text(.penViolation, p.violationType); row.text(.penFacts, p.facts); row.text(.penBasis, p.basis)
            row.text(.penTypes, p.types.map(\.rawValue).joined(separator: ";")); row.text(.penContent, p.content)
            row.integer(.penFineFen, p.fine?.fen); row.integer(.penConfiscationFen, p.confiscation?.fen)
            row.text(.penLicence, p.licenceAffected); row.text(.penProcedure, p.procedure.rawValue)
            row.text(.penDomain, p.domain.rawValue); row.text(.penSeverity, p.severity?.rawValue)
            row.date(.penDeclaredEnd, p.declaredPublicationEnd); row.date(.penPublicationDate, p.publicationDate)
        case .coercion(let c):
            row.text(.coeMeasure, c.measure.rawValue); row.date(.coeUntil, c.until); row.text(.coeStatus, c.status.rawValue)
        case .reward(let w):
            row.text(.rewName, w.name); row.text(.rewLevel, w.level?.rawValue); row.text(.rewForm, w.form)
        case .confirmation(let c):
            row.text(.conItem, c.item); row.text(.conResult, c.result)
        case .adjudication(let a):
            row.text(.adjMatter, a.matter); row.text(.adjResult, a.result); row.integer(.adjAtFault, a.atFault.map { $0 ? 1 : 0 })
        case .inspection(let i):
            row.text(.insKind, i.kind.rawValue); row.text(.insItem, i.item); row.text(.insResult, i.result.rawValue)
        }
    }
}

extension StoredRows {
    static func write(_ l: Listing, extra: String?, to row: inout PackedColumns.RowSink<ListingColumn>) {
        row.text(.uscc, l.uscc.rawValue); row.text(.listKind, l.kind.rawValue); row.text(.agencyKey, l.agencyKey)
        row.text(.documentNo, l.documentNumber)
        row.text(.subjectName, l.subjectName); row.date(.listedOn, l.listedOn); row.text(.reasonCategory, l.reason.category)
        row.text(.reasonText, l.reasonText); row.text(.agency, l.agency); row.text(.agencyCode, l.agencyCode)
        row.date(.removedOn, l.removedOn); row.text(.removalReason, l.removalReason); row.text(.removalAgency, l.removalAgency)
        row.date(.reportDate, l.reportDate); row.text(.remark, l.remark); row.text(.extra, extra)
    }

    static func write(_ c: Commitment, extra: String?, to row: inout PackedColumns.RowSink<CommitmentColumn>) {
        row.text(.uscc, c.uscc.rawValue); row.text(.agencyKey, c.agencyKey); row.text(.documentNo, c.documentNumber)
        row.text(.subjectName, c.subjectName); row.text(.itemCode, c.itemCode); row.text(.itemName, c.itemName)
        row.date(.committedOn, c.committedOn); row.text(.agency, c.agency); row.text(.agencyCode, c.agencyCode)
        row.date(.checkDue, c.checkDue); row.date(.checkedOn, c.checkedOn); row.text(.outcome, c.outcome?.rawValue)
        row.date(.reportDate, c.reportDate); row.text(.remark, c.remark); row.text(.extra, extra)
    }
}

/// The tables' own column orders, as the bulk writer packs and inserts them.
enum Layouts {
    static let enterprise = TableLayout<EnterpriseColumn>()
    static let inspector = TableLayout<InspectorColumn>()
    static let conflict = TableLayout<ConflictColumn>()
    static let trigger = TableLayout<TriggerColumn>()
    static let record = TableLayout<RecordColumn>()
    static let listing = TableLayout<ListingColumn>()
    static let commitment = TableLayout<CommitmentColumn>()
}
