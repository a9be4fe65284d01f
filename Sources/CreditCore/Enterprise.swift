/// A market entity from the register (检查对象名录库).
public struct Enterprise: Sendable, Hashable {
    public var uscc: UnifiedSocialCreditCode
    public var name: String
    /// 企业类型, e.g. 有限责任公司, 个体工商户.
    public var kind: String?
    public var industry: IndustryCode?
    /// 行政区划代码, 6 digits; defaults to positions 3–8 of the code.
    public var region: String
    public var established: CalendarDate?
    public var status: RegistrationStatus
    /// 经营异常名录.
    public var onAbnormalList: Bool
    /// 严重违法失信名单.
    public var onSeriousList: Bool
    /// 失信被执行人.
    public var isDishonestDebtor: Bool
    /// An unrepaired 虚假承诺 (告知承诺 checked false): derived from the commitment register
    /// as of a date (`RegisterStanding`), never read from enterprises.csv.
    public var hasFalseCommitment: Bool = false
    /// 联系电话: personal data, masked everywhere but the reminder list.
    public var phone: String?
    public var legalRepresentative: String?

    public init(uscc: UnifiedSocialCreditCode, name: String, kind: String? = nil, industry: IndustryCode? = nil,
                region: String? = nil, established: CalendarDate? = nil, status: RegistrationStatus = .existing,
                onAbnormalList: Bool = false, onSeriousList: Bool = false, isDishonestDebtor: Bool = false,
                phone: String? = nil, legalRepresentative: String? = nil) {
        self.uscc = uscc; self.name = name; self.kind = kind; self.industry = industry
        self.region = region ?? uscc.divisionCode; self.established = established; self.status = status
        self.onAbnormalList = onAbnormalList; self.onSeriousList = onSeriousList
        self.isDishonestDebtor = isDishonestDebtor; self.phone = phone; self.legalRepresentative = legalRepresentative
    }
}

/// 登记状态. Only 存续 and 在业 enterprises are in a draw's frame.
public enum RegistrationStatus: String, CaseIterable, Sendable, Codable {
    case existing = "存续", operating = "在业", revoked = "吊销", deregistered = "注销", movedOut = "迁出"
    public var isActive: Bool { self == .existing || self == .operating }
}

/// A GB/T 4754 industry code: a section letter A–T plus up to four digits (`C13`, `F5123`).
public struct IndustryCode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init?(_ text: String) {
        let u = text.utf8
        guard let first = u.first, u.count <= 5,
              u.dropFirst().allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        switch first {
        case UInt8(ascii: "A")...UInt8(ascii: "T"): rawValue = text
        case UInt8(ascii: "a")...UInt8(ascii: "t"): rawValue = text.uppercased()
        default: return nil
        }
    }
    /// Reads a code as exports give it: `F5245`, or the digits alone (`5245`, as a spreadsheet
    /// number `5245.0`), the section then following from the division (first two digits).
    public init?(exported text: String) {
        if let code = IndustryCode(text) { self = code; return }
        var digits = Substring(text)
        if let point = digits.firstIndex(of: "."), digits[digits.index(after: point)...].allSatisfy({ $0 == "0" }) {
            digits = digits[..<point]
        }
        guard (2...4).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let division = Int(digits.prefix(2)), let section = Self.section(ofDivision: division) else { return nil }
        self.init(String(section) + digits)
    }

    /// The GB/T 4754-2017 section of a two-digit division (01–97).
    public static func section(ofDivision division: Int) -> Character? {
        let firsts: [(Int, Character)] = [(1, "A"), (6, "B"), (13, "C"), (44, "D"), (47, "E"), (51, "F"), (53, "G"),
                                          (61, "H"), (63, "I"), (66, "J"), (70, "K"), (71, "L"), (73, "M"), (76, "N"),
                                          (80, "O"), (83, "P"), (84, "Q"), (86, "R"), (91, "S"), (97, "T")]
        guard (1...97).contains(division) else { return nil }
        return firsts.last { $0.0 <= division }?.1
    }

    /// 门类: the section letter.
    public var section: Character { rawValue.first! }
    public var description: String { rawValue }
}

/// An inspector from the register (执法检查人员名录库).
public struct Inspector: Sendable, Hashable {
    /// 执法证号.
    public var certificateNumber: String
    public var name: String
    public var department: String
    /// The 6-digit area the inspector serves; nil = the whole city.
    public var region: String?
    /// 专业领域 as GB/T 4754 section letters; empty = all fields.
    public var fields: [Character]
    public var isOnDuty: Bool

    public init(certificateNumber: String, name: String, department: String, region: String? = nil,
                fields: [Character] = [], isOnDuty: Bool = true) {
        self.certificateNumber = certificateNumber; self.name = name; self.department = department
        self.region = region; self.fields = fields; self.isOnDuty = isOnDuty
    }
}

/// A declared conflict of interest (回避): the inspector must not inspect the enterprise.
public struct Conflict: Sendable, Hashable {
    public var certificateNumber: String
    public var uscc: UnifiedSocialCreditCode
    public var reason: String?
    public init(certificateNumber: String, uscc: UnifiedSocialCreditCode, reason: String? = nil) {
        self.certificateNumber = certificateNumber; self.uscc = uscc; self.reason = reason
    }
}
