import CreditCore
import Foundation

/// The classification columns of one record, packed: enums as one byte each, dates as day
/// numbers, amounts as fen, the 决定文书号 and 违法行为类型 as spans of a shared byte arena.
/// About 64 bytes plus the text, against several hundred for an `EnforcementRecord` with its
/// strings; the register's records fit in memory this way, grouped by enterprise after one
/// sequential scan of the record table.
struct PackedRecord {
    /// Index of the owning enterprise in the scanned slice.
    var owner: Int32
    var category: RecordCategory
    var procedure: EnforcementRecord.PenaltyProcedure?
    var domain: EnforcementRecord.PenaltyDomain?
    var severity: EnforcementRecord.DishonestySeverity?
    var measure: EnforcementRecord.CoercionMeasure?
    var coercionStatus: EnforcementRecord.CoercionStatus?
    var rewardLevel: EnforcementRecord.RewardLevel?
    var atFault: Bool?
    var inspectionKind: EnforcementRecord.InspectionKind?
    var inspectionResult: InspectionResult?
    var licenceStatus: EnforcementRecord.LicenceStatus?
    /// 处罚种类 as a bit set of `PenaltyType.ordinal`.
    var penaltyTypes: UInt16
    var decisionDay: Int32
    /// `Int32.min` when the measure has no end date.
    var untilDay: Int32
    /// Fen; -1 when absent.
    var fine: Int64, confiscation: Int64
    var documentNumber: TextSpan
    var violation: TextSpan?

    /// Bytes of a text column inside the arena.
    struct TextSpan { var offset: Int32; var count: Int32 }

    /// Columns in `ClassificationSource.recordColumns` order. Decodes from the column bytes:
    /// no String is made except for the two texts kept, which go to the arena.
    init(_ row: RawStatement, owner: Int32, arena: inout [UInt8], tables: Tables) {
        typealias R = EnforcementRecord
        func span(_ column: Int32) -> TextSpan? {
            if row.isNull(column) { return nil }
            return row.withBytes(column) { bytes in
                let span = TextSpan(offset: Int32(arena.count), count: Int32(bytes.count))
                arena.append(contentsOf: bytes)
                return span
            }
        }
        func day(_ column: Int32) -> Int32? { row.withBytes(column) { CalendarDate(isoBytes: $0) }.map { Int32($0.dayNumber) } }
        func value<E>(_ column: Int32, _ table: RawValueBytes<E>) -> E? { row.withBytes(column) { table($0) } }
        self.owner = owner
        category = value(1, tables.category) ?? .confirmation
        documentNumber = span(2) ?? TextSpan(offset: Int32(arena.count), count: 0)
        decisionDay = day(3) ?? 0
        procedure = nil; domain = nil; severity = nil; measure = nil; coercionStatus = nil; rewardLevel = nil
        atFault = nil; inspectionKind = nil; inspectionResult = nil; licenceStatus = nil
        penaltyTypes = 0; untilDay = .min; fine = -1; confiscation = -1; violation = nil
        switch category {
        case .penalty:
            penaltyTypes = row.withBytes(4) { bytes in
                var mask: UInt16 = 0
                for part in bytes.split(separator: UInt8(ascii: ";")) {
                    if let type = tables.penaltyType(UnsafeBufferPointer(rebasing: part)) { mask |= 1 << UInt16(type.ordinal) }
                }
                return mask
            }
            fine = row.isNull(5) ? -1 : row.int(5)
            confiscation = row.isNull(6) ? -1 : row.int(6)
            procedure = value(7, tables.procedure) ?? .ordinary
            domain = value(8, tables.domain) ?? .other
            severity = value(9, tables.severity)
            violation = span(10)
        case .coercion:
            measure = value(11, tables.measure) ?? .other
            untilDay = day(12) ?? .min
            coercionStatus = value(13, tables.coercionStatus) ?? .inForce
        case .reward:
            rewardLevel = value(14, tables.rewardLevel)
        case .adjudication:
            atFault = row.isNull(15) ? nil : row.int(15) != 0
        case .inspection:
            inspectionKind = value(16, tables.inspectionKind) ?? .doubleRandom
            inspectionResult = value(17, tables.inspectionResult) ?? .noProblem
        case .licensing:
            licenceStatus = value(18, tables.licenceStatus) ?? .valid
        case .confirmation:
            break
        }
    }

    /// The enums of the classification columns, by the bytes of their raw values (a class:
    /// shared by reference, it is not copied into every decoded record).
    final class Tables: Sendable {
        typealias R = EnforcementRecord
        /// One set serves every decoder: the tables never change.
        static let shared = Tables()

        let category = RawValueBytes<RecordCategory>(), penaltyType = RawValueBytes<PenaltyType>()
        let procedure = RawValueBytes<R.PenaltyProcedure>(), domain = RawValueBytes<R.PenaltyDomain>()
        let severity = RawValueBytes<R.DishonestySeverity>(), measure = RawValueBytes<R.CoercionMeasure>()
        let coercionStatus = RawValueBytes<R.CoercionStatus>(), rewardLevel = RawValueBytes<R.RewardLevel>()
        let inspectionKind = RawValueBytes<R.InspectionKind>(), inspectionResult = RawValueBytes<InspectionResult>()
        let licenceStatus = RawValueBytes<R.LicenceStatus>()
    }

    /// The record as classification sees it; fields classification does not read stay empty.
    func record(uscc: UnifiedSocialCreditCode, arena: [UInt8]) -> EnforcementRecord {
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

/// The cases of a string enum by the UTF-8 bytes of their raw values: decodes a column
/// without creating a String (a handful of cases, so a linear scan beats hashing).
struct RawValueBytes<E: RawRepresentable & CaseIterable & Sendable>: Sendable where E.RawValue == String {
    /// The raw values' bytes end to end; case i is `bytes[ends[i - 1]..<ends[i]]`.
    private let bytes: [UInt8]
    private let ends: [Int]
    private let values: [E]

    init() {
        values = Array(E.allCases)
        var bytes: [UInt8] = [], ends: [Int] = []
        for value in values { bytes += Array(value.rawValue.utf8); ends.append(bytes.count) }
        self.bytes = bytes
        self.ends = ends
    }

    func callAsFunction(_ text: UnsafeBufferPointer<UInt8>) -> E? {
        guard let base = text.baseAddress else { return nil }
        return bytes.withUnsafeBufferPointer { all in
            var from = 0
            for i in 0..<ends.count {
                let end = ends[i]
                if end - from == text.count, memcmp(all.baseAddress! + from, base, text.count) == 0 { return values[i] }
                from = end
            }
            return nil
        }
    }
}
