import CreditCore

/// The classification columns of one record, packed: enums as one byte each, dates as day
/// numbers, amounts as fen, the 决定文书号 and 违法行为类型 as spans of a shared byte arena.
/// About 64 bytes plus the text, against several hundred for an `EnforcementRecord` with its
/// strings; the register's records fit in memory this way, grouped by enterprise after one
/// sequential scan of the record table.
public struct PackedRecord: Sendable {
    /// Index of the owning enterprise in the scanned slice.
    public var owner: Int32
    public var category: RecordCategory
    public var procedure: EnforcementRecord.PenaltyProcedure?
    public var domain: EnforcementRecord.PenaltyDomain?
    public var severity: EnforcementRecord.DishonestySeverity?
    public var measure: EnforcementRecord.CoercionMeasure?
    public var coercionStatus: EnforcementRecord.CoercionStatus?
    public var rewardLevel: EnforcementRecord.RewardLevel?
    public var atFault: Bool?
    public var inspectionKind: EnforcementRecord.InspectionKind?
    public var inspectionResult: InspectionResult?
    public var licenceStatus: EnforcementRecord.LicenceStatus?
    /// 处罚种类 as a bit set of `PenaltyType.ordinal`.
    public var penaltyTypes: UInt16
    public var decisionDay: Int32
    /// `Int32.min` when the measure has no end date.
    public var untilDay: Int32
    /// Fen; -1 when absent.
    public var fine: Int64, confiscation: Int64
    public var documentNumber: TextSpan
    public var violation: TextSpan?

    /// Bytes of a text column inside the arena.
    public struct TextSpan: Sendable {
        public var offset: Int32, count: Int32
        public init(offset: Int32, count: Int32) { self.offset = offset; self.count = count }
    }

    /// An empty record of a category (no values, no texts); decoders fill it in.
    public init(owner: Int32, category: RecordCategory, decisionDay: Int32, documentNumber: TextSpan) {
        self.owner = owner; self.category = category; self.decisionDay = decisionDay; self.documentNumber = documentNumber
        procedure = nil; domain = nil; severity = nil; measure = nil; coercionStatus = nil; rewardLevel = nil
        atFault = nil; inspectionKind = nil; inspectionResult = nil; licenceStatus = nil
        penaltyTypes = 0; untilDay = .min; fine = -1; confiscation = -1; violation = nil
    }

    /// The record as classification sees it; fields classification does not read stay empty.
    public func record(uscc: UnifiedSocialCreditCode, arena: [UInt8]) -> EnforcementRecord {
        typealias R = EnforcementRecord
        func string(_ span: TextSpan) -> String {
            arena.withUnsafeBufferPointer { String(decoding: $0[Int(span.offset)..<Int(span.offset + span.count)], as: UTF8.self) }
        }
        let details: R.Details
        switch category {
        case .penalty:
            details = .penalty(R.Penalty(
                violationType: violation.map(string), types: PenaltyType.allCases.filter { penaltyTypes & (1 << UInt16($0.ordinal)) != 0 },
                fine: fine < 0 ? nil : Amount(fen: fine), confiscation: confiscation < 0 ? nil : Amount(fen: confiscation),
                procedure: procedure ?? .ordinary, domain: domain ?? .other, severity: severity))
        case .coercion:
            details = .coercion(R.Coercion(measure: measure ?? .other,
                                           until: untilDay == .min ? nil : CalendarDate(dayNumber: Int(untilDay)),
                                           status: coercionStatus ?? .inForce))
        case .reward:
            details = .reward(R.Reward(name: "", level: rewardLevel))
        case .adjudication:
            details = .adjudication(R.Adjudication(matter: "", atFault: atFault))
        case .inspection:
            details = .inspection(R.Inspection(kind: inspectionKind ?? .doubleRandom, result: inspectionResult ?? .noProblem))
        case .licensing:
            details = .licensing(R.Licensing(status: licenceStatus ?? .valid))
        case .confirmation:
            details = .confirmation(R.Confirmation(item: ""))
        }
        return EnforcementRecord(documentNumber: string(documentNumber), subjectName: "", uscc: uscc,
                                 decisionDate: CalendarDate(dayNumber: Int(decisionDay)), agency: "", sourceUnit: "", details: details)
    }
}

/// What the rules read of a record: the one interface `Classifier` and `RecordFilter` work
/// through, so a full `EnforcementRecord` and a packed record classify the same way.
protocol RuleRecord {
    var category: RecordCategory { get }
    var decisionDate: CalendarDate { get }
    /// 决定文书号 (made on demand for a packed record).
    var documentNumber: String { get }
    /// The value(s) of a record field as a bit mask over its vocabulary (0 when empty or absent).
    func mask(_ field: RecordField, asOf: CalendarDate) -> UInt64
    /// Fine plus confiscation of a penalty; nil for other categories.
    var penaltyAmount: Amount? { get }
    /// 违法行为类型 of a penalty.
    var violationType: String? { get }
}

extension EnforcementRecord: RuleRecord {
    func mask(_ field: RecordField, asOf: CalendarDate) -> UInt64 { field.mask(self, asOf: asOf) }

    var penaltyAmount: Amount? {
        guard case .penalty(let p) = details else { return nil }
        return (p.fine ?? .zero) + (p.confiscation ?? .zero)
    }

    var violationType: String? {
        guard case .penalty(let p) = details else { return nil }
        return p.violationType
    }
}

/// A packed record with the arena its texts live in.
struct PackedRecordView: RuleRecord {
    let record: PackedRecord
    let arena: UnsafeBufferPointer<UInt8>

    var category: RecordCategory { record.category }
    var decisionDate: CalendarDate { CalendarDate(dayNumber: Int(record.decisionDay)) }
    var documentNumber: String { text(record.documentNumber) }
    var violationType: String? { record.category == .penalty ? record.violation.map(text) : nil }

    var penaltyAmount: Amount? {
        guard record.category == .penalty else { return nil }
        return Amount(fen: max(record.fine, 0)) + Amount(fen: max(record.confiscation, 0))
    }

    /// The packed twin of `RecordField.mask(_: EnforcementRecord, asOf:)`: the values a
    /// materialized record would carry (`PackedRecord.record(uscc:arena:)`), read in place.
    func mask(_ field: RecordField, asOf: CalendarDate) -> UInt64 {
        func bit<T: CaseOrdinal>(_ value: T?) -> UInt64 { value.map { 1 << UInt64($0.ordinal) } ?? 0 }
        func boolBit(_ b: Bool?) -> UInt64 { b.map { $0 ? 2 : 1 } ?? 0 }
        let r = record
        switch (field, r.category) {
        case (.penaltyType, .penalty): return UInt64(r.penaltyTypes)
        case (.penaltyGroup, .penalty):
            var groups: UInt64 = 0
            for type in PenaltyType.allCases where r.penaltyTypes & (1 << UInt16(type.ordinal)) != 0 { groups |= bit(type.group) }
            return groups
        case (.procedure, .penalty): return bit(r.procedure ?? .ordinary)
        case (.domain, .penalty): return bit(r.domain ?? .other)
        case (.severity, .penalty): return bit(r.severity)
        case (.measure, .coercion): return bit(r.measure ?? .other)
        case (.coercionStatus, .coercion): return bit(r.coercionStatus ?? .inForce)
        case (.inForce, .coercion):
            let until = r.untilDay == .min ? nil : CalendarDate(dayNumber: Int(r.untilDay))
            return boolBit((r.coercionStatus ?? .inForce) == .inForce && (until.map { $0 >= asOf } ?? true))
        case (.result, .inspection): return bit(r.inspectionResult ?? .noProblem)
        case (.inspectionKind, .inspection): return bit(r.inspectionKind ?? .doubleRandom)
        case (.level, .reward): return bit(r.rewardLevel)
        case (.licenceStatus, .licensing): return bit(r.licenceStatus ?? .valid)
        case (.atFault, .adjudication): return boolBit(r.atFault)
        default: return 0
        }
    }

    private func text(_ span: PackedRecord.TextSpan) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: arena[Int(span.offset)..<Int(span.offset + span.count)]), as: UTF8.self)
    }
}
