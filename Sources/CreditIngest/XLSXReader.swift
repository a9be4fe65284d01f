import CreditCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Why a workbook cannot be read.
public struct XLSXProblem: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

/// An Excel workbook (`.xlsx`, Office Open XML) read as rows of text, like a CSV file: the
/// first worksheet, or the one named. Shared strings, inline strings, formula results,
/// numbers (as Excel shows them, up to 15 significant digits) and dates (a number in a date
/// format, as `YYYY-MM-DD`) are read; a row's line is its row number in the sheet. No XLSX
/// library is available to this project, so this is a small reader over ZIPFoundation (the
/// package) and Foundation's XMLParser (the parts).
enum XLSXReader {
    /// The rows of a sheet, empty rows left out.
    static func rows(path: String, sheet wanted: String? = nil) throws(XLSXProblem) -> [CSVRow] {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw XLSXProblem(reason: "is not an Excel workbook (.xlsx): \(error)")
        }
        return try rows(archive: archive, sheet: wanted)
    }

    static func rows(archive: Archive, sheet wanted: String?) throws(XLSXProblem) -> [CSVRow] {
        func part(_ path: String) throws(XLSXProblem) -> Data? {
            guard let entry = archive[path] else { return nil }
            var data = Data()
            do { _ = try archive.extract(entry, skipCRC32: true) { data.append($0) } } catch {
                throw XLSXProblem(reason: "cannot unpack \(path): \(error)")
            }
            return data
        }
        guard let workbookXML = try part("xl/workbook.xml") else {
            throw XLSXProblem(reason: "is not an Excel workbook (.xlsx): xl/workbook.xml is missing")
        }
        let workbook = WorkbookParser()
        try workbook.parse(workbookXML, part: "xl/workbook.xml")
        guard !workbook.sheets.isEmpty else { throw XLSXProblem(reason: "the workbook has no sheet") }
        let chosen: (name: String, relation: String)
        if let wanted {
            guard let sheet = workbook.sheets.first(where: { $0.name == wanted }) else {
                throw XLSXProblem(reason: "has no sheet '\(wanted)' (sheets: \(workbook.sheets.map(\.name).joined(separator: ", ")))")
            }
            chosen = sheet
        } else {
            chosen = workbook.sheets[0]
        }
        var target = "xl/worksheets/sheet1.xml"
        if let relsXML = try part("xl/_rels/workbook.xml.rels") {
            let rels = RelationshipsParser()
            try rels.parse(relsXML, part: "xl/_rels/workbook.xml.rels")
            if let found = rels.targets[chosen.relation] {
                target = found.hasPrefix("/") ? String(found.dropFirst()) : "xl/" + found
            }
        }
        var shared: [String] = []
        if let stringsXML = try part("xl/sharedStrings.xml") {
            let strings = SharedStringsParser()
            try strings.parse(stringsXML, part: "xl/sharedStrings.xml")
            shared = strings.strings
        }
        var dateStyles = Set<Int>()
        if let stylesXML = try part("xl/styles.xml") {
            let styles = StylesParser()
            try styles.parse(stylesXML, part: "xl/styles.xml")
            dateStyles = styles.dateStyles
        }
        guard let sheetXML = try part(target) else { throw XLSXProblem(reason: "the sheet '\(chosen.name)' (\(target)) is missing") }
        let sheet = SheetParser(shared: shared, dateStyles: dateStyles)
        try sheet.parse(sheetXML, part: target)
        if let problem = sheet.problem { throw problem }
        return sheet.rows
    }

    /// Excel's serial day number (1900 date system) as a date: day 1 is 1900-01-01, and Excel
    /// counts a 1900-02-29 that never was, so serials from 61 on are one day ahead.
    static func date(serial: Double) -> CalendarDate? {
        guard serial >= 1, serial < 2_958_466 else { return nil }
        let day = Int(serial.rounded(.down))
        return CalendarDate(dayNumber: day - (day >= 61 ? 25_569 : 25_568))
    }

    /// A number as Excel shows it in a General cell: integers whole, others to 15 significant
    /// digits (`0.30000000000000004` is `0.3`), no exponent for amounts and codes.
    static func numberText(_ raw: String) -> String {
        guard let value = Double(raw) else { return raw }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.15g", value)
        if text.contains("e") || text.contains("E") {
            // Very small or large: plain decimal, trailing zeros dropped.
            text = String(format: "%.15f", value)
        }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// OOXML escapes characters XML cannot hold as `_xHHHH_` (`_x0001_`); `_x005F_` escapes `_`.
    static func unescaped(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: "_x") {
            out += rest[..<range.lowerBound]
            let after = rest[range.upperBound...]
            let hex = after.prefix(4)
            if hex.count == 4, after.dropFirst(4).first == "_", let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                out.unicodeScalars.append(scalar)
                rest = after.dropFirst(5)
            } else {
                out += "_x"
                rest = after
            }
        }
        return out + rest
    }
}

// MARK: Part parsers

/// A SAX parser of one workbook part; its first error is kept.
class PartParser: NSObject, XMLParserDelegate {
    var parseError: String?

    func parse(_ data: Data, part: String) throws(XLSXProblem) {
        let parser = XMLParser(data: data)
        parser.delegate = self
        parser.shouldProcessNamespaces = false
        if !parser.parse() {
            let reason = parseError ?? parser.parserError.map { "\($0)" } ?? "malformed XML"
            throw XLSXProblem(reason: "\(part) line \(parser.lineNumber): \(reason)")
        }
    }

    /// The local part of a possibly prefixed element name (`x:row` → `row`).
    func local(_ name: String) -> Substring {
        if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
        return Substring(name)
    }

    // The delegate methods the parts use, here so that the conformance finds them (subclasses
    // override them; a protocol requirement is not looked up in subclasses).
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {}
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {}
    func parser(_ parser: XMLParser, foundCharacters string: String) {}
}

/// `xl/workbook.xml`: the sheets, in order, with their relationship ids.
final class WorkbookParser: PartParser {
    var sheets: [(name: String, relation: String)] = []

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                         attributes: [String: String] = [:]) {
        guard local(elementName) == "sheet" else { return }
        let relation = attributes.first { local($0.key) == "id" && $0.key.contains(":") }?.value ?? attributes["r:id"] ?? ""
        sheets.append((attributes["name"] ?? "", relation))
    }
}

/// `xl/_rels/workbook.xml.rels`: relationship id → part path.
final class RelationshipsParser: PartParser {
    var targets: [String: String] = [:]

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                         attributes: [String: String] = [:]) {
        guard local(elementName) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        targets[id] = target
    }
}

/// `xl/sharedStrings.xml`: each `<si>`'s text runs joined (phonetic runs left out).
final class SharedStringsParser: PartParser {
    var strings: [String] = []
    private var current = "", inText = false, inPhonetic = false

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                         attributes: [String: String] = [:]) {
        switch local(elementName) {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(elementName) {
        case "si": strings.append(XLSXReader.unescaped(current))
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }

    override func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
}

/// `xl/styles.xml`: which cell styles (`s` indexes into `cellXfs`) show numbers as dates.
final class StylesParser: PartParser {
    var dateStyles = Set<Int>()
    private var customDateFormats = Set<Int>()
    private var inCellXfs = false
    private var index = 0

    /// Built-in date and time formats (ECMA-376 §18.8.30, with the East Asian ones).
    static let builtInDateFormats = Set(Array(14...22) + Array(27...36) + Array(45...47) + Array(50...58))

    /// Whether a format code shows a date: a y, m-with-d or d outside quotes and brackets.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false, escaped = false
        for c in code.lowercased() {
            if escaped { escaped = false; continue }
            switch c {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[": bracket = true
            case "]": bracket = false
            case "y", "d": if !quoted && !bracket { return true }
            default: break
            }
        }
        return false
    }

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                         attributes: [String: String] = [:]) {
        switch local(elementName) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), Self.isDateFormat(attributes["formatCode"] ?? "") {
                customDateFormats.insert(id)
            }
        case "cellXfs": inCellXfs = true; index = 0
        case "xf" where inCellXfs:
            let format = attributes["numFmtId"].flatMap(Int.init) ?? 0
            if Self.builtInDateFormats.contains(format) || customDateFormats.contains(format) { dateStyles.insert(index) }
            index += 1
        default: break
        }
    }

    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if local(elementName) == "cellXfs" { inCellXfs = false }
    }
}

/// A worksheet: `<row r>` of `<c r t s>` cells with `<v>` or `<is><t>`.
final class SheetParser: PartParser {
    let shared: [String]
    let dateStyles: Set<Int>
    var rows: [CSVRow] = []
    var problem: XLSXProblem?

    private var row: [String] = [], rowNumber = 0, control = false
    private var cellColumn = 0, cellType = "", cellStyle = -1, value = "", inValue = false, inInline = false

    init(shared: [String], dateStyles: Set<Int>) { self.shared = shared; self.dateStyles = dateStyles }

    /// `BC12` → 54 (0-based column of `BC`).
    static func column(ofReference reference: String) -> Int? {
        var column = 0, letters = 0
        for byte in reference.utf8 {
            if byte >= 65, byte <= 90 { column = column * 26 + Int(byte - 64); letters += 1 } else { break }
        }
        return letters > 0 ? column - 1 : nil
    }

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                         attributes: [String: String] = [:]) {
        switch local(elementName) {
        case "row":
            row.removeAll(keepingCapacity: true)
            control = false
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
        case "c":
            cellColumn = attributes["r"].flatMap(Self.column(ofReference:)) ?? row.count
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? -1
            value = ""
        case "v": inValue = true
        case "is": inInline = true
        case "t" where inInline: inValue = true
        default: break
        }
    }

    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(elementName) {
        case "v": inValue = false
        case "t" where inInline: inValue = false
        case "is": inInline = false
        case "c":
            let text: String
            switch cellType {
            case "s":
                guard let index = Int(value), shared.indices.contains(index) else {
                    problem = problem ?? XLSXProblem(reason: "row \(rowNumber): shared string '\(value)' does not exist")
                    return
                }
                text = shared[index]
            case "inlineStr", "str": text = XLSXReader.unescaped(value)
            case "b": text = value == "1" ? "1" : "0"
            case "d": text = String(value.prefix(10))
            case "e": text = value
            default:
                if value.isEmpty { text = "" }
                else if dateStyles.contains(cellStyle), let serial = Double(value), let date = XLSXReader.date(serial: serial) { text = date.description }
                else { text = XLSXReader.numberText(value) }
            }
            if cellColumn >= row.count { row.append(contentsOf: repeatElement("", count: cellColumn - row.count + 1)) }
            let trimmed = text.trimmingDataWhitespace()
            if trimmed.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) { control = true }
            row[cellColumn] = trimmed
        case "row":
            if row.contains(where: { !$0.isEmpty }) {
                rows.append(CSVRow(line: rowNumber, fields: row, hasControlCharacters: control))
            }
        default: break
        }
    }

    override func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { value += string } }
}
