import CreditCore
import GRDB

/// The 归集 deadline of every decision date in a range, for SQL to join: a common table
/// expression `quality_deadline(decision_date, deadline)` over one JSON argument, so the
/// quality report reads only and runs in any transaction (a read of a pool included), where
/// a temporary table would need a write. Join it as `record r CROSS JOIN quality_deadline d`:
/// the fixed order scans the records once and finds each one's deadline through an automatic
/// index on the materialized table, where the planner left to itself may rescan the records
/// for every decision date.
struct QualityDeadlines {
    /// `WITH quality_deadline(decision_date, deadline) AS (…) ` — put before the SELECT.
    let with = """
        WITH quality_deadline(decision_date, deadline) AS MATERIALIZED (SELECT key, value FROM json_each(?))

        """
    /// The statement argument `with` needs: a JSON object from decision date to deadline.
    let arguments: StatementArguments

    /// - Parameters:
    ///   - from, to: the decision dates to cover (ISO text, inclusive).
    ///   - deadlineDays: working days allowed after the decision.
    init(_ db: Database, from: String, to: String, calendar: WorkingDayCalendar, deadlineDays: Int) throws {
        let dates = try String.fetchAll(db, sql: "SELECT DISTINCT decision_date FROM record WHERE decision_date BETWEEN ? AND ?",
                                        arguments: [from, to])
        // Keys and values are ISO dates (digits and dashes): nothing in them needs JSON escaping.
        let pairs = dates.compactMap { text -> String? in
            guard let date = CalendarDate(iso: text), date.description == text else { return nil }
            return "\"\(text)\":\"\(calendar.workingDay(deadlineDays, after: date))\""
        }
        arguments = ["{" + pairs.joined(separator: ",") + "}"]
    }
}
