import Foundation
import CreditCore

/// A 信用报告 for an enterprise: register data, the public records of the seven categories
/// (penalties only while published), repair history and inspection results. It never
/// contains the internal risk class.
public struct CreditReport: Sendable, Codable {
    public struct Field: Sendable, Codable, Hashable {
        public var label: String
        public var value: String
        public init(label: String, value: String) { self.label = label; self.value = value }
    }
    public struct Item: Sendable, Codable, Hashable {
        public var documentNumber: String
        public var date: String
        public var agency: String
        public var summary: String
        enum CodingKeys: String, CodingKey { case documentNumber = "document_no", date, agency, summary }
    }
    public struct Section: Sendable, Codable, Hashable {
        public var category: String
        public var title: String
        public var items: [Item]
        /// Stored for the templates (they read stored properties only).
        public var empty: Bool
        public init(category: String, title: String, items: [Item]) {
            self.category = category; self.title = title; self.items = items; empty = items.isEmpty
        }
    }

    /// Who the report is for: officers see every category; the public sees what the law makes
    /// public (register data, licences, penalties while published, rewards, inspection
    /// results) and no phone number at all.
    public enum Audience: String, Sendable, Codable { case officer, `public` }

    /// An issued report's identity, printed on it: its number, issue time and the code that,
    /// with the number, lets anyone check the file against the issued-report register.
    public struct Issue: Sendable, Codable, Hashable {
        public var number: String
        public var issuedAt: String
        public var verificationCode: String
        public var verificationURL: String
        public init(number: String, issuedAt: String, verificationCode: String, verificationURL: String) {
            self.number = number; self.issuedAt = issuedAt; self.verificationCode = verificationCode; self.verificationURL = verificationURL
        }
        /// The line printed on the report.
        public var line: String { "报告编号：\(number)　出具时间：\(issuedAt)　核验码：\(verificationCode)" }
        /// Where to check it.
        public var howToVerify: String {
            "核验方式：访问 \(verificationURL)/\(number)?code=\(verificationCode) 查看本报告的登记信息与 SHA-256 摘要，或上传本文件核验是否为原件且未被修改。"
        }
        enum CodingKeys: String, CodingKey {
            case number, issuedAt = "issued_at", verificationCode = "verification_code", verificationURL = "verification_url"
        }
    }

    public var title: String
    public var issue: Issue?
    public var uscc: String
    public var name: String
    public var generatedOn: String
    public var issuer: String
    public var basics: [Field]
    public var sections: [Section]
    public var repairs: [Item]
    public var note: String

    enum CodingKeys: String, CodingKey {
        case title, issue, uscc, name, generatedOn = "generated_on", issuer, basics, sections, repairs, note
    }

    /// The report as a GB/T 9704 document: the issuing regulator's name in red over the report
    /// number, the register data and one table per category, the note and how to verify it, the
    /// signature over the date with room for the seal, and the report number on every page.
    public var officialDocument: OfficialDocument {
        var body: [OfficialDocument.Block] = []
        if let issue { body.append(.paragraph("出具时间：\(issue.issuedAt)　核验码：\(issue.verificationCode)")) }
        body.append(.heading("一、基本信息", level: 1))
        body.append(.table(.init(columns: [.init("项目", percent: 26), .init("内容", percent: 74)], rows: basics.map { [$0.label, $0.value] },
                                 showsHeader: false)))
        let recordColumns: [OfficialDocument.Table.Column] = [.init("决定日期", percent: 19), .init("决定文书号", percent: 24),
                                                               .init("实施机关", percent: 21), .init("内容", percent: 36)]
        for (i, s) in sections.enumerated() {
            body.append(.heading("\(chineseOrdinal(i + 2))、\(s.title)", level: 1))
            body.append(s.items.isEmpty ? .paragraph("无。")
                        : .table(.init(columns: recordColumns, rows: s.items.map { [$0.date, $0.documentNumber, $0.agency, $0.summary] })))
        }
        body.append(.heading("\(chineseOrdinal(sections.count + 2))、信用修复记录", level: 1))
        var repairColumns = recordColumns
        repairColumns[0].title = "修复日期"
        body.append(repairs.isEmpty ? .paragraph("无。")
                    : .table(.init(columns: repairColumns, rows: repairs.map { [$0.date, $0.documentNumber, $0.agency, $0.summary] })))
        body.append(.paragraph(note))
        if let issue { body.append(.paragraph(issue.howToVerify)) }
        return OfficialDocument(issuer: issuer, number: issue?.number, title: title, body: body,
                                signature: .init(agency: issuer, date: generatedOn),
                                imprint: .init(copiesTo: [], printedBy: issuer, printedOn: generatedOn),
                                runningHead: issue.map { "\(title)　报告编号：\($0.number)" })
    }
}

extension CreditReport {
    /// The categories the public report shows: 双公示 licences and penalties, rewards, and the
    /// inspection results published on the enterprise credit publicity system.
    public static let publicCategories: Set<RecordCategory> = [.licensing, .penalty, .reward, .inspection]
}

/// Masks a phone number for every output but the reminder list: 138****5678.
public func maskedPhone(_ phone: String?) -> String {
    guard let phone, phone.count >= 7 else { return phone == nil ? "" : "****" }
    return String(phone.prefix(3)) + String(repeating: "*", count: phone.count - 7) + String(phone.suffix(4))
}

extension RepairRules {
    /// 有效期至 2099-12-31 (or later) means long-term (data-format.md): printed as 长期.
    static let longTerm = CalendarDate(iso: "2099-12-31")!

    /// Builds the report as of `today`.
    /// - Parameter repairs: approved repairs: 决定文书号 → decision date.
    /// - Parameters:
    ///   - audience: `.public` leaves out the phone and the categories the law does not publish.
    ///   - issue: the number and verification code of an issued report.
    ///   - standing: the enterprise's listings (经营异常名录, 严重违法失信名单): those in force on
    ///     `today` are shown with their dates and reasons; without listings the register's
    ///     yes/no flags stand in.
    public func creditReport(_ e: Enterprise, records: [EnforcementRecord], repairs: [String: CalendarDate], today: CalendarDate,
                             audience: CreditReport.Audience = .officer, issue: CreditReport.Issue? = nil,
                             standing: RegisterStanding = RegisterStanding()) -> CreditReport {
        func listValue(_ kind: ListKind, flag: Bool) -> String {
            guard let inForce = standing.inForce(kind, on: today) else { return flag ? "列入" : "未列入" }
            guard !inForce.isEmpty else { return "未列入" }
            return inForce.map { "列入（\($0.listing.listedOn.chinese)，\($0.listing.reasonText ?? $0.listing.reason.category)，\($0.listing.agency)）" }
                .joined(separator: "；")
        }
        var basics: [CreditReport.Field] = [
            .init(label: "企业名称", value: e.name), .init(label: "统一社会信用代码", value: e.uscc.rawValue),
            .init(label: "企业类型", value: e.kind ?? "—"), .init(label: "所属行业", value: codeNames.industry(e.industry)),
            .init(label: "行政区划", value: codeNames.region(e.region)), .init(label: "成立日期", value: e.established?.chinese ?? "—"),
            .init(label: "登记状态", value: e.status.rawValue), .init(label: "法定代表人", value: e.legalRepresentative ?? "—"),
            .init(label: "联系电话", value: maskedPhone(e.phone)),
            .init(label: "经营异常名录", value: listValue(.abnormal, flag: e.onAbnormalList)),
            .init(label: "严重违法失信名单", value: listValue(.serious, flag: e.onSeriousList)),
        ]
        if audience == .public { basics.removeAll { $0.label == "联系电话" } }
        var sections: [CreditReport.Section] = []
        for category in RecordCategory.allCases where audience == .officer || CreditReport.publicCategories.contains(category) {
            let items = records.filter { $0.category == category }.sorted { ($0.decisionDate, $0.documentNumber) > ($1.decisionDate, $1.documentNumber) }
                .compactMap { r -> CreditReport.Item? in
                    let summary: String
                    switch r.details {
                    case .licensing(let l): summary = [l.certificateName, l.content, "状态：\(l.status.rawValue)", l.validTo.map { $0 >= Self.longTerm ? "有效期：长期" : "有效期至\($0.chinese)" }].compactMap { $0 }.joined(separator: "；")
                    case .penalty(let p):
                        let a = assess(r)
                        guard a.published, let end = a.end, end > today, repairs[r.documentNumber] == nil else { return nil }
                        summary = "\(p.types.map(\.rawValue).joined(separator: "、"))" + (p.fine.map { "，罚款\(wanYuanText($0))" } ?? "")
                            + (p.violationType.map { "；违法行为：\($0)" } ?? "")
                            + "；公示至\(end.chinese)（\(a.startBasis == .publicationDate ? "自公示日期\(a.start?.chinese ?? "")起算" : "未提供公示日期，暂按决定日期起算")）"
                    case .coercion(let c): summary = "\(c.measure.rawValue)；\(c.status.rawValue)" + (c.until.map { "；期限至\($0.chinese)" } ?? "")
                    case .reward(let w): summary = [w.name, w.level?.rawValue, w.form].compactMap { $0 }.joined(separator: "；")
                    case .confirmation(let c): summary = [c.item, c.result].compactMap { $0 }.joined(separator: "；")
                    case .adjudication(let a): summary = [a.matter, a.result].compactMap { $0 }.joined(separator: "；")
                    case .inspection(let i): summary = "\(i.kind.rawValue)；\(i.item ?? "")；结果：\(i.result.rawValue)"
                    }
                    return .init(documentNumber: r.documentNumber, date: r.decisionDate.chinese, agency: r.agency, summary: summary)
                }
            let title = category == .penalty ? "行政处罚信息（公示期内）" : category == .inspection ? "行政检查信息（含抽查检查结果）" : "\(category.chineseName)信息"
            sections.append(.init(category: category.rawValue, title: title, items: items))
        }
        let agencies = Dictionary(records.map { ($0.documentNumber, $0.agency) }, uniquingKeysWith: { first, _ in first })
        let repairItems = repairs.sorted { $0.key < $1.key }.map {
            CreditReport.Item(documentNumber: $0.key, date: $0.value.chinese, agency: agencies[$0.key] ?? issuer.agency,
                              summary: "信用修复已完成，提前停止公示")
        }
        return CreditReport(title: "企业信用报告", issue: issue, uscc: e.uscc.rawValue, name: e.name, generatedOn: today.chinese, issuer: issuer.agency,
                            basics: basics, sections: sections, repairs: repairItems,
                            note: audience == .public
                                ? "说明：本报告依据依法公示的行政许可、行政处罚、行政奖励和抽查检查结果等信息生成；行政处罚信息仅在公示期内展示，信用修复后不再展示。"
                                : "说明：本报告依据行政许可、行政处罚、行政强制、行政奖励、行政确认、行政裁决、行政检查等信息生成；行政处罚信息仅在公示期内展示，信用修复后不再展示。本报告不包含企业信用风险分类结果。")
    }
}
