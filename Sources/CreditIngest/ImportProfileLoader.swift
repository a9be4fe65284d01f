import CreditCore
import CreditRules
import Foundation

/// Reads import profiles (`import-profiles.md`): YAML files that map one family of real exports
/// onto the data contract. Every problem is an error at its file, line and column: bad YAML, an
/// unknown key, a category or contract field that does not exist, a coded value mapped to
/// something the contract refuses.
public enum ImportProfileLoader {
    static let keys: Set<String> = ["name", "category", "detect", "columns", "values", "placeholders", "amount_unit"]

    /// Parses one profile.
    /// - Parameter file: the name errors are reported under (and the profile's `source`).
    public static func load(_ text: String, file: String) throws(RuleFileError) -> ImportProfile {
        let root = try YAMLNode.parse(text, file: file)
        try root.onlyKeys(keys)
        let nameNode = try root.required("name")
        let name = try nameNode.string().trimmingDataWhitespace()
        if name.isEmpty { throw nameNode.error("name must not be empty") }
        let categoryNode = try root.required("category")
        let categoryText = try categoryNode.string()
        guard let kind = DataFileKind(name: categoryText) else {
            throw categoryNode.error("unknown category '\(categoryText)' (penalty, licensing, coercion, reward, confirmation, adjudication, inspection, their Chinese names, or enterprises, inspectors, conflicts, triggers, abnormal-list, serious-list, commitments)")
        }
        var detect: [String] = []
        if let detectNode = try root.optional("detect") {
            try detectNode.onlyKeys(["all"])
            for item in try detectNode.required("all").items() { detect.append(try item.string()) }
        }
        var columns: [(source: String, field: Field)] = []
        for (source, target) in try root.required("columns").mappingEntries() {
            if source.trimmingDataWhitespace().isEmpty { throw target.error("a source column name must not be empty") }
            columns.append((source, try field(target, kind: kind)))
        }
        var values: [Field: [String: String]] = [:]
        if let valuesNode = try root.optional("values") {
            for (key, mapNode) in try valuesNode.mappingPairs() {
                let target = try field(key, kind: kind)
                var map: [String: String] = [:]
                for (source, value) in try mapNode.mappingEntries() {
                    let text = try value.string()
                    if let reason = refusal(of: text, for: target, kind: kind) { throw value.error(reason) }
                    map[source] = text
                }
                values[target] = map
            }
        }
        var placeholders: [String] = []
        if let node = try root.optional("placeholders") {
            for item in try node.items() { placeholders.append(try item.string()) }
        }
        var unit = AmountUnit.wanYuan
        if let node = try root.optional("amount_unit") {
            let text = try node.string()
            guard let parsed = AmountUnit(rawValue: text) else { throw node.error("amount_unit '\(text)' is not 万元 or 元") }
            unit = parsed
        }
        return ImportProfile(name: name, kind: kind, detect: detect, columns: columns, values: values,
                             placeholders: placeholders, amountUnit: unit, source: file)
    }

    /// A contract field of `kind`, by its name or one of its aliases (compared as headers are).
    static func field(_ node: YAMLNode, kind: DataFileKind) throws(RuleFileError) -> Field {
        let text = try node.string()
        let wanted = HeaderName.normalized(text)
        for spec in kind.fields where ([spec.name] + spec.aliases).contains(where: { HeaderName.normalized($0) == wanted }) {
            return spec.field
        }
        throw node.error("'\(text)' is not a contract field of \(kind) (data-format.md: \(kind.fields.map(\.name).joined(separator: ", ")))")
    }

    /// Why the contract would refuse `value` in `field`, for the fields with a fixed list of values.
    static func refusal(of value: String, for field: Field, kind: DataFileKind) -> String? {
        typealias R = EnforcementRecord
        func list<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> String? where E.RawValue == String {
            E(rawValue: value) == nil ? "'\(value)' is not a value of \(field.rawValue) (\(E.allCases.map(\.rawValue).joined(separator: "/")))" : nil
        }
        switch field {
        case .registrationStatus: return list(RegistrationStatus.self)
        case .subjectKind: return list(R.SubjectKind.self)
        case .licenceKind: return list(R.LicenceKind.self)
        case .currentStatus: return kind == .records(.coercion) ? list(R.CoercionStatus.self) : list(R.LicenceStatus.self)
        case .procedure: return list(R.PenaltyProcedure.self)
        case .domain: return list(R.PenaltyDomain.self)
        case .severity: return list(R.DishonestySeverity.self)
        case .coercionMeasure: return list(R.CoercionMeasure.self)
        case .rewardLevel: return list(R.RewardLevel.self)
        case .inspectionKind: return list(R.InspectionKind.self)
        case .inspectionResult: return InspectionResult(text: value) == nil ? list(InspectionResult.self) : nil
        case .triggerKind: return list(InspectionTrigger.Kind.self)
        case .industry: return IndustryCode(exported: value) == nil ? "'\(value)' is not a GB/T 4754 code" : nil
        case .listingReason:
            return kind == .listings(.abnormal) && AbnormalReason(text: value) == nil
                ? "'\(value)' is not a 情形 of 《企业经营异常名录管理暂行办法》第四条 (\(AbnormalReason.allCases.map(\.rawValue).joined(separator: "/")))" : nil
        case .checkOutcome: return CommitmentOutcome(text: value) == nil ? list(CommitmentOutcome.self) : nil
        case .abnormalList, .seriousList, .dishonestDebtor, .atFault:
            return ["是", "否", "Y", "N", "1", "0", "true", "false"].contains(value) ? nil : "'\(value)' is not a boolean (是/否)"
        default: return nil
        }
    }
}

/// The import profiles an import can choose from: the shipped ones (`Rules/import-profiles/`)
/// and a city's own (`import-profiles/` in the working directory, or `$CREDIT_PROFILES`).
public struct ProfileCatalog: Sendable {
    public var profiles: [ImportProfile]
    /// Profiles that could not be read (skipped).
    public var errors: [RuleFileError]

    public init(profiles: [ImportProfile] = [], errors: [RuleFileError] = []) { self.profiles = profiles; self.errors = errors }

    /// Loads every `*.yaml` of the folders that exist, in name order.
    public static func load(folders: [String]) -> ProfileCatalog {
        var catalog = ProfileCatalog()
        for folder in folders {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            for name in names {
                let path = (folder as NSString).appendingPathComponent(name)
                do { catalog.profiles.append(try loadFile(path)) } catch { catalog.errors.append(error) }
            }
        }
        return catalog
    }

    /// One profile file.
    public static func loadFile(_ path: String) throws(RuleFileError) -> ImportProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleFileError(file: path, line: 0, column: 0, reason: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RuleFileError(file: path, line: 1, column: 1, reason: "is not UTF-8 text")
        }
        return try ImportProfileLoader.load(text, file: path)
    }

    /// The profile named `name` (its `name:`, or its file name without `.yaml`).
    public func named(_ name: String) -> ImportProfile? {
        profiles.first { $0.name == name }
            ?? profiles.first { (($0.source as NSString).lastPathComponent as NSString).deletingPathExtension == name }
    }
}
