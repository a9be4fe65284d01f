/// Text written into a CSV or TSV cell that a spreadsheet may open.
///
/// CSV injection (OWASP "CSV Injection"): Excel, LibreOffice and WPS run a cell that starts
/// with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula, so an
/// enterprise named `=HYPERLINK("http://…")` would turn a reminder list into a link that
/// sends its phone numbers away. Following OWASP's advice, such a cell is prefixed with a
/// single quote, which every spreadsheet shows as text; the value stays recoverable
/// (`recovered(_:)` removes the quote again). Plain numbers, negative ones included, are
/// left as they are.
public enum SpreadsheetCell {
    /// The characters that make a spreadsheet read a cell as a formula.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// The cell's text, neutralised if a spreadsheet would run it.
    public static func neutralised(_ value: String) -> String {
        guard let first = value.first, formulaStarts.contains(first), !isPlainNumber(value) else { return value }
        return "'" + value
    }

    /// The original value of a neutralised cell.
    public static func recovered(_ cell: String) -> String {
        guard cell.hasPrefix("'"), let next = cell.dropFirst().first, formulaStarts.contains(next) else { return cell }
        return String(cell.dropFirst())
    }

    /// `-12`, `+3.5`, `-0.25`: a sign, digits and at most one decimal point.
    static func isPlainNumber(_ value: String) -> Bool {
        var body = Substring(value)
        if let sign = body.first, sign == "-" || sign == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    /// A CSV line (RFC 4180 quoting) of neutralised cells.
    public static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            let f = neutralised(field)
            // By scalar: "\r\n" and a quote with a combining mark are single Characters.
            return f.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.escapingScalars(["\""], with: "\"") + "\"" : f
        }.joined(separator: ",")
    }
}
