/// A row that breaks the data contract: which field and why, in words a clerk can act on.
public struct RowProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var reason: String
    public init(field: String, reason: String) { self.field = field; self.reason = reason }
    public var description: String { "\(field): \(reason)" }
}

/// A row turned into a domain value.
public enum DecodedRow: Sendable {
    case enterprise(Enterprise)
    case inspector(Inspector)
    case conflict(Conflict)
    case trigger(InspectionTrigger)
    case record(EnforcementRecord)
    /// A 自然人 row: skipped and counted, never stored.
    case naturalPerson
}

/// Turns the trimmed fields of one CSV row into a typed value, validating every field per
/// `data-format.md`. Pure: the caller reads files and stores results.
public struct RowDecoder: Sendable {
    public let header: HeaderMap
    public let allowList: Set<String>
    /// Dates after this day are rejected ("not in the future").
    public let today: CalendarDate

    public init(header: HeaderMap, allowList: Set<String> = [], today: CalendarDate) {
        self.header = header; self.allowList = allowList; self.today = today
    }

    /// The decoded value and any non-fatal warnings (e.g. an allow-listed code).
    public struct Output: Sendable {
        public var row: DecodedRow
        public var warnings: [RowProblem]
    }

    public func decode(_ fields: [String]) throws(RowProblem) -> Output {
        guard fields.count == header.columnCount else {
            throw RowProblem(field: "(row)",
                             reason: "has \(fields.count) fields, the header has \(header.columnCount)")
        }
        var reader = FieldReader(fields: fields, columns: header.columnByField, allowList: allowList, today: today)
        let row: DecodedRow
        switch header.kind {
        case .enterprises: row = .enterprise(try reader.enterprise())
        case .inspectors: row = .inspector(try reader.inspector())
        case .conflicts: row = .conflict(try reader.conflict())
        case .triggers: row = .trigger(try reader.trigger())
        case .records(let category):
            if let record = try reader.record(category) { row = .record(record) } else { row = .naturalPerson }
        }
        return Output(row: row, warnings: reader.warnings)
    }

    /// Extra (unknown) columns of a row, kept with the stored record.
    public func extras(_ fields: [String]) -> [(name: String, value: String)] {
        header.unknownColumns.compactMap { column in
            column.index < fields.count && !fields[column.index].isEmpty ? (column.name, fields[column.index]) : nil
        }
    }

    /// Best-effort 数据来源单位 of a row that failed, so the quality report can name its unit.
    public func sourceUnitHint(_ fields: [String]) -> String? {
        for field in [Field.sourceUnit, .agency] {
            if let i = header.index(field), i < fields.count, !fields[i].isEmpty { return fields[i] }
        }
        return nil
    }

    /// Best-effort decision date of a row that failed (for the quality report's month filter).
    public func decisionDateHint(_ fields: [String]) -> CalendarDate? {
        guard let i = header.index(.decisionDate), i < fields.count else { return nil }
        return CalendarDate(parsing: fields[i])
    }

    /// Best-effort 决定文书号 of a row that failed.
    public func documentNumberHint(_ fields: [String]) -> String? {
        guard let i = header.index(.documentNumber), i < fields.count, !fields[i].isEmpty else { return nil }
        return fields[i]
    }
}

/// Reads named fields of one row with the contract's rules.
struct FieldReader {
    let fields: [String]
    /// Column index per `Field.ordinal`, -1 when the file lacks the column.
    let columns: [Int]
    let allowList: Set<String>
    let today: CalendarDate
    var warnings: [RowProblem] = []

    init(fields: [String], columns: [Int], allowList: Set<String>, today: CalendarDate) {
        self.fields = fields; self.columns = columns; self.allowList = allowList; self.today = today
    }

    func text(_ field: Field) -> String? {
        let i = columns[field.ordinal]
        guard i >= 0 else { return nil }
        let value = fields[i]
        return value.isEmpty ? nil : value
    }

    func required(_ field: Field) throws(RowProblem) -> String {
        guard let value = text(field) else { throw RowProblem(field: field.rawValue, reason: "is required but empty") }
        return value
    }

    mutating func uscc(_ field: Field = .uscc) throws(RowProblem) -> UnifiedSocialCreditCode {
        let value = try required(field)
        do {
            let code = try UnifiedSocialCreditCode(value, allowList: allowList)
            for warning in code.warnings { warnings.append(RowProblem(field: field.rawValue, reason: warning.description)) }
            return code
        } catch {
            throw RowProblem(field: field.rawValue, reason: error.description)
        }
    }

    func date(_ field: Field, notAfterToday: Bool = true) throws(RowProblem) -> CalendarDate? {
        guard let value = text(field) else { return nil }
        guard let date = CalendarDate(parsing: value) else {
            throw RowProblem(field: field.rawValue, reason: "'\(value)' is not a date (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD or YYYY年M月D日)")
        }
        if notAfterToday, date > today {
            throw RowProblem(field: field.rawValue, reason: "\(date) is in the future (today is \(today))")
        }
        return date
    }

    func bool(_ field: Field) throws(RowProblem) -> Bool? {
        guard let value = text(field) else { return nil }
        switch value.lowercased() {
        case "是", "y", "yes", "1", "true": return true
        case "否", "n", "no", "0", "false": return false
        default: throw RowProblem(field: field.rawValue, reason: "'\(value)' is not a boolean (是/否, Y/N, 1/0, true/false)")
        }
    }

    func choice<E: RawRepresentable & CaseIterable>(_ field: Field, _ type: E.Type) throws(RowProblem) -> E?
    where E.RawValue == String {
        guard let value = text(field) else { return nil }
        guard let e = E(rawValue: value) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: "/")
            throw RowProblem(field: field.rawValue, reason: "'\(value)' is not one of \(allowed)")
        }
        return e
    }

    func amount(_ field: Field) throws(RowProblem) -> Amount? {
        guard let value = text(field) else { return nil }
        do { return try Amount(wanYuan: value) } catch { throw RowProblem(field: field.rawValue, reason: error.description) }
    }

    func region(_ field: Field) throws(RowProblem) -> String? {
        guard let value = text(field) else { return nil }
        guard value.utf8.count == 6, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw RowProblem(field: field.rawValue, reason: "'\(value)' is not a 6-digit administrative division code")
        }
        return value
    }

    // MARK: Registers

    mutating func enterprise() throws(RowProblem) -> Enterprise {
        let code = try uscc()
        let name = try required(.enterpriseName)
        var industry: IndustryCode?
        if let raw = text(.industry) {
            guard let parsed = IndustryCode(raw) else {
                throw RowProblem(field: Field.industry.rawValue, reason: "'\(raw)' is not a GB/T 4754 code (section letter A-T and up to 4 digits)")
            }
            industry = parsed
        }
        let phone = text(.phone)
        if let phone, !phone.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 43 || $0 == 32 }) || phone.utf8.count > 20 {
            throw RowProblem(field: Field.phone.rawValue, reason: "'\(phone)' is not a phone number (digits, '-', '+')")
        }
        return Enterprise(
            uscc: code, name: name, kind: text(.enterpriseKind), industry: industry, region: try region(.region),
            established: try date(.established), status: try choice(.registrationStatus, RegistrationStatus.self) ?? .existing,
            onAbnormalList: try bool(.abnormalList) ?? false, onSeriousList: try bool(.seriousList) ?? false,
            isDishonestDebtor: try bool(.dishonestDebtor) ?? false, phone: phone, legalRepresentative: text(.legalRepresentative))
    }

    func inspector() throws(RowProblem) -> Inspector {
        let number = try required(.certificateNumber)
        var sections: [Character] = []
        if let raw = text(.fields) {
            for part in raw.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "," || $0 == "、" }) {
                let letter = part.trimmingDataWhitespace().uppercased()
                guard letter.count == 1, let c = letter.first, c >= "A", c <= "T" else {
                    throw RowProblem(field: Field.fields.rawValue, reason: "'\(part)' is not a GB/T 4754 section letter A-T")
                }
                if !sections.contains(c) { sections.append(c) }
            }
        }
        var onDuty = true
        if let status = text(.dutyStatus) {
            switch status {
            case "在岗": onDuty = true
            case "离岗": onDuty = false
            default: throw RowProblem(field: Field.dutyStatus.rawValue, reason: "'\(status)' is not 在岗/离岗")
            }
        }
        return Inspector(certificateNumber: number, name: try required(.inspectorName), department: try required(.department),
                         region: try region(.region), fields: sections.sorted(), isOnDuty: onDuty)
    }

    mutating func conflict() throws(RowProblem) -> Conflict {
        Conflict(certificateNumber: try required(.certificateNumber), uscc: try uscc(), reason: text(.conflictReason))
    }

    mutating func trigger() throws(RowProblem) -> InspectionTrigger {
        let code = try uscc()
        guard let kind = try choice(.triggerKind, InspectionTrigger.Kind.self) else {
            throw RowProblem(field: Field.triggerKind.rawValue, reason: "is required but empty")
        }
        guard let date = try date(.triggerDate) else { throw RowProblem(field: Field.triggerDate.rawValue, reason: "is required but empty") }
        return InspectionTrigger(uscc: code, kind: kind, reference: try required(.triggerReference), date: date)
    }

    // MARK: Records

    /// The record, or nil for a 自然人 row.
    mutating func record(_ category: RecordCategory) throws(RowProblem) -> EnforcementRecord? {
        let kind = try choice(.subjectKind, EnforcementRecord.SubjectKind.self) ?? .organisation
        let subject = try required(.subjectName)
        if kind == .naturalPerson { return nil }
        let code = try uscc()
        let number = try required(.documentNumber)
        guard let decided = try date(.decisionDate) else {
            throw RowProblem(field: Field.decisionDate.rawValue, reason: "is required but empty")
        }
        let agency = try required(.agency)
        let reported = try date(.reportDate)
        if let reported, reported < decided {
            throw RowProblem(field: Field.reportDate.rawValue, reason: "\(reported) is before the decision date \(decided)")
        }
        return EnforcementRecord(
            documentNumber: number, subjectName: subject, subjectKind: kind, uscc: code, decisionDate: decided,
            agency: agency, agencyCode: text(.agencyCode), sourceUnit: text(.sourceUnit),
            reportDate: reported, remark: text(.remark), details: try details(category, decided: decided))
    }

    /// 公示日期: not before the decision, not in the future.
    func publicationDate(decided: CalendarDate) throws(RowProblem) -> CalendarDate? {
        guard let date = try date(.publicationDate) else { return nil }
        if date < decided {
            throw RowProblem(field: Field.publicationDate.rawValue, reason: "\(date) is before the decision date \(decided)")
        }
        return date
    }

    func details(_ category: RecordCategory, decided: CalendarDate) throws(RowProblem) -> EnforcementRecord.Details {
        typealias R = EnforcementRecord
        switch category {
        case .licensing:
            let from = try date(.validFrom, notAfterToday: false), to = try date(.validTo, notAfterToday: false)
            if let from, let to, to < from {
                throw RowProblem(field: Field.validTo.rawValue, reason: "\(to) is before 有效期自 \(from)")
            }
            return .licensing(R.Licensing(
                documentName: text(.licenceDocumentName), kind: try choice(.licenceKind, R.LicenceKind.self),
                certificateName: text(.licenceCertificateName), licenceNumber: text(.licenceNumber), content: text(.licenceContent),
                validFrom: from, validTo: to, status: try choice(.currentStatus, R.LicenceStatus.self) ?? .valid))
        case .penalty:
            let raw = try required(.penaltyTypes)
            var types: [PenaltyType] = []
            for part in raw.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "、" }) {
                let name = part.trimmingDataWhitespace()
                if name.isEmpty { continue }
                guard let type = PenaltyType(text: name) else {
                    throw RowProblem(field: Field.penaltyTypes.rawValue,
                                     reason: "'\(name)' is not a penalty type of 行政处罚法 art. 9 (警告、通报批评、罚款、没收违法所得、没收非法财物、暂扣许可证件、降低资质等级、吊销许可证件、限制开展生产经营活动、责令停产停业、责令关闭、限制从业、行政拘留、其他)")
                }
                types.append(type)
            }
            if types.isEmpty { throw RowProblem(field: Field.penaltyTypes.rawValue, reason: "is required but empty") }
            let fine = try amount(.fineAmount)
            if types.contains(.fine), fine == nil || fine == .zero {
                throw RowProblem(field: Field.fineAmount.rawValue, reason: "处罚类别 includes 罚款 but no amount is given")
            }
            return .penalty(R.Penalty(
                violationType: text(.violationType), facts: text(.violationFacts), basis: text(.penaltyBasis), types: types,
                content: text(.penaltyContent), fine: fine, confiscation: try amount(.confiscationAmount),
                licenceAffected: text(.licenceAffected),
                procedure: try choice(.procedure, R.PenaltyProcedure.self) ?? .ordinary,
                domain: try choice(.domain, R.PenaltyDomain.self) ?? .other,
                severity: try choice(.severity, R.DishonestySeverity.self),
                declaredPublicationEnd: try date(.declaredPublicationEnd, notAfterToday: false),
                publicationDate: try publicationDate(decided: decided)))
        case .coercion:
            guard let measure = try choice(.coercionMeasure, R.CoercionMeasure.self) else {
                throw RowProblem(field: Field.coercionMeasure.rawValue, reason: "is required but empty")
            }
            let until = try date(.coercionUntil, notAfterToday: false)
            if let until, until < decided {
                throw RowProblem(field: Field.coercionUntil.rawValue, reason: "\(until) is before the decision date \(decided)")
            }
            return .coercion(R.Coercion(measure: measure, until: until,
                                        status: try choice(.currentStatus, R.CoercionStatus.self) ?? .inForce))
        case .reward:
            return .reward(R.Reward(name: try required(.rewardName), level: try choice(.rewardLevel, R.RewardLevel.self),
                                    form: text(.rewardForm)))
        case .confirmation:
            return .confirmation(R.Confirmation(item: try required(.confirmationItem), result: text(.confirmationResult)))
        case .adjudication:
            return .adjudication(R.Adjudication(matter: try required(.disputeMatter), result: text(.adjudicationResult),
                                                atFault: try bool(.atFault)))
        case .inspection:
            guard let kind = try choice(.inspectionKind, R.InspectionKind.self) else {
                throw RowProblem(field: Field.inspectionKind.rawValue, reason: "is required but empty")
            }
            let raw = try required(.inspectionResult)
            guard let result = InspectionResult(text: raw) else {
                throw RowProblem(field: Field.inspectionResult.rawValue, reason: "'\(raw)' is not one of \(InspectionResult.allCases.map(\.rawValue).joined(separator: "/"))")
            }
            return .inspection(R.Inspection(kind: kind, item: text(.inspectionItem), result: result))
        }
    }
}
