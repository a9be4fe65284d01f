/// Every column of the data contract, by its canonical Chinese header.
public enum Field: String, CaseIterable, Sendable, Hashable {
    case uscc = "统一社会信用代码"
    case enterpriseName = "企业名称"
    case enterpriseKind = "企业类型"
    case industry = "行业代码"
    case region = "行政区划代码"
    case established = "成立日期"
    case registrationStatus = "登记状态"
    case abnormalList = "经营异常名录"
    case seriousList = "严重违法失信名单"
    case dishonestDebtor = "失信被执行人"
    case phone = "联系电话"
    case legalRepresentative = "法定代表人"
    case certificateNumber = "执法证号"
    case inspectorName = "姓名"
    case department = "所属部门"
    case fields = "专业领域"
    case dutyStatus = "状态"
    case conflictReason = "原因"
    case triggerKind = "触发类型"
    case triggerReference = "线索编号"
    case triggerDate = "日期"
    case subjectName = "行政相对人名称"
    case subjectKind = "行政相对人类别"
    case documentNumber = "决定文书号"
    case decisionDate = "决定日期"
    case agency = "实施机关"
    case agencyCode = "实施机关统一社会信用代码"
    case sourceUnit = "数据来源单位"
    case reportDate = "上报日期"
    case remark = "备注"
    case licenceDocumentName = "行政许可决定文书名称"
    case licenceKind = "许可类别"
    case licenceCertificateName = "许可证书名称"
    case licenceNumber = "许可编号"
    case licenceContent = "许可内容"
    case validFrom = "有效期自"
    case validTo = "有效期至"
    case currentStatus = "当前状态"
    case violationType = "违法行为类型"
    case violationFacts = "违法事实"
    case penaltyBasis = "处罚依据"
    case penaltyTypes = "处罚类别"
    case penaltyContent = "处罚内容"
    case fineAmount = "罚款金额（万元）"
    case confiscationAmount = "没收违法所得、没收非法财物的金额（万元）"
    case licenceAffected = "暂扣或吊销证照名称及编号"
    case procedure = "处罚程序"
    case domain = "领域"
    case severity = "失信严重程度"
    case declaredPublicationEnd = "公示截止期"
    case publicationDate = "公示日期"
    case coercionMeasure = "强制措施类型"
    case coercionUntil = "强制期限至"
    case rewardName = "奖励名称"
    case rewardLevel = "奖励级别"
    case rewardForm = "奖励形式"
    case confirmationItem = "确认事项"
    case confirmationResult = "确认结果"
    case disputeMatter = "争议事项"
    case adjudicationResult = "裁决结果"
    case atFault = "是否责任方"
    case inspectionKind = "检查类型"
    case inspectionItem = "检查事项"
    case inspectionResult = "检查结果"
    /// 证件类型 / 证件号码: a natural person's identity document, when the export gives no
    /// 行政相对人类别 (the row is skipped as 自然人). Read, never stored.
    case idType = "证件类型"
    case idNumber = "证件号码"
    /// Draw results: the draw (抽查编号) and the day the inspection ended (检查日期).
    case drawID = "抽查编号"
    case finishedOn = "检查日期"
    /// 经营异常名录 / 严重违法失信名单: the list-in decision and its removal.
    case listedOn = "列入日期"
    case listingReason = "列入原因"
    case decidingAgency = "作出决定机关"
    case removedOn = "移出日期"
    case removalReason = "移出原因"
    case removalAgency = "移出决定机关"
    /// 信用承诺: the approval item committed for, the day, the number and the follow-up check.
    case commitmentItem = "承诺事项"
    case itemCode = "事项编码"
    case committedOn = "承诺日期"
    case commitmentNumber = "承诺书编号"
    case checkDue = "核查期限"
    case checkedOn = "核查日期"
    case checkOutcome = "核查结果"

    /// Position in `allCases`, for array-indexed lookups.
    var ordinal: Int {
        switch self {
        case .uscc: 0
        case .enterpriseName: 1
        case .enterpriseKind: 2
        case .industry: 3
        case .region: 4
        case .established: 5
        case .registrationStatus: 6
        case .abnormalList: 7
        case .seriousList: 8
        case .dishonestDebtor: 9
        case .phone: 10
        case .legalRepresentative: 11
        case .certificateNumber: 12
        case .inspectorName: 13
        case .department: 14
        case .fields: 15
        case .dutyStatus: 16
        case .conflictReason: 17
        case .triggerKind: 18
        case .triggerReference: 19
        case .triggerDate: 20
        case .subjectName: 21
        case .subjectKind: 22
        case .documentNumber: 23
        case .decisionDate: 24
        case .agency: 25
        case .agencyCode: 26
        case .sourceUnit: 27
        case .reportDate: 28
        case .remark: 29
        case .licenceDocumentName: 30
        case .licenceKind: 31
        case .licenceCertificateName: 32
        case .licenceNumber: 33
        case .licenceContent: 34
        case .validFrom: 35
        case .validTo: 36
        case .currentStatus: 37
        case .violationType: 38
        case .violationFacts: 39
        case .penaltyBasis: 40
        case .penaltyTypes: 41
        case .penaltyContent: 42
        case .fineAmount: 43
        case .confiscationAmount: 44
        case .licenceAffected: 45
        case .procedure: 46
        case .domain: 47
        case .severity: 48
        case .declaredPublicationEnd: 49
        case .publicationDate: 50
        case .coercionMeasure: 51
        case .coercionUntil: 52
        case .rewardName: 53
        case .rewardLevel: 54
        case .rewardForm: 55
        case .confirmationItem: 56
        case .confirmationResult: 57
        case .disputeMatter: 58
        case .adjudicationResult: 59
        case .atFault: 60
        case .inspectionKind: 61
        case .inspectionItem: 62
        case .inspectionResult: 63
        case .idType: 64
        case .idNumber: 65
        case .drawID: 66
        case .finishedOn: 67
        case .listedOn: 68
        case .listingReason: 69
        case .decidingAgency: 70
        case .removedOn: 71
        case .removalReason: 72
        case .removalAgency: 73
        case .commitmentItem: 74
        case .itemCode: 75
        case .committedOn: 76
        case .commitmentNumber: 77
        case .checkDue: 78
        case .checkedOn: 79
        case .checkOutcome: 80
        }
    }

    /// The longest value accepted, in characters (data contract; longer values are rejected
    /// with file:line:field): codes and numbers 64, names and short texts 200, titles 500,
    /// free texts (facts, basis, content, remarks) 4,000.
    public var maxLength: Int {
        switch self {
        case .uscc, .agencyCode, .certificateNumber, .triggerReference, .region, .industry, .phone, .idNumber,
             .idType, .triggerKind, .triggerDate, .decisionDate, .reportDate, .established, .validFrom, .validTo,
             .coercionUntil, .declaredPublicationEnd, .publicationDate, .fineAmount, .confiscationAmount,
             .abnormalList, .seriousList, .dishonestDebtor, .registrationStatus, .dutyStatus, .subjectKind,
             .licenceKind, .currentStatus, .procedure, .domain, .severity, .rewardLevel, .atFault, .inspectionKind,
             .fields, .drawID, .finishedOn, .listedOn, .removedOn, .itemCode, .committedOn, .checkDue, .checkedOn, .checkOutcome:
            64
        case .documentNumber, .licenceNumber, .commitmentNumber:
            128
        case .enterpriseName, .subjectName, .enterpriseKind, .legalRepresentative, .inspectorName, .department,
             .agency, .sourceUnit, .coercionMeasure, .decidingAgency, .removalAgency:
            200
        case .licenceDocumentName, .licenceCertificateName, .violationType, .rewardName, .confirmationItem,
             .disputeMatter, .inspectionItem, .inspectionResult, .penaltyTypes, .commitmentItem:
            500
        case .remark, .licenceContent, .violationFacts, .penaltyBasis, .penaltyContent, .licenceAffected,
             .rewardForm, .confirmationResult, .adjudicationResult, .conflictReason, .listingReason, .removalReason:
            4_000
        }
    }

    /// The longest value of an extra (unknown) column, in characters.
    public static let extraMaxLength = 4_000
}
