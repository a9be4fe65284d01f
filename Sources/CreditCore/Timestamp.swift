/// An instant with millisecond precision, rendered as UTC ISO 8601 (`2026-11-26T12:46:03.123Z`)
/// so stored knowledge times sort as text. The core never reads the clock: adapters pass these in.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let millisecondsSince1970: Int64

    public init(millisecondsSince1970: Int64) { self.millisecondsSince1970 = millisecondsSince1970 }

    /// The start of a civil day in China Standard Time (UTC+8), the zone every legal date here is in.
    public init(startOfChinaDay date: CalendarDate) {
        millisecondsSince1970 = (Int64(date.dayNumber) * 86_400 - 8 * 3_600) * 1_000
    }

    /// The civil date in China Standard Time.
    public var chinaDate: CalendarDate {
        let seconds = millisecondsSince1970 / 1_000 + 8 * 3_600
        return CalendarDate(dayNumber: Int((seconds - ((seconds % 86_400) + 86_400) % 86_400) / 86_400))
    }

    /// China Standard Time to the minute, as printed on documents: `2026年11月30日 14:05`.
    public var chinaMinute: String {
        let seconds = millisecondsSince1970 / 1_000 + 8 * 3_600
        let inDay = Int(((seconds % 86_400) + 86_400) % 86_400)
        let minute = inDay / 60 % 60
        return "\(chinaDate.chinese) \(inDay / 3_600):\(minute < 10 ? "0" : "")\(minute)"
    }

    public var description: String {
        let ms = millisecondsSince1970
        let days = Int((ms - ((ms % 86_400_000) + 86_400_000) % 86_400_000) / 86_400_000)
        let inDay = Int(ms - Int64(days) * 86_400_000)
        let date = CalendarDate(dayNumber: days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let millis = inDay % 1_000
        let msText = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(date)T\(two(inDay / 3_600_000)):\(two(inDay / 60_000 % 60)):\(two(inDay / 1_000 % 60)).\(msText)Z"
    }

    /// Parses the form `description` writes.
    public init?(iso text: String) {
        let u = Array(text.utf8)
        guard u.count == 24, u[10] == UInt8(ascii: "T"), u[23] == UInt8(ascii: "Z"),
              let date = CalendarDate(iso: String(decoding: u[0..<10], as: UTF8.self)),
              let h = Int(String(decoding: u[11..<13], as: UTF8.self)),
              let m = Int(String(decoding: u[14..<16], as: UTF8.self)),
              let s = Int(String(decoding: u[17..<19], as: UTF8.self)),
              let f = Int(String(decoding: u[20..<23], as: UTF8.self)) else { return nil }
        millisecondsSince1970 = Int64(date.dayNumber) * 86_400_000 + Int64(((h * 60 + m) * 60 + s) * 1_000 + f)
    }

    public static func < (l: Self, r: Self) -> Bool { l.millisecondsSince1970 < r.millisecondsSince1970 }
}
