import Yams

/// A YAML node that remembers its file and position, so every reading error can name
/// file, line and column. Wraps Yams' node model with the checks rule files need.
public struct YAMLNode {
    public let node: Node
    public let file: String
    /// The rule id errors under this node are reported with.
    public let ruleID: String?

    /// Parses a whole document. Syntax errors carry Yams' line and column.
    public static func parse(_ text: String, file: String) throws(RuleFileError) -> YAMLNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw RuleFileError(file: file, line: 1, column: 1, reason: "the file is empty")
            }
            return YAMLNode(node: node, file: file, ruleID: nil)
        } catch let error as RuleFileError {
            throw error
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                let where_ = context.map { " (\($0.text))" } ?? ""
                throw RuleFileError(file: file, line: mark.line, column: mark.column, reason: "YAML syntax: \(problem)\(where_)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                throw RuleFileError(file: file, line: context.mark.line, column: context.mark.column,
                                    reason: "duplicate key(s) \(duplicates.joined(separator: ", "))")
            default:
                throw RuleFileError(file: file, line: 1, column: 1, reason: "YAML: \(error)")
            }
        } catch {
            throw RuleFileError(file: file, line: 1, column: 1, reason: "YAML: \(error)")
        }
    }

    private let fixedLine: Int?
    private let fixedColumn: Int?

    init(node: Node, file: String, ruleID: String?, line: Int? = nil, column: Int? = nil) {
        self.node = node; self.file = file; self.ruleID = ruleID; fixedLine = line; fixedColumn = column
    }

    public var line: Int { fixedLine ?? node.mark?.line ?? 1 }
    public var column: Int { fixedColumn ?? node.mark?.column ?? 1 }

    /// An error located at this node.
    public func error(_ reason: String) -> RuleFileError {
        RuleFileError(file: file, line: line, column: column, ruleID: ruleID, reason: reason)
    }

    /// The same node, reporting errors under `id`.
    public func withRuleID(_ id: String) -> YAMLNode { YAMLNode(node: node, file: file, ruleID: id, line: fixedLine, column: fixedColumn) }

    // MARK: Mappings

    public func mappingEntries() throws(RuleFileError) -> [(key: String, value: YAMLNode)] {
        guard let mapping = node.mapping else { throw error("expected a mapping (key: value)") }
        return mapping.map { (key: $0.key.string ?? "\($0.key)", value: YAMLNode(node: $0.value, file: file, ruleID: ruleID)) }
    }

    /// The entries of a mapping with their keys as nodes (to report a problem at a key).
    public func mappingPairs() throws(RuleFileError) -> [(key: YAMLNode, value: YAMLNode)] {
        guard let mapping = node.mapping else { throw error("expected a mapping (key: value)") }
        return mapping.map { (key: YAMLNode(node: $0.key, file: file, ruleID: ruleID), value: YAMLNode(node: $0.value, file: file, ruleID: ruleID)) }
    }

    public func optional(_ key: String) throws(RuleFileError) -> YAMLNode? {
        guard let mapping = node.mapping else { throw error("expected a mapping (key: value)") }
        guard let value = mapping[key] else { return nil }
        if case .scalar(let s) = value, s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) { return nil }
        return YAMLNode(node: value, file: file, ruleID: ruleID)
    }

    public func required(_ key: String) throws(RuleFileError) -> YAMLNode {
        guard let value = try optional(key) else { throw error("missing required key '\(key)'") }
        return value
    }

    /// Fails on keys outside `allowed`, so a typo is an error, not a silently ignored rule.
    public func onlyKeys(_ allowed: Set<String>) throws(RuleFileError) {
        guard let mapping = node.mapping else { throw error("expected a mapping (key: value)") }
        for (key, _) in mapping {
            let name = key.string ?? ""
            if !allowed.contains(name) {
                throw RuleFileError(file: file, line: key.mark?.line ?? line, column: key.mark?.column ?? column,
                                    ruleID: ruleID,
                                    reason: "unknown key '\(name)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
    }

    // MARK: Sequences and scalars

    public func items() throws(RuleFileError) -> [YAMLNode] {
        guard let sequence = node.sequence else { throw error("expected a list") }
        return sequence.map { YAMLNode(node: $0, file: file, ruleID: ruleID) }
    }

    public func string() throws(RuleFileError) -> String {
        guard let scalar = node.scalar else { throw error("expected a single value") }
        return scalar.string
    }

    public func int() throws(RuleFileError) -> Int {
        let text = try string()
        guard let value = Int(text) else { throw error("'\(text)' is not a whole number") }
        return value
    }

    public func bool() throws(RuleFileError) -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "是": return true
        case "false", "no", "否": return false
        case let other: throw error("'\(other)' is not true/false")
        }
    }
}
