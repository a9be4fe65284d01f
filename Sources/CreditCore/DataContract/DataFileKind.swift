/// What a data file holds, decided by its file name (`行政处罚.csv`, `penalty.csv`,
/// `enterprises.csv`) or given explicitly.
public enum DataFileKind: Sendable, Hashable, CustomStringConvertible, Comparable {
    case enterprises, inspectors, conflicts, triggers
    case records(RecordCategory)
    /// 经营异常名录 / 严重违法失信名单: listing decisions with their removal.
    case listings(ListKind)
    /// 信用承诺 (告知承诺): commitments, their follow-up checks and outcomes.
    case commitments
    /// Inspection results of a draw (`credit draw results import`).
    case drawResults

    /// Import order inside a directory: registers before what refers to them.
    public var importOrder: Int {
        switch self {
        case .enterprises: 0
        case .inspectors: 1
        case .conflicts: 2
        case .records(let c): 3 + RecordCategory.allCases.firstIndex(of: c)!
        case .listings(let k): 10 + ListKind.allCases.firstIndex(of: k)!
        case .commitments: 12
        case .triggers: 20
        case .drawResults: 21
        }
    }

    public static func < (l: Self, r: Self) -> Bool { l.importOrder < r.importOrder }

    /// Recognises a file's name (`.csv`, `.xlsx`, `.xls` left off) or a `--category` value.
    public init?(name: String) {
        var base = name
        for suffix in [".csv", ".xlsx", ".xls"] where base.lowercased().hasSuffix(suffix) { base = String(base.dropLast(suffix.count)) }
        switch base.lowercased() {
        case "enterprises", "enterprise", "企业名录", "检查对象名录库", "市场主体名录": self = .enterprises
        case "inspectors", "inspector", "执法检查人员名录库", "执法人员名录", "检查人员": self = .inspectors
        case "conflicts", "conflict", "回避", "回避关系": self = .conflicts
        case "triggers", "trigger", "触发事项", "定向检查线索": self = .triggers
        case "commitments", "commitment", "信用承诺", "告知承诺", "信用承诺信息": self = .commitments
        default:
            if let list = ListKind(name: base) { self = .listings(list); return }
            guard let category = RecordCategory(name: base) else { return nil }
            self = .records(category)
        }
    }

    /// The identifier used in reports and JSON: `enterprises`, `penalty`, …
    public var description: String {
        switch self {
        case .enterprises: "enterprises"
        case .inspectors: "inspectors"
        case .conflicts: "conflicts"
        case .triggers: "triggers"
        case .records(let c): c.rawValue
        case .listings(let k): k.rawValue
        case .commitments: "commitments"
        case .drawResults: "draw-results"
        }
    }

    /// The fields this kind of file has, in the contract's order.
    public var fields: [FieldSpec] {
        switch self {
        case .enterprises: FieldSpec.enterprise
        case .inspectors: FieldSpec.inspector
        case .conflicts: FieldSpec.conflict
        case .triggers: FieldSpec.trigger
        case .records(let c): FieldSpec.common + FieldSpec.categoryFields(c)
        case .listings(let k): FieldSpec.listing(k)
        case .commitments: FieldSpec.commitment
        case .drawResults: FieldSpec.drawResult
        }
    }
}

/// One column of the data contract: its canonical Chinese header, accepted aliases, and
/// whether a file without it is rejected.
public struct FieldSpec: Sendable, Hashable {
    public let field: Field
    public var name: String { field.rawValue }
    public let aliases: [String]
    public let required: Bool
    /// A required field may be missing when the file has this one instead (it is derived).
    public let unlessPresent: Field?

    init(_ field: Field, _ aliases: [String] = [], required: Bool = false, unlessPresent: Field? = nil) {
        self.field = field; self.aliases = aliases; self.required = required; self.unlessPresent = unlessPresent
    }

    static let enterprise: [FieldSpec] = [
        .init(.uscc, ["USCC", "uscc"], required: true),
        .init(.enterpriseName, ["名称", "name"], required: true),
        .init(.enterpriseKind), .init(.industry, ["GB/T 4754"]), .init(.region, ["所属区域"]),
        .init(.established), .init(.registrationStatus), .init(.abnormalList), .init(.seriousList),
        .init(.dishonestDebtor), .init(.phone), .init(.legalRepresentative),
    ]

    static let inspector: [FieldSpec] = [
        .init(.certificateNumber, required: true), .init(.inspectorName, required: true), .init(.department, required: true),
        .init(.region), .init(.fields), .init(.dutyStatus),
    ]

    static let conflict: [FieldSpec] = [
        .init(.certificateNumber, required: true), .init(.uscc, ["USCC", "uscc"], required: true), .init(.conflictReason),
    ]

    static let trigger: [FieldSpec] = [
        .init(.uscc, ["USCC", "uscc"], required: true), .init(.triggerKind, required: true),
        .init(.triggerReference, ["reference", "编号"], required: true), .init(.triggerDate, ["date"], required: true),
    ]

    static let drawResult: [FieldSpec] = [
        .init(.drawID, ["draw_id", "抽查批次"], required: true), .init(.uscc, ["USCC", "uscc"], required: true),
        .init(.inspectionResult, ["result"], required: true), .init(.finishedOn, ["检查完成日期", "date"], required: true),
        .init(.certificateNumber, ["inspectors"], required: true),
    ]

    /// 经营异常名录.csv / 严重违法失信名单.csv: the list-in decision and, once there is one, the
    /// removal. Aliases include the GSXT page labels of each list.
    static func listing(_ kind: ListKind) -> [FieldSpec] {
        let list = kind.chineseName
        return [
            .init(.uscc, ["USCC", "uscc", "注册号/统一社会信用代码"], required: true),
            .init(.enterpriseName, ["名称", "name", "市场主体名称", "行政相对人名称"], required: true),
            .init(.listedOn, ["列入\(list)日期", "列入时间", "列入日期(时间)", "作出列入决定日期"], required: true),
            .init(.listingReason, ["列入\(list)原因", "列入\(list)事由", "列入事由", "列入原因(情形)", "列入情形", "违法失信情形"], required: true),
            .init(.decidingAgency, ["作出决定机关(列入)", "列入作出决定机关", "列入决定机关", "决定机关"], required: true),
            .init(.agencyCode, ["作出决定机关统一社会信用代码"]),
            .init(.documentNumber, ["决定书文号", "列入决定书文号", "列入文号", "文书号"]),
            .init(.removedOn, ["移出\(list)日期", "移出时间"]),
            .init(.removalReason, ["移出\(list)原因", "移出\(list)事由", "移出事由"]),
            .init(.removalAgency, ["作出决定机关(移出)", "移出作出决定机关", "作出移出决定机关"]),
            .init(.reportDate, ["报送日期"]),
            .init(.remark, ["BZ"]),
        ]
    }

    /// 信用承诺.csv: who committed to what, when, for which agency; the follow-up check.
    static let commitment: [FieldSpec] = [
        .init(.uscc, ["USCC", "uscc"], required: true),
        .init(.enterpriseName, ["名称", "name", "市场主体名称", "行政相对人名称", "承诺主体名称"], required: true),
        .init(.commitmentItem, ["审批事项", "事项名称", "承诺事由", "许可事项"], required: true),
        .init(.itemCode, ["审批事项编码", "事项代码"], required: true),
        .init(.committedOn, ["承诺作出日期", "承诺时间", "承诺书签署日期"], required: true),
        .init(.decidingAgency, ["审批机关", "承诺受理单位", "受理机关"], required: true),
        .init(.agencyCode, ["作出决定机关统一社会信用代码", "审批机关统一社会信用代码"]),
        .init(.commitmentNumber, ["承诺编号", "承诺书号"]),
        .init(.checkDue, ["核查截止日期", "应核查日期", "核查到期日"]),
        .init(.checkedOn, ["核查完成日期", "核查时间"]),
        .init(.checkOutcome, ["履约情况", "承诺履行情况", "核查结论"]),
        .init(.reportDate, ["报送日期"]),
        .init(.remark, ["BZ"]),
    ]

    static let common: [FieldSpec] = [
        .init(.subjectName, ["CF_XDR_MC", "XK_XDR_MC", "相对人名称"], required: true),
        .init(.subjectKind, ["CF_XDR_LB", "XK_XDR_LB"]),
        .init(.uscc, ["行政相对人代码_1", "CF_XDR_SHXYM", "XK_XDR_SHXYM"], required: true),
        .init(.documentNumber, ["行政处罚决定书文号", "CF_WSH", "行政许可决定文书号", "XK_WSH", "文书号"], required: true),
        .init(.decisionDate, ["处罚决定日期", "CF_JDRQ", "许可决定日期", "XK_JDRQ", "检查日期"], required: true),
        .init(.agency, ["处罚机关", "CF_CFJG", "许可机关", "XK_XKJG"], required: true),
        .init(.agencyCode, ["CF_CFJGDM", "XK_XKJGDM"]),
        .init(.sourceUnit, ["CF_SJLY", "XK_LYDW"]),
        .init(.reportDate, ["报送日期"]),
        .init(.remark, ["BZ"]),
        .init(.idType), .init(.idNumber),
    ]

    static func categoryFields(_ category: RecordCategory) -> [FieldSpec] {
        switch category {
        case .licensing: [
            .init(.licenceDocumentName, ["XK_XKWS"]), .init(.licenceKind, ["XK_XKLB"]),
            .init(.licenceCertificateName, ["XK_XKZS"]), .init(.licenceNumber, ["XK_XKBH"]), .init(.licenceContent, ["XK_NR"]),
            .init(.validFrom, ["XK_YXQZ"]), .init(.validTo, ["XK_YXQZI"]), .init(.currentStatus, ["XK_ZT"]),
        ]
        case .penalty: [
            .init(.violationType, ["CF_WFXW"]), .init(.violationFacts, ["CF_SY"]), .init(.penaltyBasis, ["CF_YJ"]),
            // 处罚类别 may be left out when 处罚内容 names the types (GSXT pages): see RowDecoder.
            .init(.penaltyTypes, ["CF_CFLB"], required: true, unlessPresent: .penaltyContent), .init(.penaltyContent, ["CF_NR"]),
            .init(.fineAmount, ["CF_NR_FK", "罚款金额(万元)", "罚款金额"]),
            .init(.confiscationAmount, ["CF_NR_WFFF", "没收违法所得、没收非法财物的金额(万元)"]),
            .init(.licenceAffected, ["CF_NR_ZKDX"]), .init(.procedure), .init(.domain),
            .init(.severity), .init(.declaredPublicationEnd, ["CF_GSJZQ"]), .init(.publicationDate),
        ]
        case .coercion: [.init(.coercionMeasure, required: true), .init(.coercionUntil), .init(.currentStatus)]
        case .reward: [.init(.rewardName, required: true), .init(.rewardLevel), .init(.rewardForm)]
        case .confirmation: [.init(.confirmationItem, required: true), .init(.confirmationResult)]
        case .adjudication: [.init(.disputeMatter, required: true), .init(.adjudicationResult), .init(.atFault)]
        case .inspection: [.init(.inspectionKind, required: true), .init(.inspectionItem), .init(.inspectionResult, required: true)]
        }
    }
}
