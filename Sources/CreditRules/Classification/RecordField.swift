import CreditCore

/// A field of a record (or of the register) that rule conditions and point tables can test.
/// Every field has a closed vocabulary, so a rule that names an unknown value is an error,
/// and a record's value(s) can be held as a bit mask for fast, exact matching.
public enum RecordField: String, CaseIterable, Sendable {
    case penaltyType = "penalty_type"
    case penaltyGroup = "penalty_group"
    case procedure
    case domain
    case severity
    case measure
    case coercionStatus = "coercion_status"
    /// A coercive measure still in force at the as-of date (执行中 and not past 强制期限至).
    case inForce = "in_force"
    case result
    case inspectionKind = "inspection_kind"
    case level
    case licenceStatus = "licence_status"
    case atFault = "at_fault"
    /// Register flags: 经营异常名录, 严重违法失信名单 (from the listings as of the date where the
    /// enterprise has any), 失信被执行人, an unrepaired 虚假承诺.
    case flag
    case status

    /// The values the field can take, in bit order.
    public var vocabulary: [String] {
        typealias R = EnforcementRecord
        switch self {
        case .penaltyType: return PenaltyType.allCases.map(\.rawValue)
        case .penaltyGroup: return PenaltyType.Group.allCases.map(\.rawValue)
        case .procedure: return R.PenaltyProcedure.allCases.map(\.rawValue)
        case .domain: return R.PenaltyDomain.allCases.map(\.rawValue)
        case .severity: return R.DishonestySeverity.allCases.map(\.rawValue)
        case .measure: return R.CoercionMeasure.allCases.map(\.rawValue)
        case .coercionStatus: return R.CoercionStatus.allCases.map(\.rawValue)
        case .inForce, .atFault: return ["false", "true"]
        case .result: return InspectionResult.allCases.map(\.rawValue)
        case .inspectionKind: return R.InspectionKind.allCases.map(\.rawValue)
        case .level: return R.RewardLevel.allCases.map(\.rawValue)
        case .licenceStatus: return R.LicenceStatus.allCases.map(\.rawValue)
        case .flag: return RegisterFlag.allCases.map(\.rawValue)
        case .status: return RegistrationStatus.allCases.map(\.rawValue)
        }
    }

    /// Where the field exists: a record category, or the register (nil).
    public var category: RecordCategory? {
        switch self {
        case .penaltyType, .penaltyGroup, .procedure, .domain, .severity: .penalty
        case .measure, .coercionStatus, .inForce: .coercion
        case .result, .inspectionKind: .inspection
        case .level: .reward
        case .licenceStatus: .licensing
        case .atFault: .adjudication
        case .flag, .status: nil
        }
    }

    /// The record's value(s) as a bit mask over `vocabulary` (0 when the field is empty).
    func mask(_ record: EnforcementRecord, asOf: CalendarDate) -> UInt64 {
        func bit<T: CaseOrdinal>(_ value: T?) -> UInt64 { value.map { 1 << UInt64($0.ordinal) } ?? 0 }
        func boolBit(_ b: Bool?) -> UInt64 { b.map { $0 ? 2 : 1 } ?? 0 }
        switch (self, record.details) {
        case (.penaltyType, .penalty(let p)): return p.types.reduce(0) { $0 | bit($1) }
        case (.penaltyGroup, .penalty(let p)): return p.types.reduce(0) { $0 | bit($1.group) }
        case (.procedure, .penalty(let p)): return bit(p.procedure)
        case (.domain, .penalty(let p)): return bit(p.domain)
        case (.severity, .penalty(let p)): return bit(p.severity)
        case (.measure, .coercion(let c)): return bit(c.measure)
        case (.coercionStatus, .coercion(let c)): return bit(c.status)
        case (.inForce, .coercion(let c)): return boolBit(c.status == .inForce && (c.until.map { $0 >= asOf } ?? true))
        case (.result, .inspection(let i)): return bit(i.result)
        case (.inspectionKind, .inspection(let i)): return bit(i.kind)
        case (.level, .reward(let r)): return bit(r.level)
        case (.licenceStatus, .licensing(let l)): return bit(l.status)
        case (.atFault, .adjudication(let a)): return boolBit(a.atFault)
        default: return 0
        }
    }

    /// The enterprise's value(s) for a register field.
    func mask(_ enterprise: Enterprise) -> UInt64 {
        switch self {
        case .flag:
            var m: UInt64 = 0
            if enterprise.onAbnormalList { m |= 1 << 0 }
            if enterprise.onSeriousList { m |= 1 << 1 }
            if enterprise.isDishonestDebtor { m |= 1 << 2 }
            if enterprise.hasFalseCommitment { m |= 1 << 3 }
            return m
        case .status:
            return 1 << UInt64(enterprise.status.ordinal)
        default: return 0
        }
    }
}

/// Register flags a rule can test.
public enum RegisterFlag: String, CaseIterable, Sendable {
    /// 经营异常名录.
    case abnormal
    /// 严重违法失信名单.
    case serious
    /// 失信被执行人.
    case dishonestDebtor = "dishonest_debtor"
    /// An unrepaired 虚假承诺 from the commitment register (告知承诺).
    case falseCommitment = "false_commitment"
}
