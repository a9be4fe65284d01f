/// What a data file holds, decided by its file name (`行政处罚.csv`, `penalty.csv`,
/// `enterprises.csv`) or given explicitly.
public enum DataFileKind: Sendable, Hashable, CustomStringConvertible, Comparable {
    case enterprises, inspectors, conflicts, triggers
    case records(RecordCategory)

    /// Import order inside a directory: registers before what refers to them.
    public var importOrder: Int {
        switch self {
        case .enterprises: 0
        case .inspectors: 1
        case .conflicts: 2
        case .records(let c): 3 + RecordCategory.allCases.firstIndex(of: c)!
        case .triggers: 20
        }
    }

    public static func < (l: Self, r: Self) -> Bool { l.importOrder < r.importOrder }

    /// Recognises a file's base name (without `.csv`) or a `--category` value.
    public init?(name: String) {
        let base = name.hasSuffix(".csv") || name.hasSuffix(".CSV") ? String(name.dropLast(4)) : name
        switch base.lowercased() {
        case "enterprises", "enterprise", "企业名录", "检查对象名录库", "市场主体名录": self = .enterprises
        case "inspectors", "inspector", "执法检查人员名录库", "执法人员名录", "检查人员": self = .inspectors
        case "conflicts", "conflict", "回避", "回避关系": self = .conflicts
        case "triggers", "trigger", "触发事项", "定向检查线索": self = .triggers
        default:
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
        }
    }
}

/// One column of the data contract: its canonical Chinese header, accepted aliases, and
/// whether a file without it is rejected.
public struct FieldSpec: Sendable, Hashable {
    public let name: String
    public let aliases: [String]
    public let required: Bool

    init(_ name: String, _ aliases: [String] = [], required: Bool = false) {
        self.name = name; self.aliases = aliases; self.required = required
    }

    static let enterprise: [FieldSpec] = [
        .init("统一社会信用代码", ["USCC", "uscc"], required: true),
        .init("企业名称", ["名称", "name"], required: true),
        .init("企业类型"), .init("行业代码", ["GB/T 4754"]), .init("行政区划代码", ["所属区域"]),
        .init("成立日期"), .init("登记状态"), .init("经营异常名录"), .init("严重违法失信名单"),
        .init("失信被执行人"), .init("联系电话"), .init("法定代表人"),
    ]

    static let inspector: [FieldSpec] = [
        .init("执法证号", required: true), .init("姓名", required: true), .init("所属部门", required: true),
        .init("行政区划代码"), .init("专业领域"), .init("状态"),
    ]

    static let conflict: [FieldSpec] = [
        .init("执法证号", required: true), .init("统一社会信用代码", ["USCC", "uscc"], required: true), .init("原因"),
    ]

    static let trigger: [FieldSpec] = [
        .init("统一社会信用代码", ["USCC", "uscc"], required: true), .init("触发类型", required: true),
        .init("线索编号", ["reference", "编号"], required: true), .init("日期", ["date"], required: true),
    ]

    static let common: [FieldSpec] = [
        .init("行政相对人名称", ["CF_XDR_MC", "XK_XDR_MC", "相对人名称"], required: true),
        .init("行政相对人类别", ["CF_XDR_LB", "XK_XDR_LB"]),
        .init("统一社会信用代码", ["行政相对人代码_1", "CF_XDR_SHXYM", "XK_XDR_SHXYM"], required: true),
        .init("决定文书号", ["行政处罚决定书文号", "CF_WSH", "行政许可决定文书号", "XK_WSH", "文书号"], required: true),
        .init("决定日期", ["处罚决定日期", "CF_JDRQ", "许可决定日期", "XK_JDRQ", "检查日期"], required: true),
        .init("实施机关", ["处罚机关", "CF_CFJG", "许可机关", "XK_XKJG"], required: true),
        .init("实施机关统一社会信用代码", ["CF_CFJGDM", "XK_XKJGDM"]),
        .init("数据来源单位", ["CF_SJLY", "XK_LYDW"]),
        .init("上报日期", ["报送日期"]),
        .init("备注", ["BZ"]),
    ]

    static func categoryFields(_ category: RecordCategory) -> [FieldSpec] {
        switch category {
        case .licensing: [
            .init("行政许可决定文书名称", ["XK_XKWS"]), .init("许可类别", ["XK_XKLB"]),
            .init("许可证书名称", ["XK_XKZS"]), .init("许可编号", ["XK_XKBH"]), .init("许可内容", ["XK_NR"]),
            .init("有效期自", ["XK_YXQZ"]), .init("有效期至", ["XK_YXQZI"]), .init("当前状态", ["XK_ZT"]),
        ]
        case .penalty: [
            .init("违法行为类型", ["CF_WFXW"]), .init("违法事实", ["CF_SY"]), .init("处罚依据", ["CF_YJ"]),
            .init("处罚类别", ["CF_CFLB"], required: true), .init("处罚内容", ["CF_NR"]),
            .init("罚款金额（万元）", ["CF_NR_FK", "罚款金额(万元)", "罚款金额"]),
            .init("没收违法所得、没收非法财物的金额（万元）", ["CF_NR_WFFF", "没收违法所得、没收非法财物的金额(万元)"]),
            .init("暂扣或吊销证照名称及编号", ["CF_NR_ZKDX"]), .init("处罚程序"), .init("领域"),
            .init("失信严重程度"), .init("公示截止期", ["CF_GSJZQ"]),
        ]
        case .coercion: [.init("强制措施类型", required: true), .init("强制期限至"), .init("当前状态")]
        case .reward: [.init("奖励名称", required: true), .init("奖励级别"), .init("奖励形式")]
        case .confirmation: [.init("确认事项", required: true), .init("确认结果")]
        case .adjudication: [.init("争议事项", required: true), .init("裁决结果"), .init("是否责任方")]
        case .inspection: [.init("检查类型", required: true), .init("检查事项"), .init("检查结果", required: true)]
        }
    }
}
