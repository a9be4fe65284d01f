import CreditCore
import CreditRepair
import Foundation
import GRDB

/// How a reminder reaches the enterprise.
public enum DispatchChannel: String, Sendable, Codable, CaseIterable {
    /// A batch file for the SMS gateway.
    case sms
    /// A call list for officers.
    case call
    /// A roster per 信用修复培训 session.
    case training

    /// The reminder lists' channel this dispatch channel sends.
    public var reminderChannel: Reminder.Channel {
        switch self {
        case .sms: .sms
        case .call: .phone
        case .training: .training
        }
    }

    public var chineseName: String {
        switch self {
        case .sms: "短信"
        case .call: "电话"
        case .training: "培训"
        }
    }
}

/// One dispatched reminder.
public struct DispatchedReminder: Sendable, Codable, Hashable {
    /// The gateway's `out_id`: receipts name it.
    public var id: Int64
    public var uscc: String
    public var name: String
    public var kind: String
    public var channel: DispatchChannel
    public var template: String
    public var text: String
    /// Unmasked in a new batch (the SMS file and the call list need it), masked in histories.
    public var phone: String?
    public var batch: String
    public var dispatchedAt: String
    public var trainingDate: String?
    public var trainingPlace: String?
    public var status: String
    public var statusReason: String?
    public var statusAt: String?
    enum CodingKeys: String, CodingKey {
        case id, uscc, name, kind, channel, template, text, phone, batch, dispatchedAt = "dispatched_at", trainingDate = "training_date"
        case trainingPlace = "training_place", status, statusReason = "status_reason", statusAt = "status_at"
    }
}

/// A new batch: what was dispatched now and what was left out, with why.
public struct DispatchBatch: Sendable {
    public var batch: String
    public var channel: DispatchChannel
    public var dispatched: [DispatchedReminder]
    /// Already dispatched on this channel before (never sent twice).
    public var alreadySent: Int
    /// Left out, with the reason (no phone number, no training session scheduled).
    public var skipped: [(uscc: String, reason: String)]
}

/// A delivery receipt from the SMS gateway, already parsed.
public struct DeliveryReceipt: Sendable, Hashable {
    public var dispatchID: Int64
    public var delivered: Bool
    public var reason: String?
    public var at: String?
    public init(dispatchID: Int64, delivered: Bool, reason: String?, at: String?) {
        self.dispatchID = dispatchID; self.delivered = delivered; self.reason = reason; self.at = at
    }
}

/// Dispatching 信用提示: turns today's reminder lists into batches for the SMS gateway, the
/// officers' call list and the training rosters, records every reminder sent (so the same
/// one is never sent twice on a channel), and takes the gateway's delivery receipts.
public struct ReminderDispatchStore: Sendable {
    let database: CreditDatabase
    let service: PublicServiceRules

    public init(database: CreditDatabase, service: PublicServiceRules) { self.database = database; self.service = service }

    /// The identity of a reminder: the same enterprise told the same thing about the same
    /// record and date. A training invitation is identified by its session.
    static func key(_ reminder: Reminder, trainingDate: CalendarDate?) -> String {
        [reminder.uscc, reminder.kind.rawValue, reminder.documentNumber, (trainingDate ?? reminder.date).description].joined(separator: "|")
    }

    /// Dispatches the reminders of one channel not dispatched on it before, as one batch.
    public func dispatch(_ reminders: [Reminder], channel: DispatchChannel, now: Timestamp, actor: String) throws -> DispatchBatch {
        try database.writer.write { db in
            let today = now.chinaDate
            let stamp = "\(today.year)\(today.month < 10 ? "0" : "")\(today.month)\(today.day < 10 ? "0" : "")\(today.day)"
            let earlier = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT batch) FROM reminder_dispatch WHERE channel = ? AND batch LIKE ?",
                                           arguments: [channel.rawValue, "\(channel.rawValue)-\(stamp)-%"]) ?? 0
            let batch = "\(channel.rawValue)-\(stamp)-\(earlier + 1)"
            var result = DispatchBatch(batch: batch, channel: channel, dispatched: [], alreadySent: 0, skipped: [])
            let insert = try db.cachedStatement(sql: """
                INSERT INTO reminder_dispatch (reminder_key, uscc, kind, channel, template, text, phone, batch, dispatched_at, training_date)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (reminder_key, channel) DO NOTHING
                """)
            for reminder in reminders where reminder.channel == channel.reminderChannel {
                var session: PublicServiceRules.TrainingSession?
                if channel == .training {
                    guard let next = service.trainingSession(onOrAfter: reminder.date) else {
                        result.skipped.append((reminder.uscc, "没有 \(reminder.date) 之后的信用修复培训场次（public-service.yaml training_sessions）"))
                        continue
                    }
                    session = next
                }
                if channel != .training, (reminder.phone ?? "").isEmpty {
                    result.skipped.append((reminder.uscc, "无联系电话"))
                    continue
                }
                let template = service.smsTemplates[reminder.kind] ?? reminder.kind.rawValue
                let text = session.map { "\(reminder.message)培训时间：\($0.date.chinese)，地点：\($0.place)。" } ?? reminder.message
                try insert.execute(arguments: [Self.key(reminder, trainingDate: session?.date), reminder.uscc, reminder.kind.rawValue, channel.rawValue,
                                               template, text, reminder.phone, batch, now.description, session?.date.description])
                guard db.changesCount == 1 else { result.alreadySent += 1; continue }
                result.dispatched.append(DispatchedReminder(
                    id: db.lastInsertedRowID, uscc: reminder.uscc, name: reminder.name, kind: reminder.kind.rawValue, channel: channel,
                    template: template, text: text, phone: reminder.phone, batch: batch, dispatchedAt: now.description,
                    trainingDate: session?.date.description, trainingPlace: session?.place, status: "dispatched"))
            }
            if !result.dispatched.isEmpty {
                try AuditLog.append(db, kind: "reminder-dispatch", actor: actor, at: now, payload: [
                    "batch": .string(batch), "channel": .string(channel.rawValue), "count": .int(Int64(result.dispatched.count)),
                ])
            }
            return result
        }
    }

    /// Applies delivery receipts; returns how many updated and the ids the register does not know.
    public func applyReceipts(_ receipts: [DeliveryReceipt], now: Timestamp, actor: String) throws -> (updated: Int, unknown: [Int64]) {
        try database.writer.write { db in
            var updated = 0, unknown: [Int64] = []
            for receipt in receipts {
                try db.execute(sql: "UPDATE reminder_dispatch SET status = ?, status_reason = ?, status_at = ? WHERE id = ? AND channel = 'sms'",
                               arguments: [receipt.delivered ? "delivered" : "failed", receipt.reason, receipt.at ?? now.description, receipt.dispatchID])
                if db.changesCount == 1 { updated += 1 } else { unknown.append(receipt.dispatchID) }
            }
            try AuditLog.append(db, kind: "reminder-receipts", actor: actor, at: now, payload: [
                "updated": .int(Int64(updated)), "unknown": .int(Int64(unknown.count)),
            ])
            return (updated, unknown)
        }
    }

    /// What an enterprise was told, oldest first, phone numbers masked.
    public func history(uscc: String) throws -> [DispatchedReminder] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.id, d.uscc, COALESCE(e.name, ''), d.kind, d.channel, d.template, d.text, d.phone, d.batch, d.dispatched_at,
                       d.training_date, d.status, d.status_reason, d.status_at
                FROM reminder_dispatch d LEFT JOIN enterprise e ON e.uscc = d.uscc WHERE d.uscc = ? ORDER BY d.id
                """, arguments: [uscc]).map { row in
                let date: String? = row[10]
                return DispatchedReminder(
                    id: row[0], uscc: row[1], name: row[2], kind: row[3], channel: DispatchChannel(rawValue: row[4]) ?? .sms, template: row[5],
                    text: row[6], phone: (row[7] as String?).map { maskedPhone($0) }, batch: row[8], dispatchedAt: row[9], trainingDate: date,
                    trainingPlace: date.flatMap(CalendarDate.init(iso:)).flatMap { d in service.trainingSessions.first { $0.date == d }?.place },
                    status: row[11], statusReason: row[12], statusAt: row[13])
            }
        }
    }
}
