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
