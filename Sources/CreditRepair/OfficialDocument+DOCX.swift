import Foundation
import ZIPFoundation

/// The DOCX form of an `OfficialDocument`: a complete WordprocessingML package written by hand
/// (no Swift package in the mirrors writes OOXML; ZIPFoundation does the ZIP) — styles, settings,
/// font table, odd and even footers with a PAGE field, core and app properties — with fixed
/// timestamps so the same document always gives the same bytes (issued reports are registered
/// by their SHA-256). Elements follow the schema's order (ECMA-376 part 1, §17).
extension OfficialDocument {
    /// Twips (1/20 pt) of the A4 page and the GB/T 9704 margins: top 37 mm, bottom 35 mm,
    /// left (订口) 28 mm, right 26 mm, which leave the 156 × 225 mm type area.
    enum Twips {
        static let pageWidth = 11906, pageHeight = 16838
        static let top = 2098, bottom = 1984, left = 1588, right = 1474
        static let typeWidth = pageWidth - left - right
        /// 22 lines in 225 mm: 28.95 pt.
        static let line = 579
        /// One body character (3号, 16 pt, condensed by ¼ pt so 28 fit a line).
        static let character = 315
        /// The page number's top stands 7 mm under the type area: the footer's bottom edge ~22 mm
        /// above the paper's.
        static let footer = 1315
        static let header = 1134
    }

    static let red = "FF0000"

    /// The declared fonts and what to use where they are missing (the font table's `altName`):
    /// Word on a Chinese system finds 仿宋 for 仿宋_GB2312, and the document's `zh-CN` language
    /// makes LibreOffice fall back to a Simplified Chinese face (Noto CJK SC) instead of a Japanese one.
    static let fonts: [(name: String, alternative: String, family: String)] = [
        ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "roman"),
        ("仿宋_GB2312", "仿宋", "modern"),
        ("仿宋", "FangSong", "modern"),
        ("黑体", "SimHei", "modern"),
        ("楷体_GB2312", "楷体", "modern"),
        ("楷体", "KaiTi", "modern"),
        ("宋体", "SimSun", "auto"),
    ]

    /// The DOCX package.
    public func docx() throws -> Data {
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", Self.packageRelationships),
            ("docProps/core.xml", coreProperties),
            ("docProps/app.xml", Self.appProperties),
            ("word/_rels/document.xml.rels", documentRelationships),
            ("word/document.xml", documentXML),
            ("word/styles.xml", Self.styles),
            ("word/settings.xml", Self.settings),
            ("word/fontTable.xml", Self.fontTable),
            ("word/footer1.xml", Self.footer(odd: true)),
            ("word/footer2.xml", Self.footer(odd: false)),
        ]
        if let runningHead {
            parts += [("word/header1.xml", Self.header(runningHead)), ("word/header2.xml", Self.header(runningHead))]
        }
        let archive = try Archive(data: Data(), accessMode: .create)
        // A fixed timestamp keeps documents byte-for-byte reproducible.
        let fixed = Date(timeIntervalSince1970: 1_577_836_800)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixed,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw TemplateError(file: "docx", reason: "the in-memory archive has no data") }
        return data
    }

    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    var contentTypes: String {
        let main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
        var overrides = [
            ("/word/document.xml", "\(main).document.main+xml"), ("/word/styles.xml", "\(main).styles+xml"),
            ("/word/settings.xml", "\(main).settings+xml"), ("/word/fontTable.xml", "\(main).fontTable+xml"),
            ("/word/footer1.xml", "\(main).footer+xml"), ("/word/footer2.xml", "\(main).footer+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ]
        if runningHead != nil { overrides += [("/word/header1.xml", "\(main).header+xml"), ("/word/header2.xml", "\(main).header+xml")] }
        return Self.declaration + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + overrides.map { #"<Override PartName="\#($0.0)" ContentType="\#($0.1)"/>"# }.joined() + "</Types>"
    }

    static let packageRelationships = declaration
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#
        + #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#
        + #"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#
        + "</Relationships>"

    var documentRelationships: String {
        let type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var relationships = [("rId1", "styles", "styles.xml"), ("rId2", "settings", "settings.xml"), ("rId3", "fontTable", "fontTable.xml"),
                             ("rId4", "footer", "footer1.xml"), ("rId5", "footer", "footer2.xml")]
        if runningHead != nil { relationships += [("rId6", "header", "header1.xml"), ("rId7", "header", "header2.xml")] }
        return Self.declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + relationships.map { #"<Relationship Id="\#($0.0)" Type="\#(type)/\#($0.1)" Target="\#($0.2)"/>"# }.joined()
            + "</Relationships>"
    }

    /// Title, subject (the number), author (the agency), language; no dates, so the bytes depend
    /// on the content alone.
    var coreProperties: String {
        Self.declaration + #"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#
            + #"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#
            + #"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
            + "<dc:title>\(escapedMarkup(title))</dc:title>"
            + (number.map { "<dc:subject>\(escapedMarkup($0))</dc:subject>" } ?? "")
            + "<dc:creator>\(escapedMarkup(issuer))</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>"
    }

    static let appProperties = declaration
        + #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">"#
        + "<Application>CreditEngine</Application><DocSecurity>0</DocSecurity></Properties>"

    // MARK: Styles, settings, fonts

    /// Run properties naming one font for every script, with the document's languages.
    static func fontRun(_ font: String) -> String {
        #"<w:rFonts w:ascii="\#(font)" w:eastAsia="\#(font)" w:hAnsi="\#(font)" w:cs="\#(font)"/>"#
    }

    static let styles: String = {
        // pPr children in schema order: keepNext, keepLines, widowControl, pBdr, autoSpaceDE,
        // autoSpaceDN, snapToGrid, spacing, ind, jc, outlineLvl; rPr: rFonts, b, bCs, color, spacing,
        // kern, sz, szCs, lang. Tables, title and page furniture leave the 22-line grid.
        func paragraphStyle(_ id: String, _ name: String, basedOn: String? = "Normal", next: String? = nil, pPr: String, rPr: String) -> String {
            #"<w:style w:type="paragraph" w:customStyle="1" w:styleId="\#(id)"><w:name w:val="\#(name)"/>"#
                + (basedOn.map { #"<w:basedOn w:val="\#($0)"/>"# } ?? "") + (next.map { #"<w:next w:val="\#($0)"/>"# } ?? "")
                + #"<w:qFormat/><w:pPr>\#(pPr)</w:pPr><w:rPr>\#(rPr)</w:rPr></w:style>"#
        }
        let notBold = #"<w:b w:val="0"/><w:bCs w:val="0"/>"#
        let indent2 = #"<w:ind w:firstLine="\#(2 * Twips.character)"/>"#
        return declaration + #"<w:styles xmlns:w="\#(w)">"#
            + "<w:docDefaults><w:rPrDefault><w:rPr>" + fontRun("仿宋_GB2312")
            + #"<w:spacing w:val="-5"/><w:kern w:val="0"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>"#
            + "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
            + #"<w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:spacing w:line="\#(Twips.line)" w:lineRule="exact"/><w:jc w:val="both"/>"#
            + "</w:pPr></w:pPrDefault></w:docDefaults>"
            + #"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#
            + paragraphStyle("Issuer", "发文机关标志", next: "DocumentNumber",
                             pPr: #"<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="1984" w:line="\#(Twips.line * 2)" w:lineRule="exact"/><w:jc w:val="center"/>"#,
                             rPr: fontRun("方正小标宋简体") + notBold + #"<w:color w:val="\#(red)"/><w:spacing w:val="0"/>"#)
            + paragraphStyle("DocumentNumber", "发文字号", next: "Title",
                             pPr: #"<w:keepNext/><w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" w:color="\#(red)"/></w:pBdr>"#
                                + #"<w:spacing w:before="\#(Twips.line * 2)"/><w:jc w:val="center"/>"#, rPr: "")
            + paragraphStyle("Title", "公文标题", next: "Addressee",
                             pPr: #"<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="\#(Twips.line * 2)" w:after="\#(Twips.line)" w:line="700" w:lineRule="exact"/><w:jc w:val="center"/>"#,
                             rPr: fontRun("方正小标宋简体") + notBold + #"<w:spacing w:val="0"/><w:sz w:val="44"/><w:szCs w:val="44"/>"#)
            // Flush left, never justified: a long code must not spread the name's characters apart.
            + paragraphStyle("Addressee", "主送机关", next: "BodyText", pPr: #"<w:jc w:val="left"/>"#, rPr: "")
            + paragraphStyle("BodyText", "公文正文", pPr: indent2, rPr: "")
            + paragraphStyle("Heading1", "一级标题", next: "BodyText", pPr: #"<w:keepNext/>\#(indent2)<w:outlineLvl w:val="0"/>"#,
                             rPr: fontRun("黑体") + notBold)
            + paragraphStyle("Heading2", "二级标题", next: "BodyText", pPr: #"<w:keepNext/>\#(indent2)<w:outlineLvl w:val="1"/>"#,
                             rPr: fontRun("楷体_GB2312") + notBold)
            + paragraphStyle("Heading3", "三级标题", next: "BodyText", pPr: #"<w:keepNext/>\#(indent2)<w:outlineLvl w:val="2"/>"#, rPr: notBold)
            + paragraphStyle("Signature", "发文机关署名", next: "SignatureDate",
                             pPr: #"<w:keepNext/><w:keepLines/><w:spacing w:before="\#(Twips.line * 2)"/><w:jc w:val="right"/>"#, rPr: "")
            + paragraphStyle("SignatureDate", "成文日期", pPr: #"<w:keepLines/><w:jc w:val="right"/>"#, rPr: "")
            + paragraphStyle("Annotation", "附注", pPr: indent2 + #"<w:jc w:val="left"/>"#, rPr: "")
            + paragraphStyle("TableText", "表格文字", pPr: #"<w:snapToGrid w:val="0"/><w:spacing w:line="340" w:lineRule="exact"/><w:jc w:val="left"/>"#,
                             rPr: #"<w:spacing w:val="0"/><w:sz w:val="24"/><w:szCs w:val="24"/>"#)
            + paragraphStyle("TableHeading", "表头", basedOn: "TableText", pPr: #"<w:keepNext/><w:jc w:val="center"/>"#,
                             rPr: fontRun("黑体") + notBold)
            + paragraphStyle("Imprint", "版记", pPr: #"<w:spacing w:line="\#(Twips.line)" w:lineRule="exact"/><w:ind w:left="280" w:right="280"/><w:jc w:val="left"/>"#,
                             rPr: #"<w:spacing w:val="0"/><w:sz w:val="28"/><w:szCs w:val="28"/>"#)
            + paragraphStyle("RunningHead", "页眉", pPr: #"<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="right"/>"#,
                             rPr: #"<w:spacing w:val="0"/><w:sz w:val="21"/><w:szCs w:val="21"/>"#)
            + paragraphStyle("PageNumber", "页码", pPr: #"<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>"#,
                             rPr: fontRun("宋体") + #"<w:spacing w:val="0"/><w:sz w:val="28"/><w:szCs w:val="28"/>"#)
            + #"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>"#
            + #"<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#
            + "</w:styles>"
    }()

    static let settings = declaration + #"<w:settings xmlns:w="\#(w)">"#
        + #"<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>"#
        + #"<w:characterSpacingControl w:val="doNotCompress"/>"#
        + #"<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>"#
        + #"<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>"#

    static let fontTable = declaration + #"<w:fonts xmlns:w="\#(w)">"#
        + fonts.map { #"<w:font w:name="\#($0.name)"><w:altName w:val="\#($0.alternative)"/><w:charset w:val="86"/><w:family w:val="\#($0.family)"/><w:pitch w:val="variable"/></w:font>"# }.joined()
        + "</w:fonts>"

    /// `— 1 —` in 4号 宋体, one character in from the right on odd pages and from the left on even ones.
    static func footer(odd: Bool) -> String {
        let run = { (text: String) in #"<w:r><w:t xml:space="preserve">\#(text)</w:t></w:r>"# }
        return declaration + #"<w:ftr xmlns:w="\#(w)"><w:p><w:pPr><w:pStyle w:val="PageNumber"/>"#
            + (odd ? #"<w:ind w:right="280"/><w:jc w:val="right"/>"# : #"<w:ind w:left="280"/><w:jc w:val="left"/>"#) + "</w:pPr>"
            + run("— ") + #"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>"#
            + #"<w:r><w:fldChar w:fldCharType="separate"/></w:r>"# + run("1") + #"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#
            + run(" —") + "</w:p></w:ftr>"
    }

    static func header(_ text: String) -> String {
        declaration + #"<w:hdr xmlns:w="\#(w)"><w:p><w:pPr><w:pStyle w:val="RunningHead"/></w:pPr>"#
            + #"<w:r><w:t xml:space="preserve">\#(escapedMarkup(text))</w:t></w:r></w:p></w:hdr>"#
    }

    // MARK: The document part

    static func paragraph(_ style: String, _ text: String, pPr extra: String = "") -> String {
        #"<w:p><w:pPr><w:pStyle w:val="\#(style)"/>\#(extra)</w:pPr><w:r><w:t xml:space="preserve">\#(escapedMarkup(text))</w:t></w:r></w:p>"#
    }

    var documentXML: String {
        var body = ""
        // 版头: the agency's name in red, sized to the type area, and the number over the red line.
        // The line is as tall as the face's ascent and descent (1.3 em), so the name's top stands
        // 35 mm under the type area's top whatever its size (the style's 35 mm less the ascent above the glyphs).
        let size = Int((issuerPoints * 2).rounded())
        let spacing = #"<w:spacing w:before="\#(1984 - size * 2)" w:line="\#(size * 13)" w:lineRule="exact"/>"#
        body += #"<w:p><w:pPr><w:pStyle w:val="Issuer"/>\#(spacing)</w:pPr><w:r><w:rPr><w:sz w:val="\#(size)"/><w:szCs w:val="\#(size)"/></w:rPr>"#
            + #"<w:t xml:space="preserve">\#(escapedMarkup(issuer))</w:t></w:r></w:p>"#
        // Without a number the red line runs under the agency's name.
        body += Self.paragraph("DocumentNumber", number ?? "", pPr: number == nil ? #"<w:spacing w:before="0"/>"# : "")
        body += Self.paragraph("Title", title)
        if let addressee { body += Self.paragraph("Addressee", addressee) }
        for (index, block) in self.body.enumerated() {
            switch block {
            case .paragraph(let text):
                // The last paragraph keeps with the signature: no signature alone on a page (§7.3.5.4).
                let last = index == self.body.count - 1 && signature != nil
                body += Self.paragraph("BodyText", text, pPr: last ? "<w:keepNext/>" : "")
            case .heading(let text, let level): body += Self.paragraph("Heading\(min(3, max(1, level)))", text)
            case .table(let table): body += Self.table(table)
            }
        }
        if let signature, let indents = signatureIndents {
            let twips = { (characters: Double) in Int((characters * Double(Twips.character)).rounded()) }
            body += Self.paragraph("Signature", signature.agency, pPr: #"<w:ind w:right="\#(twips(indents.agency))"/>"#)
            // The 附注 stays on the signature's page.
            body += Self.paragraph("SignatureDate", signature.date,
                                   pPr: (annotation == nil ? "" : "<w:keepNext/>") + #"<w:ind w:right="\#(twips(indents.date))"/>"#)
        }
        if let annotation { body += Self.paragraph("Annotation", "（\(annotation)）") }
        body += imprintTable
        let headers = runningHead == nil ? "" : #"<w:headerReference w:type="default" r:id="rId6"/><w:headerReference w:type="even" r:id="rId7"/>"#
        let section = "<w:sectPr>" + headers
            + #"<w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>"#
            + #"<w:pgSz w:w="\#(Twips.pageWidth)" w:h="\#(Twips.pageHeight)"/>"#
            + #"<w:pgMar w:top="\#(Twips.top)" w:right="\#(Twips.right)" w:bottom="\#(Twips.bottom)" w:left="\#(Twips.left)" w:header="\#(Twips.header)" w:footer="\#(Twips.footer)" w:gutter="0"/>"#
            + #"<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="\#(Twips.line)"/></w:sectPr>"#
        return Self.declaration + #"<w:document xmlns:w="\#(Self.w)" xmlns:r="\#(Self.r)"><w:body>"# + body + section + "</w:body></w:document>"
    }

    /// A table as wide as the type area with fixed column widths, a header row repeated on every
    /// page, and rows that do not split across pages.
    static func table(_ table: Table) -> String {
        let total = max(1, table.columns.map(\.percent).reduce(0, +))
        let widths = table.columns.map { $0.percent * Twips.typeWidth / total }
        let border = #"w:val="single" w:sz="4" w:space="0" w:color="000000""#
        var xml = #"<w:tbl><w:tblPr><w:tblW w:w="\#(Twips.typeWidth)" w:type="dxa"/><w:jc w:val="center"/>"#
            + "<w:tblBorders><w:top \(border)/><w:left \(border)/><w:bottom \(border)/><w:right \(border)/><w:insideH \(border)/><w:insideV \(border)/></w:tblBorders>"
            + #"<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>"#
            + #"<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>"#
            + "<w:tblGrid>" + widths.map { #"<w:gridCol w:w="\#($0)"/>"# }.joined() + "</w:tblGrid>"
        func row(_ cells: [String], style: String, header: Bool) -> String {
            "<w:tr><w:trPr><w:cantSplit/>" + (header ? "<w:tblHeader/>" : "") + "</w:trPr>"
                + zip(widths, cells + Array(repeating: "", count: max(0, widths.count - cells.count))).map { width, text in
                    #"<w:tc><w:tcPr><w:tcW w:w="\#(width)" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>"# + paragraph(style, text) + "</w:tc>"
                }.joined() + "</w:tr>"
        }
        if table.showsHeader { xml += row(table.columns.map(\.title), style: "TableHeading", header: true) }
        xml += table.rows.map { row($0, style: "TableText", header: false) }.joined()
        return xml + "</w:tbl>"
    }

    /// 版记 at the foot of the last page (§7.4.1): a table floating at the bottom of the type area,
    /// a thick rule above and below and a thin one between its lines, 印发机关 one character from
    /// the left and 印发日期 one from the right. Word and WPS float it to the bottom; LibreOffice
    /// sets it in the text flow, two lines under the 附注.
    var imprintTable: String {
        let thick = #"w:val="single" w:sz="8" w:space="0" w:color="000000""#
        let thin = #"w:val="single" w:sz="4" w:space="0" w:color="000000""#
        let none = #"w:val="nil""#
        let width = Twips.typeWidth, left = width * 3 / 5
        func cell(_ width: Int, span: Int = 1, _ paragraph: String) -> String {
            #"<w:tc><w:tcPr><w:tcW w:w="\#(width)" w:type="dxa"/>"# + (span > 1 ? #"<w:gridSpan w:val="\#(span)"/>"# : "")
                + "</w:tcPr>\(paragraph)</w:tc>"
        }
        var rows: [String] = []
        if !imprint.copiesTo.isEmpty {
            rows.append(cell(width, span: 2, Self.paragraph("Imprint", "抄送：\(imprint.copiesTo.joined(separator: "，"))。")))
        }
        rows.append(cell(left, Self.paragraph("Imprint", imprint.printedBy))
                    + cell(width - left, Self.paragraph("Imprint", "\(imprint.printedOn)印发", pPr: #"<w:jc w:val="right"/>"#)))
        return #"<w:p><w:pPr><w:spacing w:line="\#(Twips.line * 2)" w:lineRule="exact"/></w:pPr></w:p>"#
            + #"<w:tbl><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="284" w:vertAnchor="margin" w:horzAnchor="margin" w:tblpXSpec="center" w:tblpYSpec="bottom"/>"#
            + #"<w:tblOverlap w:val="never"/><w:tblW w:w="\#(width)" w:type="dxa"/>"#
            + "<w:tblBorders><w:top \(thick)/><w:left \(none)/><w:bottom \(thick)/><w:right \(none)/><w:insideH \(thin)/><w:insideV \(none)/></w:tblBorders>"
            + #"<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>"#
            + #"<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>"#
            + #"<w:tblGrid><w:gridCol w:w="\#(left)"/><w:gridCol w:w="\#(width - left)"/></w:tblGrid>"#
            + rows.map { "<w:tr><w:trPr><w:cantSplit/></w:trPr>\($0)</w:tr>" }.joined()
            + #"</w:tbl><w:p><w:pPr><w:spacing w:line="20" w:lineRule="exact"/></w:pPr></w:p>"#
    }
}
