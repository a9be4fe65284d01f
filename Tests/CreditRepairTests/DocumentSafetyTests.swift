import CreditCore
@testable import CreditRepair
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation

/// Documents stay readable whatever text the data carries.
@Suite struct DocumentSafetyTests {
    /// A control character in a stored name made the DOCX notice ill-formed XML, which Word
    /// refuses whole: XML 1.0 forbids C0 controls other than tab, LF and CR.
    @Test func controlCharactersNeverReachTheDOCX() throws {
        let notice = try #require(rules.notice(for: penalty("2025-08-31", [.fine], fineYuan: 80_000, number: "保市监罚〔2025〕12号\u{0B}"),
                                               number: rules.noticeNumber(agency: "保定市市场监督管理局", year: 2026, sequence: 7),
                                               subjectName: "保定\u{01}示例\u{1F}有限公司\u{FFFF}", issuedOn: d("2026-11-27"), calendar: calendar))
        let archive = try Archive(data: try notice.officialDocument.docx(), accessMode: .read)
        var xml = Data()
        _ = try archive.extract(try #require(archive["word/document.xml"])) { xml.append($0) }
        let parser = XMLParser(data: xml)
        #expect(parser.parse(), "document.xml is not well-formed: \(String(describing: parser.parserError))")
        #expect(String(decoding: xml, as: UTF8.self).contains("保定\u{FFFD}示例\u{FFFD}有限公司"))
    }

    @Test func markupEscapingKeepsTabsAndLineBreaks() {
        #expect(escapedMarkup("a<b>&\"c\"\t\n\r\u{00}") == "a&lt;b&gt;&amp;&quot;c&quot;\t\n\r\u{FFFD}")
    }
}
