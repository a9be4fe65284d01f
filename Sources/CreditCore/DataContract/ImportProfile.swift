/// How one family of real exports maps onto the data contract (import-profiles.md): which
/// header cells identify it, which source column feeds which contract field, how coded values
/// read, which values are placeholders, and the unit of its amounts. Pure data; the YAML file
/// format and its loader live in `CreditIngest`.
public struct ImportProfile: Sendable, Hashable {
    /// Shown in reports (`name:`).
    public var name: String
    /// What the files hold (`category:`).
    public var kind: DataFileKind
    /// Header cells that must all be present for the profile to be chosen (`detect: all:`).
    public var detect: [String]
    /// Source header → contract field (`columns:`); several sources may feed one field.
    public var columns: [(source: String, field: Field)]
    /// Per contract field: source value → contract value (`values:`), applied before validation.
    public var values: [Field: [String: String]]
    /// Values read as empty (`placeholders:`), besides the contract's own.
    public var placeholders: [String]
    /// The unit of the amounts (`amount_unit:`); converted to 万元 exactly.
    public var amountUnit: AmountUnit
    /// Where the profile came from (a file path), for reports.
    public var source: String

    public init(name: String, kind: DataFileKind, detect: [String], columns: [(source: String, field: Field)],
                values: [Field: [String: String]] = [:], placeholders: [String] = [], amountUnit: AmountUnit = .wanYuan,
                source: String = "") {
        self.name = name; self.kind = kind; self.detect = detect; self.columns = columns; self.values = values
        self.placeholders = placeholders; self.amountUnit = amountUnit; self.source = source
    }

    public static func == (l: Self, r: Self) -> Bool {
        l.name == r.name && l.kind == r.kind && l.detect == r.detect && l.values == r.values && l.placeholders == r.placeholders
            && l.amountUnit == r.amountUnit && l.source == r.source
            && l.columns.map(\.source) == r.columns.map(\.source) && l.columns.map(\.field) == r.columns.map(\.field)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(name); hasher.combine(source) }

    /// Whether every `detect` cell is among the header's cells (compared as `HeaderName` does).
    public func matches(header: [String]) -> Bool {
        let cells = Set(header.map(HeaderName.normalized))
        return !detect.isEmpty && detect.allSatisfy { cells.contains(HeaderName.normalized($0)) }
    }

    /// The profile to use for a header among `profiles`: the matching one with the most
    /// `detect` cells, then the most mapped columns present; nil when none matches.
    public static func choose(for header: [String], among profiles: [ImportProfile]) -> ImportProfile? {
        let cells = Set(header.map(HeaderName.normalized))
        func mapped(_ p: ImportProfile) -> Int { p.columns.filter { cells.contains(HeaderName.normalized($0.source)) }.count }
        return profiles.filter { $0.matches(header: header) }
            .max { ($0.detect.count, mapped($0), $1.name) < ($1.detect.count, mapped($1), $0.name) }
    }
}

/// The unit amounts are given in.
public enum AmountUnit: String, Sendable, Hashable, CaseIterable {
    case wanYuan = "万元", yuan = "元"
}

/// Header (and coded value) matching: full- and half-width brackets alike, whitespace anywhere
/// ignored (including U+3000 and no-break spaces), letters in any case.
public enum HeaderName {
    public static func normalized(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "（": out.append("(")
            case "）": out.append(")")
            case "［", "【": out.append("[")
            case "］", "】": out.append("]")
            case "，": out.append(",")
            case "：": out.append(":")
            case "\u{FEFF}", "\u{3000}", "\u{00A0}": continue
            default:
                if scalar.properties.isWhitespace { continue }
                // Full-width ASCII (U+FF01–U+FF5E) as half-width.
                if scalar.value >= 0xFF01, scalar.value <= 0xFF5E, let half = Unicode.Scalar(scalar.value - 0xFEE0) {
                    out.append(half)
                } else {
                    out.append(scalar)
                }
            }
        }
        return String(out).lowercased()
    }

    /// Whether `normalized(text)` is `text` itself, told without building it for the values
    /// rows mostly hold — ASCII without capitals or spaces, CJK ideographs and punctuation —
    /// and false for any other scalar (the caller then normalises). A profile's coded values
    /// are looked up this way for every row (perf: building the normalised text was 3.6 % of
    /// the realistic import's samples).
    public static func isNormalized(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x21...0x40, 0x5B...0x7E: true  // printable ASCII but capitals and the space
            case 0x3001...0x300F, 0x3012...0x303F, 0x3400...0x9FFF: true  // not U+3000, 【】
            default: false
            }
        }
    }
}
