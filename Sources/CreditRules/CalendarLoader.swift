import Foundation
import CreditCore

/// Reads `Rules/calendar.yaml` into a `WorkingDayCalendar`: the published schedules per year
/// and the statutory holidays used for every other year.
public enum CalendarLoader {
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - file: the name errors are reported with.
    public static func load(_ text: String, file: String = "calendar.yaml") throws(RuleFileError) -> WorkingDayCalendar {
        let root = try YAMLNode.parse(text, file: file)
        try root.onlyKeys(["version", "years", "statutory"])
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
        guard !years.isEmpty else { throw root.error("no years listed") }
        var statutory = StatutoryHolidays.none
        if let node = try root.optional("statutory") { statutory = try self.statutory(node) }
        return WorkingDayCalendar(holidays: holidays, makeUpWorkdays: workdays, publishedYears: Set(years), statutory: statutory)
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

    /// The `statutory:` section: editions of 《全国年节及纪念日放假办法》 and the 补假 rule.
    private static func statutory(_ node: YAMLNode) throws(RuleFileError) -> StatutoryHolidays {
        try node.onlyKeys(["substitute_weekend_days", "editions"])
        var editions: [StatutoryHolidays.Edition] = []
        for editionNode in try node.required("editions").items() {
            try editionNode.onlyKeys(["from", "basis", "holidays"])
            let from = try editionNode.required("from").int()
            let scoped = editionNode.withRuleID("statutory \(from)")
            var holidays: [StatutoryHolidays.Holiday] = []
            for item in try scoped.required("holidays").items() {
                try item.onlyKeys(["name", "date", "lunar", "solar_term", "offset", "days"])
                let name = try item.required("name").string()
                var anchors: [(String, YAMLNode)] = []
                for key in ["date", "lunar", "solar_term"] {
                    if let value = try item.optional(key) { anchors.append((key, value)) }
                }
                guard anchors.count == 1, let (kind, anchorNode) = anchors.first else {
                    throw item.error("\(name): give exactly one of date (MM-DD), lunar (MM-DD) or solar_term (e.g. 清明)")
                }
                let anchor: StatutoryHolidays.Anchor
                switch kind {
                case "solar_term":
                    let text = try anchorNode.string()
                    guard let term = SolarTerm(rawValue: text) else {
                        throw anchorNode.error("'\(text)' is not a solar term (\(SolarTerm.allCases.map(\.rawValue).joined(separator: "、")))")
                    }
                    anchor = .solarTerm(term)
                default:
                    let text = try anchorNode.string()
                    let parts = text.split(separator: "-")
                    guard parts.count == 2, let month = Int(parts[0]), let day = Int(parts[1]), (1...12).contains(month),
                          (1...(kind == "lunar" ? 30 : 31)).contains(day) else {
                        throw anchorNode.error("'\(text)' is not a month and day MM-DD")
                    }
                    anchor = kind == "lunar" ? .lunar(month: month, day: day) : .solar(month: month, day: day)
                }
                let days = try item.optional("days")?.int() ?? 1
                guard (1...10).contains(days) else { throw item.error("\(name): days must be 1…10") }
                holidays.append(.init(name: name, anchor: anchor, offset: try item.optional("offset")?.int() ?? 0, days: days))
            }
            editions.append(.init(fromYear: from, basis: try editionNode.required("basis").string(), holidays: holidays))
        }
        guard Set(editions.map(\.fromYear)).count == editions.count else { throw node.error("two editions start in the same year") }
        return StatutoryHolidays(editions: editions, substituteWeekendDays: try node.optional("substitute_weekend_days")?.bool() ?? false)
    }
}
