import CreditCore
import CreditRules
import Foundation

extension PackedRecord {
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
        let category = value(1, tables.category) ?? .confirmation
        let documentNumber = span(2) ?? TextSpan(offset: Int32(arena.count), count: 0)
        self.init(owner: owner, category: category, decisionDay: day(3) ?? 0, documentNumber: documentNumber)
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
