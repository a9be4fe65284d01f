import CreditCore
import CreditRules
import Crypto
import Foundation
import GRDB

/// One published result line.
public struct PublishedResult: Sendable, Codable {
    public var drawID: String
    public var uscc: String
    public var name: String
    public var kind: String
    public var item: String
    public var agency: String
    public var finishedOn: CalendarDate?
    public var result: String?
    /// `result_publication_working_days` (20) working days after the inspection ended.
    public var deadline: CalendarDate?
    /// The deadline was counted through a year without a published holiday schedule (暂定).
    public var deadlineProvisional: Bool
    /// 已完成 / 未完成 / 逾期公示.
    public var status: String

    /// The deadline as officials write it, `（暂定）` when provisional.
    public var deadlineText: String? { deadline.map { WorkingDayDeadline(date: $0, provisional: deadlineProvisional).chinese } }
}

/// Inspection results of a draw: imported by `CreditIngest` (`credit draw results import`),
/// each becoming a 行政检查 record that feeds the next classification, and published here with
/// their deadline (20 working days after the inspection ended).
public struct DrawResults: Sendable {
    public let database: CreditDatabase
    public init(database: CreditDatabase) { self.database = database }

    /// The draws that have at least one result, by id.
    public func drawsWithResults() throws -> [String] {
        try database.writer.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT draw_id FROM draw_result ORDER BY draw_id") }
    }

    /// The draw's tasks with results and publication deadlines as of `today`.
    public func publication(drawID: String, calendar: WorkingDayCalendar, today: CalendarDate) throws -> [PublishedResult] {
        try database.writer.read { db in
            guard let draw = try Row.fetchOne(db, sql: "SELECT plan_text FROM draw WHERE id = ?", arguments: [drawID]) else {
                throw DrawError.notFound(id: drawID)
            }
            let plan = try? SamplingPlanLoader.load(draw[0], file: "plan")
            let agency = plan?.agency ?? "市场监督管理局"
            let days = plan?.resultPublicationDays ?? 20
            return try Row.fetchAll(db, sql: """
                SELECT t.uscc, COALESCE(e.name, ''), t.kind, t.item, r.finished_on, r.result
                FROM draw_task t LEFT JOIN enterprise e ON e.uscc = t.uscc
                LEFT JOIN draw_result r ON r.draw_id = t.draw_id AND r.uscc = t.uscc
                WHERE t.draw_id = ? ORDER BY t.position
                """, arguments: [drawID]).map { row in
                let finished = (row[4] as String?).flatMap(CalendarDate.init(iso:))
                let deadline = finished.map { calendar.deadline(days, after: $0) }
                let status = deadline.map { $0.date < today ? "逾期公示" : "按期公示" } ?? "未完成"
                return PublishedResult(drawID: drawID, uscc: row[0], name: row[1], kind: (row[2] as String) == "targeted" ? "定向检查" : "双随机抽查",
                                       item: row[3], agency: agency, finishedOn: finished, result: row[5], deadline: deadline?.date,
                                       deadlineProvisional: deadline?.provisional ?? false, status: status)
            }
        }
    }
}
