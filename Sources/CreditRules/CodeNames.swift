import CreditCore

/// Names printed beside codes in documents (`Rules/code-names.yaml`): GB/T 2260 行政区划代码 and
/// the GB/T 4754 门类 of an industry code. A code the table does not list is printed as it is.
public struct CodeNames: Sendable, Hashable {
    /// 行政区划代码 → name (`130638` → `雄县`).
    public var regions: [String: String]
    /// GB/T 4754 门类 letter → name (`F` → `批发和零售业`).
    public var industrySections: [Character: String]

    public init(regions: [String: String] = [:], industrySections: [Character: String] = [:]) {
        self.regions = regions; self.industrySections = industrySections
    }

    /// `雄县（130638）`, or the code alone when it is not listed.
    public func region(_ code: String) -> String {
        regions[code].map { "\($0)（\(code)）" } ?? code
    }

    /// `F 批发和零售业`: an industry section key (its letter first) with the section's name, or
    /// the key alone when the letter is not listed.
    public func section(_ key: String) -> String {
        key.first.flatMap { industrySections[$0] }.map { "\(key) \($0)" } ?? key
    }

    /// `批发和零售业（F5137）`: the section's name with the full code; `—` without a code.
    public func industry(_ code: IndustryCode?) -> String {
        guard let code else { return "—" }
        return industrySections[code.section].map { "\($0)（\(code.rawValue)）" } ?? code.rawValue
    }
}

/// Reads `Rules/code-names.yaml` with file:line:column errors.
public enum CodeNamesLoader {
    public static func load(_ text: String, file: String = "code-names.yaml") throws(RuleFileError) -> CodeNames {
        let root = try YAMLNode.parse(text, file: file)
        try root.onlyKeys(["version", "regions", "industry_sections"])
        var names = CodeNames()
        for (code, node) in try root.optional("regions")?.mappingEntries() ?? [] {
            guard code.utf8.count == 6, code.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw node.error("'\(code)' is not a six-digit 行政区划代码 (GB/T 2260); quote it: \"130638\"")
            }
            names.regions[code] = try nonEmpty(node)
        }
        for (letter, node) in try root.optional("industry_sections")?.mappingEntries() ?? [] {
            guard letter.count == 1, let section = letter.first, ("A"..."T").contains(section) else {
                throw node.error("'\(letter)' is not a GB/T 4754 门类 letter (A–T)")
            }
            names.industrySections[section] = try nonEmpty(node)
        }
        return names
    }

    private static func nonEmpty(_ node: YAMLNode) throws(RuleFileError) -> String {
        let name = try node.string()
        guard !name.isEmpty else { throw node.error("the name is empty") }
        return name
    }
}
