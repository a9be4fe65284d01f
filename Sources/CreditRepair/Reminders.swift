import Foundation
import CreditCore

/// One line of a 信用提示 list: who to remind, through which channel, with what words.
public struct Reminder: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case repairOpen = "可申请信用修复"
        case publicationEnding = "公示即将期满"
        case paymentDue = "履行提示"
        case training = "信用修复培训"
    }
    public enum Channel: String, Sendable, Codable { case sms = "短信", phone = "电话", training = "培训" }

    public var uscc: String
    public var name: String
    /// Unmasked: this list is for the officers who call and text.
    public var phone: String?
    public var kind: Kind
    public var channel: Channel
    public var message: String
    /// SMS segments (70 characters fit one; longer texts are sent as 67-character parts).
    public var segments: Int
    public var documentNumber: String
    public var noticeNumber: String?
    /// The date the reminder is about (earliest repair, end of publication, payment due).
    public var date: CalendarDate

    enum CodingKeys: String, CodingKey {
        case uscc, name, phone, kind, channel, message, segments, documentNumber = "document_no", noticeNumber = "notice_no", date
    }

    /// Segments of a Chinese SMS: one up to 70 characters, else ceil(n / 67).
    public static func smsSegments(_ text: String) -> Int { text.count <= 70 ? 1 : (text.count + 66) / 67 }
}

/// A penalty as the reminder list sees it.
public struct ReminderInput: Sendable {
    public var record: EnforcementRecord
    public var name: String
    public var phone: String?
    public var noticeNumber: String?
    public var repaired: Bool
    /// Register facts the repair conditions look at (总局令第45号 第十四条第四项).
    public var onAbnormalList: Bool
    public var onSeriousList: Bool
    /// An application already on file for this penalty: pending or approved.
    public var applicationStatus: String?
    public init(record: EnforcementRecord, name: String, phone: String?, noticeNumber: String?, repaired: Bool,
                onAbnormalList: Bool = false, onSeriousList: Bool = false, applicationStatus: String? = nil) {
        self.record = record; self.name = name; self.phone = phone; self.noticeNumber = noticeNumber; self.repaired = repaired
        self.onAbnormalList = onAbnormalList; self.onSeriousList = onSeriousList; self.applicationStatus = applicationStatus
    }
}

extension RepairRules {
    /// The 信用提示 lists as of a date: repair possible (or soon), publication ending soon, fines
    /// still within their payment period, and training invitations for repeat offenders.
    /// "可申请信用修复" goes only to enterprises that meet the conditions besides the period: not on
    /// the abnormal or serious list, no later penalty for the same violation, no application on file.
    public func reminders(_ inputs: [ReminderInput], asOf: CalendarDate, withinDays: Int? = nil) -> [Reminder] {
        let horizon = asOf.adding(days: withinDays ?? reminderWindowDays)
        var result: [Reminder] = []
        var published: [String: Int] = [:]
        let penaltiesByEnterprise = Dictionary(grouping: inputs.map(\.record), by: \.uscc)
        for input in inputs where !input.repaired {
            let a = assess(input.record)
            let r = input.record
            let short = r.agency.replacingOccurrences(of: "市场监督管理局", with: "市场监管局")
            if a.published, let end = a.end, end > asOf { published[r.uscc.rawValue, default: 0] += 1 }
            let context = RepairContext(onAbnormalList: input.onAbnormalList, onSeriousList: input.onSeriousList,
                                        penalties: (penaltiesByEnterprise[r.uscc] ?? []).filter { $0.decisionDate <= asOf },
                                        applicationStatus: input.applicationStatus)
            if a.published, a.repairable, let earliest = a.earliestRepair, let end = a.end, earliest <= horizon, end > asOf,
               blockers(r, context: context).isEmpty {
                let text = "【\(short)】\(input.name)：\(r.documentNumber)处罚信息\(earliest <= asOf ? "已" : "\(earliest.month)月\(earliest.day)日起")可申请信用修复，详见告知书。"
                result.append(Reminder(uscc: r.uscc.rawValue, name: input.name, phone: input.phone, kind: .repairOpen, channel: .sms,
                                       message: text, segments: Reminder.smsSegments(text), documentNumber: r.documentNumber,
                                       noticeNumber: input.noticeNumber, date: earliest))
            }
            if a.published, let end = a.end, end > asOf, end <= horizon {
                let text = "【\(short)】\(input.name)：\(r.documentNumber)处罚信息公示将于\(end.month)月\(end.day)日届满，届满后自动停止。"
                result.append(Reminder(uscc: r.uscc.rawValue, name: input.name, phone: input.phone, kind: .publicationEnding, channel: .sms,
                                       message: text, segments: Reminder.smsSegments(text), documentNumber: r.documentNumber,
                                       noticeNumber: input.noticeNumber, date: end))
            }
            if case .penalty(let p) = r.details, (p.fine ?? .zero) > .zero {
                let due = r.decisionDate.adding(days: paymentDays)
                if r.decisionDate <= asOf, due >= asOf {
                    let text = "您好，这里是\(r.agency)。\(input.name)于\(r.decisionDate.chinese)受到行政处罚（\(r.documentNumber)），罚款\(p.fine!.yuanText)元，请于\(due.chinese)前缴纳。按期履行后，可依照信用修复告知书申请信用修复；逾期将每日加处罚款并可能影响信用。如有疑问请致电\(agency(named: r.agency).phone ?? issuer.phone)。"
                    result.append(Reminder(uscc: r.uscc.rawValue, name: input.name, phone: input.phone, kind: .paymentDue, channel: .phone,
                                           message: text, segments: Reminder.smsSegments(text), documentNumber: r.documentNumber,
                                           noticeNumber: input.noticeNumber, date: due))
                }
            }
        }
        // Repeat offenders (two or more penalties under publication) are invited to training.
        for (uscc, count) in published where count >= 2 {
            guard let input = inputs.first(where: { $0.record.uscc.rawValue == uscc }) else { continue }
            let short = issuer.agency.replacingOccurrences(of: "市场监督管理局", with: "市场监管局")
            let text = "【\(short)】\(input.name)：你单位有\(count)条行政处罚信息正在公示，诚邀参加信用修复培训，了解修复条件和流程。"
            result.append(Reminder(uscc: uscc, name: input.name, phone: input.phone, kind: .training, channel: .training, message: text,
                                   segments: Reminder.smsSegments(text), documentNumber: "", noticeNumber: nil, date: asOf))
        }
        return result.sorted { ($0.uscc, $0.kind.rawValue, $0.documentNumber) < ($1.uscc, $1.kind.rawValue, $1.documentNumber) }
    }
}
