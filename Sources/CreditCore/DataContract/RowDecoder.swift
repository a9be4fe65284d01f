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
        var reader = FieldReader(fields: fields, columns: header.columns, allowList: allowList, today: today)
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
        for name in ["数据来源单位", "实施机关"] {
            if let i = header.columns[name], i < fields.count, !fields[i].isEmpty { return fields[i] }
        }
        return nil
    }

    /// Best-effort decision date of a row that failed (for the quality report's month filter).
    public func decisionDateHint(_ fields: [String]) -> CalendarDate? {
        guard let i = header.columns["决定日期"], i < fields.count else { return nil }
        return CalendarDate(parsing: fields[i])
    }

    /// Best-effort 决定文书号 of a row that failed.
    public func documentNumberHint(_ fields: [String]) -> String? {
        guard let i = header.columns["决定文书号"], i < fields.count, !fields[i].isEmpty else { return nil }
        return fields[i]
    }
}

/// Reads named fields of one row with the contract's rules.
struct FieldReader {
    let fields: [String]
    let columns: [String: Int]
    let allowList: Set<String>
    let today: CalendarDate
    var warnings: [RowProblem] = []

    init(fields: [String], columns: [String: Int], allowList: Set<String>, today: CalendarDate) {
        self.fields = fields; self.columns = columns; self.allowList = allowList; self.today = today
    }

    func text(_ name: String) -> String? {
        guard let i = columns[name] else { return nil }
        let value = fields[i]
        return value.isEmpty ? nil : value
    }

    func required(_ name: String) throws(RowProblem) -> String {
        guard let value = text(name) else { throw RowProblem(field: name, reason: "is required but empty") }
        return value
    }

    mutating func uscc(_ name: String = "统一社会信用代码") throws(RowProblem) -> UnifiedSocialCreditCode {
        let value = try required(name)
        do {
            let code = try UnifiedSocialCreditCode(value, allowList: allowList)
            for warning in code.warnings { warnings.append(RowProblem(field: name, reason: warning.description)) }
            return code
        } catch {
            throw RowProblem(field: name, reason: error.description)
        }
    }

    func date(_ name: String, notAfterToday: Bool = true) throws(RowProblem) -> CalendarDate? {
        guard let value = text(name) else { return nil }
        guard let date = CalendarDate(parsing: value) else {
            throw RowProblem(field: name, reason: "'\(value)' is not a date (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD or YYYY年M月D日)")
        }
        if notAfterToday, date > today {
            throw RowProblem(field: name, reason: "\(date) is in the future (today is \(today))")
        }
        return date
    }

    func bool(_ name: String) throws(RowProblem) -> Bool? {
        guard let value = text(name) else { return nil }
        switch value.lowercased() {
        case "是", "y", "yes", "1", "true": return true
        case "否", "n", "no", "0", "false": return false
        default: throw RowProblem(field: name, reason: "'\(value)' is not a boolean (是/否, Y/N, 1/0, true/false)")
        }
    }

    func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) throws(RowProblem) -> E?
    where E.RawValue == String {
        guard let value = text(name) else { return nil }
        guard let e = E(rawValue: value) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: "/")
            throw RowProblem(field: name, reason: "'\(value)' is not one of \(allowed)")
        }
        return e
    }

    func amount(_ name: String) throws(RowProblem) -> Amount? {
        guard let value = text(name) else { return nil }
        do { return try Amount(wanYuan: value) } catch { throw RowProblem(field: name, reason: error.description) }
    }

    func region(_ name: String) throws(RowProblem) -> String? {
        guard let value = text(name) else { return nil }
        guard value.utf8.count == 6, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw RowProblem(field: name, reason: "'\(value)' is not a 6-digit administrative division code")
        }
        return value
    }

    // MARK: Registers

    mutating func enterprise() throws(RowProblem) -> Enterprise {
        let code = try uscc()
        let name = try required("企业名称")
        var industry: IndustryCode?
        if let raw = text("行业代码") {
            guard let parsed = IndustryCode(raw) else {
                throw RowProblem(field: "行业代码", reason: "'\(raw)' is not a GB/T 4754 code (section letter A-T and up to 4 digits)")
            }
            industry = parsed
        }
        let phone = text("联系电话")
        if let phone, !phone.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 43 || $0 == 32 }) || phone.utf8.count > 20 {
            throw RowProblem(field: "联系电话", reason: "'\(phone)' is not a phone number (digits, '-', '+')")
        }
        return Enterprise(
            uscc: code, name: name, kind: text("企业类型"), industry: industry, region: try region("行政区划代码"),
            established: try date("成立日期"), status: try choice("登记状态", RegistrationStatus.self) ?? .existing,
            onAbnormalList: try bool("经营异常名录") ?? false, onSeriousList: try bool("严重违法失信名单") ?? false,
            isDishonestDebtor: try bool("失信被执行人") ?? false, phone: phone, legalRepresentative: text("法定代表人"))
    }

    func inspector() throws(RowProblem) -> Inspector {
        let number = try required("执法证号")
        var sections: [Character] = []
        if let raw = text("专业领域") {
            for part in raw.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "," || $0 == "、" }) {
                let letter = part.trimmingDataWhitespace().uppercased()
                guard letter.count == 1, let c = letter.first, c >= "A", c <= "T" else {
                    throw RowProblem(field: "专业领域", reason: "'\(part)' is not a GB/T 4754 section letter A-T")
                }
                if !sections.contains(c) { sections.append(c) }
            }
        }
        var onDuty = true
        if let status = text("状态") {
            switch status {
            case "在岗": onDuty = true
            case "离岗": onDuty = false
            default: throw RowProblem(field: "状态", reason: "'\(status)' is not 在岗/离岗")
            }
        }
        return Inspector(certificateNumber: number, name: try required("姓名"), department: try required("所属部门"),
                         region: try region("行政区划代码"), fields: sections.sorted(), isOnDuty: onDuty)
    }

    mutating func conflict() throws(RowProblem) -> Conflict {
        Conflict(certificateNumber: try required("执法证号"), uscc: try uscc(), reason: text("原因"))
    }

    mutating func trigger() throws(RowProblem) -> InspectionTrigger {
        let code = try uscc()
        guard let kind = try choice("触发类型", InspectionTrigger.Kind.self) else {
            throw RowProblem(field: "触发类型", reason: "is required but empty")
        }
        guard let date = try date("日期") else { throw RowProblem(field: "日期", reason: "is required but empty") }
        return InspectionTrigger(uscc: code, kind: kind, reference: try required("线索编号"), date: date)
    }

    // MARK: Records

    /// The record, or nil for a 自然人 row.
    mutating func record(_ category: RecordCategory) throws(RowProblem) -> EnforcementRecord? {
        let kind = try choice("行政相对人类别", EnforcementRecord.SubjectKind.self) ?? .organisation
        let subject = try required("行政相对人名称")
        if kind == .naturalPerson { return nil }
        let code = try uscc()
        let number = try required("决定文书号")
        guard let decided = try date("决定日期") else {
            throw RowProblem(field: "决定日期", reason: "is required but empty")
        }
        let agency = try required("实施机关")
        let reported = try date("上报日期")
        if let reported, reported < decided {
            throw RowProblem(field: "上报日期", reason: "\(reported) is before the decision date \(decided)")
        }
        return EnforcementRecord(
            documentNumber: number, subjectName: subject, subjectKind: kind, uscc: code, decisionDate: decided,
            agency: agency, agencyCode: text("实施机关统一社会信用代码"), sourceUnit: text("数据来源单位"),
            reportDate: reported, remark: text("备注"), details: try details(category, decided: decided))
    }

    func details(_ category: RecordCategory, decided: CalendarDate) throws(RowProblem) -> EnforcementRecord.Details {
        typealias R = EnforcementRecord
        switch category {
        case .licensing:
            let from = try date("有效期自", notAfterToday: false), to = try date("有效期至", notAfterToday: false)
            if let from, let to, to < from {
                throw RowProblem(field: "有效期至", reason: "\(to) is before 有效期自 \(from)")
            }
            return .licensing(R.Licensing(
                documentName: text("行政许可决定文书名称"), kind: try choice("许可类别", R.LicenceKind.self),
                certificateName: text("许可证书名称"), licenceNumber: text("许可编号"), content: text("许可内容"),
                validFrom: from, validTo: to, status: try choice("当前状态", R.LicenceStatus.self) ?? .valid))
        case .penalty:
            let raw = try required("处罚类别")
            var types: [PenaltyType] = []
            for part in raw.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "、" }) {
                let name = part.trimmingDataWhitespace()
                if name.isEmpty { continue }
                guard let type = PenaltyType(text: name) else {
                    throw RowProblem(field: "处罚类别",
                                     reason: "'\(name)' is not a penalty type of 行政处罚法 art. 9 (警告、通报批评、罚款、没收违法所得、没收非法财物、暂扣许可证件、降低资质等级、吊销许可证件、限制开展生产经营活动、责令停产停业、责令关闭、限制从业、行政拘留、其他)")
                }
                types.append(type)
            }
            if types.isEmpty { throw RowProblem(field: "处罚类别", reason: "is required but empty") }
            let fine = try amount("罚款金额（万元）")
            if types.contains(.fine), fine == nil || fine == .zero {
                throw RowProblem(field: "罚款金额（万元）", reason: "处罚类别 includes 罚款 but no amount is given")
            }
            return .penalty(R.Penalty(
                violationType: text("违法行为类型"), facts: text("违法事实"), basis: text("处罚依据"), types: types,
                content: text("处罚内容"), fine: fine, confiscation: try amount("没收违法所得、没收非法财物的金额（万元）"),
                licenceAffected: text("暂扣或吊销证照名称及编号"),
                procedure: try choice("处罚程序", R.PenaltyProcedure.self) ?? .ordinary,
                domain: try choice("领域", R.PenaltyDomain.self) ?? .other,
                severity: try choice("失信严重程度", R.DishonestySeverity.self),
                declaredPublicationEnd: try date("公示截止期", notAfterToday: false)))
        case .coercion:
            guard let measure = try choice("强制措施类型", R.CoercionMeasure.self) else {
                throw RowProblem(field: "强制措施类型", reason: "is required but empty")
            }
            let until = try date("强制期限至", notAfterToday: false)
            if let until, until < decided {
                throw RowProblem(field: "强制期限至", reason: "\(until) is before the decision date \(decided)")
            }
            return .coercion(R.Coercion(measure: measure, until: until,
                                        status: try choice("当前状态", R.CoercionStatus.self) ?? .inForce))
        case .reward:
            return .reward(R.Reward(name: try required("奖励名称"), level: try choice("奖励级别", R.RewardLevel.self),
                                    form: text("奖励形式")))
        case .confirmation:
            return .confirmation(R.Confirmation(item: try required("确认事项"), result: text("确认结果")))
        case .adjudication:
            return .adjudication(R.Adjudication(matter: try required("争议事项"), result: text("裁决结果"),
                                                atFault: try bool("是否责任方")))
        case .inspection:
            guard let kind = try choice("检查类型", R.InspectionKind.self) else {
                throw RowProblem(field: "检查类型", reason: "is required but empty")
            }
            let raw = try required("检查结果")
            guard let result = InspectionResult(text: raw) else {
                throw RowProblem(field: "检查结果", reason: "'\(raw)' is not one of \(InspectionResult.allCases.map(\.rawValue).joined(separator: "/"))")
            }
            return .inspection(R.Inspection(kind: kind, item: text("检查事项"), result: result))
        }
    }
}
