import Foundation

/// The 24 solar terms (二十四节气): the civil day, in Beijing time (UTC+8), on which the sun's
/// apparent ecliptic longitude reaches a multiple of 15°. 清明 (15°) is a statutory holiday
/// whose date moves between April 4 and 5, so the working-day calendar needs it for years no
/// State Council notice covers yet.
///
/// Method (no library in the allowed set computes solar positions; Foundation's Chinese
/// calendar gives lunar dates but no solar terms): J. Meeus, *Astronomical Algorithms*
/// (2nd ed., 1998), ch. 25 "low accuracy" solar coordinates — mean longitude, equation of
/// the centre, nutation and aberration — solved for the target longitude by Newton steps on
/// Julian Ephemeris Days, converted from TT to UT with the Espenak–Meeus ΔT polynomials, then
/// to Beijing time. The longitude is good to about 0.01°, i.e. the instant to about ±15
/// minutes; the day is wrong only when the term falls within minutes of midnight (in
/// 1990–2100 the closest 清明 is 2071-04-05 00:05). Checked against the published 清明 dates
/// 2008–2030 and the State Council holiday notices 2023–2026 in `CalendarTests`.
public enum SolarTerm: String, CaseIterable, Sendable {
    case chunfen = "春分", qingming = "清明", guyu = "谷雨", lixia = "立夏", xiaoman = "小满", mangzhong = "芒种"
    case xiazhi = "夏至", xiaoshu = "小暑", dashu = "大暑", liqiu = "立秋", chushu = "处暑", bailu = "白露"
    case qiufen = "秋分", hanlu = "寒露", shuangjiang = "霜降", lidong = "立冬", xiaoxue = "小雪", daxue = "大雪"
    case dongzhi = "冬至", xiaohan = "小寒", dahan = "大寒", lichun = "立春", yushui = "雨水", jingzhe = "惊蛰"

    /// The sun's apparent ecliptic longitude at the term, in degrees (春分 0°, 清明 15° …).
    public var longitude: Double { Double(Self.allCases.firstIndex(of: self)!) * 15 }

    /// The civil date (Beijing time) of the term in a Gregorian year.
    public func date(in year: Int) -> CalendarDate {
        // Start from the mean date (春分 ≈ March 20, 365.2422 days a tropical year); terms from
        // 小寒 (285°) on fall in January–March of the same Gregorian year.
        let degreesFromEquinox = longitude >= 285 ? longitude - 360 : longitude
        let march20 = CalendarDate(year: year, month: 3, day: 20)!
        var jde = Self.julianDay(march20) + degreesFromEquinox / 360 * 365.2422
        for _ in 0..<8 {
            var difference = longitude - Self.apparentLongitude(jde: jde)
            difference -= 360 * (difference / 360).rounded()
            jde += difference / 0.98564736  // the sun's mean motion, degrees a day
            if abs(difference) < 1e-7 { break }
        }
        let universal = jde - Self.deltaT(year: Double(year)) / 86_400
        // Julian days begin at noon: +0.5 moves the day boundary to midnight UT, +8 h to Beijing.
        let beijing = universal + 0.5 + 8.0 / 24
        return CalendarDate(dayNumber: Int(beijing.rounded(.down)) - Self.julianDayOfEpoch)
    }

    /// The Julian Day number of 1970-01-01 (at midnight, as a civil-day count).
    static let julianDayOfEpoch = 2_440_588

    /// The Julian Day at 0h UT of a civil date.
    static func julianDay(_ date: CalendarDate) -> Double { Double(date.dayNumber + julianDayOfEpoch) - 0.5 }

    /// Meeus ch. 25, low accuracy: the apparent longitude of the sun, in degrees [0, 360).
    static func apparentLongitude(jde: Double) -> Double {
        let t = (jde - 2_451_545.0) / 36_525
        let meanLongitude = 280.46646 + 36_000.76983 * t + 0.0003032 * t * t
        let meanAnomaly = (357.52911 + 35_999.05029 * t - 0.0001537 * t * t) * .pi / 180
        let centre = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(meanAnomaly)
            + (0.019993 - 0.000101 * t) * sin(2 * meanAnomaly) + 0.000289 * sin(3 * meanAnomaly)
        let node = (125.04 - 1_934.136 * t) * .pi / 180
        let apparent = meanLongitude + centre - 0.00569 - 0.00478 * sin(node)
        let reduced = apparent.truncatingRemainder(dividingBy: 360)
        return reduced < 0 ? reduced + 360 : reduced
    }

    /// ΔT = TT − UT in seconds (F. Espenak and J. Meeus, NASA Five Millennium Canon, 2006).
    static func deltaT(year y: Double) -> Double {
        switch y {
        case ..<2005:
            let t = y - 2000
            let t2 = t * t, t3 = t2 * t
            return 63.86 + 0.3345 * t - 0.060374 * t2 + 0.0017275 * t3 + 0.000651814 * t2 * t2 + 0.00002373599 * t2 * t3
        case ..<2050:
            let t = y - 2000
            return 62.92 + 0.32217 * t + 0.005589 * t * t
        case ..<2150:
            let u = (y - 1820) / 100
            return -20 + 32 * u * u - 0.5628 * (2150 - y)
        default:
            let u = (y - 1820) / 100
            return -20 + 32 * u * u
        }
    }
}
