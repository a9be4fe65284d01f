import Foundation
import Mustache

// Why this exists: swift-mustache resolves every name by dynamic casts up the context stack and
// escapes text one Character at a time through a dictionary; for a batch of 100,000 notices that
// was 57 % of the CPU (a notice's page has ~60 names and ~5 KB of fixed CSS). The package has no
// compiled or typed rendering, so the templates stay swift-mustache's and this only memoizes
// them: a page's *shape* (which optional parts are present, how many blocks, rows and cells,
// every Bool) fixes the template's control flow, so swift-mustache renders each shape once with
// a marker in place of every text, the output is cut at the markers, and every later page of
// that shape is the fixed pieces with its own texts put in, escaped the way swift-mustache would
// have escaped them at that place. A shape is used only after its first page came out byte for
// byte as swift-mustache renders it; anything the markers cannot see through (a transform that
// rewrites a text, a lambda) makes the shape render through swift-mustache every time.

/// One piece of a compiled shape: fixed output, or text number `index` of the page.
enum PagePiece: Sendable, Equatable {
    case literal([UInt8])
    case text(Int, escaped: Bool)
}

/// A page's shape and its texts in one fixed order (the order `DocumentPage.mappingTexts` visits).
struct PageTexts {
    var shape: [UInt8] = []
    var texts: [String] = []
}

extension DocumentPage {
    /// The same page with every text passed through `transform`, in a fixed order, recording the
    /// shape (what decides the template's sections) on the way.
    func mappingTexts(_ shape: inout [UInt8], _ transform: (String) -> String) -> DocumentPage {
        func text(_ s: String) -> String { shape.append(s.isEmpty ? 2 : 1); return transform(s) }
        func optional(_ s: String?) -> String? {
            guard let s else { shape.append(0); return nil }
            return text(s)
        }
        func count(_ n: Int) { shape.append(0xFF); shape.append(contentsOf: withUnsafeBytes(of: UInt32(n).littleEndian, Array.init)) }
        count(blocks.count)
        let mappedBlocks = blocks.map { block -> BlockView in
            var mapped = BlockView(heading1: optional(block.heading1), heading2: optional(block.heading2),
                                   heading3: optional(block.heading3), paragraph: optional(block.paragraph), table: nil)
            if let table = block.table {
                shape.append(table.showsHeader ? 4 : 3)
                count(table.columns.count)
                let columns = table.columns.map { ColumnView(title: text($0.title), width: text($0.width)) }
                count(table.rows.count)
                let rows = table.rows.map { row -> RowView in
                    let label = optional(row.label)
                    count(row.cells.count)
                    return RowView(label: label, cells: row.cells.map(text))
                }
                mapped.table = TableView(columns: columns, showsHeader: table.showsHeader, rows: rows)
            } else {
                shape.append(0)
            }
            return mapped
        }
        let mappedSignature = signature.map { s in
            shape.append(5)
            return SignatureView(agency: text(s.agency), date: text(s.date), agencyIndent: text(s.agencyIndent),
                                 dateIndent: text(s.dateIndent), agencyLine: text(s.agencyLine), dateLine: text(s.dateLine))
        }
        if signature == nil { shape.append(0) }
        return DocumentPage(
            issuer: text(issuer), issuerSize: text(issuerSize), issuerNarrowSize: text(issuerNarrowSize),
            number: optional(number), title: text(title), addressee: optional(addressee), blocks: mappedBlocks,
            signature: mappedSignature, annotation: optional(annotation),
            imprint: ImprintView(copiesTo: optional(imprint.copiesTo), printedBy: text(imprint.printedBy), printedOn: text(imprint.printedOn)),
            runningHead: optional(runningHead), runningHeadCSS: optional(runningHeadCSS))
    }

    /// The page's shape and texts.
    var texts: PageTexts {
        var result = PageTexts()
        var texts: [String] = []
        _ = mappingTexts(&result.shape) { texts.append($0); return $0 }
        result.texts = texts
        return result
    }
}

/// Compiled shapes per template, shared by every copy of a `DocumentRenderer` (pages render on
/// all cores, so it is locked; it holds at most `limit` shapes, then new shapes render directly).
final class PageShapeCache: @unchecked Sendable {
    enum Entry { case compiled([PagePiece]), direct }
    private struct Key: Hashable { let template: String; let shape: [UInt8] }
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    let limit: Int

    init(limit: Int = 4096) { self.limit = limit }

    /// How many shapes render from their pieces (tests and diagnostics).
    var compiledCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.values.filter { if case .compiled = $0 { true } else { false } }.count
    }

    /// Renders `page` with `template`: from its shape's pieces when they are known and proven,
    /// otherwise through swift-mustache (compiling the shape on the way).
    func render(_ page: DocumentPage, template: MustacheTemplate, name: String, library: MustacheLibrary) -> [UInt8] {
        let texts = page.texts
        let key = Key(template: name, shape: texts.shape)
        lock.lock()
        let known = entries[key]
        let full = entries.count >= limit
        lock.unlock()
        switch known {
        case .compiled(let pieces): return Self.fill(pieces, with: texts.texts)
        case .direct: return Array(template.render(page, library: library).utf8)
        case nil:
            let direct = Array(template.render(page, library: library).utf8)
            if full { return direct }
            var entry = Entry.direct
            if let pieces = Self.compile(page, template: template, library: library, textCount: texts.texts.count),
               Self.fill(pieces, with: texts.texts) == direct {
                entry = .compiled(pieces)
            }
            lock.lock()
            entries[key] = entry
            lock.unlock()
            return direct
        }
    }

    /// Marker of text `i`: private-use delimiters around its number, a letter (a transform that
    /// changes case breaks the marker) and `<` (escaped where swift-mustache escapes).
    static func marker(_ i: Int) -> String { "\u{F8F0}\(i)a<\u{F8F1}" }

    /// The shape's pieces, or nil when the output cannot be cut cleanly at the markers.
    static func compile(_ page: DocumentPage, template: MustacheTemplate, library: MustacheLibrary, textCount: Int) -> [PagePiece]? {
        var shape: [UInt8] = []
        var i = 0
        let marked = page.mappingTexts(&shape) { _ in defer { i += 1 }; return marker(i) }
        let output = Array(template.render(marked, library: library).utf8)
        let open = Array("\u{F8F0}".utf8), close = Array("\u{F8F1}".utf8)
        var pieces: [PagePiece] = []
        var literal: [UInt8] = []
        var at = 0
        func starts(_ bytes: [UInt8], _ index: Int) -> Bool {
            index + bytes.count <= output.count && output[index ..< index + bytes.count].elementsEqual(bytes)
        }
        while at < output.count {
            if starts(close, at) { return nil }
            guard starts(open, at) else { literal.append(output[at]); at += 1; continue }
            var end = at + open.count
            while end < output.count, !starts(close, end) { end += 1 }
            guard end < output.count else { return nil }
            let inner = String(decoding: output[(at + open.count) ..< end], as: UTF8.self)
            let escaped: Bool
            let digits: Substring
            if inner.hasSuffix("a&lt;") { escaped = true; digits = inner.dropLast(5) } else if inner.hasSuffix("a<") { escaped = false; digits = inner.dropLast(2) } else { return nil }
            guard let index = Int(digits), index >= 0, index < textCount, String(index) == digits else { return nil }
            if !literal.isEmpty { pieces.append(.literal(literal)); literal = [] }
            pieces.append(.text(index, escaped: escaped))
            at = end + close.count
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }

    static func fill(_ pieces: [PagePiece], with texts: [String]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8192)
        for piece in pieces {
            switch piece {
            case .literal(let bytes): out.append(contentsOf: bytes)
            case .text(let index, let escaped):
                if escaped { appendEscaped(texts[index], to: &out) } else { out.append(contentsOf: texts[index].utf8) }
            }
        }
        return out
    }

    /// swift-mustache's HTML escaping (`&`, `<`, `>`, `"`, `'` replaced where each is a whole
    /// Character, as its `htmlEscape` compares Characters): texts without those bytes are copied.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        // Scanned as a buffer: through the UTF8View's iterator this scan was 2.5 % of a batch.
        let needs = text.withUTF8 { bytes in
            bytes.contains { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }
        }
        guard needs else { out.append(contentsOf: text.utf8); return }
        for character in text {
            switch character {
            case "<": out.append(contentsOf: "&lt;".utf8)
            case ">": out.append(contentsOf: "&gt;".utf8)
            case "&": out.append(contentsOf: "&amp;".utf8)
            case "\"": out.append(contentsOf: "&quot;".utf8)
            case "'": out.append(contentsOf: "&#39;".utf8)
            default: out.append(contentsOf: String(character).utf8)
            }
        }
    }
}
