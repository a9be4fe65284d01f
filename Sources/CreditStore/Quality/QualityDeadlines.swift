import CreditCore
import GRDB

/// The 归集 deadline of every decision date in a range, for SQL to join: a common table
/// expression `quality_deadline(decision_date, deadline, provisional)` over one JSON argument,
/// so the quality report reads only and runs in any transaction (a read of a pool included),
/// where a temporary table would need a write. Join it as `record r CROSS JOIN quality_deadline d`:
/// the fixed order scans the records once and finds each one's deadline through an automatic
/// index on the materialized table, where the planner left to itself may rescan the records
/// for every decision date.
struct QualityDeadlines {
    /// `WITH quality_deadline(decision_date, deadline, provisional) AS (…) ` — put before the SELECT.
    let with = """
        WITH quality_deadline(decision_date, deadline, provisional) AS MATERIALIZED
            (SELECT key, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))

        """
    /// The statement argument `with` needs: a JSON object from decision date to [deadline, provisional].
    let arguments: StatementArguments
    /// Years some deadline ran through without a published holiday schedule (provisional).
    let provisionalYears: [Int]

    /// - Parameters:
    ///   - from, to: the decision dates to cover (ISO text, inclusive).
    ///   - deadlineDays: working days allowed after the decision.
    init(_ db: Database, from: String, to: String, calendar: WorkingDayCalendar, deadlineDays: Int) throws {
        let dates = try String.fetchAll(db, sql: "SELECT DISTINCT decision_date FROM record WHERE decision_date BETWEEN ? AND ?",
                                        arguments: [from, to])
        var years = Set<Int>()
        // Keys and values are ISO dates (digits and dashes) and 0/1: nothing in them needs JSON escaping.
        let pairs = dates.compactMap { text -> String? in
            guard let date = CalendarDate(iso: text), date.description == text else { return nil }
            let deadline = calendar.deadline(deadlineDays, after: date)
            if deadline.provisional { years.formUnion((date.year...deadline.date.year).filter { !calendar.publishedYears.contains($0) }) }
            return "\"\(text)\":[\"\(deadline.date)\",\(deadline.provisional ? 1 : 0)]"
        }
        arguments = ["{" + pairs.joined(separator: ",") + "}"]
        provisionalYears = years.sorted()
    }
}
