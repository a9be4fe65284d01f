import Foundation
import CreditCore

/// Reads `Rules/calendar.yaml` into a `WorkingDayCalendar`.
public enum CalendarLoader {
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - file: the name errors are reported with.
    public static func load(_ text: String, file: String = "calendar.yaml") throws(RuleFileError) -> WorkingDayCalendar {
        let root = try YAMLNode.parse(text, file: file)
        try root.onlyKeys(["version", "years"])
        var holidays = Set<CalendarDate>(), workdays = Set<CalendarDate>()
        var years: [Int] = []
        for (key, yearNode) in try root.required("years").mappingEntries() {
            guard let year = Int(key) else { throw yearNode.error("'\(key)' is not a year") }
            years.append(year)
            let node = yearNode.withRuleID(key)
            try node.onlyKeys(["holidays", "workdays"])
            for (name, target) in [("holidays", 0), ("workdays", 1)] {
                guard let list = try node.optional(name) else { continue }
                for item in try list.items() {
                    for day in try dates(item, year: year) {
                        if target == 0 { holidays.insert(day) } else { workdays.insert(day) }
                    }
                }
            }
        }
        if let overlap = holidays.intersection(workdays).min() {
            throw root.error("\(overlap) is listed both as a holiday and as a make-up workday")
        }
        for day in workdays where day.isoWeekday <= 5 {
            throw root.error("make-up workday \(day) is not a Saturday or Sunday")
        }
        guard let first = years.min(), let last = years.max() else { throw root.error("no years listed") }
        return WorkingDayCalendar(holidays: holidays, makeUpWorkdays: workdays, coveredYears: first...last)
    }

    /// `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`, within the year's listing.
    private static func dates(_ item: YAMLNode, year: Int) throws(RuleFileError) -> [CalendarDate] {
        let text = try item.string()
        let parts = text.components(separatedBy: "..")
        guard (1...2).contains(parts.count),
              let from = CalendarDate(iso: parts[0].trimmingDataWhitespace()),
              let to = CalendarDate(iso: parts[parts.count - 1].trimmingDataWhitespace()) else {
            throw item.error("'\(text)' is not a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD")
        }
        guard from <= to, to.dayNumber - from.dayNumber < 31 else { throw item.error("range '\(text)' is reversed or too long") }
        guard from.year == year || to.year == year else { throw item.error("'\(text)' is not in \(year)") }
        return (from.dayNumber...to.dayNumber).map(CalendarDate.init(dayNumber:))
    }
}
