import Foundation

/// The days off every citizen has by law (《全国年节及纪念日放假办法》第二条), used for the
/// years no State Council holiday notice (国务院办公厅关于…年部分节假日安排的通知) covers yet.
/// Such a year's working days are *provisional*: the notice adds make-up workdays (调休上班)
/// and moves days to form longer breaks, which no rule predicts.
public struct StatutoryHolidays: Sendable, Hashable {
    /// One edition of the 办法, in force for the years from `fromYear` on.
    public struct Edition: Sendable, Hashable {
        public var fromYear: Int
        /// The text and its amendment, e.g. 国务院令第795号.
        public var basis: String
        public var holidays: [Holiday]
        public init(fromYear: Int, basis: String, holidays: [Holiday]) {
            self.fromYear = fromYear; self.basis = basis; self.holidays = holidays
        }
    }

    /// One holiday: `days` consecutive days off starting `offset` days from the anchor.
    public struct Holiday: Sendable, Hashable {
        public var name: String
        public var anchor: Anchor
        /// Days from the anchor to the first day off: 除夕 is 正月初一 − 1.
        public var offset: Int
        public var days: Int
        public init(name: String, anchor: Anchor, offset: Int = 0, days: Int = 1) {
            self.name = name; self.anchor = anchor; self.offset = offset; self.days = days
        }
    }

    /// How a holiday's first day is found in a Gregorian year.
    public enum Anchor: Sendable, Hashable {
        /// A Gregorian month and day (元旦 01-01, 劳动节 05-01, 国庆节 10-01).
        case solar(month: Int, day: Int)
        /// A day of the Chinese lunar calendar, never a leap month (春节 正月初一, 端午 五月初五, 中秋 八月十五).
        case lunar(month: Int, day: Int)
        /// The day of a solar term (清明).
        case solarTerm(SolarTerm)
    }

    /// Editions in ascending `fromYear`; a year before the first uses the first.
    public var editions: [Edition]
    /// 第六条: a holiday falling on a Saturday or Sunday is made up (补假) on the next weekday
    /// that is not itself a holiday.
    public var substituteWeekendDays: Bool

    public init(editions: [Edition], substituteWeekendDays: Bool) {
        self.editions = editions.sorted { $0.fromYear < $1.fromYear }
        self.substituteWeekendDays = substituteWeekendDays
    }

    /// No statutory holidays at all (weekends only).
    public static let none = StatutoryHolidays(editions: [], substituteWeekendDays: false)

    /// The edition in force in a year.
    public func edition(for year: Int) -> Edition? {
        editions.last { $0.fromYear <= year } ?? editions.first
    }

    /// The days off of a year by law: date → the holiday's name (补假 days "…补假").
    public func daysOff(in year: Int) -> [CalendarDate: String] {
        guard let edition = edition(for: year) else { return [:] }
        var lunar: LunarYear?
        var days: [CalendarDate: String] = [:]
        for holiday in edition.holidays {
            let first: CalendarDate?
            switch holiday.anchor {
            case .solar(let month, let day): first = CalendarDate(year: year, month: month, day: day)
            case .solarTerm(let term): first = term.date(in: year)
            case .lunar(let month, let day):
                if lunar == nil { lunar = LunarYear(year) }
                first = lunar?.date(month: month, day: day)
            }
            guard let first else { continue }
            for n in 0..<holiday.days { days[first.adding(days: holiday.offset + n)] = holiday.name }
        }
        guard substituteWeekendDays else { return days }
        for (date, name) in days.sorted(by: { $0.key < $1.key }) where date.isoWeekday >= 6 {
            var substitute = date.adding(days: 1)
            while substitute.isoWeekday >= 6 || days[substitute] != nil { substitute = substitute.adding(days: 1) }
            days[substitute] = "\(name)补假"
        }
        return days
    }
}

/// The lunar (农历) month and day of each day of a Gregorian year, from Foundation's Chinese
/// calendar (ICU's astronomical 农历, in China Standard Time) — a pure computation.
struct LunarYear {
    private var firstDate: [Int: CalendarDate] = [:]

    init(_ year: Int) {
        var chinese = Calendar(identifier: .chinese)
        chinese.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        guard let start = CalendarDate(year: year, month: 1, day: 1), let end = CalendarDate(year: year, month: 12, day: 31) else { return }
        for dayNumber in start.dayNumber...end.dayNumber {
            // Noon in Beijing (04:00 UTC): safely inside the civil day.
            let instant = Date(timeIntervalSince1970: Double(dayNumber) * 86_400 + 4 * 3600)
            let parts = chinese.dateComponents([.month, .day, .isLeapMonth], from: instant)
            guard parts.isLeapMonth != true, let month = parts.month, let day = parts.day else { continue }
            let key = month * 100 + day
            if firstDate[key] == nil { firstDate[key] = CalendarDate(dayNumber: dayNumber) }
        }
    }

    /// The first day of the Gregorian year with this lunar month and day (not a leap month).
    func date(month: Int, day: Int) -> CalendarDate? { firstDate[month * 100 + day] }
}
