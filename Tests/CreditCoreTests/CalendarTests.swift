import CreditCore
import CreditRules
import Foundation
import Testing

@Suite struct CalendarDateTests {
    @Test(arguments: [
        ("2025-03-01", "2025-03-01"), ("2025/3/1", "2025-03-01"), ("2025/03/01", "2025-03-01"), ("20250301", "2025-03-01"),
        ("2025年3月1日", "2025-03-01"), ("2025年03月01日", "2025-03-01"), ("2025-03-01 14:30:00", "2025-03-01"),
        ("2025-03-01T14:30:00", "2025-03-01"), ("2024-02-29", "2024-02-29"), ("2099-12-31", "2099-12-31"),
        ("2025-3-1", "2025-03-01"), ("2025/12/1", "2025-12-01"), ("2025/1/31", "2025-01-31"), ("2025/3/1 8:00", "2025-03-01"),
        ("0999-01-02", "999-01-02"),
    ])
    func parsesEveryDateForm(_ text: String, _ iso: String) {
        #expect(CalendarDate(parsing: text)?.description == iso)
    }

    @Test(arguments: ["2023-02-29", "2025-13-01", "2025-00-10", "20251301", "2025年2月30日", "25-03-01", "2025-3", "明天", "",
                      "2025/2/30", "2025-1x-05", "2025-11/25", "2025/1/2/3", "2025/123/1", "2025//1", "2025/1/", "2O25/1/1"])
    func rejectsImpossibleDates(_ text: String) {
        #expect(CalendarDate(parsing: text) == nil)
    }

    @Test func monthArithmeticClampsToMonthEnd() {
        let d = CalendarDate(year: 2025, month: 8, day: 31)!
        #expect(d.adding(months: 6).description == "2026-02-28")
        #expect(CalendarDate(year: 2023, month: 8, day: 31)!.adding(months: 6).description == "2024-02-29")
        #expect(CalendarDate(year: 2024, month: 2, day: 29)!.adding(years: 1).description == "2025-02-28")
        #expect(CalendarDate(year: 2025, month: 1, day: 31)!.adding(months: 1).description == "2025-02-28")
        #expect(CalendarDate(year: 2025, month: 3, day: 31)!.adding(months: -1).description == "2025-02-28")
    }

    @Test func wholeMonthsCountsCompletedMonthsOnly() {
        let d = CalendarDate(year: 2025, month: 1, day: 31)!
        #expect(d.wholeMonths(until: CalendarDate(year: 2025, month: 2, day: 27)!) == 0)
        #expect(d.wholeMonths(until: CalendarDate(year: 2025, month: 2, day: 28)!) == 1)
        #expect(d.wholeMonths(until: CalendarDate(year: 2026, month: 1, day: 30)!) == 11)
        #expect(d.wholeMonths(until: CalendarDate(year: 2026, month: 1, day: 31)!) == 12)
    }

    @Test func dayNumbersRoundTripAndWeekdaysAreRight() {
        #expect(CalendarDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(CalendarDate(year: 2026, month: 11, day: 26)!.isoWeekday == 4)  // Thursday
        for n in stride(from: -1000, to: 30000, by: 37) { #expect(CalendarDate(dayNumber: n).dayNumber == n) }
    }

    @Test func timestampsRenderAndParse() {
        let t = Timestamp(millisecondsSince1970: 1_795_000_000_123)
        #expect(Timestamp(iso: t.description) == t)
        #expect(Timestamp(startOfChinaDay: CalendarDate(year: 2026, month: 11, day: 26)!).description == "2026-11-25T16:00:00.000Z")
        #expect(Timestamp(startOfChinaDay: CalendarDate(year: 2026, month: 11, day: 26)!).chinaDate.description == "2026-11-26")
    }
}

@Suite struct WorkingDayCalendarTests {
    static let calendar: WorkingDayCalendar = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Rules/calendar.yaml")
        return try! CalendarLoader.load(String(contentsOf: url, encoding: .utf8))
    }()

    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    @Test(arguments: [
        ("2024-02-04", true),   // Sunday, 春节调休上班
        ("2024-02-18", true),   // Sunday, 春节调休上班
        ("2024-02-12", false),  // Monday in the Spring Festival holiday
        ("2024-02-10", false),  // 除夕前后 Saturday, holiday
        ("2023-01-28", true),   // Saturday make-up day
        ("2023-10-02", false),  // National Day
        ("2025-01-26", true),   // Sunday make-up day
        ("2025-02-08", true),   // Saturday make-up day
        ("2026-02-23", false),  // last day of the 9-day 2026 Spring Festival
        ("2026-01-04", true),   // Sunday make-up day after 元旦
        ("2026-11-26", true),   // an ordinary Thursday
        ("2026-11-28", false),  // an ordinary Saturday
    ])
    func knowsHolidaysAndMakeUpDays(_ date: String, _ working: Bool) {
        #expect(Self.calendar.isWorkingDay(day(date)) == working)
    }

    @Test func sevenWorkingDaysSpanTheSpringFestival() {
        // Decided Thu 2024-02-08; working days after: 2/9 (Fri), then the holiday to 2/17,
        // 2/18 (Sun, make-up), 2/19, 2/20, 2/21, 2/22, 2/23 → the 7th is 2024-02-23.
        #expect(Self.calendar.workingDay(7, after: day("2024-02-08")) == day("2024-02-23"))
        #expect(Self.calendar.workingDays(after: day("2024-02-08"), through: day("2024-02-23")) == 7)
        // An ordinary week: Monday + 7 working days is the next Wednesday.
        #expect(Self.calendar.workingDay(7, after: day("2026-11-23")) == day("2026-12-02"))
    }

    @Test func rejectsACalendarWithAWeekdayMakeUpDay() {
        let yaml = "years:\n  2024:\n    workdays:\n      - 2024-02-05\n"
        #expect(throws: RuleFileError.self) { try CalendarLoader.load(yaml) }
    }

    @Test func namesLineAndColumnOfABadDate() throws {
        let yaml = "years:\n  2024:\n    holidays:\n      - 2024-02-30\n"
        let error = try #require(throws: RuleFileError.self) { try CalendarLoader.load(yaml, file: "calendar.yaml") }
        #expect(error.line == 4)
        #expect(error.column == 9)
        #expect(error.description.hasPrefix("calendar.yaml:4:9: 2024:"))
    }
}

@Suite struct AmountAndRateTests {
    @Test(arguments: [("0.2", Int64(200_000), "0.2", "2000.00"), ("12", 12_000_000, "12", "120000.00"),
                      ("3.5000", 3_500_000, "3.5", "35000.00"), ("0.000001", 1, "0.000001", "0.01"),
                      ("1,200.5", 1_200_500_000, "1200.5", "12005000.00")])
    func parsesWanYuanExactly(_ text: String, _ fen: Int64, _ canonical: String, _ yuan: String) throws {
        let amount = try Amount(wanYuan: text)
        #expect(amount.fen == fen)
        #expect(amount.description == canonical)
        #expect(amount.yuanText == yuan)
    }

    @Test(arguments: ["abc", "-1", "1.2.3", "0.0000001", "", "1e5"])
    func rejectsBadAmounts(_ text: String) {
        #expect(throws: Amount.Problem.self) { try Amount(wanYuan: text) }
    }

    @Test func ratesRoundHalfUpToTwoDecimalsOfPercent() {
        #expect(Rate(199, of: 200).description == "99.50")
        #expect(Rate(2, of: 3).description == "66.67")
        #expect(Rate(1, of: 3).description == "33.33")
        #expect(Rate(1, of: 8).description == "12.50")
        #expect(Rate(0, of: 0).description == "-")
        #expect(Rate(5, of: 5).description == "100.00")
    }
}

/// Years without a published State Council schedule fall back on the statutory holidays of
/// 《全国年节及纪念日放假办法》 (2024年11月10日国务院令第795号修订) 第二条, and every date counted
/// through them is provisional.
@Suite struct StatutoryCalendarTests {
    static let calendar = WorkingDayCalendarTests.calendar
    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    /// 清明 by the solar term (sun at 15°, Beijing time), against the published dates 2008–2030.
    @Test func qingmingFollowsTheSolarTerm() {
        let published = [2008: 4, 2009: 4, 2010: 5, 2011: 5, 2012: 4, 2013: 4, 2014: 5, 2015: 5, 2016: 4, 2017: 4, 2018: 5,
                         2019: 5, 2020: 4, 2021: 4, 2022: 5, 2023: 5, 2024: 4, 2025: 4, 2026: 5, 2027: 5, 2028: 4, 2029: 4, 2030: 5]
        for (year, dayOfApril) in published {
            #expect(SolarTerm.qingming.date(in: year) == CalendarDate(year: year, month: 4, day: dayOfApril)!, "\(year)")
        }
        // Other terms land where the almanac has them (冬至 2026-12-22, 春分 2027-03-21, 立春 2027-02-04).
        #expect(SolarTerm.dongzhi.date(in: 2026) == day("2026-12-22"))
        #expect(SolarTerm.chunfen.date(in: 2027) == day("2027-03-21"))
        #expect(SolarTerm.lichun.date(in: 2027) == day("2027-02-04"))
    }

    /// 第二条 as amended 2024: 元旦 1, 春节 4 (除夕、正月初一至初三), 清明 1, 劳动节 2, 端午 1,
    /// 中秋 1, 国庆 3 — 13 days; lunar dates from Foundation's Chinese calendar.
    @Test func the2027StatutoryDaysOff() {
        let days = Self.calendar.statutoryDaysOff(in: 2027)
        let named = days.filter { !$0.value.hasSuffix("补假") }
        #expect(named.count == 13)
        for (date, name) in [("2027-01-01", "元旦"), ("2027-02-05", "春节"), ("2027-02-06", "春节"), ("2027-02-08", "春节"),
                             ("2027-04-05", "清明节"), ("2027-05-01", "劳动节"), ("2027-05-02", "劳动节"), ("2027-06-09", "端午节"),
                             ("2027-09-15", "中秋节"), ("2027-10-01", "国庆节"), ("2027-10-03", "国庆节")] {
            #expect(days[day(date)] == name, "\(date)")
        }
        // 第六条: 适逢星期六、星期日，应当在工作日补假 — 初一 and 初二 fall on Sat/Sun (02-06, 02-07),
        // made up on Tue 02-09 and Wed 02-10, the first weekdays not already off.
        #expect(days[day("2027-02-09")] == "春节补假")
        #expect(days[day("2027-02-10")] == "春节补假")
        #expect(!Self.calendar.isWorkingDay(day("2027-02-10")))
        #expect(Self.calendar.isWorkingDay(day("2027-02-11")))
    }

    /// The computed statutory days of the published years are all holidays in the State Council
    /// notices (国办发明电〔2022〕16号 … 〔2025〕7号): the lunar and solar-term computation agrees
    /// with the schedules that exist (2023–2024 under the 2013 edition, 2025–2026 the 2024 one).
    @Test func statutoryDaysAgreeWithThePublishedSchedules() {
        for year in 2023...2026 {
            let statutory = Self.calendar.statutoryDaysOff(in: year).filter { !$0.value.hasSuffix("补假") }
            #expect(statutory.count == (year >= 2025 ? 13 : 11), "\(year)")
            for (date, name) in statutory {
                #expect(Self.calendar.holidays.contains(date), "\(year): \(date) \(name) is not a holiday in the notice")
            }
        }
    }

    /// Issue 16 case: decided Mon 2026-12-28, reported Thu 2027-01-07. 2027-01-01 is 元旦 by
    /// 第二条(一) whatever the 2027 notice adds, so 01-07 is the 7th working day: on time
    /// (国办发〔2015〕51号, 7 working days), and the deadline is provisional.
    @Test func aRecordReportedOverNewYear2027IsOnTime() {
        #expect(!Self.calendar.isWorkingDay(day("2027-01-01")))
        #expect(Self.calendar.workingDays(after: day("2026-12-28"), through: day("2027-01-07")) == 7)
        let deadline = Self.calendar.deadline(7, after: day("2026-12-28"))
        #expect(deadline == WorkingDayDeadline(date: day("2027-01-07"), provisional: true))
        #expect(deadline.chinese == "2027年1月7日（暂定）")
        // A count inside published years is not provisional.
        #expect(Self.calendar.deadline(7, after: day("2026-11-23")) == WorkingDayDeadline(date: day("2026-12-02"), provisional: false))
    }

    /// Issue 16 cases: 抽查结果 within 20 working days of the inspection's end.
    @Test(arguments: [("2026-12-10", "2027-01-08"), ("2026-12-21", "2027-01-19"), ("2026-12-31", "2027-01-29")])
    func twentyWorkingDayResultDeadlinesInto2027(_ ended: String, _ deadline: String) {
        #expect(Self.calendar.deadline(20, after: day(ended)) == WorkingDayDeadline(date: day(deadline), provisional: true))
    }

    /// A weekends-only calendar (no statutory rules) is what the old code silently used for 2027.
    @Test func weekendsOnlyDiffersExactlyOnTheHoliday() {
        #expect(WorkingDayCalendar.weekendsOnly.workingDay(20, after: day("2026-12-21")) == day("2027-01-18"))
        #expect(Self.calendar.workingDay(20, after: day("2026-12-21")) == day("2027-01-19"))
    }

    @Test func aStatutoryHolidayWithTwoAnchorsIsRefusedWithItsPosition() throws {
        let yaml = "years:\n  2026:\n    holidays: []\nstatutory:\n  editions:\n    - from: 2025\n      basis: x\n      holidays:\n        - {name: 春节, date: 01-01, lunar: 01-01}\n"
        let error = try #require(throws: RuleFileError.self) { try CalendarLoader.load(yaml, file: "calendar.yaml") }
        #expect(error.line == 9)
        #expect(error.reason.contains("exactly one"))
    }
}
