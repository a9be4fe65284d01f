import Foundation
import CreditCore

/// A 信用修复告知书 as data: every sentence computed, ready to render to HTML, text or DOCX.
/// Issued, signed and served by the agency that decided the penalty (谁处罚、谁告知、谁送达),
/// only for published penalties.
public struct RepairNotice: Sendable, Hashable, Codable {
    public var number: String
    public var title: String
    public var addressee: String
    public var opening: String
    public var sections: [Section]
    public var contact: String
    /// The deciding agency, which signs.
    public var agency: String
    public var dateText: String
    public var footnote: String
    /// The computed dates behind the text.
    public var assessment: PublicationAssessment
    public var uscc: String
    public var issuedOn: CalendarDate
    /// How the notice reaches the enterprise (nil in notices issued before this was recorded).
    public var service: NoticeService?
    /// When it was served: with the decision, or the day it was issued afterwards.
    public var servedOn: CalendarDate?
    /// The latest lawful publication day (第九条) when the export gave no 公示日期.
    public var latestPublication: WorkingDayDeadline?
    /// 抄送机关 of the 版记 (nil in notices issued before this was recorded, and when there are none).
    public var copiesTo: [String]?

    public struct Section: Sendable, Hashable, Codable {
        public var heading: String
        public var paragraphs: [String]

        enum CodingKeys: String, CodingKey, CaseIterable { case heading, paragraphs }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case number, title, addressee, opening, sections, contact, agency, dateText = "date_text", footnote, assessment, uscc, issuedOn = "issued_on"
        case service, servedOn = "served_on", latestPublication = "latest_publication", copiesTo = "copies_to"
    }

    /// A notice as stored: notices issued before the keys became snake_case hold `dateText` and
    /// `issuedOn`. Stored notices are immutable, so the old spellings are read, never rewritten.
    public static func decode(stored json: String) throws -> RepairNotice {
        var text = json
        for (old, new) in [("\"dateText\":", "\"date_text\":"), ("\"issuedOn\":", "\"issued_on\":")] where !text.contains(new) {
            text = text.replacingOccurrences(of: old, with: new)
        }
        return try JSONDecoder().decode(RepairNotice.self, from: Data(text.utf8))
    }

    /// The notice as stored (`repair_notice.content`): exactly the bytes `JSONEncoder` writes
    /// with `.sortedKeys`, which a test holds equal. Built as a `JSONValue` because `JSONEncoder`'s
    /// keyed containers cost about 40 µs a notice, a sixth of the CPU of a batch of 100,000; each
    /// key is written by an exhaustive `switch` over `CodingKeys`, so a new stored property
    /// cannot be left out.
    public var storedJSON: String { jsonValue.text(escapingSlashes: true) }

    var jsonValue: JSONValue {
        .object(keyedBy: CodingKeys.self) { key in
            switch key {
            case .number: .string(number)
            case .title: .string(title)
            case .addressee: .string(addressee)
            case .opening: .string(opening)
            case .sections: .array(sections.map(\.jsonValue))
            case .contact: .string(contact)
            case .agency: .string(agency)
            case .dateText: .string(dateText)
            case .footnote: .string(footnote)
            case .assessment: assessment.jsonValue
            case .uscc: .string(uscc)
            case .issuedOn: .string(issuedOn.description)
            case .service: service.map { .string($0.rawValue) }
            case .servedOn: servedOn.map { .string($0.description) }
            case .latestPublication: latestPublication.map(\.jsonValue)
            case .copiesTo: copiesTo.map { .array($0.map(JSONValue.string)) }
            }
        }
    }

    /// The notice as a GB/T 9704 document, issued by the deciding agency: its name in red in the
    /// 版头 over the notice number, the addressee, the three sections, the agency's signature over
    /// the date with room for its seal, how it was served as the 附注, and the 版记.
    public var officialDocument: OfficialDocument {
        var body: [OfficialDocument.Block] = [.paragraph(opening)]
        for section in sections {
            body.append(.heading(section.heading, level: 1))
            body += section.paragraphs.map { .paragraph($0) }
        }
        body.append(.paragraph(contact))
        return OfficialDocument(issuer: agency, number: number, title: title, addressee: addressee, body: body,
                                signature: .init(agency: agency, date: dateText), annotation: footnote,
                                imprint: .init(copiesTo: copiesTo ?? [], printedBy: agency, printedOn: dateText))
    }
}

extension RepairNotice.Section {
    var jsonValue: JSONValue {
        .object(keyedBy: CodingKeys.self) { key in
            switch key {
            case .heading: .string(heading)
            case .paragraphs: .array(paragraphs.map(JSONValue.string))
            }
        }
    }
}

/// How a notice is served (送达方式).
public enum NoticeService: String, Sendable, Hashable, Codable, CaseIterable {
    /// 两书同达: served together with the 行政处罚决定书 — only a notice issued on the decision day.
    case withDecision = "with_decision"
    /// 事后送达（补充告知）: issued after the decision was served, e.g. in a later batch.
    case later = "later"

    /// The service a notice issued on `issuedOn` for a decision of `decided` can truthfully claim.
    public static func of(decided: CalendarDate, issuedOn: CalendarDate) -> NoticeService {
        issuedOn <= decided ? .withDecision : .later
    }

    public var chinese: String {
        switch self {
        case .withDecision: "与《行政处罚决定书》一并送达"
        case .later: "事后送达（补充告知）"
        }
    }
}

/// An amount in the units officials write: `10万元`, `1.5万元`, `3000元`, `2000.50元`.
func wanYuanText(_ amount: Amount) -> String {
    if amount.fen >= 1_000_000 { return "\(amount.description)万元" }
    return amount.fen % 100 == 0 ? "\(amount.fen / 100)元" : "\(amount.yuanText)元"
}

/// The formal Chinese numbering of lists: （一）（二）…
func chineseOrdinal(_ n: Int) -> String {
    let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    return n <= 10 ? digits[n] : n < 20 ? "十" + digits[n - 10] : "\(n)"
}

/// Numbered items `（一）a；（二）b。`.
func numberedItems(_ items: [String]) -> [String] {
    items.enumerated().map { "（\(chineseOrdinal($0.offset + 1))）\($0.element)" + ($0.offset == items.count - 1 ? "。" : "；") }
}

extension RepairRules {
    /// Composes the notice for a published penalty; nil for an unpublished one.
    /// - Parameters:
    ///   - number: the notice number in the deciding agency's sequence (`noticeNumber(agency:year:sequence:)`).
    ///   - subjectName: the addressee as registered.
    ///   - issuedOn: the date printed on the notice; it decides the service it can claim.
    ///   - calendar: the working-day calendar, for the latest publication day (第九条).
    public func notice(for record: EnforcementRecord, number: String, subjectName: String, issuedOn: CalendarDate,
                       calendar: WorkingDayCalendar) -> RepairNotice? {
        let a = assess(record)
        guard a.published, let regime = regime(for: record.decisionDate), case .penalty(let p) = record.details,
              let start = a.start, let end = a.end, let months = a.periodMonths else { return nil }
        let issuing = agency(named: record.agency)
        let we = record.agency.hasSuffix("局") ? "我局" : "本机关"
        let period = months % 12 == 0 ? "\(months / 12)年" : "\(months)个月"
        let types = p.types.map(\.rawValue).joined(separator: "、")
        var term: [String] = []
        var latest: WorkingDayDeadline?
        if a.startBasis == .publicationDate {
            term.append("该行政处罚信息自\(start.chinese)起在国家企业信用信息公示系统公示，公示期\(period)，至\(end.chinese)届满后自动停止公示。")
        } else {
            let deadline = latestPublication(record, calendar: calendar)
            latest = deadline
            term.append("公示期限自公示之日起计算。依照《市场监督管理行政处罚信息公示规定》第九条，该行政处罚信息应当自决定作出之日起20个工作日内（最迟\(deadline.chinese)）在国家企业信用信息公示系统公示；"
                        + "本告知书出具时尚无公示日期，暂按决定日期\(start.chinese)起算：公示期\(period)，至\(end.chinese)届满后自动停止公示，实际公示日期晚于决定日期的，届满日期相应顺延。")
        }
        if latest?.provisional == true {
            term.append("注：“暂定”日期所在年度尚无国务院办公厅放假安排，按《全国年节及纪念日放假办法》规定的法定节假日推算。")
        }
        switch regime.kind {
        case .samr(let shortMonths, let longMonths, _, _, _):
            let threshold = lowFineThreshold[record.subjectKind] ?? lowFineThreshold[.organisation]!
            term.append("依据\(regime.basis)，仅受到通报批评或者较低数额罚款的，公示期为\(shortMonths)个月；其他行政处罚信息公示期为\(longMonths / 12)年。")
            var local = "本地较低数额罚款标准：对\(record.subjectKind == .individualBusiness ? "个体工商户" : "法人和非法人组织")处以\(wanYuanText(threshold))（不含本数）以下的罚款，"
                + "且未并处没收违法所得、没收非法财物（\(lowFineSource)）。"
            if let fine = p.fine, fine > .zero {
                let confiscated = p.types.contains(.confiscateIllegalGains) || p.types.contains(.confiscateIllegalProperty)
                local += "你单位本次罚款\(wanYuanText(fine))" + (confiscated ? "，并处没收" : "") + "，"
                    + (a.lowAmount ? "属于较低数额罚款。" : "不属于较低数额罚款。")
            }
            term.append(local)
        case .tiered:
            let minimum = a.earliestRepair.map { start.wholeMonths(until: $0) } ?? 0
            term.append("依据\(regime.basis)，你单位本次失信行为认定为“\(a.tier?.rawValue ?? "一般")”失信，公示期最短\(minimum)个月、最长\(period)。")
        }
        var repair: [String] = []
        if a.repairable, let earliest = a.earliestRepair {
            repair.append("自\(earliest.chinese)起，你单位可以向\(we)申请信用修复（提前停止公示），并应当同时符合下列条件（\(regime.repairBasis)）：")
            repair += numberedItems(regime.conditions)
        } else {
            repair.append("本次行政处罚信息不适用提前停止公示：\(a.notRepairableReason ?? "")。")
        }
        if !regime.nonRepairableTypes.isEmpty {
            repair.append("受到\(regime.nonRepairableTypes.sorted().map(\.rawValue).joined(separator: "、"))行政处罚的，不得申请提前停止公示。")
        }
        var channel = ["申请渠道：\(issuer.channel(of: record.agency))。", "申请材料："]
        channel += numberedItems(regime.materials)
        channel.append("\(we)自收到申请之日起\(acceptanceWorkingDays)个工作日内作出是否受理的决定，自受理之日起\(decisionWorkingDays)个工作日内作出决定。信用修复不收取任何费用。")
        let service = NoticeService.of(decided: record.decisionDate, issuedOn: issuedOn)
        let footnote = switch service {
        case .withDecision: "本告知书与《行政处罚决定书》（\(record.documentNumber)）一并送达。谁处罚、谁告知、谁送达。"
        case .later: "本告知书系《行政处罚决定书》（\(record.documentNumber)，\(record.decisionDate.chinese)作出）送达后的补充告知，于\(issuedOn.chinese)出具送达。谁处罚、谁告知、谁送达。"
        }
        return RepairNotice(
            number: number, title: "信用修复告知书", addressee: "\(subjectName)（统一社会信用代码：\(record.uscc.rawValue)）：",
            opening: "你单位于\(record.decisionDate.chinese)被\(we)给予行政处罚（\(types)），决定书文号为\(record.documentNumber)。根据\(regime.citedAs)等规定，该行政处罚信息依法向社会公示，公示期间可能对你单位参与招标投标、融资信贷、评优评先等活动产生影响。现将信用修复有关事项告知如下：",
            sections: [
                .init(heading: "一、公示期限", paragraphs: term),
                .init(heading: "二、修复范围和条件", paragraphs: repair),
                .init(heading: "三、申请渠道和材料", paragraphs: channel),
            ],
            contact: "联系部门：\(issuing.department ?? issuer.department)　联系电话：\(issuing.phone ?? issuer.phone)　地址：\(issuing.address ?? issuer.address)",
            agency: record.agency, dateText: issuedOn.chinese, footnote: footnote,
            assessment: a, uscc: record.uscc.rawValue, issuedOn: issuedOn, service: service,
            servedOn: service == .withDecision ? record.decisionDate : issuedOn, latestPublication: latest,
            copiesTo: notices.copiesTo.contains { $0 != record.agency } ? notices.copiesTo.filter { $0 != record.agency } : nil)
    }
}
