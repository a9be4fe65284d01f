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

/// Renders documents from `Rules/templates/` (swift-mustache); DOCX comes from
/// `OfficialDocument.docx()`. Templates may include one another as partials by file name with or
/// without `.mustache` (`{{> gbt9704.css}}`).
public struct DocumentRenderer: Sendable {
    let library: MustacheLibrary
    /// Compiled page shapes (see `PageShapeCache`), shared by the renderer's copies.
    let shapes = PageShapeCache()

    /// - Parameter templates: file name → template text (e.g. `notice.html.mustache`).
    public init(templates: [String: String]) throws(TemplateError) {
        var library = MustacheLibrary()
        for (name, text) in templates {
            do {
                let template = try MustacheTemplate(string: text)
                library.register(template, named: name)
                if name.hasSuffix(".mustache") { library.register(template, named: String(name.dropLast(".mustache".count))) }
            } catch {
                throw TemplateError(file: name, reason: "\(error)")
            }
        }
        self.library = library
    }

    /// Renders `object` with a named template; a missing template is an error, not empty text.
    public func render(_ name: String, _ object: Any) throws(TemplateError) -> String {
        guard let template = library.getTemplate(named: name) else { throw TemplateError(file: name, reason: "template not found in Rules/templates") }
        return template.render(object, library: library)
    }

    /// Renders a document page with a named template, as `render(_:_:)` would, from the page's
    /// compiled shape where one is known.
    func renderPage(_ name: String, _ page: DocumentPage) throws(TemplateError) -> [UInt8] {
        guard let template = library.getTemplate(named: name) else { throw TemplateError(file: name, reason: "template not found in Rules/templates") }
        return shapes.render(page, template: template, name: name, library: library)
    }
}
