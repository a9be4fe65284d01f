import CreditCore
import Foundation
import ZIPFoundation

/// Writes rows as a minimal Excel workbook (`.xlsx`), as Excel itself would store what a clerk
/// types: texts in the shared-string table, plain numbers as numbers, `YYYY-MM-DD` dates as date
/// serials in a date format. For the generator's Excel output and the reader's tests.
public enum XLSXWriter {
    /// The workbook's bytes: one sheet named `sheet` holding `rows` (the header first).
    public static func workbook(_ rows: [[String]], sheet: String = "Sheet1") throws -> Data {
        var shared: [String] = [], index: [String: Int] = [:]
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            """
        xml.reserveCapacity(rows.count * 200)
        for (r, row) in rows.enumerated() {
            xml += "<row r=\"\(r + 1)\">"
            for (c, value) in row.enumerated() where !value.isEmpty {
                let reference = column(c) + String(r + 1)
                if r > 0, isPlainNumber(value) {
                    xml += "<c r=\"\(reference)\"><v>\(value)</v></c>"
                } else if r > 0, let date = CalendarDate(iso: value), date.year >= 1901 {
                    xml += "<c r=\"\(reference)\" s=\"1\"><v>\(date.dayNumber + 25_569)</v></c>"
                } else {
                    let at: Int
                    if let known = index[value] { at = known } else { at = shared.count; index[value] = at; shared.append(value) }
                    xml += "<c r=\"\(reference)\" t=\"s\"><v>\(at)</v></c>"
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData></worksheet>"
        var strings = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\(shared.count)" uniqueCount="\(shared.count)">
            """
        for text in shared { strings += "<si><t xml:space=\"preserve\">\(escaped(text))</t></si>" }
        strings += "</sst>"
        let parts: [(String, String)] = [
            ("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
                """),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
            ("xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\(escaped(sheet))" sheetId="1" r:id="rId1"/></sheets></workbook>
                """),
            ("xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
                """),
            ("xl/styles.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy\\-mm\\-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>
                """),
            ("xl/sharedStrings.xml", strings),
            ("xl/worksheets/sheet1.xml", xml),
        ]
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let bytes = archive.data else { throw XLSXProblem(reason: "the workbook could not be assembled") }
        return bytes
    }

    /// `0` → `A`, `26` → `AA`.
    static func column(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 { n -= 1; name = String(UnicodeScalar(UInt8(65 + n % 26))) + name; n /= 26 }
        return name
    }

    /// A number Excel keeps exactly and shows as typed: at most 15 digits, no leading zero
    /// (codes such as `0012` stay text), no exponent.
    static func isPlainNumber(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.count <= 16, bytes.filter({ $0 == 46 }).count <= 1, bytes.first != 46, bytes.last != 46,
              bytes.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 }) else { return false }
        if bytes.count > 1, bytes[0] == 48, bytes[1] != 46 { return false }
        if value.contains("."), value.hasSuffix("0") { return false }  // 5245.0 stays as written
        return bytes.filter { $0 != 46 }.count <= 15
    }

    /// XML text, with the characters XML cannot hold written as OOXML's `_xHHHH_`.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
