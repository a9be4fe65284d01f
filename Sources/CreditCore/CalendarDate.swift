/// A civil date (year, month, day) with no time and no time zone — the unit every legal
/// period, decision date and working-day count in this domain is expressed in.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// `2099-12-31`, which data exports use to mean "long-term" (长期).
    public static let longTerm = CalendarDate(uncheckedYear: 2099, month: 12, day: 31)

    /// Creates a date, or fails when the day does not exist (e.g. 2023-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    /// Days since 1970-01-01 (negative before), by H. Hinnant's civil-days algorithm.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(uncheckedYear: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        let w = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    /// Adds calendar months the way legal periods count them: the same day-of-month, or the
    /// last day of the target month when it is shorter (08-31 + 6 months = 02-28 or 02-29).
    public func adding(months: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + months
        let y = total / 12, m = total % 12 + 1
        return CalendarDate(uncheckedYear: y, month: m, day: min(day, Self.daysInMonth(year: y, month: m)))
    }

    public func adding(years: Int) -> CalendarDate { adding(months: 12 * years) }

    /// Whole months from `self` to `later` (how many month-steps fit), used for decay by age.
    public func wholeMonths(until later: CalendarDate) -> Int {
        var months = (later.year - year) * 12 + (later.month - month)
        if months > 0, adding(months: months) > later { months -= 1 }
        if months < 0, adding(months: months) < later { months += 1 }
        return months
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        guard year >= 1000 else {
            let m = month < 10 ? "0\(month)" : "\(month)"
            let d = day < 10 ? "0\(day)" : "\(day)"
            return "\(year)-\(m)-\(d)"
        }
        // YYYY-MM-DD written digit by digit: the importer formats every date it stores.
        return String(unsafeUninitializedCapacity: 10) { buffer in
            let zero = UInt8(ascii: "0")
            buffer[0] = zero + UInt8(year / 1000); buffer[1] = zero + UInt8(year / 100 % 10)
            buffer[2] = zero + UInt8(year / 10 % 10); buffer[3] = zero + UInt8(year % 10)
            buffer[4] = UInt8(ascii: "-"); buffer[5] = zero + UInt8(month / 10); buffer[6] = zero + UInt8(month % 10)
            buffer[7] = UInt8(ascii: "-"); buffer[8] = zero + UInt8(day / 10); buffer[9] = zero + UInt8(day % 10)
            return 10
        }
    }

    /// `YYYY年M月D日`, the form official documents use.
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "'\(text)' is not a date YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Parses exactly `YYYY-MM-DD` (the storage form).
    public init?(iso text: String) {
        var copy = text
        guard let date = copy.withUTF8({ CalendarDate(isoBytes: $0) }) else { return nil }
        self = date
    }

    /// Parses `YYYY-MM-DD` from UTF-8 bytes (a database column, a CSV field) without a String.
    public init?(isoBytes u: UnsafeBufferPointer<UInt8>) {
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
              let y = Self.digits(u[0..<4]), let m = Self.digits(u[5..<7]), let d = Self.digits(u[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses the date forms the data exports use: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`,
    /// `YYYY年M月D日`, with one- or two-digit month and day, optionally followed by a time
    /// (after a space or `T`), which is ignored.
    public init?(parsing text: String) {
        // Fast path for the common storage form.
        if text.utf8.count == 10, let date = CalendarDate(iso: text) { self = date; return }
        var u = Array(text.utf8)
        // Milliseconds since 1970 (platform tables' CREATE_DATE): the day in China Standard Time.
        if u.count == 13, let ms = Int64(text) {
            self = Timestamp(millisecondsSince1970: ms).chinaDate; return
        }
        // YYYY.MM.DD as YYYY-MM-DD.
        if u.count >= 8, u[4] == UInt8(ascii: ".") { u = u.map { $0 == UInt8(ascii: ".") ? UInt8(ascii: "-") : $0 } }
        // Drop a trailing time: anything after a space or 'T' once the date part is read.
        if let cut = u.firstIndex(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "T") }) {
            u = Array(u[..<cut])
        }
        if u.count == 8, let y = Self.digits(u[0..<4]), let m = Self.digits(u[4..<6]), let d = Self.digits(u[6..<8]) {
            self.init(year: y, month: m, day: d); return
        }
        // YYYY-M-D or YYYY/M/D (one or two digits each), read from the bytes.
        if (8...10).contains(u.count), u[4] == UInt8(ascii: "-") || u[4] == UInt8(ascii: "/") {
            let separator = u[4]
            if let second = u[6...].firstIndex(of: separator), (6...7).contains(second), second + 1 < u.count, u.count - second - 1 <= 2 {
                guard let y = Self.digits(u[0..<4]), let m = Self.digits(u[5..<second]),
                      let d = Self.digits(u[(second + 1)...]) else { return nil }
                self.init(year: y, month: m, day: d); return
            }
        }
        let text = String(decoding: u, as: UTF8.self)
        var parts: [Substring]
        if text.hasSuffix("日"), text.contains("年"), text.contains("月") {
            parts = text.dropLast().split(separator: "年", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            let md = parts[1].split(separator: "月", omittingEmptySubsequences: false)
            guard md.count == 2 else { return nil }
            parts = [parts[0], md[0], md[1]]
        } else if text.contains("-") {
            parts = text.split(separator: "-", omittingEmptySubsequences: false)
        } else if text.contains("/") {
            parts = text.split(separator: "/", omittingEmptySubsequences: false)
        } else {
            return nil
        }
        guard parts.count == 3, parts[0].utf8.count == 4, (1...2).contains(parts[1].utf8.count),
              (1...2).contains(parts[2].utf8.count),
              let y = Self.digits(parts[0].utf8), let m = Self.digits(parts[1].utf8),
              let d = Self.digits(parts[2].utf8) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    private static func digits<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
        var value = 0
        for b in bytes {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(b - UInt8(ascii: "0"))
        }
        return bytes.isEmpty ? nil : value
    }
}

/// A calendar month `YYYY-MM`, the period of monthly reports and draws.
public struct CalendarMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        year = y; month = m
    }

    public init(_ date: CalendarDate) { year = date.year; month = date.month }

    public var firstDay: CalendarDate { CalendarDate(uncheckedYear: year, month: month, day: 1) }
    public var lastDay: CalendarDate {
        CalendarDate(uncheckedYear: year, month: month, day: CalendarDate.daysInMonth(year: year, month: month))
    }
    public func contains(_ date: CalendarDate) -> Bool { date.year == year && date.month == month }
    public var description: String { month < 10 ? "\(year)-0\(month)" : "\(year)-\(month)" }
    public static func < (l: Self, r: Self) -> Bool { (l.year, l.month) < (r.year, r.month) }
}
