/// 行政处罚的种类 (行政处罚法 2021, art. 9), plus 吊销营业执照, which publication rules name apart.
public enum PenaltyType: String, CaseIterable, Sendable, Codable, Comparable {
    case warning = "警告"
    case circulatedCriticism = "通报批评"
    case fine = "罚款"
    case confiscateIllegalGains = "没收违法所得"
    case confiscateIllegalProperty = "没收非法财物"
    case suspendLicence = "暂扣许可证件"
    case lowerQualification = "降低资质等级"
    case revokeLicence = "吊销许可证件"
    case revokeBusinessLicence = "吊销营业执照"
    case restrictOperations = "限制开展生产经营活动"
    case orderSuspension = "责令停产停业"
    case orderClosure = "责令关闭"
    case restrictEmployment = "限制从业"
    case detention = "行政拘留"
    case other = "其他"

    /// The art. 9 group (1 reputational … 5 liberty, 6 other).
    public var group: Group {
        switch self {
        case .warning, .circulatedCriticism: .reputation
        case .fine, .confiscateIllegalGains, .confiscateIllegalProperty: .property
        case .suspendLicence, .lowerQualification, .revokeLicence, .revokeBusinessLicence: .qualification
        case .restrictOperations, .orderSuspension, .orderClosure, .restrictEmployment: .conduct
        case .detention: .liberty
        case .other: .other
        }
    }

    /// 行政处罚法 art. 9 groups.
    public enum Group: String, CaseIterable, Sendable, Codable {
        case reputation = "声誉罚", property = "财产罚", qualification = "资格罚", conduct = "行为罚"
        case liberty = "人身罚", other = "其他"
    }

    /// Reads one type as written in exports; tolerates the common spellings
    /// (`吊销许可证`, `暂扣许可证`, `没收违法所得和非法财物` is split by the caller).
    public init?(text: String) {
        if let t = PenaltyType(rawValue: text) { self = t; return }
        switch text {
        case "吊销许可证", "吊销执照", "吊销证照": self = .revokeLicence
        case "暂扣许可证", "暂扣执照", "暂扣证照": self = .suspendLicence
        case "责令停业", "责令停产", "责令停产停业整顿": self = .orderSuspension
        case "限制生产经营": self = .restrictOperations
        case "其它", "其他行政处罚", "法律、行政法规规定的其他行政处罚": self = .other
        default: return nil
        }
    }

    public static func < (l: Self, r: Self) -> Bool { l.ordinal < r.ordinal }
}
