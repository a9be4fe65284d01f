import Foundation
import CreditCore

/// A 信用修复告知书 as data: every sentence computed, ready to render to HTML, text or DOCX.
/// Served with the penalty decision ("两书同达"), only for published penalties.
public struct RepairNotice: Sendable, Hashable, Codable {
    public var number: String
    public var title: String
    public var addressee: String
    public var opening: String
    public var sections: [Section]
    public var contact: String
    public var agency: String
    public var dateText: String
    public var footnote: String
    /// The computed dates behind the text.
    public var assessment: PublicationAssessment
    public var uscc: String
    public var issuedOn: CalendarDate

    public struct Section: Sendable, Hashable, Codable {
        public var heading: String
        public var paragraphs: [String]
    }

    /// The plain-text form (also the DOCX paragraphs), one paragraph per line.
    public var paragraphs: [(text: String, style: ParagraphStyle)] {
        var result: [(String, ParagraphStyle)] = [(title, .title), (number, .number), (addressee, .plain), (opening, .body)]
        for section in sections {
            result.append((section.heading, .heading))
            result += section.paragraphs.map { ($0, .body) }
        }
        result += [(contact, .body), (agency, .signature), (dateText, .signature), (footnote, .note)]
        return result
    }

    public enum ParagraphStyle: Sendable { case title, number, plain, heading, body, signature, note }
}

/// An amount in the units officials write: `5万元`, `1.5万元`, `3000元`.
func wanYuanText(_ amount: Amount) -> String {
    amount.fen % 1_000_000 == 0 || amount.fen >= 1_000_000 ? "\(amount.description)万元" : "\(amount.fen / 100)元"
}

/// The formal Chinese numbering of lists: （一）（二）…
func chineseOrdinal(_ n: Int) -> String {
    let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    return n <= 10 ? digits[n] : n < 20 ? "十" + digits[n - 10] : "\(n)"
}

extension RepairRules {
    /// Composes the notice for a published penalty; nil for an unpublished one.
    /// - Parameters:
    ///   - number: the notice number (e.g. `保市监信修告〔2026〕0001号`).
    ///   - subjectName: the addressee as registered.
    ///   - issuedOn: the date printed on the notice.
    public func notice(for record: EnforcementRecord, number: String, subjectName: String, issuedOn: CalendarDate) -> RepairNotice? {
        let a = assess(record)
        guard a.published, let regime = regime(for: record.decisionDate), case .penalty(let p) = record.details,
              let start = a.start, let end = a.end, let months = a.periodMonths else { return nil }
        let period = months % 12 == 0 ? "\(months / 12)年" : "\(months)个月"
        let types = p.types.map(\.rawValue).joined(separator: "、")
        let amount = (p.fine ?? .zero) + (p.confiscation ?? .zero)
        var term = ["该行政处罚信息自\(start.chinese)起在国家企业信用信息公示系统公示，公示期\(period)，至\(end.chinese)届满后自动停止公示。"]
        switch regime.kind {
        case .samr(let shortMonths, let longMonths, _, _, _):
            let threshold = lowFineThreshold[record.subjectKind] ?? lowFineThreshold[.organisation]!
            term.append("依据\(regime.basis)，受到通报批评或者较低数额罚款的，公示期为\(shortMonths)个月；其他行政处罚信息公示期为\(longMonths / 12)年。")
            term.append("本地较低数额罚款标准：\(record.subjectKind == .individualBusiness ? "个体工商户" : "法人和非法人组织")罚款、没收违法所得和非法财物合计\(wanYuanText(threshold))以下（\(lowFineSource)）。"
                        + (amount > .zero ? "你单位本次罚没金额合计\(amount.yuanText)元，" + (a.lowAmount ? "属于较低数额罚款。" : "不属于较低数额罚款。") : ""))
        case .tiered:
            term.append("依据\(regime.basis)，你单位本次失信行为认定为“\(a.tier?.rawValue ?? "一般")”失信，公示期最短\(a.earliestRepair.map { $0 == start ? "0个月" : "\(start.wholeMonths(until: $0))个月" } ?? "-")、最长\(period)。")
        }
        var repair: [String] = []
        if a.repairable, let earliest = a.earliestRepair {
            repair.append("自\(earliest.chinese)起，你单位可以向我局申请信用修复（提前停止公示），并应当同时符合下列条件：")
            repair += regime.conditions.enumerated().map { "（\(chineseOrdinal($0.offset + 1))）\($0.element)；" }
            if var last = repair.popLast() { last = String(last.dropLast()) + "。"; repair.append(last) }
        } else {
            repair.append("本次行政处罚信息不适用提前停止公示：\(a.notRepairableReason ?? "")。")
        }
        if !regime.nonRepairableTypes.isEmpty {
            repair.append("受到\(regime.nonRepairableTypes.sorted().map(\.rawValue).joined(separator: "、"))行政处罚的，不得申请提前停止公示。")
        }
        var channel = ["申请渠道：\(issuer.channel)。", "申请材料："]
        channel += regime.materials.enumerated().map { "（\(chineseOrdinal($0.offset + 1))）\($0.element)；" }
        if var last = channel.popLast() { last = String(last.dropLast()) + "。"; channel.append(last) }
        channel.append("我局自收到申请之日起\(acceptanceWorkingDays)个工作日内作出是否受理的决定，自受理之日起\(decisionWorkingDays)个工作日内作出决定。信用修复不收取任何费用。")
        return RepairNotice(
            number: number, title: "信用修复告知书", addressee: "\(subjectName)（统一社会信用代码：\(record.uscc.rawValue)）：",
            opening: "你单位于\(record.decisionDate.chinese)被我局给予行政处罚（\(types)），决定书文号为\(record.documentNumber)。根据《市场监督管理行政处罚信息公示规定》等规定，该行政处罚信息将依法向社会公示，公示期间可能对你单位参与招标投标、融资信贷、评优评先等活动产生影响。现将信用修复有关事项告知如下：",
            sections: [
                .init(heading: "一、公示期限", paragraphs: term),
                .init(heading: "二、修复范围和条件", paragraphs: repair),
                .init(heading: "三、申请渠道和材料", paragraphs: channel),
            ],
            contact: "联系部门：\(issuer.department)　联系电话：\(issuer.phone)　地址：\(issuer.address)",
            agency: issuer.agency, dateText: issuedOn.chinese,
            footnote: "本告知书与《行政处罚决定书》一并送达。谁处罚、谁告知、谁送达。",
            assessment: a, uscc: record.uscc.rawValue, issuedOn: issuedOn)
    }

    /// `保市监信修告〔2026〕0001号`.
    public func noticeNumber(year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "\(issuer.noticePrefix)〔\(year)〕\(String(repeating: "0", count: max(0, 4 - digits.count)))\(digits)号"
    }
}
