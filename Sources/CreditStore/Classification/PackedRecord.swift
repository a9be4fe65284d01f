import CreditCore
import CreditRules
import Foundation

extension PackedRecord {
    /// A row of `columns` (a select list of the record table; `ClassificationSource.recordLayout`).
    /// Decodes from the column bytes: no String is made except for the two texts kept, which go
    /// to the arena.
    init(_ row: RawStatement, owner: Int32, arena: inout [UInt8], tables: Tables, columns c: TableLayout<RecordColumn>) {
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
        let category = value(c[.category], tables.category) ?? .confirmation
        let documentNumber = span(c[.documentNo]) ?? TextSpan(offset: Int32(arena.count), count: 0)
        self.init(owner: owner, category: category, decisionDay: day(c[.decisionDate]) ?? 0, documentNumber: documentNumber)
        switch category {
        case .penalty:
            penaltyTypes = row.withBytes(c[.penTypes]) { bytes in
                var mask: UInt16 = 0
                for part in bytes.split(separator: UInt8(ascii: ";")) {
                    if let type = tables.penaltyType(UnsafeBufferPointer(rebasing: part)) { mask |= 1 << UInt16(type.ordinal) }
                }
                return mask
            }
            fine = row.isNull(c[.penFineFen]) ? -1 : row.int(c[.penFineFen])
            confiscation = row.isNull(c[.penConfiscationFen]) ? -1 : row.int(c[.penConfiscationFen])
            procedure = value(c[.penProcedure], tables.procedure) ?? .ordinary
            domain = value(c[.penDomain], tables.domain) ?? .other
            severity = value(c[.penSeverity], tables.severity)
            violation = span(c[.penViolation])
        case .coercion:
            measure = value(c[.coeMeasure], tables.measure) ?? .other
            untilDay = day(c[.coeUntil]) ?? .min
            coercionStatus = value(c[.coeStatus], tables.coercionStatus) ?? .inForce
        case .reward:
            rewardLevel = value(c[.rewLevel], tables.rewardLevel)
        case .adjudication:
            atFault = row.isNull(c[.adjAtFault]) ? nil : row.int(c[.adjAtFault]) != 0
        case .inspection:
            inspectionKind = value(c[.insKind], tables.inspectionKind) ?? .doubleRandom
            inspectionResult = value(c[.insResult], tables.inspectionResult) ?? .noProblem
        case .licensing:
            licenceStatus = value(c[.licStatus], tables.licenceStatus) ?? .valid
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
