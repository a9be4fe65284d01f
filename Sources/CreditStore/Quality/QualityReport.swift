import CreditCore
import GRDB

/// 数据质量报告 (seed item 37): per 数据来源单位 × category, how many records were submitted,
/// passed validation (合规率) and reached the platform within 7 working days (归集及时率).
///
/// Definitions (domain.md §6): submitted = stored records + rejected rows (exact duplicates
/// inside a file are counted apart); 合规率 = compliant ÷ submitted; 及时率 = on time ÷ records
/// with a report date, where on time means reported by the 7th working day after the
/// decision (counting from the day after; the 7th day itself is on time).
public struct QualityReport: Sendable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        public var sourceUnit: String?
        public var category: String?
        public var submitted = 0
        public var compliant = 0
        public var withReportDate = 0
        public var onTime = 0
        public var duplicates = 0
        public var usccErrors = 0

        public var complianceRate: Rate { Rate(compliant, of: submitted) }
        public var timelinessRate: Rate { Rate(onTime, of: withReportDate) }

        enum CodingKeys: String, CodingKey {
            case sourceUnit = "source_unit", category, submitted, compliant
            case complianceRate = "compliance_rate", withReportDate = "with_report_date", onTime = "on_time"
            case timelinessRate = "timeliness_rate", duplicates, usccErrors = "uscc_errors"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if let sourceUnit { try c.encode(sourceUnit, forKey: .sourceUnit) }
            if let category { try c.encode(category, forKey: .category) }
            try c.encode(submitted, forKey: .submitted)
            try c.encode(compliant, forKey: .compliant)
            try c.encode(complianceRate.basisPointsOfPercent == nil ? nil : complianceRate.description, forKey: .complianceRate)
            try c.encode(withReportDate, forKey: .withReportDate)
            try c.encode(onTime, forKey: .onTime)
            try c.encode(timelinessRate.basisPointsOfPercent == nil ? nil : timelinessRate.description, forKey: .timelinessRate)
            try c.encode(duplicates, forKey: .duplicates)
            try c.encode(usccErrors, forKey: .usccErrors)
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            sourceUnit = try c.decodeIfPresent(String.self, forKey: .sourceUnit)
            category = try c.decodeIfPresent(String.self, forKey: .category)
            submitted = try c.decode(Int.self, forKey: .submitted)
            compliant = try c.decode(Int.self, forKey: .compliant)
            withReportDate = try c.decode(Int.self, forKey: .withReportDate)
            onTime = try c.decode(Int.self, forKey: .onTime)
            duplicates = try c.decode(Int.self, forKey: .duplicates)
            usccErrors = try c.decode(Int.self, forKey: .usccErrors)
        }

        init(sourceUnit: String?, category: String?) { self.sourceUnit = sourceUnit; self.category = category }

        /// Adds another row's counts (for totals and groupings).
        public mutating func add(_ other: Row) {
            submitted += other.submitted; compliant += other.compliant; withReportDate += other.withReportDate
            onTime += other.onTime; duplicates += other.duplicates; usccErrors += other.usccErrors
        }
    }

    /// A record reported after its deadline.
    public struct LateRecord: Sendable, Hashable, Codable {
        public var sourceUnit: String
        public var category: String
        public var documentNumber: String
        public var decisionDate: CalendarDate
        public var reportDate: CalendarDate
        public var deadline: CalendarDate
        public var workingDaysTaken: Int
        /// The deadline was counted through a year without a published holiday schedule (暂定).
        public var provisional: Bool
        enum CodingKeys: String, CodingKey {
            case sourceUnit = "source_unit", category, documentNumber = "document_no", decisionDate = "decision_date"
            case reportDate = "report_date", deadline, workingDaysTaken = "working_days_taken", provisional
        }
    }

    public var month: String?
    public var rows: [Row]
    public var totals: Row
    public var late: [LateRecord]?
    /// Records (with a report date) whose 7-working-day deadline runs through a year without a
    /// published holiday schedule: their on-time verdict is provisional (暂定).
    public var provisionalDeadlines = 0
    /// Those years (statutory holidays of 《全国年节及纪念日放假办法》 only).
    public var provisionalYears: [Int] = []
    /// With details: penalties whose exported 公示截止期 disagrees with the computed end
    /// (`RepairStore.declaredEndDisagreements`), for the units that sent them.
    public var declaredEndDisagreements: [DeclaredEndDisagreement]?

    enum CodingKeys: String, CodingKey {
        case month, rows, totals, late, provisionalDeadlines = "provisional_deadlines", provisionalYears = "provisional_years"
        case declaredEndDisagreements = "declared_end_disagreements"
    }
}

extension QualityReport {
    /// The report, in one read transaction of its own (the use case the CLI, the demo and the
    /// server call).
    public static func read(_ database: CreditDatabase, month: CalendarMonth?, calendar: WorkingDayCalendar,
                            deadlineDays: Int = 7, details: Bool = false) throws -> QualityReport {
        try database.writer.read { db in try compute(db, month: month, calendar: calendar, deadlineDays: deadlineDays, details: details) }
    }

    /// The same without blocking a Swift concurrency thread.
    public static func read(_ database: CreditDatabase, month: CalendarMonth?, calendar: WorkingDayCalendar,
                            deadlineDays: Int = 7, details: Bool = false) async throws -> QualityReport {
        try await database.writer.read { db in try compute(db, month: month, calendar: calendar, deadlineDays: deadlineDays, details: details) }
    }

    /// Computes the report from the store; reads only (any transaction will do).
    /// - Parameters:
    ///   - month: only records decided in this month; nil = all.
    ///   - calendar: the working-day calendar (`Rules/calendar.yaml`).
    ///   - deadlineDays: working days allowed (7 per 国办发〔2015〕51号).
    ///   - details: also list the late records.
    static func compute(_ db: Database, month: CalendarMonth?, calendar: WorkingDayCalendar,
                               deadlineDays: Int = 7, details: Bool = false) throws -> QualityReport {
        let from = month?.firstDay.description ?? "0000-00-00", to = month?.lastDay.description ?? "9999-99-99"
        // Deadlines per distinct decision date, computed once with the calendar, joined in SQL.
        let deadlines = try QualityDeadlines(db, from: from, to: to, calendar: calendar, deadlineDays: deadlineDays)
        var table: [String: Row] = [:]
        func key(_ unit: String, _ category: String) -> String { unit + "\u{1F}" + category }
        let stored = try GRDB.Row.fetchAll(db, sql: deadlines.with + """
            SELECT r.source_unit AS unit, r.category AS category, COUNT(*) AS n,
                   COUNT(r.report_date) AS with_report,
                   SUM(r.report_date IS NOT NULL AND r.report_date <= d.deadline) AS on_time
            FROM record r CROSS JOIN quality_deadline d ON d.decision_date = r.decision_date
            GROUP BY r.source_unit, r.category
            """, arguments: deadlines.arguments)
        for s in stored {
            let unit: String = s["unit"], category: String = s["category"]
            var row = table[key(unit, category)] ?? Row(sourceUnit: unit, category: category)
            row.submitted += s["n"]; row.compliant += s["n"]; row.withReportDate += s["with_report"]
            row.onTime += s["on_time"] ?? 0
            table[key(unit, category)] = row
        }
        let recordKinds = RecordCategory.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let rejected = try GRDB.Row.fetchAll(db, sql: """
            SELECT COALESCE(source_unit, '(未知)') AS unit, kind AS category,
                   SUM(is_duplicate = 0) AS rejected, SUM(is_duplicate) AS duplicates,
                   SUM(is_duplicate = 0 AND field = '统一社会信用代码') AS uscc_errors
            FROM rejected_row
            WHERE kind IN (\(recordKinds)) AND (? OR decision_date BETWEEN ? AND ?)
            GROUP BY 1, 2
            """, arguments: [month == nil, from, to])
        for s in rejected {
            let unit: String = s["unit"], category: String = s["category"]
            var row = table[key(unit, category)] ?? Row(sourceUnit: unit, category: category)
            row.submitted += s["rejected"]; row.duplicates += s["duplicates"]; row.usccErrors += s["uscc_errors"]
            table[key(unit, category)] = row
        }
        let rows = table.values.sorted {
            ($0.sourceUnit ?? "", RecordCategory(rawValue: $0.category ?? "") ?? .licensing)
                < ($1.sourceUnit ?? "", RecordCategory(rawValue: $1.category ?? "") ?? .licensing)
        }
        var totals = Row(sourceUnit: nil, category: nil)
        for row in rows { totals.add(row) }
        var late: [LateRecord]?
        if details {
            late = try GRDB.Row.fetchAll(db, sql: deadlines.with + """
                SELECT r.source_unit, r.category, r.document_no, r.decision_date, r.report_date, d.deadline, d.provisional
                FROM record r CROSS JOIN quality_deadline d ON d.decision_date = r.decision_date
                WHERE r.report_date > d.deadline ORDER BY r.source_unit, r.category, r.decision_date, r.document_no
                """, arguments: deadlines.arguments).compactMap { r in
                guard let decided = CalendarDate(iso: r["decision_date"]), let reported = CalendarDate(iso: r["report_date"]),
                      let deadline = CalendarDate(iso: r["deadline"]) else { return nil }
                return LateRecord(sourceUnit: r["source_unit"], category: r["category"], documentNumber: r["document_no"],
                                  decisionDate: decided, reportDate: reported, deadline: deadline,
                                  workingDaysTaken: calendar.workingDays(after: decided, through: reported), provisional: r["provisional"])
            }
        }
        var report = QualityReport(month: month?.description, rows: rows, totals: totals, late: late)
        report.provisionalDeadlines = try Int.fetchOne(db, sql: deadlines.with + """
            SELECT COUNT(*) FROM record r CROSS JOIN quality_deadline d ON d.decision_date = r.decision_date
            WHERE d.provisional AND r.report_date IS NOT NULL AND r.decision_date BETWEEN ? AND ?
            """, arguments: deadlines.arguments + [from, to]) ?? 0
        report.provisionalYears = deadlines.provisionalYears
        return report
    }
}
