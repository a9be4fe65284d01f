import CreditCore
import GRDB

/// 合规率 and 归集及时率 per 数据来源单位, month by month: the quality report of each month of a
/// range (`QualityReport.compute`, the same definitions and the same SQL), its rows summed over
/// the seven categories per agency. All months are read in one transaction, so they describe
/// one state of the store even while an import writes.
public struct QualitySeries: Sendable, Codable {
    /// One month: per agency (`category` nil) and the month's totals.
    public struct Month: Sendable, Codable {
        public var month: String
        public var rows: [QualityReport.Row]
        public var totals: QualityReport.Row
    }

    public var from: String
    public var to: String
    public var months: [Month]

    /// The agencies of any month, in order.
    public var agencies: [String] { Set(months.flatMap { $0.rows.compactMap(\.sourceUnit) }).sorted() }

    /// The longest range one request may ask for (ten years).
    public static let maximumMonths = 120
}

/// A month range that cannot be computed.
public enum QualitySeriesError: Error, Sendable, Equatable, CustomStringConvertible {
    case reversed(from: String, to: String)
    case tooLong(months: Int, limit: Int)

    public var description: String {
        switch self {
        case .reversed(let from, let to): "起始月份 \(from) 晚于截止月份 \(to)"
        case .tooLong(let months, let limit): "月份范围共 \(months) 个月，超过上限 \(limit) 个月"
        }
    }
}

extension QualitySeries {
    /// The months from `from` to `to`, both included.
    public static func months(from: CalendarMonth, to: CalendarMonth) throws(QualitySeriesError) -> [CalendarMonth] {
        guard from <= to else { throw .reversed(from: from.description, to: to.description) }
        let count = (to.year - from.year) * 12 + to.month - from.month + 1
        guard count <= maximumMonths else { throw .tooLong(months: count, limit: maximumMonths) }
        return Array(sequence(first: from) { CalendarMonth($0.lastDay.adding(days: 1)) }.prefix(count))
    }

    /// Computes the series in the caller's transaction; reads only.
    /// - Parameters:
    ///   - from, to: the first and last month (decision dates), at most `maximumMonths` apart.
    ///   - calendar: the working-day calendar (`Rules/calendar.yaml`).
    ///   - deadlineDays: working days allowed (7 per 国办发〔2015〕51号).
    public static func compute(_ db: Database, from: CalendarMonth, to: CalendarMonth, calendar: WorkingDayCalendar,
                               deadlineDays: Int = 7) throws -> QualitySeries {
        let months = try Self.months(from: from, to: to).map { month in
            let report = try QualityReport.compute(db, month: month, calendar: calendar, deadlineDays: deadlineDays)
            var byAgency: [String: QualityReport.Row] = [:]
            for row in report.rows {
                let unit = row.sourceUnit ?? ""
                byAgency[unit, default: QualityReport.Row(sourceUnit: unit, category: nil)].add(row)
            }
            return Month(month: month.description, rows: byAgency.keys.sorted().map { byAgency[$0]! }, totals: report.totals)
        }
        return QualitySeries(from: from.description, to: to.description, months: months)
    }

    /// Computes the series in one read transaction of `database` (never a write).
    public static func read(_ database: CreditDatabase, from: CalendarMonth, to: CalendarMonth, calendar: WorkingDayCalendar,
                            deadlineDays: Int = 7) throws -> QualitySeries {
        try database.writer.read { db in try compute(db, from: from, to: to, calendar: calendar, deadlineDays: deadlineDays) }
    }
}
