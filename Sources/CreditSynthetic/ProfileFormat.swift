import CreditCore

/// Writes rows of the synthetic city in the shape of a real export that an import profile
/// describes: the profile's header (its first source column for each field), coded values as
/// the export codes them (the profile's value maps read backwards), amounts in the profile's
/// unit, natural persons by identity document where the export has no 行政相对人类别, the fine
/// spelled out in 处罚内容 where it has no amount column, and the numeric quirks of open-data
/// exports (industry codes as spreadsheet numbers, 9-digit area codes). Importing the result
/// with the profile gives back the city.
public struct ProfileFormat: Sendable {
    public let profile: ImportProfile
    /// The header written: per output column, its name and field (nil: an extra column).
    public let columns: [(name: String, field: Field?)]

    public init(profile: ImportProfile) {
        self.profile = profile
        var columns: [(String, Field?)] = []
        var seen = Set<Field>()
        // An export that names natural persons by identity document has no 行政相对人类别.
        let byDocument = profile.columns.contains { $0.field == .idNumber }
        for column in profile.columns where !(byDocument && column.field == .subjectKind) {
            // One column per field, except 处罚类别 split over its columns (2016: 处罚类别1, 处罚类别2).
            if seen.contains(column.field), column.field != .penaltyTypes { continue }
            seen.insert(column.field)
            columns.append((column.source, column.field))
        }
        // Header cells the profile detects but does not map (kept as extra fields), left empty.
        let names = Set(columns.map { HeaderName.normalized($0.0) })
        for cell in profile.detect where !names.contains(HeaderName.normalized(cell)) { columns.append((cell, nil)) }
        self.columns = columns
    }

    public var header: [String] { columns.map(\.name) }

    /// Does the file kind take this format?
    public func formats(_ file: SyntheticCity.File) -> Bool { file.kind == profile.kind }

    /// One canonical row of the generator (`canonicalHeader` its header) in this format; nil
    /// for a row the export family cannot hold (a natural person where it has no way to say so).
    public func row(_ fields: [String], canonicalHeader: [String]) -> [String]? {
        let map = HeaderMap(lenientHeader: canonicalHeader, kind: profile.kind)
        func value(_ field: Field) -> String {
            guard let i = map.index(field), i < fields.count else { return "" }
            return fields[i]
        }
        let mapped = Set(columns.compactMap(\.field))
        let natural = value(.subjectKind) == EnforcementRecord.SubjectKind.naturalPerson.rawValue
        if natural, !mapped.contains(.subjectKind), !mapped.contains(.idNumber) { return nil }
        let types = value(.penaltyTypes).split(whereSeparator: { ";；、".contains($0) }).map(String.init)
        let typeColumns = columns.filter { $0.field == .penaltyTypes }.count
        var typeColumn = 0
        return columns.map { name, field in
            guard let field else { return "" }
            switch field {
            case .penaltyTypes where typeColumns > 1:
                defer { typeColumn += 1 }
                if typeColumn == typeColumns - 1 { return types.dropFirst(typeColumn).joined(separator: ";") }
                return typeColumn < types.count ? types[typeColumn] : ""
            case .idType: return natural ? "身份证" : ""
            case .idNumber: return natural ? "130602199001011234" : ""
            case .penaltyContent where !mapped.contains(.fineAmount):
                return Self.spelledOut(types: types, fine: value(.fineAmount), confiscation: value(.confiscationAmount))
            case .fineAmount, .confiscationAmount:
                return amount(value(field))
            case .industry where Self.isCode(name):
                // An open-data register: the class digits as a spreadsheet number.
                let code = value(field)
                return code.isEmpty ? "" : String(code.dropFirst()) + ".0"
            case .region where Self.isCode(name):
                let code = value(field)
                return code.isEmpty ? "" : code + "001"
            default:
                return coded(value(field), field)
            }
        }
    }

    /// A value as the export codes it: the source value the profile maps to it (the shortest,
    /// then the first in order, that differs from it), else the value itself. A section letter
    /// for an industry code when the export names only sections.
    func coded(_ value: String, _ field: Field) -> String {
        guard !value.isEmpty, let map = profile.values[field] else { return value }
        var target = value
        if field == .industry, map.values.allSatisfy({ $0.count == 1 }) { target = String(value.prefix(1)) }
        let sources = map.filter { $0.value == target && $0.key != target }.map(\.key)
        return sources.min { ($0.count, $0) < ($1.count, $1) } ?? target
    }

    /// An amount of 万元 in the profile's unit.
    func amount(_ wanYuan: String) -> String {
        guard profile.amountUnit == .yuan, !wanYuan.isEmpty, let amount = try? Amount(wanYuan: wanYuan) else { return wanYuan }
        return Amount(fen: amount.fen * 10_000).description
    }

    /// 处罚内容 as free text that states the amounts: `警告，罚款人民币5000元，没收违法所得200元`.
    static func spelledOut(types: [String], fine: String, confiscation: String) -> String {
        func yuan(_ wanYuan: String) -> String? {
            guard let amount = try? Amount(wanYuan: wanYuan) else { return nil }
            return Amount(fen: amount.fen * 10_000).description
        }
        return types.map { type in
            switch type {
            case "罚款": yuan(fine).map { "罚款人民币\($0)元" } ?? "罚款"
            case "没收违法所得", "没收非法财物": yuan(confiscation).map { "\(type)\($0)元" } ?? type
            default: type
            }
        }.joined(separator: "，")
    }

    /// An English column code (`indv_code`), as open-data registers name columns.
    static func isCode(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || $0 == 95 || ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) }
            && name.contains("_")
    }
}

extension SyntheticCity.File {
    /// What the file holds.
    public var kind: DataFileKind {
        switch self {
        case .enterprises: .enterprises
        case .inspectors: .inspectors
        case .conflicts: .conflicts
        case .triggers: .triggers
        case .licensing: .records(.licensing)
        case .penalty, .penaltyCorrections: .records(.penalty)
        case .coercion: .records(.coercion)
        case .reward: .records(.reward)
        case .confirmation: .records(.confirmation)
        case .adjudication: .records(.adjudication)
        case .inspection: .records(.inspection)
        case .abnormalList: .listings(.abnormal)
        case .seriousList: .listings(.serious)
        case .commitments: .commitments
        }
    }
}
