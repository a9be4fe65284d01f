/// A problem in a rule file, located precisely enough for a regulator to fix it:
/// `classification.yaml:42:7: indicator penalty.fine: points must be ≥ 0`.
public struct RuleFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// The rule or indicator id the problem belongs to, when known.
    public var ruleID: String?
    public var reason: String

    public init(file: String, line: Int, column: Int, ruleID: String? = nil, reason: String) {
        self.file = file; self.line = line; self.column = column; self.ruleID = ruleID; self.reason = reason
    }

    public var description: String {
        "\(file):\(line):\(column): " + (ruleID.map { "\($0): " } ?? "") + reason
    }
}
