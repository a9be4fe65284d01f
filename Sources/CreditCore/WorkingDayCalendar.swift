/// The PRC working-day calendar: Monday–Friday, minus public holidays, plus make-up
/// workdays (调休上班). Data must reach the platform within 7 working days of the decision
/// (国办发〔2015〕51号), and results are published within 20 working days of an inspection.
public struct WorkingDayCalendar: Sendable, Hashable {
    /// Days off that would otherwise be working days (法定节假日及调休放假).
    public let holidays: Set<CalendarDate>
    /// Weekend days that are working days (调休上班).
    public let makeUpWorkdays: Set<CalendarDate>
    /// The years the holiday lists cover; outside them only weekends are days off.
    public let coveredYears: ClosedRange<Int>

    public init(holidays: Set<CalendarDate>, makeUpWorkdays: Set<CalendarDate>, coveredYears: ClosedRange<Int>) {
        self.holidays = holidays
        self.makeUpWorkdays = makeUpWorkdays
        self.coveredYears = coveredYears
    }

    /// A calendar with weekends only, for tests and for years without holiday data.
    public static let weekendsOnly = WorkingDayCalendar(holidays: [], makeUpWorkdays: [], coveredYears: 0...0)

    public func covers(_ date: CalendarDate) -> Bool { coveredYears.contains(date.year) }

    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        if makeUpWorkdays.contains(date) { return true }
        if holidays.contains(date) { return false }
        return date.isoWeekday <= 5
    }

    /// The `n`-th working day after `date`, counting from the day after (n ≥ 1).
    public func workingDay(_ n: Int, after date: CalendarDate) -> CalendarDate {
        var day = date
        var remaining = n
        while remaining > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    /// Working days in the half-open interval (start, end]: 0 when end ≤ start.
    public func workingDays(after start: CalendarDate, through end: CalendarDate) -> Int {
        guard end > start else { return 0 }
        var count = 0
        var day = start.adding(days: 1)
        while day <= end {
            if isWorkingDay(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }
}
