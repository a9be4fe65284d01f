/// A money amount as the exports give it, in 万元 (10,000 yuan), held exactly as an integer
/// number of fen (0.000001 万元 = 0.01 yuan). Never binary floating point: amounts decide
/// publication periods and scores.
public struct Amount: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Fen (分): 1 万元 = 1,000,000 fen.
    public let fen: Int64

    public init(fen: Int64) { self.fen = fen }
    public init(yuan: Int64) { self.fen = yuan * 100 }
    public static let zero = Amount(fen: 0)

    /// Why an amount could not be read.
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case notANumber(String)
        case negative
        case tooPrecise(String)
        case tooLarge(String)
        public var description: String {
            switch self {
            case .notANumber(let t): "'\(t)' is not a decimal number of 万元"
            case .negative: "must not be negative"
            case .tooPrecise(let t): "'\(t)' has more than 6 decimal places of 万元 (finer than 0.01 yuan)"
            case .tooLarge(let t): "'\(t)' is implausibly large"
            }
        }
    }

    /// Parses a decimal number of 万元 such as `0.2`, `12`, `3.5000`, `1,200.5`.
    public init(wanYuan text: String) throws(Problem) {
        var integer: Int64 = 0, fraction: Int64 = 0, fractionDigits = 0
        var seenPoint = false, seenDigit = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                seenDigit = true
                let digit = Int64(byte - UInt8(ascii: "0"))
                if seenPoint {
                    fractionDigits += 1
                    if fractionDigits > 6 {
                        if digit != 0 { throw .tooPrecise(text) }
                        continue
                    }
                    fraction = fraction * 10 + digit
                } else {
                    integer = integer * 10 + digit
                    if integer > 100_000_000_000 { throw .tooLarge(text) }
                }
            case UInt8(ascii: "."):
                if seenPoint { throw .notANumber(text) }
                seenPoint = true
            case UInt8(ascii: ","): if seenPoint { throw .notANumber(text) }
            case UInt8(ascii: "-"): throw .negative
            default: throw .notANumber(text)
            }
        }
        guard seenDigit else { throw .notANumber(text) }
        for _ in fractionDigits..<6 where fractionDigits < 6 { fraction *= 10 }
        fen = integer * 1_000_000 + fraction
    }

    /// Canonical 万元 text without trailing zeros: `0.2`, `12`, `0.000001`.
    public var description: String {
        let whole = fen / 1_000_000, rest = fen % 1_000_000
        if rest == 0 { return "\(whole)" }
        var digits = String(rest)
        digits = String(repeating: "0", count: 6 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    /// Yuan with two decimals, for documents: `2000.00`.
    public var yuanText: String {
        let cents = fen % 100
        return "\(fen / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    public static func < (l: Self, r: Self) -> Bool { l.fen < r.fen }
    public static func + (l: Self, r: Self) -> Self { Amount(fen: l.fen + r.fen) }
}
