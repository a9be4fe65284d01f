import CreditCore
import Foundation  // pow, for the WCAG luminance only

/// The class colours and labels every chart uses. Each class colour carries white text at
/// WCAG AA contrast (4.5:1 or more): C is #b85c00, darker than the #ef6c00 the pages used,
/// which gives white text only 3.1:1.
public enum ClassPalette {
    /// The fill of a class: A #2e7d32, B #1565c0, C #b85c00, D #b71c1c.
    public static func color(_ riskClass: RiskClass) -> String {
        switch riskClass {
        case .a: "#2e7d32"
        case .b: "#1565c0"
        case .c: "#b85c00"
        case .d: "#b71c1c"
        }
    }

    /// The short label drawn in charts: `A 低`, `B 一般`, `C 较高`, `D 高`.
    public static func shortLabel(_ riskClass: RiskClass) -> String {
        switch riskClass {
        case .a: "A 低"
        case .b: "B 一般"
        case .c: "C 较高"
        case .d: "D 高"
        }
    }

    /// The full label of tables and descriptions: `A 信用风险低` … `D 信用风险高`.
    public static func fullLabel(_ riskClass: RiskClass) -> String {
        switch riskClass {
        case .a: "A 信用风险低"
        case .b: "B 信用风险一般"
        case .c: "C 信用风险较高"
        case .d: "D 信用风险高"
        }
    }
}

/// A colour as `#rrggbb`, with the WCAG 2 arithmetic the charts use to keep text legible.
struct RGB: Hashable, Sendable {
    var red: Double, green: Double, blue: Double

    init(red: Double, green: Double, blue: Double) { self.red = red; self.green = green; self.blue = blue }

    /// From `#rrggbb`; nil for anything else.
    init?(hex: String) {
        let digits = Array(hex.utf8.dropFirst())
        guard hex.hasPrefix("#"), digits.count == 6, let value = Int(String(decoding: digits, as: UTF8.self), radix: 16) else { return nil }
        red = Double((value >> 16) & 0xFF); green = Double((value >> 8) & 0xFF); blue = Double(value & 0xFF)
    }

    var hex: String {
        let digits = "0123456789abcdef".map { $0 }
        return "#" + [red, green, blue].map { channel -> String in
            let byte = Int(channel.rounded()).clamped(to: 0...255)
            return String([digits[byte >> 4], digits[byte & 0xF]])
        }.joined()
    }

    /// WCAG 2 relative luminance.
    var luminance: Double {
        func linear(_ channel: Double) -> Double {
            let c = channel / 255
            return c <= 0.039_28 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// WCAG 2 contrast ratio, 1…21.
    func contrast(with other: RGB) -> Double {
        let (a, b) = (luminance, other.luminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// The point `t` of the way from `self` to `other`.
    func mixed(with other: RGB, _ t: Double) -> RGB {
        RGB(red: red + (other.red - red) * t, green: green + (other.green - green) * t, blue: blue + (other.blue - blue) * t)
    }

    static let white = RGB(red: 255, green: 255, blue: 255)
    static let black = RGB(red: 0, green: 0, blue: 0)

    /// Black or white, whichever reads better on this colour (at least 4.58:1 on any colour).
    var textColor: RGB { contrast(with: .black) >= contrast(with: .white) ? .black : .white }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
