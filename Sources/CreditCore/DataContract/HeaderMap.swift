/// Matches a file's header row to the contract's fields, by name or alias, in any order.
public struct HeaderMap: Sendable {
    public let kind: DataFileKind
    /// Column index of each canonical field present in the file.
    public let columns: [String: Int]
    /// Column index per `Field.ordinal` (-1 = absent), for fast row decoding.
    let columnByField: [Int]
    /// Headers that are not in the contract: kept as extra fields, warned about once.
    public let unknownColumns: [(index: Int, name: String)]
    public let columnCount: Int

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

    public init(header: [String], kind: DataFileKind) throws(Problem) {
        guard !header.isEmpty, header.contains(where: { !$0.isEmpty }) else { throw .empty }
        var lookup: [String: String] = [:]
        for field in kind.fields {
            lookup[field.name] = field.name
            lookup[field.name.lowercased()] = field.name
            for alias in field.aliases { lookup[alias] = field.name; lookup[alias.lowercased()] = field.name }
        }
        var columns: [String: Int] = [:]
        var unknown: [(Int, String)] = []
        for (index, raw) in header.enumerated() {
            let name = raw.trimmingDataWhitespace()
            if name.isEmpty { continue }
            guard let canonical = lookup[name] ?? lookup[name.lowercased()] else {
                unknown.append((index, name)); continue
            }
            if columns[canonical] != nil { throw .duplicate(canonical) }
            columns[canonical] = index
        }
        let missing = kind.fields.filter { $0.required && columns[$0.name] == nil }.map(\.name)
        if !missing.isEmpty { throw .missingRequired(missing) }
        self.kind = kind
        self.columns = columns
        var byField = [Int](repeating: -1, count: Field.allCases.count)
        for field in kind.fields { if let i = columns[field.name] { byField[field.field.ordinal] = i } }
        self.columnByField = byField
        self.unknownColumns = unknown
        self.columnCount = header.count
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
