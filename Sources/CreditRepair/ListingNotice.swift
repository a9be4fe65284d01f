import CreditCore
import Foundation

/// A 信用修复告知书 of a listing decision (列入经营异常名录 / 列入严重违法失信名单) as data:
/// served with the 列入决定书 (两书同达) when issued on the list-in day, otherwise as a
/// supplementary notice. Numbered per deciding agency, list and year in a sequence apart from
/// penalty notices (`notice_word` of the list in `Rules/repair.yaml`).
public struct ListingNotice: Sendable, Hashable, Codable {
    public var number: String
    public var title: String
    public var addressee: String
    public var opening: String
    public var sections: [RepairNotice.Section]
    public var contact: String
    /// The deciding agency, which signs.
    public var agency: String
    public var dateText: String
    public var footnote: String
    public var uscc: String
    public var list: ListKind
    /// 决定书文号 of the 列入 decision.
    public var documentNo: String
    public var listedOn: CalendarDate
    /// The first day an application to move out may be filed.
    public var earliestRepair: CalendarDate
    /// The day the listing ends by itself, where the list has a term.
    public var expiresOn: CalendarDate?
    public var issuedOn: CalendarDate
    public var service: NoticeService
    public var servedOn: CalendarDate
    /// 抄送机关 of the 版记 (nil when there are none).
    public var copiesTo: [String]?

    enum CodingKeys: String, CodingKey {
        case number, title, addressee, opening, sections, contact, agency, dateText, footnote, uscc, list
        case documentNo = "document_no", listedOn = "listed_on", earliestRepair = "earliest_repair", expiresOn = "expires_on"
        case issuedOn = "issued_on", service, servedOn = "served_on", copiesTo = "copies_to"
    }

    /// The notice as a GB/T 9704 document, issued by the listing agency: its name in the 版头
    /// over the notice number, the addressee, the sections, the signature over the date, how it
    /// was served and the listing's dates as the 附注, and the 版记.
    public var officialDocument: OfficialDocument {
        var body: [OfficialDocument.Block] = [.paragraph(opening)]
        for section in sections {
            body.append(.heading(section.heading, level: 1))
            body += section.paragraphs.map { .paragraph($0) }
        }
        body.append(.paragraph(contact))
        let dates = "列入日期：\(listedOn)　决定书文号：\(documentNo)　可申请移出之日：\(earliestRepair)" + (expiresOn.map { "　列入期满：\($0)" } ?? "")
        return OfficialDocument(issuer: agency, number: number, title: title, addressee: addressee, body: body,
                                signature: .init(agency: agency, date: dateText), annotation: footnote + dates,
                                imprint: .init(copiesTo: copiesTo ?? [], printedBy: agency, printedOn: dateText))
    }
}

extension ListingNotice: PrintableDocument {
    public static let templates: [DocumentFormat: String] = [.html: "listing-notice.html.mustache", .txt: "listing-notice.txt.mustache"]
    public var fileStem: String { number }
}

extension RepairRules {
    /// The number of a listing decision's notice: `{abbreviation}{notice_word}〔{year}〕{NNNN}号`.
    public func listingNoticeNumber(agency: String, list: ListKind, year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "\(self.agency(named: agency).abbreviation)\(lists[list]!.noticeWord)〔\(year)〕\(String(repeating: "0", count: max(0, 4 - digits.count)))\(digits)号"
    }

    /// Composes the notice of a listing decision: how the enterprise is moved out (the
    /// condition of its 情形, or the early removal after a year and the end of the term), the
    /// channel and the materials of the list's rule.
    public func listingNotice(for listing: Listing, number: String, subjectName: String, issuedOn: CalendarDate) -> ListingNotice {
        let rule = lists[listing.kind]!
        let issuing = agency(named: listing.agency)
        let we = listing.agency.hasSuffix("局") ? "我局" : "本机关"
        let earliest = rule.earliestRepair(listing)
        let expires = rule.removedAfterMonths.map { listing.listedOn.adding(months: $0) }
        var removal: [String] = []
        switch listing.reason {
        case .abnormal(let reason):
            let r = rule.reasons[reason]
            removal.append("你单位因“\(reason.rawValue)”（\(rule.basis)\(r?.item ?? "第四条")）被列入经营异常名录。"
                           + "你单位\(r?.condition ?? "履行相关义务")后，可以向\(we)申请移出经营异常名录（\(r?.removalBasis ?? "第十条至第十三条")），"
                           + "\(we)自收到申请之日起\(rule.decisionWorkingDays)个工作日内作出移出决定。")
            removal.append("被列入经营异常名录届满3年仍未履行相关义务的，将被列入严重违法失信名单（《企业信息公示暂行条例》第十七条）。")
        case .serious(let circumstance):
            removal.append("你单位因“\(listing.reasonText ?? circumstance.rawValue)”被列入严重违法失信名单（\(rule.basis)）。")
            removal.append("自\(earliest.chinese)起（列入满\(rule.repairAfterMonths / 12)年），同时符合下列条件的，可以向\(we)申请提前移出（\(rule.repairBasis)）：")
            removal += numberedItems(rule.conditions)
            if let expires, let basis = rule.removalBasis {
                removal.append("列入满\(rule.removedAfterMonths! / 12)年（\(expires.chinese)）的，由\(we)移出（\(basis)）。")
            }
        }
        var channel = ["申请渠道：\(issuer.channel(of: listing.agency))。", "申请材料："]
        channel += numberedItems(rule.materials)
        channel.append("信用修复不收取任何费用。")
        let service = NoticeService.of(decided: listing.listedOn, issuedOn: issuedOn)
        let decision = "列入\(rule.name)决定书（\(listing.documentNumber)）"
        let footnote = switch service {
        case .withDecision: "本告知书与\(decision)一并送达（两书同达）。"
        case .later: "本告知书系\(decision)（\(listing.listedOn.chinese)作出）送达后的补充告知，于\(issuedOn.chinese)出具送达。"
        }
        return ListingNotice(
            number: number, title: "信用修复告知书", addressee: "\(subjectName)（统一社会信用代码：\(listing.uscc.rawValue)）：",
            opening: "你单位于\(listing.listedOn.chinese)被\(we)列入\(rule.name)（决定书文号：\(listing.documentNumber)）。根据\(rule.basis)等规定，"
                + "列入信息通过国家企业信用信息公示系统向社会公示，可能对你单位参与招标投标、融资信贷、评优评先等活动产生影响。现将信用修复有关事项告知如下：",
            sections: [
                .init(heading: "一、移出条件", paragraphs: removal),
                .init(heading: "二、申请渠道和材料", paragraphs: channel),
            ],
            contact: "联系部门：\(issuing.department ?? issuer.department)　联系电话：\(issuing.phone ?? issuer.phone)　地址：\(issuing.address ?? issuer.address)",
            agency: listing.agency, dateText: issuedOn.chinese, footnote: footnote, uscc: listing.uscc.rawValue, list: listing.kind,
            documentNo: listing.documentNumber, listedOn: listing.listedOn, earliestRepair: earliest, expiresOn: expires, issuedOn: issuedOn,
            service: service, servedOn: service == .withDecision ? listing.listedOn : issuedOn,
            copiesTo: notices.copiesTo.contains { $0 != listing.agency } ? notices.copiesTo.filter { $0 != listing.agency } : nil)
    }
}
