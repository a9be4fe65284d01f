import CreditCore
import GRDB

/// Stored rows read back into domain values, by the column names of the tables' descriptions
/// (`TableColumns.swift`); the importer packs them the other way (`CreditIngest`). Stored values
/// are trusted: they were validated on the way in and are constrained by the schema.
package enum StoredColumns {
    package static func enterprise(_ row: Row) -> Enterprise? {
        typealias C = EnterpriseColumn
        let uscc = UnifiedSocialCreditCode(trusted: row[C.uscc.sqlName])
        return Enterprise(
            uscc: uscc, name: row[C.name.sqlName], kind: row[C.kind.sqlName], industry: (row[C.industry.sqlName] as String?).flatMap { IndustryCode($0) },
            region: row[C.region.sqlName], established: (row[C.established.sqlName] as String?).flatMap(CalendarDate.init(iso:)),
            status: RegistrationStatus(rawValue: row[C.status.sqlName]) ?? .existing, onAbnormalList: row[C.abnormal.sqlName],
            onSeriousList: row[C.serious.sqlName], isDishonestDebtor: row[C.dishonestDebtor.sqlName], phone: row[C.phone.sqlName],
            legalRepresentative: row[C.legalRep.sqlName])
    }

    package static func inspector(_ row: Row) -> Inspector {
        typealias C = InspectorColumn
        return Inspector(certificateNumber: row[C.certificateNo.sqlName], name: row[C.name.sqlName], department: row[C.department.sqlName],
                         region: row[C.region.sqlName], fields: Array(row[C.fields.sqlName] as String), isOnDuty: row[C.onDuty.sqlName])
    }

    /// The stored records a query selects (its columns include the record table's), read back
    /// into the domain type with the columns' positions found once for the statement.
    package static func records(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [EnforcementRecord] {
        let statement = try db.cachedStatement(sql: sql)
        let columns = ColumnIndexes<RecordColumn>(statement.columnNames)
        var records: [EnforcementRecord] = []
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            if let record = record(row, columns: columns) { records.append(record) }
        }
        return records
    }

    /// Reads a stored record back into the domain type, with the columns' positions found once
    /// for a whole query (`ColumnIndexes(statement.columnNames)`): a row's lookup by name compares
    /// lower-cased names, which over a record's ~30 columns cost more than the rest of reading it.
    package static func record(_ row: Row, columns: ColumnIndexes<RecordColumn>) -> EnforcementRecord? {
        typealias R = EnforcementRecord
        typealias C = RecordColumn
        // One reader per type, not a generic one: a concrete `String?` takes GRDB's direct
        // column read, a generic value went through `DatabaseValue` and metadata lookups.
        func value(_ column: C) -> String? { columns[column].flatMap { row[$0] as String? } }
        func value(_ column: C) -> Int64? { columns[column].flatMap { row[$0] as Int64? } }
        func value(_ column: C) -> Bool? { columns[column].flatMap { row[$0] as Bool? } }
        guard let category = RecordCategory(rawValue: value(.category) ?? ""),
              case let uscc = UnifiedSocialCreditCode(trusted: value(.uscc) ?? ""),
              let decided = CalendarDate(iso: value(.decisionDate) ?? "") else { return nil }
        func date(_ column: C) -> CalendarDate? { (value(column) as String?).flatMap(CalendarDate.init(iso:)) }
        func text(_ column: C) -> String? { value(column) as String? }
        let details: R.Details
        switch category {
        case .licensing:
            details = .licensing(R.Licensing(
                documentName: text(.licDocumentName), kind: text(.licKind).flatMap(R.LicenceKind.init),
                certificateName: text(.licCertificateName), licenceNumber: text(.licNumber), content: text(.licContent),
                validFrom: date(.licValidFrom), validTo: date(.licValidTo),
                status: R.LicenceStatus(rawValue: text(.licStatus) ?? "") ?? .valid))
        case .penalty:
            let types = (text(.penTypes) ?? "").split(separator: ";").compactMap { PenaltyType(rawValue: String($0)) }
            details = .penalty(R.Penalty(
                violationType: text(.penViolation), facts: text(.penFacts), basis: text(.penBasis), types: types,
                content: text(.penContent), fine: (value(.penFineFen) as Int64?).map(Amount.init(fen:)),
                confiscation: (value(.penConfiscationFen) as Int64?).map(Amount.init(fen:)),
                licenceAffected: text(.penLicence),
                procedure: R.PenaltyProcedure(rawValue: text(.penProcedure) ?? "") ?? .ordinary,
                domain: R.PenaltyDomain(rawValue: text(.penDomain) ?? "") ?? .other,
                severity: text(.penSeverity).flatMap(R.DishonestySeverity.init),
                declaredPublicationEnd: date(.penDeclaredEnd), publicationDate: date(.penPublicationDate)))
        case .coercion:
            details = .coercion(R.Coercion(measure: R.CoercionMeasure(rawValue: text(.coeMeasure) ?? "") ?? .other,
                                           until: date(.coeUntil),
                                           status: R.CoercionStatus(rawValue: text(.coeStatus) ?? "") ?? .inForce))
        case .reward:
            details = .reward(R.Reward(name: text(.rewName) ?? "", level: text(.rewLevel).flatMap(R.RewardLevel.init),
                                       form: text(.rewForm)))
        case .confirmation:
            details = .confirmation(R.Confirmation(item: text(.conItem) ?? "", result: text(.conResult)))
        case .adjudication:
            details = .adjudication(R.Adjudication(matter: text(.adjMatter) ?? "", result: text(.adjResult),
                                                   atFault: value(.adjAtFault)))
        case .inspection:
            details = .inspection(R.Inspection(kind: R.InspectionKind(rawValue: text(.insKind) ?? "") ?? .doubleRandom,
                                               item: text(.insItem),
                                               result: InspectionResult(rawValue: text(.insResult) ?? "") ?? .noProblem))
        }
        return EnforcementRecord(
            documentNumber: value(.documentNo) ?? "", subjectName: value(.subjectName) ?? "",
            subjectKind: R.SubjectKind(rawValue: value(.subjectKind) ?? "") ?? .organisation, uscc: uscc, decisionDate: decided,
            agency: value(.agency) ?? "", agencyCode: text(.agencyCode), sourceUnit: text(.sourceUnit),
            reportDate: date(.reportDate), remark: text(.remark), details: details)
    }

    /// Reads a stored listing back, with the columns' positions found once for the query
    /// (a lookup by name lower-cases and compares names on every read).
    package static func listing(_ row: Row, columns: ColumnIndexes<ListingColumn>) -> Listing? {
        typealias C = ListingColumn
        func text(_ column: C) -> String? { columns[column].flatMap { row[$0] as String? } }
        func date(_ column: C) -> CalendarDate? { text(column).flatMap(CalendarDate.init(iso:)) }
        guard let kind = text(.listKind).flatMap(ListKind.init(rawValue:)), let listed = date(.listedOn),
              let reason = ListingReason(kind: kind, category: text(.reasonCategory) ?? "") else { return nil }
        return Listing(kind: kind, uscc: UnifiedSocialCreditCode(trusted: text(.uscc) ?? ""), subjectName: text(.subjectName) ?? "",
                       documentNumber: text(.documentNo), listedOn: listed, reason: reason, reasonText: text(.reasonText),
                       agency: text(.agency) ?? "", agencyCode: text(.agencyCode), removedOn: date(.removedOn),
                       removalReason: text(.removalReason), removalAgency: text(.removalAgency),
                       reportDate: date(.reportDate), remark: text(.remark))
    }

    /// Reads a stored commitment back, with the columns' positions found once for the query.
    package static func commitment(_ row: Row, columns: ColumnIndexes<CommitmentColumn>) -> Commitment? {
        typealias C = CommitmentColumn
        func text(_ column: C) -> String? { columns[column].flatMap { row[$0] as String? } }
        func date(_ column: C) -> CalendarDate? { text(column).flatMap(CalendarDate.init(iso:)) }
        guard let committed = date(.committedOn) else { return nil }
        return Commitment(uscc: UnifiedSocialCreditCode(trusted: text(.uscc) ?? ""), subjectName: text(.subjectName) ?? "",
                          documentNumber: text(.documentNo), itemName: text(.itemName) ?? "", itemCode: text(.itemCode) ?? "",
                          committedOn: committed, agency: text(.agency) ?? "", agencyCode: text(.agencyCode),
                          checkDue: date(.checkDue), checkedOn: date(.checkedOn),
                          outcome: text(.outcome).flatMap(CommitmentOutcome.init(rawValue:)),
                          reportDate: date(.reportDate), remark: text(.remark))
    }
}

/// Where each of a table's columns sits in a query's result, found once per statement.
package struct ColumnIndexes<Column: TableColumn>: Sendable {
    private let positions: [Int?]

    /// - Parameter columnNames: the result's column names (`Statement.columnNames`, `Row.columnNames`).
    package init<Names: Collection<String>>(_ columnNames: Names) {
        var byName: [String: Int] = [:]
        for (i, name) in columnNames.enumerated() where byName[name.lowercased()] == nil { byName[name.lowercased()] = i }
        positions = Column.allCases.map { byName[$0.sqlName.lowercased()] }
    }

    package subscript(column: Column) -> Int? { positions[column.rawValue] }
}
