/// One record of administrative enforcement data. Its identity (`key`) is the category, the
/// agency (its code, else its name), the 决定文书号 and the enterprise: document numbers are
/// unique only per agency, and one 双随机 task number covers many enterprises.
public struct EnforcementRecord: Sendable, Hashable {
    /// 决定文书号: unique per agency and category (a task number: per enterprise too).
    public var documentNumber: String
    /// 行政相对人名称.
    public var subjectName: String
    public var subjectKind: SubjectKind
    public var uscc: UnifiedSocialCreditCode
    /// 决定日期 (valid time).
    public var decisionDate: CalendarDate
    /// 实施机关.
    public var agency: String
    public var agencyCode: String?
    /// 数据来源单位: the unit the quality report names (defaults to 实施机关).
    public var sourceUnit: String
    /// 上报日期: when the record reached the platform; drives 归集及时率.
    public var reportDate: CalendarDate?
    public var remark: String?
    /// The category-specific fields.
    public var details: Details

    public var category: RecordCategory { details.category }

    /// The agency part of the record's identity: 实施机关统一社会信用代码 when given, else 实施机关.
    public var agencyKey: String { agencyCode ?? agency }

    public init(documentNumber: String, subjectName: String, subjectKind: SubjectKind = .organisation,
                uscc: UnifiedSocialCreditCode, decisionDate: CalendarDate, agency: String, agencyCode: String? = nil,
                sourceUnit: String? = nil, reportDate: CalendarDate? = nil, remark: String? = nil, details: Details) {
        self.documentNumber = documentNumber; self.subjectName = subjectName; self.subjectKind = subjectKind
        self.uscc = uscc; self.decisionDate = decisionDate; self.agency = agency; self.agencyCode = agencyCode
        self.sourceUnit = sourceUnit ?? agency; self.reportDate = reportDate; self.remark = remark
        self.details = details
    }

    /// The typed fields of each category.
    public enum Details: Sendable, Hashable {
        case licensing(Licensing)
        case penalty(Penalty)
        case coercion(Coercion)
        case reward(Reward)
        case confirmation(Confirmation)
        case adjudication(Adjudication)
        case inspection(Inspection)

        public var category: RecordCategory {
            switch self {
            case .licensing: .licensing
            case .penalty: .penalty
            case .coercion: .coercion
            case .reward: .reward
            case .confirmation: .confirmation
            case .adjudication: .adjudication
            case .inspection: .inspection
            }
        }
    }

    /// 行政相对人类别. 自然人 rows are skipped at import.
    public enum SubjectKind: String, Sendable, Codable, CaseIterable {
        case organisation = "法人及非法人组织", individualBusiness = "个体工商户", naturalPerson = "自然人"
    }

    /// 行政许可.
    public struct Licensing: Sendable, Hashable {
        public var documentName: String?
        public var kind: LicenceKind?
        public var certificateName: String?
        public var licenceNumber: String?
        public var content: String?
        public var validFrom: CalendarDate?
        public var validTo: CalendarDate?
        public var status: LicenceStatus
        public init(documentName: String? = nil, kind: LicenceKind? = nil, certificateName: String? = nil,
                    licenceNumber: String? = nil, content: String? = nil, validFrom: CalendarDate? = nil,
                    validTo: CalendarDate? = nil, status: LicenceStatus = .valid) {
            self.documentName = documentName; self.kind = kind; self.certificateName = certificateName
            self.licenceNumber = licenceNumber; self.content = content; self.validFrom = validFrom
            self.validTo = validTo; self.status = status
        }
    }

    public enum LicenceKind: String, Sendable, CaseIterable {
        case ordinary = "普通", franchise = "特许", recognition = "认可", approval = "核准", registration = "登记", other = "其他"
    }

    public enum LicenceStatus: String, Sendable, CaseIterable {
        case valid = "有效", withdrawn = "撤销", cancelled = "注销", revoked = "吊销"
    }

    /// 行政处罚.
    public struct Penalty: Sendable, Hashable {
        public var violationType: String?
        public var facts: String?
        public var basis: String?
        /// 处罚类别: one or more art. 9 types, in canonical order, no repeats.
        public var types: [PenaltyType]
        public var content: String?
        /// 罚款金额.
        public var fine: Amount?
        /// 没收违法所得、没收非法财物的金额.
        public var confiscation: Amount?
        /// 暂扣或吊销证照名称及编号.
        public var licenceAffected: String?
        public var procedure: PenaltyProcedure
        public var domain: PenaltyDomain
        /// 失信严重程度 as reported; nil = derived by the rules.
        public var severity: DishonestySeverity?
        /// 公示截止期 as reported; the engine computes its own and reports a disagreement.
        public var declaredPublicationEnd: CalendarDate?
        /// 公示日期: the day publication began. Publication periods run from it (总局令第45号
        /// 第十三条 "自公示之日起"); when absent the decision date stands in, and outputs say so.
        public var publicationDate: CalendarDate?
        public init(violationType: String? = nil, facts: String? = nil, basis: String? = nil, types: [PenaltyType],
                    content: String? = nil, fine: Amount? = nil, confiscation: Amount? = nil,
                    licenceAffected: String? = nil, procedure: PenaltyProcedure = .ordinary,
                    domain: PenaltyDomain = .other, severity: DishonestySeverity? = nil,
                    declaredPublicationEnd: CalendarDate? = nil, publicationDate: CalendarDate? = nil) {
            self.violationType = violationType; self.facts = facts; self.basis = basis
            // Canonical order, no repeats (a bit set over the art. 9 types).
            let present = types.reduce(0) { $0 | (1 << $1.ordinal) }
            self.types = PenaltyType.allCases.filter { present & (1 << $0.ordinal) != 0 }
            self.content = content; self.fine = fine
            self.confiscation = confiscation; self.licenceAffected = licenceAffected; self.procedure = procedure
            self.domain = domain; self.severity = severity; self.declaredPublicationEnd = declaredPublicationEnd
            self.publicationDate = publicationDate
        }
    }

    /// 处罚程序.
    public enum PenaltyProcedure: String, Sendable, CaseIterable {
        case ordinary = "普通程序", summary = "简易程序"
    }

    /// 领域: food, drug and special-equipment penalties have longer repair waits.
    public enum PenaltyDomain: String, Sendable, CaseIterable {
        case food = "食品", drug = "药品", specialEquipment = "特种设备", other = "其他"
    }

    /// 失信严重程度 (the 2026-04-01 regime's tiers).
    public enum DishonestySeverity: String, Sendable, CaseIterable, Comparable {
        case minor = "轻微", ordinary = "一般", serious = "严重"
        public static func < (l: Self, r: Self) -> Bool { l.ordinal < r.ordinal }
    }

    /// 行政强制.
    public struct Coercion: Sendable, Hashable {
        public var measure: CoercionMeasure
        /// 强制期限至.
        public var until: CalendarDate?
        public var status: CoercionStatus
        public init(measure: CoercionMeasure, until: CalendarDate? = nil, status: CoercionStatus = .inForce) {
            self.measure = measure; self.until = until; self.status = status
        }
    }

    public enum CoercionMeasure: String, Sendable, CaseIterable {
        case sealUp = "查封场所、设施或者财物", seize = "扣押财物", freeze = "冻结存款、汇款"
        case enforcement = "强制执行", other = "其他"
    }

    public enum CoercionStatus: String, Sendable, CaseIterable {
        case inForce = "执行中", lifted = "已解除"
    }

    /// 行政奖励.
    public struct Reward: Sendable, Hashable {
        public var name: String
        public var level: RewardLevel?
        public var form: String?
        public init(name: String, level: RewardLevel? = nil, form: String? = nil) {
            self.name = name; self.level = level; self.form = form
        }
    }

    public enum RewardLevel: String, Sendable, CaseIterable {
        case national = "国家级", provincial = "省级", municipal = "市级", county = "县级"
    }

    /// 行政确认.
    public struct Confirmation: Sendable, Hashable {
        public var item: String
        public var result: String?
        public init(item: String, result: String? = nil) { self.item = item; self.result = result }
    }

    /// 行政裁决.
    public struct Adjudication: Sendable, Hashable {
        public var matter: String
        public var result: String?
        /// 是否责任方: the entity was found at fault.
        public var atFault: Bool?
        public init(matter: String, result: String? = nil, atFault: Bool? = nil) {
            self.matter = matter; self.result = result; self.atFault = atFault
        }
    }

    /// 行政检查.
    public struct Inspection: Sendable, Hashable {
        public var kind: InspectionKind
        public var item: String?
        public var result: InspectionResult
        public init(kind: InspectionKind, item: String? = nil, result: InspectionResult) {
            self.kind = kind; self.item = item; self.result = result
        }
    }

    public enum InspectionKind: String, Sendable, CaseIterable {
        case doubleRandom = "双随机抽查", targeted = "定向检查", special = "专项检查", complaint = "投诉举报核查"
    }
}

/// 检查结果: the value list in use on the national publicity system (domain.md §4).
public enum InspectionResult: String, Sendable, CaseIterable, Codable {
    case noProblem = "未发现问题"
    case notPublished = "未按规定公示应当公示的信息"
    case falsePublication = "公示信息隐瞒真实情况、弄虚作假"
    case unreachable = "通过登记的住所（经营场所）无法联系"
    case refused = "不配合检查情节严重"
    case noRelevantBusiness = "未发现开展本次抽查涉及的经营活动"
    case correctedOnOrder = "发现问题已责令改正"
    case pendingFollowUp = "发现问题待后续处理"

    /// Accepts the canonical text, and half-width brackets for the 住所 case.
    public init?(text: String) {
        if let r = InspectionResult(rawValue: text) { self = r; return }
        let normalised = String(text.map { $0 == "(" ? "（" : $0 == ")" ? "）" : $0 })
        guard let r = InspectionResult(rawValue: normalised) else { return nil }
        self = r
    }
}
