import Foundation

/// The formats a document prints in: HTML and text through `Rules/templates`, DOCX, JSON, and
/// PDF — converted from HTML or DOCX by an adapter (`CreditPrint`), never in this pure module.
public enum DocumentFormat: String, Sendable, CaseIterable {
    case html, docx, txt, json, pdf
}

/// PDF asked of the pure renderer: the adapters convert HTML or DOCX with an installed engine.
public struct PDFNeedsConverter: Error, Sendable, CustomStringConvertible {
    public var description: String { "PDF is converted from HTML or DOCX by the command line or the server (CreditPrint)" }
}

/// A document officers print or download — 信用修复告知书, 信用报告 — in every format it has.
public protocol PrintableDocument: Encodable {
    /// Template file per text format (`notice.html.mustache`, …); formats not listed besides
    /// DOCX and JSON are not offered.
    static var templates: [DocumentFormat: String] { get }
    /// The document laid out after GB/T 9704: the source of the DOCX and the templates' context.
    var officialDocument: OfficialDocument { get }
    /// File name without extension.
    var fileStem: String { get }
}

/// A document in one format, ready to write or send.
public struct RenderedDocument: Sendable {
    public var bytes: Data
    /// The media type with charset where it applies.
    public var mediaType: String
    public var fileName: String

    public init(bytes: Data, mediaType: String, fileName: String) {
        self.bytes = bytes; self.mediaType = mediaType; self.fileName = fileName
    }
}

/// A format the document does not come in (or no format at all).
public struct UnsupportedFormat: Error, Sendable, CustomStringConvertible {
    /// The name asked for.
    public var requested: String
    public var available: [DocumentFormat]
    public var description: String {
        "format '\(requested)' is not one of \(available.map(\.rawValue).joined(separator: ", "))"
    }
}

extension PrintableDocument {
    /// The formats this document comes in (PDF from its HTML or DOCX).
    public static var formats: [DocumentFormat] {
        DocumentFormat.allCases.filter { $0 == .docx || $0 == .json || $0 == .pdf || templates[$0] != nil }
    }

    /// The format a name asks for, if this document comes in it: the one check the CLI and
    /// the server make before rendering.
    public static func format(named name: String) throws(UnsupportedFormat) -> DocumentFormat {
        guard let format = DocumentFormat(rawValue: name), formats.contains(format) else {
            throw UnsupportedFormat(requested: name, available: formats)
        }
        return format
    }
}

extension DocumentRenderer {
    /// Renders a document in a format: the one place every format is produced, for the CLI and
    /// the server alike.
    public func render<D: PrintableDocument>(_ document: D, as format: DocumentFormat) throws -> RenderedDocument {
        let name = "\(document.fileStem).\(format.rawValue)"
        switch format {
        case .docx:
            return RenderedDocument(bytes: try document.officialDocument.docx(),
                                    mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", fileName: name)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return RenderedDocument(bytes: try encoder.encode(document), mediaType: "application/json; charset=utf-8", fileName: name)
        case .pdf:
            throw PDFNeedsConverter()
        case .html, .txt:
            guard let template = D.templates[format] else { throw UnsupportedFormat(requested: format.rawValue, available: D.formats) }
            return RenderedDocument(bytes: Data(try renderPage(template, document.officialDocument.page)),
                                    mediaType: format == .html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8", fileName: name)
        }
    }
}

extension RepairNotice: PrintableDocument {
    public static let templates: [DocumentFormat: String] = [.html: "notice.html.mustache", .txt: "notice.txt.mustache"]
    public var fileStem: String { number }
}

extension CreditReport: PrintableDocument {
    public static let templates: [DocumentFormat: String] = [.html: "report.html.mustache"]
    public var fileStem: String { "信用报告-\(uscc)" }
}
