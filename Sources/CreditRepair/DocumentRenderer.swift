import CreditCore
import Foundation
import Mustache
import ZIPFoundation

/// Text made safe inside HTML or XML (documents, pages, DOCX runs).
/// Characters XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE and U+FFFF)
/// become U+FFFD, so a stray control character in stored data can never make a DOCX or an
/// XHTML page unreadable (Word refuses the whole file).
public func escapedMarkup(_ s: String) -> String { xmlEscaped(s, replacingForbiddenWith: "\u{FFFD}") }

/// A template that failed to parse, with the position swift-mustache reports.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}

/// Renders documents from `Rules/templates/` (swift-mustache) and builds DOCX files
/// (Office Open XML in a ZIP, via ZIPFoundation) that open in Word, WPS and LibreOffice.
public struct DocumentRenderer: Sendable {
    let templates: [String: MustacheTemplate]

    /// - Parameter templates: file name → template text (e.g. `notice.html.mustache`).
    public init(templates: [String: String]) throws(TemplateError) {
        var parsed: [String: MustacheTemplate] = [:]
        for (name, text) in templates {
            do { parsed[name] = try MustacheTemplate(string: text) } catch {
                throw TemplateError(file: name, reason: "\(error)")
            }
        }
        self.templates = parsed
    }

    /// Renders `object` with a named template; a missing template is an error, not empty text.
    public func render(_ name: String, _ object: Any) throws(TemplateError) -> String {
        guard let template = templates[name] else { throw TemplateError(file: name, reason: "template not found in Rules/templates") }
        return template.render(object)
    }

    /// A minimal, valid DOCX: A4 page, 仿宋 body, 小标宋-style title, right-aligned signature.
    public static func docx(_ paragraphs: [(text: String, style: RepairNotice.ParagraphStyle)]) throws -> Data {
        let body = paragraphs.map { text, style -> String in
            let (align, size, bold, font, indent): (String, Int, Bool, String, Bool) = switch style {
            case .title: ("center", 44, true, "方正小标宋简体", false)
            case .number: ("center", 32, false, "仿宋", false)
            case .plain: ("left", 32, false, "仿宋", false)
            case .heading: ("left", 32, true, "黑体", true)
            case .body: ("both", 32, false, "仿宋", true)
            case .signature: ("right", 32, false, "仿宋", false)
            case .note: ("left", 24, false, "仿宋", false)
            }
            return """
            <w:p><w:pPr><w:jc w:val="\(align)"/>\(indent ? "<w:ind w:firstLine=\"640\"/>" : "")<w:spacing w:line="560" w:lineRule="exact"/></w:pPr>\
            <w:r><w:rPr><w:rFonts w:ascii="\(font)" w:eastAsia="\(font)" w:hAnsi="\(font)"/>\(bold ? "<w:b/>" : "")<w:sz w:val="\(size)"/></w:rPr>\
            <w:t xml:space="preserve">\(escapedMarkup(text))</w:t></w:r></w:p>
            """
        }.joined()
        let document = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)\
        <w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>\
        </w:body></w:document>
        """
        let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        </Types>
        """
        let rels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        </Relationships>
        """
        let archive = try Archive(data: Data(), accessMode: .create)
        // A fixed timestamp keeps documents byte-for-byte reproducible.
        let fixed = Date(timeIntervalSince1970: 1_577_836_800)
        for (path, text) in [("[Content_Types].xml", contentTypes), ("_rels/.rels", rels), ("word/document.xml", document)] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixed,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw TemplateError(file: "docx", reason: "the in-memory archive has no data") }
        return data
    }
}
