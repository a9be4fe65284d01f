/// Matches a file's header row to the contract's fields, by name or alias or through an import
/// profile, in any order. Names compare as `HeaderName` does: full/half-width brackets alike,
/// whitespace ignored, any letter case.
public struct HeaderMap: Sendable {
    public let kind: DataFileKind
    /// The profile that maps this file, if any.
    public let profile: ImportProfile?
    /// Column index of each canonical field present in the file (its first source column).
    public let columns: [String: Int]
    /// Column index per `Field.ordinal` (-1 = absent), for fast row decoding.
    let columnByField: [Int]
    /// Fields fed by several columns (a profile listing several sources): the columns in
    /// priority order; 处罚类别 joins them, the others take the first non-empty.
    let merged: [(field: Field, columns: [Int])]
    /// The header cell of each column, as written (errors name the source column).
    public let sourceNames: [String]
    /// Headers that are not in the contract: kept as extra fields, warned about once.
    public let unknownColumns: [(index: Int, name: String)]
    public let columnCount: Int
    /// Per column: the field it feeds (-1: none), to check and clean values in one pass.
    let fieldByColumn: [Int]

    /// Why a header row cannot be used.
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case missingRequired([String])
        case duplicate(String)
        case empty
        public var description: String {
            switch self {
            case .missingRequired(let names): "missing required column(s): \(names.joined(separator: ", "))"
            case .duplicate(let name): "column \(name) appears twice (directly or through an alias)"
            case .empty: "the file has no header row"
            }
        }
    }

    /// The column holding a field, if the file has it.
    public func index(_ field: Field) -> Int? {
        let i = columnByField[field.ordinal]
        return i >= 0 ? i : nil
    }

    /// The name to report a problem of `field` under: the source column's header when it
    /// differs from the contract's name (a profile or an alias), else the field's name.
    public func reportedName(_ field: String) -> String {
        guard let f = Field(rawValue: field), let i = index(f) else { return field }
        let source = sourceNames[i].trimmingDataWhitespace()
        return source.isEmpty ? field : source
    }

    public init(header: [String], kind: DataFileKind, profile: ImportProfile? = nil) throws(Problem) {
        try self.init(header: header, kind: kind, profile: profile, requireColumns: true)
    }

    /// The columns a header has, whatever it lacks: to read what a rejected file's rows say
    /// about themselves (their 数据来源单位 and dates, for the quality report).
    public init(lenientHeader header: [String], kind: DataFileKind, profile: ImportProfile? = nil) {
        // Without the checks that throw, only an empty header remains, which maps nothing.
        self = (try? HeaderMap(header: header, kind: kind, profile: profile, requireColumns: false))
            ?? (try! HeaderMap(header: [""], kind: kind, profile: nil, requireColumns: false))
    }

    private init(header: [String], kind: DataFileKind, profile: ImportProfile?, requireColumns: Bool) throws(Problem) {
        guard !requireColumns || (!header.isEmpty && header.contains(where: { !$0.isEmpty })) else { throw .empty }
        // Source name → (field, priority): the profile's columns first, in its order, then the
        // contract's names and aliases.
        var lookup: [String: (field: Field, priority: Int, fromProfile: Bool)] = [:]
        for (position, column) in (profile?.columns ?? []).enumerated() {
            let key = HeaderName.normalized(column.source)
            if lookup[key] == nil { lookup[key] = (column.field, position, true) }
        }
        let contractPriority = profile?.columns.count ?? 0
        for spec in kind.fields {
            for name in [spec.name] + spec.aliases {
                let key = HeaderName.normalized(name)
                if lookup[key] == nil { lookup[key] = (spec.field, contractPriority, false) }
            }
        }
        var sources: [Field: [(priority: Int, column: Int, fromProfile: Bool)]] = [:]
        var unknown: [(Int, String)] = []
        var fieldByColumn = [Int](repeating: -1, count: header.count)
        for (index, raw) in header.enumerated() {
            let name = raw.trimmingDataWhitespace()
            if name.isEmpty { continue }
            guard let match = lookup[HeaderName.normalized(name)] else { unknown.append((index, name)); continue }
            sources[match.field, default: []].append((match.priority, index, match.fromProfile))
            fieldByColumn[index] = match.field.ordinal
        }
        var columns: [String: Int] = [:]
        var byField = [Int](repeating: -1, count: Field.allCases.count)
        var merged: [(Field, [Int])] = []
        for (field, found) in sources {
            if found.count > 1, !found.allSatisfy(\.fromProfile), requireColumns { throw .duplicate(field.rawValue) }
            let ordered = found.sorted { ($0.priority, $0.column) < ($1.priority, $1.column) }.map(\.column)
            columns[field.rawValue] = ordered[0]
            byField[field.ordinal] = ordered[0]
            if ordered.count > 1 { merged.append((field, ordered)) }
        }
        let missing = kind.fields.filter { spec in
            spec.required && columns[spec.name] == nil && !(spec.unlessPresent.map { columns[$0.rawValue] != nil } ?? false)
                // A spot check without a number is named by its date and type (GSXT pages).
                && !(kind == .records(.inspection) && spec.field == .documentNumber)
        }.map(\.name)
        if !missing.isEmpty, requireColumns { throw .missingRequired(missing) }
        self.kind = kind
        self.profile = profile
        self.columns = columns
        self.columnByField = byField
        self.merged = merged.sorted { $0.0.ordinal < $1.0.ordinal }
        self.sourceNames = header
        self.unknownColumns = unknown
        self.columnCount = header.count
        self.fieldByColumn = fieldByColumn
    }
}

extension StringProtocol {
    /// Trims ASCII whitespace, no-break space and the full-width space U+3000.
    public func trimmingDataWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{3000}" || $0 == "\u{FEFF}" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
