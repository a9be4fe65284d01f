/// Case positions by `switch`: constant time, no string hashing or comparison. The hot
/// paths (bit masks in rule matching, category dispatch) use these instead of
/// `allCases.firstIndex(of:)`, which compares raw-value strings.
public protocol CaseOrdinal: CaseIterable {
    /// Position of the case in `allCases` (declaration order).
    var ordinal: Int { get }
}

extension PenaltyType: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .warning: 0
        case .circulatedCriticism: 1
        case .fine: 2
        case .confiscateIllegalGains: 3
        case .confiscateIllegalProperty: 4
        case .suspendLicence: 5
        case .lowerQualification: 6
        case .revokeLicence: 7
        case .revokeBusinessLicence: 8
        case .restrictOperations: 9
        case .orderSuspension: 10
        case .orderClosure: 11
        case .restrictEmployment: 12
        case .detention: 13
        case .other: 14
        }
    }
}

extension PenaltyType.Group: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .reputation: 0
        case .property: 1
        case .qualification: 2
        case .conduct: 3
        case .liberty: 4
        case .other: 5
        }
    }
}

extension EnforcementRecord.PenaltyProcedure: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .ordinary: 0
        case .summary: 1
        }
    }
}

extension EnforcementRecord.PenaltyDomain: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .food: 0
        case .drug: 1
        case .specialEquipment: 2
        case .other: 3
        }
    }
}

extension EnforcementRecord.DishonestySeverity: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .minor: 0
        case .ordinary: 1
        case .serious: 2
        }
    }
}

extension EnforcementRecord.CoercionMeasure: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .sealUp: 0
        case .seize: 1
        case .freeze: 2
        case .enforcement: 3
        case .other: 4
        }
    }
}

extension EnforcementRecord.CoercionStatus: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .inForce: 0
        case .lifted: 1
        }
    }
}

extension EnforcementRecord.InspectionKind: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .doubleRandom: 0
        case .targeted: 1
        case .special: 2
        case .complaint: 3
        }
    }
}

extension EnforcementRecord.RewardLevel: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .national: 0
        case .provincial: 1
        case .municipal: 2
        case .county: 3
        }
    }
}

extension EnforcementRecord.LicenceStatus: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .valid: 0
        case .withdrawn: 1
        case .cancelled: 2
        case .revoked: 3
        }
    }
}

extension EnforcementRecord.LicenceKind: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .ordinary: 0
        case .franchise: 1
        case .recognition: 2
        case .approval: 3
        case .registration: 4
        case .other: 5
        }
    }
}

extension EnforcementRecord.SubjectKind: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .organisation: 0
        case .individualBusiness: 1
        case .naturalPerson: 2
        }
    }
}

extension InspectionResult: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .noProblem: 0
        case .notPublished: 1
        case .falsePublication: 2
        case .unreachable: 3
        case .refused: 4
        case .noRelevantBusiness: 5
        case .correctedOnOrder: 6
        case .pendingFollowUp: 7
        }
    }
}

extension RegistrationStatus: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .existing: 0
        case .operating: 1
        case .revoked: 2
        case .deregistered: 3
        case .movedOut: 4
        }
    }
}

extension RecordCategory: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .licensing: 0
        case .penalty: 1
        case .coercion: 2
        case .reward: 3
        case .confirmation: 4
        case .adjudication: 5
        case .inspection: 6
        }
    }
}

extension RiskClass: CaseOrdinal {
    public var ordinal: Int {
        switch self {
        case .a: 0
        case .b: 1
        case .c: 2
        case .d: 3
        }
    }
}
