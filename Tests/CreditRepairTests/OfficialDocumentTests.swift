import CreditCore
import CreditRepair
import CreditRules
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation

/// The parts of a DOCX package, by path.
func docxParts(_ data: Data) throws -> [String: String] {
    let archive = try Archive(data: data, accessMode: .read)
    var parts: [String: String] = [:]
    for entry in archive {
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        parts[entry.path] = String(decoding: bytes, as: UTF8.self)
    }
    return parts
}

/// Collects, for every element named in `orders`, the local names of its direct children, and
/// reports children out of the schema's order (ECMA-376 part 1) or unknown to it.
final class SchemaOrderCheck: NSObject, XMLParserDelegate {
    static let orders: [String: [String]] = [
        "w:pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers", "pBdr",
                  "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
                  "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
                  "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
                  "rPr", "sectPr", "pPrChange"],
        "w:rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow", "emboss",
                  "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
                  "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
                  "specVanish", "oMath"],
        "w:tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
                    "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"],
        "w:tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
                   "tcFitText", "vAlign", "hideMark"],
        // Header and footer references may come in any order among themselves.
        "w:sectPr": ["headerReference|footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc", "pgBorders",
                     "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
                     "rtlGutter", "docGrid", "printerSettings"],
        "w:settings": ["writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime", "defaultTabStop",
                       "evenAndOddHeaders", "characterSpacingControl", "compat", "rsids", "themeFontLang", "clrSchemeMapping",
                       "decimalSymbol", "listSeparator"],
        "w:font": ["altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig", "embedRegular"],
    ]
    var stack: [(name: String, last: Int)] = []
    var problems: [String] = []
    let part: String

    init(part: String) { self.part = part }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if let parent = stack.last, let order = Self.orders[parent.name] {
            let local = String(name.split(separator: ":").last ?? "")
            if let rank = order.firstIndex(where: { $0.split(separator: "|").contains(Substring(local)) }) {
                if rank < parent.last { problems.append("\(part): <\(name)> after a later sibling inside <\(parent.name)>") }
                stack[stack.count - 1].last = rank
            } else {
                problems.append("\(part): <\(name)> is not a child of <\(parent.name)> in the schema")
            }
        }
        stack.append((name, 0))
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { stack.removeLast() }
}

func noticeForDocuments(agency: String = "保定市市场监督管理局", sequence: Int = 7) -> RepairNotice {
    rules.notice(for: penalty("2025-08-31", [.fine], fineYuan: 80_000, number: "保市监罚〔2025〕12号", agency: agency),
                 number: rules.noticeNumber(agency: agency, year: 2026, sequence: sequence),
                 subjectName: "雄县宇康快餐店", issuedOn: d("2026-11-27"), calendar: calendar)!
}

let documentRenderer: DocumentRenderer = {
    var texts: [String: String] = [:]
    for name in try! FileManager.default.contentsOfDirectory(atPath: repoRules.appendingPathComponent("templates").path) where name.hasSuffix(".mustache") {
        texts[name] = try! String(contentsOf: repoRules.appendingPathComponent("templates/\(name)"), encoding: .utf8)
    }
    return try! DocumentRenderer(templates: texts)
}()

/// GB/T 9704-2012 in the DOCX: a complete package that Word, WPS and LibreOffice read alike.
@Suite struct OfficialDOCXTests {
    let parts: [String: String]
    init() throws { parts = try docxParts(try noticeForDocuments().officialDocument.docx()) }

    /// Styles, settings, font table, footers and properties beside the document, every part
    /// well-formed and declared; the old DOCX had only `document.xml`.
    @Test func itIsACompletePackageOfWellFormedParts() throws {
        for part in ["[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml", "word/styles.xml",
                     "word/settings.xml", "word/fontTable.xml", "word/footer1.xml", "word/footer2.xml", "docProps/core.xml", "docProps/app.xml"] {
            let text = try #require(parts[part], "missing \(part)")
            let parser = XMLParser(data: Data(text.utf8))
            #expect(parser.parse(), "\(part) is not well-formed: \(String(describing: parser.parserError))")
            if part.hasPrefix("word/"), !part.hasPrefix("word/_rels") {
                #expect(parts["[Content_Types].xml"]!.contains("PartName=\"/\(part)\""), "\(part) has no content type")
            }
        }
        let relationships = try #require(parts["word/_rels/document.xml.rels"])
        for target in ["styles.xml", "settings.xml", "fontTable.xml", "footer1.xml", "footer2.xml"] {
            #expect(relationships.contains("Target=\"\(target)\""))
        }
        #expect(parts["docProps/core.xml"]!.contains("<dc:title>信用修复告知书</dc:title>"))
        #expect(parts["docProps/core.xml"]!.contains("<dc:subject>保市监信修告〔2026〕7号</dc:subject>"))
    }

    /// zh-CN as the East Asian language (LibreOffice then picks Simplified Chinese faces, not
    /// Japanese ones), the four GB/T 9704 faces declared with fallbacks, and nothing bold.
    @Test func stylesDeclareTheChineseFacesTheLanguageAndNoBold() throws {
        let styles = try #require(parts["word/styles.xml"])
        #expect(styles.contains(#"<w:lang w:val="en-US" w:eastAsia="zh-CN""#))
        for face in ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"] {
            #expect(styles.contains(#"w:eastAsia="\#(face)""#), "no style uses \(face)")
        }
        let fonts = try #require(parts["word/fontTable.xml"])
        for (face, fallback) in [("仿宋_GB2312", "仿宋"), ("仿宋", "FangSong"), ("黑体", "SimHei"), ("楷体", "KaiTi"), ("方正小标宋简体", "FZXiaoBiaoSong-B05S")] {
            #expect(fonts.contains(#"<w:font w:name="\#(face)"><w:altName w:val="\#(fallback)"/><w:charset w:val="86"/>"#), "\(face) → \(fallback)")
        }
        #expect(parts["word/settings.xml"]!.contains(#"<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>"#))
        for (name, text) in parts {
            #expect(!text.contains("<w:b/>") && !text.contains(#"<w:b w:val="1"/>"#) && !text.contains(#"<w:b w:val="true"/>"#), "bold in \(name)")
        }
        // Title and headings say so explicitly, so no inherited style can make them bold.
        for style in ["Title", "Heading1", "Heading2", "Issuer"] {
            let definition = try #require(styles.firstMatch(of: try Regex(#"<w:style [^>]*w:styleId="\#(style)">.*?</w:style>"#)).map { String($0.output[0].substring!) })
            #expect(definition.contains(#"<w:b w:val="0"/>"#), "\(style) does not say not bold")
        }
    }

    /// Page numbers `— 1 —` from a PAGE field: odd pages right, even pages left (evenAndOddHeaders).
    @Test func footersNumberThePagesOddRightEvenLeft() throws {
        let odd = try #require(parts["word/footer1.xml"]), even = try #require(parts["word/footer2.xml"])
        for footer in [odd, even] {
            #expect(footer.contains(#"<w:instrText xml:space="preserve"> PAGE </w:instrText>"#))
            #expect(footer.contains(#"<w:t xml:space="preserve">— </w:t>"#) && footer.contains(#"<w:t xml:space="preserve"> —</w:t>"#))
        }
        #expect(odd.contains(#"<w:jc w:val="right"/>"#) && even.contains(#"<w:jc w:val="left"/>"#))
        #expect(parts["word/settings.xml"]!.contains("<w:evenAndOddHeaders/>"))
        let document = try #require(parts["word/document.xml"])
        #expect(document.contains(#"<w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>"#))
        // A4 and the standard's margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
        #expect(document.contains(#"<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588""#))
    }

    /// Paragraph, run, table, cell and section properties in the schema's order (Word refuses
    /// a file that breaks it; the old DOCX put `jc` before `ind`).
    @Test func propertiesFollowTheSchemaOrder() throws {
        var problems: [String] = []
        for part in ["word/document.xml", "word/styles.xml", "word/settings.xml", "word/fontTable.xml", "word/footer1.xml", "word/footer2.xml"] {
            let check = SchemaOrderCheck(part: part)
            let parser = XMLParser(data: Data(try #require(parts[part]).utf8))
            parser.delegate = check
            #expect(parser.parse())
            problems += check.problems
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    /// 版头: the deciding agency's name in red, then the notice number (not zero-padded) over
    /// the red separator line, then the title — the number is no longer under the title.
    @Test func theLetterheadCarriesTheRedAgencyNameAndTheNumber() throws {
        let document = try #require(parts["word/document.xml"])
        let styles = try #require(parts["word/styles.xml"])
        let paragraphs = document.matches(of: /<w:pStyle w:val="(\w+)"\/>.*?<w:t xml:space="preserve">([^<]*)<\/w:t>/).map { (String($0.output.1), String($0.output.2)) }
        #expect(paragraphs.prefix(4).map(\.0) == ["Issuer", "DocumentNumber", "Title", "Addressee"])
        #expect(paragraphs.prefix(3).map(\.1) == ["保定市市场监督管理局", "保市监信修告〔2026〕7号", "信用修复告知书"])
        #expect(styles.contains(#"<w:color w:val="FF0000"/>"#))
        #expect(styles.contains(#"<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" w:color="FF0000"/></w:pBdr>"#))
        #expect(!document.contains("0007号"))
        // 版记: 印发机关 and 印发日期 at the end.
        #expect(document.contains("2026年11月27日印发"))
    }

    /// The signature is centred over the date, the date four characters from the right, two
    /// empty lines above for the seal; no printed seal anywhere.
    @Test func theSignatureIsCentredOverTheDateWithRoomForTheSeal() throws {
        let document = try #require(parts["word/document.xml"])
        // 保定市市场监督管理局 is 10 characters wide, 2026年11月27日 7: the name stands (4 + (7 − 10) / 2) characters in.
        #expect(document.contains(#"<w:pStyle w:val="Signature"/><w:ind w:right="788"/></w:pPr><w:r><w:t xml:space="preserve">保定市市场监督管理局</w:t>"#))
        #expect(document.contains(#"<w:pStyle w:val="SignatureDate"/><w:keepNext/><w:ind w:right="1260"/></w:pPr><w:r><w:t xml:space="preserve">2026年11月27日</w:t>"#))
        #expect(parts["word/styles.xml"]!.contains(#"<w:keepNext/><w:keepLines/><w:spacing w:before="1158"/><w:jc w:val="right"/>"#))
        #expect(!document.contains("印章"))
    }

    /// A signature wider than the date moves the date left so that the signature still ends
    /// inside the type area, centred over it.
    @Test func aLongSignatureMovesTheDateLeft() throws {
        let document = OfficialDocument(issuer: "保定市高碑店市市场监督管理局", number: nil, title: "通知", body: [.paragraph("正文。")],
                                        signature: .init(agency: "保定市高碑店市市场监督管理局办公室", date: "2026年1月5日"),
                                        imprint: .init(copiesTo: ["保定市市场监督管理局"], printedBy: "保定市高碑店市市场监督管理局", printedOn: "2026年1月5日"))
        let xml = try #require(try docxParts(try document.docx())["word/document.xml"])
        // 17 characters over a date 6 wide: the signature flush right, the date (17 − 6) / 2 = 5.5 characters in.
        #expect(xml.contains(#"<w:pStyle w:val="Signature"/><w:ind w:right="0"/>"#))
        #expect(xml.contains(#"<w:pStyle w:val="SignatureDate"/><w:ind w:right="1733"/>"#))
        #expect(xml.contains("抄送：保定市市场监督管理局。"))
    }

    @Test func theSameDocumentGivesTheSameBytes() throws {
        #expect(try noticeForDocuments().officialDocument.docx() == (try noticeForDocuments().officialDocument.docx()))
    }
}

/// GB/T 9704-2012 in the HTML: the page an SMS points to, printable with page numbers.
@Suite struct OfficialHTMLTests {
    let html: String
    init() throws { html = String(decoding: try documentRenderer.render(noticeForDocuments(agency: "保定市雄县市场监督管理局", sequence: 38), as: .html).bytes, as: UTF8.self) }

    /// A phone shows the page at its own width, not a shrunken 980 px page.
    @Test func ithasAViewportForPhones() {
        #expect(html.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#))
        #expect(html.contains("@media screen and (max-width: 720px)"))
    }

    /// The addressee is flush left, never justified into spaced characters (雄 县 宇 康 …).
    @Test func theAddresseeIsNotJustified() throws {
        #expect(html.contains(#"<p class="addressee">雄县宇康快餐店（统一社会信用代码："#))
        let rule = try #require(html.firstMatch(of: /\n\s*([^\n{]*\.addressee[^\n{]*)\{([^}]*)\}/))
        #expect(rule.output.2.contains("text-align: left"))
        #expect(!html.contains("text-align-last") && !html.contains("distribute"))
    }

    /// 版头 in red with the number in it, the title in 小标宋 not bold, page numbers `— 1 —`
    /// in print (odd right, even left), the A4 type area, no printed seal, no zero padding.
    @Test func itIsLaidOutAfterGBT9704() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))  // template comments leave no line before it (no quirks mode)
        let issuer = html.range(of: #"<p class="issuer xbs">保定市雄县市场监督管理局</p>"#)
        let number = html.range(of: #"<p class="number" id="document-number" data-number="雄市监信修告〔2026〕38号">雄市监信修告〔2026〕38号</p>"#)
        let title = html.range(of: #"<h1 class="xbs">信用修复告知书</h1>"#)
        #expect(issuer != nil && number != nil && title != nil)
        if let issuer, let number, let title { #expect(issuer.upperBound < number.lowerBound && number.upperBound < title.lowerBound) }
        #expect(html.contains(".issuer { color: #ff0000;") && html.contains("border-top: 1.5pt solid #ff0000"))
        #expect(html.contains("font-weight: normal; letter-spacing: 0; }"))
        #expect(html.contains(#"@page :right { @bottom-right { content: "— " counter(page) " —";"#))
        #expect(html.contains(#"@page :left { @bottom-left { content: "— " counter(page) " —";"#))
        #expect(html.contains("@page { size: A4; margin: 37mm 26mm 35mm 28mm; }"))
        #expect(!html.contains("印章") && !html.contains("seal\""))
        #expect(!html.contains("0038号") && !html.contains("{{"))
        #expect(html.contains(#"<p class="printed"><span>保定市雄县市场监督管理局</span><span>2026年11月27日印发</span></p>"#))
    }

    /// 抄送 from `repair.yaml` in the 版记 (GB/T 9704-2012 7.4.2), never to the issuing agency itself.
    @Test func copiesFromTheRulesGoIntoTheImprint() throws {
        let text = try String(contentsOf: repoRules.appendingPathComponent("repair.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  copies_to: []", with: "  copies_to: [保定市市场监督管理局]")
        let copying = try RepairRulesLoader.load(text)
        func notice(_ agency: String) throws -> RepairNotice {
            try #require(copying.notice(for: penalty("2025-08-31", [.fine], fineYuan: 80_000, agency: agency),
                                        number: copying.noticeNumber(agency: agency, year: 2026, sequence: 1),
                                        subjectName: "甲", issuedOn: d("2026-11-27"), calendar: calendar))
        }
        let county = try notice("保定市雄县市场监督管理局")
        #expect(county.copiesTo == ["保定市市场监督管理局"])
        let html = String(decoding: try documentRenderer.render(county, as: .html).bytes, as: UTF8.self)
        #expect(html.contains(#"<p class="copies">抄送：保定市市场监督管理局。</p>"#))
        #expect(try docxParts(try county.officialDocument.docx())["word/document.xml"]?.contains("抄送：保定市市场监督管理局。") == true)
        let city = try notice("保定市市场监督管理局")
        let cityHTML = String(decoding: try documentRenderer.render(city, as: .html).bytes, as: UTF8.self)
        #expect(city.copiesTo == nil && !cityHTML.contains("抄送"))
    }

    /// The text form says the same, in the same order.
    @Test func theTextFormFollowsTheSameOrder() throws {
        let text = String(decoding: try documentRenderer.render(noticeForDocuments(), as: .txt).bytes, as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(3)) == ["保定市市场监督管理局", "保市监信修告〔2026〕7号", "信用修复告知书"])
        #expect(lines.contains { $0.hasSuffix("保定市市场监督管理局") && $0.hasPrefix("\u{3000}") })
        #expect(lines.last == "保定市市场监督管理局　2026年11月27日印发")
        #expect(!text.contains("\n\n\n"))
    }
}

/// The 企业信用报告 as a document: names beside codes, 长期, amounts in 万元, real tables.
@Suite struct CreditReportDocumentTests {
    let names = try! CodeNamesLoader.load(String(contentsOf: repoRules.appendingPathComponent("code-names.yaml"), encoding: .utf8))

    func report(region: String = "130638", issue: CreditReport.Issue? = nil) -> CreditReport {
        var withNames = rules
        withNames.codeNames = names
        let enterprise = Enterprise(uscc: code, name: "雄县宇康快餐店", kind: "个体工商户", industry: IndustryCode("F5137"), region: region)
        let licence = EnforcementRecord(documentNumber: "雄审批许字〔2024〕12号", subjectName: "雄县宇康快餐店", subjectKind: .individualBusiness, uscc: code,
                                        decisionDate: d("2024-03-01"), agency: "保定市雄县行政审批局",
                                        details: .licensing(.init(certificateName: "食品经营许可证", validTo: d("2099-12-31"))))
        let fined = penalty("2026-06-01", [.fine], fineYuan: 100_000, number: "雄市监处罚〔2026〕3号", agency: "保定市雄县市场监督管理局", published: "2026-06-05")
        return withNames.creditReport(enterprise, records: [licence, fined], repairs: [:], today: d("2026-11-27"), issue: issue)
    }

    /// Issue 19: a listing in force on the report's day is shown with its date, reason and
    /// agency; one moved out before is not; without listings the register's flag stands in.
    @Test func listingsInForceAreShownWithTheirDates() throws {
        let enterprise = Enterprise(uscc: code, name: "雄县宇康快餐店", kind: "个体工商户", industry: IndustryCode("F5137"), region: "130638",
                                    onSeriousList: true)
        let listed = Listing(kind: .abnormal, uscc: code, subjectName: "雄县宇康快餐店", documentNumber: "雄市监异〔2026〕4号", listedOn: d("2026-07-01"),
                             reason: .abnormal(.annualReport), agency: "保定市雄县市场监督管理局")
        let removed = Listing(kind: .abnormal, uscc: code, subjectName: "雄县宇康快餐店", documentNumber: "雄市监异〔2024〕9号", listedOn: d("2024-07-01"),
                              reason: .abnormal(.unreachable), agency: "保定市雄县市场监督管理局", removedOn: d("2024-12-01"))
        let report = rules.creditReport(enterprise, records: [], repairs: [:], today: d("2026-11-27"), audience: .public,
                                        standing: RegisterStanding(listings: [listed, removed]))
        #expect(report.basics.contains(.init(label: "经营异常名录", value: "列入（2026年7月1日，未按时公示年报，保定市雄县市场监督管理局）")))
        #expect(report.basics.contains(.init(label: "严重违法失信名单", value: "列入")), "no serious listing: the register's flag")
        let before = rules.creditReport(enterprise, records: [], repairs: [:], today: d("2026-06-30"), standing: RegisterStanding(listings: [listed, removed]))
        #expect(before.basics.contains(.init(label: "经营异常名录", value: "未列入")))
    }

    @Test func codesAreShownWithTheirNamesAndValuesAsOfficialsWriteThem() throws {
        let report = report()
        #expect(report.basics.contains(.init(label: "所属行业", value: "批发和零售业（F5137）")))
        #expect(report.basics.contains(.init(label: "行政区划", value: "雄县（130638）")))
        let licence = try #require(report.sections.first { $0.category == "licensing" }?.items.first)
        #expect(licence.summary.contains("有效期：长期") && !licence.summary.contains("2099"))
        let fine = try #require(report.sections.first { $0.category == "penalty" }?.items.first)
        #expect(fine.summary.contains("罚款10万元") && !fine.summary.contains("100000.00"))
        // A code the table does not list is shown as it is.
        #expect(self.report(region: "139999").basics.contains(.init(label: "行政区划", value: "139999")))
    }

    /// One table for the register data and one per category with entries, each with a header
    /// row repeated on every page and one row per record — not one run-on line per record.
    @Test func theDOCXReportHasRealTables() throws {
        let issue = CreditReport.Issue(number: "保市监信报〔2026〕5号", issuedAt: "2026年11月27日 10:00", verificationCode: "ABCD2345",
                                       verificationURL: "http://127.0.0.1:8080/public/reports")
        let report = report(issue: issue)
        let parts = try docxParts(try report.officialDocument.docx())
        let document = try #require(parts["word/document.xml"])
        let filled = report.sections.filter { !$0.items.isEmpty }.count
        // Register data, each filled category, the 版记.
        #expect(document.matches(of: /<w:tbl>/).count == 1 + filled + 1)
        #expect(document.matches(of: /<w:tblHeader\/>/).count == filled)
        #expect(document.contains(#"<w:t xml:space="preserve">决定日期</w:t>"#) && document.contains(#"<w:t xml:space="preserve">雄审批许字〔2024〕12号</w:t>"#))
        #expect(!document.contains("　雄审批许字"))
        // The number in the 版头 and at the top of every page.
        #expect(document.contains(#"<w:pStyle w:val="DocumentNumber"/></w:pPr><w:r><w:t xml:space="preserve">保市监信报〔2026〕5号</w:t>"#))
        #expect(parts["word/header1.xml"]?.contains("报告编号：保市监信报〔2026〕5号") == true)
        #expect(parts["word/header2.xml"]?.contains("报告编号：保市监信报〔2026〕5号") == true)
    }

    /// The HTML report sizes each column by what it holds (the old one fixed every column at 24 %),
    /// and prints its number at the top of every page.
    @Test func theHTMLReportSizesItsColumns() throws {
        let issue = CreditReport.Issue(number: "保市监信报〔2026〕5号", issuedAt: "2026年11月27日 10:00", verificationCode: "ABCD2345",
                                       verificationURL: "http://127.0.0.1:8080/public/reports")
        let html = String(decoding: try documentRenderer.render(report(issue: issue), as: .html).bytes, as: UTF8.self)
        #expect(!html.contains("th { background: #f2f2f2; width: 24%; }"))
        #expect(html.contains(#"<colgroup><col style="width: 19%"><col style="width: 24%"><col style="width: 21%"><col style="width: 36%"></colgroup>"#))
        #expect(html.contains(#"<th scope="row">所属行业</th><td>批发和零售业（F5137）</td>"#))
        #expect(html.contains(#"@page { @top-right { content: "企业信用报告　报告编号：保市监信报〔2026〕5号";"#))
        #expect(html.contains("核验码：ABCD2345") && html.contains(#"<meta name="viewport""#))
    }
}

/// `Rules/code-names.yaml`: every region code of the sample city has its name.
@Suite struct CodeNamesTests {
    @Test func everyRegionOfTheSampleDataHasAName() throws {
        let names = try CodeNamesLoader.load(String(contentsOf: repoRules.appendingPathComponent("code-names.yaml"), encoding: .utf8))
        #expect(names.regions.count == 25 && names.industrySections.count == 20)
        let enterprises = try String(contentsOf: repoRules.deletingLastPathComponent().appendingPathComponent("SampleData/enterprises.csv"), encoding: .utf8)
        let regions = Set(enterprises.split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[4]) })
        #expect(regions.count == 24)
        #expect(regions.filter { names.regions[$0] == nil }.isEmpty)
        #expect(names.region("130682") == "定州市（130682）" && names.region("130637") == "博野县（130637）")
        #expect(names.section("F") == "F 批发和零售业" && names.section("F51") == "F51 批发和零售业")
        #expect(names.section("Z") == "Z" && names.section("") == "")
    }

    @Test func aBadCodeNamesItsLineAndColumn() throws {
        let error = try #require(throws: RuleFileError.self) { try CodeNamesLoader.load("regions:\n  \"130602\": 竞秀区\n  13060: 莲池区\n") }
        #expect(error.line == 3 && error.column > 1 && error.reason.contains("13060"))
        let section = try #require(throws: RuleFileError.self) { try CodeNamesLoader.load("industry_sections:\n  Z: 别的\n") }
        #expect(section.line == 2 && section.reason.contains("A–T"))
    }
}

/// JSON keys are snake_case; notices stored before (`dateText`, `issuedOn`) still read, equal.
@Test func storedNoticesReadUnderBothKeySpellings() throws {
    let notice = noticeForDocuments()
    let json = String(decoding: try JSONEncoder().encode(notice), as: UTF8.self)
    #expect(json.contains("\"date_text\"") && json.contains("\"issued_on\"") && !json.contains("dateText"))
    let legacy = json.replacingOccurrences(of: "\"date_text\":", with: "\"dateText\":").replacingOccurrences(of: "\"issued_on\":", with: "\"issuedOn\":")
    #expect(try RepairNotice.decode(stored: legacy) == notice)
    #expect(try RepairNotice.decode(stored: json) == notice)
}
