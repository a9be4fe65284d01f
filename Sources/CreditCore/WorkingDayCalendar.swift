import Synchronization

/// The PRC working-day calendar: Monday–Friday, minus public holidays, plus make-up
/// workdays (调休上班). Data must reach the platform within 7 working days of the decision
/// (国办发〔2015〕51号), and results are published within 20 working days of an inspection.
///
/// Years with a published State Council schedule (`Rules/calendar.yaml`) use it exactly.
/// Other years use the statutory holidays of 《全国年节及纪念日放假办法》 (元旦, 春节 from 除夕,
/// 清明, 劳动节, 端午, 中秋, 国庆, with 补假 for those on a weekend) and no make-up workdays:
/// every date computed through such a year is **provisional** until its notice is added.
public struct WorkingDayCalendar: Sendable {
    /// Days off that would otherwise be working days (法定节假日及调休放假), in published years.
    public let holidays: Set<CalendarDate>
    /// Weekend days that are working days (调休上班), in published years.
    public let makeUpWorkdays: Set<CalendarDate>
    /// The years a published schedule covers.
    public let publishedYears: Set<Int>
    /// The statutory holidays used for every other year.
    public let statutory: StatutoryHolidays
    /// Statutory days off per year, computed once per year on first use.
    private let statutoryCache = StatutoryCache()

    public init(holidays: Set<CalendarDate>, makeUpWorkdays: Set<CalendarDate>, publishedYears: Set<Int>,
                statutory: StatutoryHolidays = .none) {
        self.holidays = holidays
        self.makeUpWorkdays = makeUpWorkdays
        self.publishedYears = publishedYears
        self.statutory = statutory
    }

    /// A calendar with published years as a range (every year in it listed).
    public init(holidays: Set<CalendarDate>, makeUpWorkdays: Set<CalendarDate>, coveredYears: ClosedRange<Int>,
                statutory: StatutoryHolidays = .none) {
        self.init(holidays: holidays, makeUpWorkdays: makeUpWorkdays, publishedYears: Set(coveredYears), statutory: statutory)
    }

    /// A calendar with weekends only, for tests and synthetic data.
    public static let weekendsOnly = WorkingDayCalendar(holidays: [], makeUpWorkdays: [], publishedYears: [])

    /// Whether a published schedule covers the date's year (otherwise the date is provisional).
    public func covers(_ date: CalendarDate) -> Bool { publishedYears.contains(date.year) }

    /// Whether a working-day count over (start, end] relied on a year without a published schedule.
    public func isProvisional(from start: CalendarDate, through end: CalendarDate) -> Bool {
        (min(start.year, end.year)...max(start.year, end.year)).contains { !publishedYears.contains($0) }
    }

    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        if publishedYears.contains(date.year) {
            if makeUpWorkdays.contains(date) { return true }
            if holidays.contains(date) { return false }
            return date.isoWeekday <= 5
        }
        return date.isoWeekday <= 5 && statutoryDaysOff(in: date.year)[date] == nil
    }

    /// The statutory days off of a year (date → holiday name), whether or not it is published.
    public func statutoryDaysOff(in year: Int) -> [CalendarDate: String] {
        if let hit = statutoryCache.days.withLock({ $0[year] }) { return hit }
        let days = statutory.daysOff(in: year)
        statutoryCache.days.withLock { $0[year] = days }
        return days
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

    /// The `n`-th working day after `date`, and whether it is provisional (computed through a
    /// year without a published schedule).
    public func deadline(_ n: Int, after date: CalendarDate) -> WorkingDayDeadline {
        let day = workingDay(n, after: date)
        return WorkingDayDeadline(date: day, provisional: isProvisional(from: date, through: day))
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

/// A date counted in working days, with whether a year without a published holiday schedule
/// was part of the count (暂定: the State Council notice for that year may move it).
public struct WorkingDayDeadline: Sendable, Hashable, Codable {
    public var date: CalendarDate
    public var provisional: Bool
    public init(date: CalendarDate, provisional: Bool) { self.date = date; self.provisional = provisional }

    /// `2027年1月8日`, followed by `（暂定）` when provisional.
    public var chinese: String { date.chinese + (provisional ? "（暂定）" : "") }

    enum CodingKeys: String, CodingKey, CaseIterable { case date, provisional }

    /// As `JSONEncoder` encodes it; every key by an exhaustive `switch`.
    public var jsonValue: JSONValue {
        .object(keyedBy: CodingKeys.self) { key in
            switch key {
            case .date: .string(date.description)
            case .provisional: .bool(provisional)
            }
        }
    }
}

/// Per-calendar memo of statutory days off by year (a pure function's results).
final class StatutoryCache: Sendable {
    let days = Mutex<[Int: [CalendarDate: String]]>([:])
}
