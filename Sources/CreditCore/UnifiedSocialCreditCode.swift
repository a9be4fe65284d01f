/// 统一社会信用代码 — an 18-character Unified Social Credit Code validated per GB 32100-2015.
///
/// Structure: position 1 registering authority (9 = market regulation), 2 entity type,
/// 3–8 administrative division (GB/T 2260), 9–17 organisation code (GB 11714, position 17
/// its own check character), 18 the check character over positions 1–17.
public struct UnifiedSocialCreditCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The code as 18 ASCII characters.
    public let rawValue: String
    /// Non-fatal findings, e.g. a failed organisation-code check or an allow-listed legacy code.
    public let warnings: [Warning]

    /// The 31 characters of the code alphabet, in value order 0…30 (no I, O, Z, S, V).
    public static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)
    /// Weights 3^(i−1) mod 31 for positions 1…17.
    public static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    private static let valueOfByte: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(value) }
        return table
    }()

    /// A reason a code is not a valid 统一社会信用代码.
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case empty
        case wrongLength(Int)
        case invalidCharacter(String, position: Int)
        case divisionNotNumeric
        case unknownEntityType(String)
        case wrongCheckCharacter(expected: String, found: String)

        public var description: String {
            switch self {
            case .empty: "is empty"
            case .wrongLength(let n): "must have 18 characters, found \(n)"
            case .invalidCharacter(let c, let p):
                "character \(p) '\(c)' is not allowed (allowed: 0-9 and A-Y without I, O, S, V, Z)"
            case .divisionNotNumeric: "positions 3-8 (administrative division) must be digits"
            case .unknownEntityType(let t):
                "position 2 '\(t)' is not an entity type of market regulation (1 企业, 2 个体工商户, 3 农民专业合作社)"
            case .wrongCheckCharacter(let e, let f): "check character is \(e), found \(f)"
            }
        }

        /// The same for pages and Chinese messages.
        public var chineseDescription: String {
            switch self {
            case .empty: "为空"
            case .wrongLength(let n): "应为18位，实为\(n)位"
            case .invalidCharacter(let c, let p): "第\(p)位“\(c)”不是允许的字符（0-9及除I、O、S、V、Z以外的大写字母）"
            case .divisionNotNumeric: "第3-8位（行政区划码）须为数字"
            case .unknownEntityType(let t): "第2位“\(t)”不是市场监管登记的主体类型（1 企业、2 个体工商户、3 农民专业合作社）"
            case .wrongCheckCharacter(let e, let f): "校验码应为\(e)，实为\(f)"
            }
        }
    }

    /// A finding that does not make the code invalid.
    public enum Warning: Hashable, Sendable, CustomStringConvertible {
        /// GB 11714 check of positions 9–17 failed.
        case organisationCodeCheck(expected: String, found: String)
        /// The check character is wrong but the code is on the legacy allow-list.
        case allowListed(expected: String)

        public var description: String {
            switch self {
            case .organisationCodeCheck(let e, let f):
                "organisation code check character (position 17) is \(e), found \(f)"
            case .allowListed(let e):
                "check character would be \(e); accepted as an allow-listed legacy code"
            }
        }
    }

    /// Parses and validates a code.
    /// - Parameters:
    ///   - text: the code; surrounding whitespace must already be trimmed. Lowercase letters are accepted.
    ///   - allowList: legal legacy codes that fail the check character (see `Rules/uscc-allowlist.txt`).
    public init(_ text: String, allowList: Set<String> = []) throws(Problem) {
        // Bytes below "a" are ASCII without lowercase letters: uppercasing such a code (every
        // valid one as exports write it) would change nothing. This runs for every row imported.
        let upper = text.utf8.contains(where: { $0 >= UInt8(ascii: "a") }) ? text.uppercased() : text
        let bytes = Array(upper.utf8)
        if bytes.isEmpty { throw .empty }
        guard bytes.count == 18, upper.count == 18 else { throw .wrongLength(upper.count) }
        var sum = 0, entityType = 0, last = 0, divisionNumeric = true
        for (index, byte) in bytes.enumerated() {
            let value = Int(Self.valueOfByte[Int(byte)])
            guard value >= 0 else {
                throw .invalidCharacter(String(UnicodeScalar(byte)), position: index + 1)
            }
            if index < 17 { sum += value * Self.weights[index] } else { last = value }
            if index == 1 { entityType = value }
            if (2..<8).contains(index), value > 9 { divisionNumeric = false }
        }
        guard divisionNumeric else { throw .divisionNotNumeric }
        if bytes[0] == UInt8(ascii: "9"), !(1...3).contains(entityType) {
            throw .unknownEntityType(String(UnicodeScalar(bytes[1])))
        }
        let check = (31 - sum % 31) % 31
        var warnings: [Warning] = []
        if check != last {
            let expected = String(UnicodeScalar(Self.alphabet[check]))
            guard allowList.contains(upper) else {
                throw .wrongCheckCharacter(expected: expected, found: String(UnicodeScalar(bytes[17])))
            }
            warnings.append(.allowListed(expected: expected))
        }
        if let problem = Self.organisationCodeWarning(bytes[8..<17]) { warnings.append(problem) }
        self.rawValue = upper
        self.warnings = warnings
    }

    /// A code that was validated when it was stored: no checks, no warnings. Only for values
    /// read back from the store, whose schema and importer guarantee them.
    public init(trusted rawValue: String) {
        self.rawValue = rawValue
        self.warnings = []
    }

    /// GB 11714: weights 3 7 9 10 5 8 4 2 over positions 1–8, letters A=10…Z=35,
    /// c = 11 − Σ mod 11, 10 → X, 11 → 0.
    private static func organisationCodeWarning(_ code: ArraySlice<UInt8>) -> Warning? {
        let weights = [3, 7, 9, 10, 5, 8, 4, 2]
        let start = code.startIndex
        var sum = 0
        for index in 0..<8 {
            let byte = code[start + index]
            let value: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = Int(byte - UInt8(ascii: "A")) + 10
            default: return .organisationCodeCheck(expected: "?", found: String(UnicodeScalar(code[start + 8])))
            }
            sum += value * weights[index]
        }
        let c = 11 - sum % 11
        let expected = c == 10 ? "X" : c == 11 ? "0" : String(c)
        let found = String(UnicodeScalar(code[start + 8]))
        return expected == found ? nil : .organisationCodeCheck(expected: expected, found: found)
    }

    /// Builds a valid code from its first 17 characters by appending the check character.
    /// Used by the synthetic-data generator and tests.
    public static func completing(_ first17: String) -> String? {
        let bytes = Array(first17.uppercased().utf8)
        guard bytes.count == 17 else { return nil }
        var sum = 0
        for index in 0..<17 {
            let value = valueOfByte[Int(bytes[index])]
            guard value >= 0 else { return nil }
            sum += Int(value) * weights[index]
        }
        return String(decoding: bytes, as: UTF8.self) + String(UnicodeScalar(alphabet[(31 - sum % 31) % 31]))
    }

    /// Position 1: 登记管理部门代码 (9 = 市场监督管理).
    public var registeringAuthority: Character { rawValue.first! }
    /// Positions 3–8: 行政区划代码 (GB/T 2260).
    public var divisionCode: String { String(rawValue.dropFirst(2).prefix(6)) }
    /// Positions 9–17: 组织机构代码.
    public var organisationCode: String { String(rawValue.dropFirst(8).prefix(9)) }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}
