/// Reads named fields of one row with the contract's rules, collecting plausibility warnings.
struct FieldReader {
    let fields: CleanedFields
    /// Column index per `Field.ordinal`, -1 when the file lacks the column.
    let columns: [Int]
    /// Dates read as empty, and the unit of amounts (the file's `ValueRules`).
    let placeholderDates: PlaceholderDates
    let amountUnit: AmountUnit
    let allowList: Set<String>
    let today: CalendarDate
    var warnings: [RowProblem] = []

    init(fields: CleanedFields, columns: [Int], rules: ValueRules, allowList: Set<String>, today: CalendarDate) {
        self.fields = fields; self.columns = columns; placeholderDates = rules.placeholderDates; amountUnit = rules.amountUnit
        self.allowList = allowList; self.today = today
    }

    func has(_ field: Field) -> Bool { columns[field.ordinal] >= 0 }

    func text(_ field: Field) -> String? {
        let i = columns[field.ordinal]
        guard i >= 0 else { return nil }
        let value = fields[i]
        return value.isEmpty ? nil : value
    }

    func required(_ field: Field) throws(RowProblem) -> String {
        guard let value = text(field) else {
            if let placeholder = warnings.first(where: { $0.field == field.rawValue && $0.reason.hasPrefix("'") }) {
                throw RowProblem(field: field.rawValue, reason: "is required; \(placeholder.reason)")
            }
            throw RowProblem(field: field.rawValue, reason: "is required but empty")
        }
        return value
    }

    /// A name that public lists carry (draw selections, results, reports): it may not begin
    /// with a character a spreadsheet runs as a formula (OWASP CSV injection) — no enterprise,
    /// person or inspector is named that way, and the public TSVs are signed byte for byte,
    /// so they cannot neutralise it on the way out.
    func name(_ field: Field) throws(RowProblem) -> String {
        let value = try required(field)
        if let first = value.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) {
            throw RowProblem(field: field.rawValue, reason: "begins with '\(first)', which spreadsheets run as a formula")
        }
        return value
    }

    mutating func warn(_ field: Field, _ reason: String) { warnings.append(RowProblem(field: field.rawValue, reason: reason)) }

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

    mutating func date(_ field: Field, notAfterToday: Bool = true) throws(RowProblem) -> CalendarDate? {
        guard let value = text(field) else { return nil }
        guard let date = CalendarDate(parsing: value) else {
            throw RowProblem(field: field.rawValue, reason: "'\(value)' is not a date (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY年M月D日 or milliseconds since 1970)")
        }
        if placeholderDates.contains(date) {
            warn(field, "'\(value)' is a placeholder date; read as empty")
            return nil
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

    /// An amount in the file's unit (`amount_unit`), as 万元; warns when the figure looks given
    /// in the other unit.
    mutating func amount(_ field: Field) throws(RowProblem) -> Amount? {
        guard let value = text(field) else { return nil }
        let amount: Amount
        do { amount = try Amount(value, unit: amountUnit) } catch {
            throw RowProblem(field: field.rawValue, reason: error.description + (amountUnit == .yuan ? " (this profile gives 元)" : ""))
        }
        switch amountUnit {
        case .wanYuan where amount >= Amount(fen: 1_000 * 1_000_000):
            warn(field, "\(value) 万元 (\(amount.fen / 100) 元) is implausibly large: probably given in 元 (\(value) 元 = \(Amount(fen: amount.fen / 10_000)) 万元); check the unit")
        case .yuan where amount > .zero && amount < Amount(fen: 100):
            warn(field, "\(value) 元 is less than 1 元: probably given in 万元; check the unit")
        default: break
        }
        return amount
    }

    /// A 6-digit division code; a 9- or 12-digit statistical code is cut to its first six.
    func region(_ field: Field) throws(RowProblem) -> String? {
        guard let value = text(field) else { return nil }
        let digits = value.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        guard digits, [6, 9, 12].contains(value.utf8.count) else {
            throw RowProblem(field: field.rawValue, reason: "'\(value)' is not a 6-digit administrative division code (or a 9- or 12-digit one)")
        }
        return String(value.prefix(6))
    }

    // MARK: Registers

    mutating func enterprise() throws(RowProblem) -> Enterprise {
        let code = try uscc()
        let name = try name(.enterpriseName)
        var industry: IndustryCode?
        if let raw = text(.industry) {
            guard let parsed = IndustryCode(exported: raw) else {
                throw RowProblem(field: Field.industry.rawValue, reason: "'\(raw)' is not a GB/T 4754 code (section letter A-T and up to 4 digits, or the digits alone)")
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
        return Inspector(certificateNumber: number, name: try name(.inspectorName), department: try required(.department),
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

    mutating func drawResult() throws(RowProblem) -> DrawResultRow {
        let draw = try required(.drawID)
        let code = try uscc()
        let raw = try required(.inspectionResult)
        guard let result = InspectionResult(text: raw) else {
            throw RowProblem(field: Field.inspectionResult.rawValue, reason: "'\(raw)' is not one of \(InspectionResult.allCases.map(\.rawValue).joined(separator: "/"))")
        }
        guard let finished = try date(.finishedOn) else { throw RowProblem(field: Field.finishedOn.rawValue, reason: "is required but empty") }
        let certificates = try required(.certificateNumber)
            .split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "," || $0 == "，" || $0 == "、" })
            .map { $0.trimmingDataWhitespace() }.filter { !$0.isEmpty }
        return DrawResultRow(drawID: draw, uscc: code, result: result, finishedOn: finished, certificates: certificates)
    }

    // MARK: Lists and commitments

    /// A date the row must give.
    mutating func requiredDate(_ field: Field) throws(RowProblem) -> CalendarDate {
        guard let date = try date(field) else { throw RowProblem(field: field.rawValue, reason: "is required but empty") }
        return date
    }

    /// A later date of the same row must not come before an earlier one.
    func notBefore(_ later: CalendarDate?, _ field: Field, _ earlier: CalendarDate, _ earlierField: Field) throws(RowProblem) {
        if let later, later < earlier {
            throw RowProblem(field: field.rawValue, reason: "\(later) is before \(earlierField.rawValue) \(earlier)")
        }
    }

    /// 经营异常名录 / 严重违法失信名单: the 情形 must be one of the 经营异常名录's four (the repair
    /// path depends on it); a 严重违法失信名单 circumstance the text does not place is kept in its
    /// words as 其他 with a warning.
    mutating func listing(_ kind: ListKind) throws(RowProblem) -> Listing {
        let code = try uscc()
        let name = try required(.enterpriseName)
        let listed = try requiredDate(.listedOn)
        let raw = try required(.listingReason)
        let reason: ListingReason
        switch kind {
        case .abnormal:
            guard let r = AbnormalReason(text: raw) else {
                throw RowProblem(field: Field.listingReason.rawValue, reason: "'\(raw)' is not a 情形 of 《企业经营异常名录管理暂行办法》第四条 (\(AbnormalReason.allCases.map(\.rawValue).joined(separator: "/")))")
            }
            reason = .abnormal(r)
        case .serious:
            let c = SeriousCircumstance(text: raw)
            if c == .other {
                warn(.listingReason, "'\(raw)' names no circumstance of 总局令第44号 第五条至第十条 or 《企业信息公示暂行条例》第十七条; stored as \(c.rawValue) in its own words")
            }
            reason = .serious(c)
        }
        let agency = try required(.decidingAgency)
        let removed = try date(.removedOn)
        try notBefore(removed, .removedOn, listed, .listedOn)
        let removalReason = text(.removalReason)
        if removed == nil, removalReason != nil {
            throw RowProblem(field: Field.removedOn.rawValue, reason: "is required when 移出原因 is given")
        }
        let reported = try date(.reportDate)
        try notBefore(reported, .reportDate, listed, .listedOn)
        return Listing(kind: kind, uscc: code, subjectName: name, documentNumber: text(.documentNumber), listedOn: listed, reason: reason,
                       reasonText: raw == reason.category ? nil : raw, agency: agency, agencyCode: text(.agencyCode), removedOn: removed,
                       removalReason: removalReason, removalAgency: text(.removalAgency), reportDate: reported, remark: text(.remark))
    }

    /// 信用承诺: a check's outcome needs the day of the check, and the reverse.
    mutating func commitment() throws(RowProblem) -> Commitment {
        let code = try uscc()
        let name = try required(.enterpriseName)
        let item = try required(.commitmentItem)
        let itemCode = try required(.itemCode)
        let committed = try requiredDate(.committedOn)
        let agency = try required(.decidingAgency)
        let due = try date(.checkDue, notAfterToday: false)
        try notBefore(due, .checkDue, committed, .committedOn)
        let checked = try date(.checkedOn)
        try notBefore(checked, .checkedOn, committed, .committedOn)
        var outcome: CommitmentOutcome?
        if let raw = text(.checkOutcome) {
            guard let o = CommitmentOutcome(text: raw) else {
                throw RowProblem(field: Field.checkOutcome.rawValue, reason: "'\(raw)' is not one of \(CommitmentOutcome.allCases.map(\.rawValue).joined(separator: "/"))")
            }
            outcome = o
        }
        if outcome != nil, checked == nil {
            throw RowProblem(field: Field.checkedOn.rawValue, reason: "is required when 核查结果 is given (the outcome counts from the day of the check)")
        }
        if checked != nil, outcome == nil {
            throw RowProblem(field: Field.checkOutcome.rawValue, reason: "is required when 核查日期 is given")
        }
        let reported = try date(.reportDate)
        try notBefore(reported, .reportDate, committed, .committedOn)
        return Commitment(uscc: code, subjectName: name, documentNumber: text(.commitmentNumber), itemName: item, itemCode: itemCode,
                          committedOn: committed, agency: agency, agencyCode: text(.agencyCode), checkDue: due, checkedOn: checked,
                          outcome: outcome, reportDate: reported, remark: text(.remark))
    }

    // MARK: Records

    /// The record, or nil for a 自然人 row (by 行政相对人类别, or — when the export has no such
    /// column or leaves it empty — by an identity document and no 统一社会信用代码).
    mutating func record(_ category: RecordCategory) throws(RowProblem) -> EnforcementRecord? {
        var kind = try choice(.subjectKind, EnforcementRecord.SubjectKind.self)
        let subject = try name(.subjectName)
        if kind == nil, text(.uscc) == nil, text(.idNumber) != nil || text(.idType)?.contains("身份证") == true {
            kind = .naturalPerson
        }
        if kind == .naturalPerson { return nil }
        let code = try uscc()
        guard let decided = try date(.decisionDate) else {
            throw RowProblem(field: Field.decisionDate.rawValue, reason: "is required but empty")
        }
        let agency = try required(.agency)
        let number: String
        if category == .inspection, text(.documentNumber) == nil {
            // A spot-check export without numbers (GSXT pages): the check is named by its date and type.
            number = "（无文书号）\(decided) \(text(.inspectionKind) ?? "")"
        } else {
            number = try required(.documentNumber)
        }
        let reported = try date(.reportDate)
        if let reported, reported < decided {
            throw RowProblem(field: Field.reportDate.rawValue, reason: "\(reported) is before the decision date \(decided)")
        }
        if let reported, reported > decided.adding(years: 1) {
            warn(.reportDate, "\(reported) is more than a year after the decision (\(decided)): check the date")
        }
        let agencyCode = text(.agencyCode)
        return EnforcementRecord(
            documentNumber: number, subjectName: subject, subjectKind: kind ?? .organisation, uscc: code, decisionDate: decided,
            agency: agency, agencyCode: agencyCode, sourceUnit: text(.sourceUnit),
            reportDate: reported, remark: text(.remark), details: try details(category, decided: decided))
    }

    /// 公示日期: not before the decision, not in the future.
    mutating func publicationDate(decided: CalendarDate) throws(RowProblem) -> CalendarDate? {
        guard let date = try date(.publicationDate) else { return nil }
        if date < decided {
            throw RowProblem(field: Field.publicationDate.rawValue, reason: "\(date) is before the decision date \(decided)")
        }
        return date
    }

    mutating func details(_ category: RecordCategory, decided: CalendarDate) throws(RowProblem) -> EnforcementRecord.Details {
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
            return .penalty(try penalty(decided: decided))
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

    /// 行政处罚: the types from 处罚类别, or — when the export has no such column — from the words
    /// of 处罚内容; the fine from 罚款金额, or — without that column — from the text.
    mutating func penalty(decided: CalendarDate) throws(RowProblem) -> EnforcementRecord.Penalty {
        typealias R = EnforcementRecord
        let content = text(.penaltyContent)
        var types: [PenaltyType] = []
        if has(.penaltyTypes) {
            let raw = try required(.penaltyTypes)
            for part in raw.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "、" || $0 == "," || $0 == "，" }) {
                let name = part.trimmingDataWhitespace()
                if name.isEmpty { continue }
                guard let type = PenaltyType(text: name) else {
                    throw RowProblem(field: Field.penaltyTypes.rawValue,
                                     reason: "'\(name)' is not a penalty type of 行政处罚法 art. 9 (警告、通报批评、罚款、没收违法所得、没收非法财物、暂扣许可证件、降低资质等级、吊销许可证件、限制开展生产经营活动、责令停产停业、责令关闭、限制从业、行政拘留、其他)")
                }
                types.append(type)
            }
            if types.isEmpty { throw RowProblem(field: Field.penaltyTypes.rawValue, reason: "is required but empty") }
        } else {
            guard let content else { throw RowProblem(field: Field.penaltyContent.rawValue, reason: "is required (it gives the penalty types) but empty") }
            types = PenaltyText.types(in: content)
            if types.isEmpty {
                types = [.other]
                warn(.penaltyContent, "'\(content)' names no penalty type of 行政处罚法 art. 9; stored as 其他")
            }
        }
        var fine = try amount(.fineAmount), confiscation = try amount(.confiscationAmount)
        if !has(.fineAmount) || !has(.confiscationAmount), let content {
            let stated = PenaltyText.amounts(in: content)
            if !has(.fineAmount) { fine = stated.fine }
            if !has(.confiscationAmount) { confiscation = stated.confiscation }
        }
        if types.contains(.fine), fine == nil || fine == .zero {
            if has(.fineAmount) {
                throw RowProblem(field: Field.fineAmount.rawValue, reason: "处罚类别 includes 罚款 but no amount is given")
            }
            warn(.penaltyContent, "a fine without an amount in 元 or 万元 in '\(content ?? "")': stored without an amount; check the decision")
        }
        return R.Penalty(
            violationType: text(.violationType), facts: text(.violationFacts), basis: text(.penaltyBasis), types: types,
            content: content, fine: fine, confiscation: confiscation,
            licenceAffected: text(.licenceAffected),
            procedure: try choice(.procedure, R.PenaltyProcedure.self) ?? .ordinary,
            domain: try choice(.domain, R.PenaltyDomain.self) ?? .other,
            severity: try choice(.severity, R.DishonestySeverity.self),
            declaredPublicationEnd: try date(.declaredPublicationEnd, notAfterToday: false),
            publicationDate: try publicationDate(decided: decided))
    }
}
