import CreditCore
import Foundation
/// A plain-text table for terminals, aligned by display width (CJK characters take two columns).
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned right (numbers).
    var rightAligned: Set<Int> = []

    init(_ header: [String], rightAligned: Set<Int> = []) { self.header = header; self.rightAligned = rightAligned }

    mutating func add(_ row: [String]) { rows.append(row) }

    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { sum, s in
            let v = s.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return sum + (wide ? 2 : 1)
        }
    }

    func render() -> String {
        var widths = header.map(Self.width)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], Self.width(cell)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - Self.width(cell)))
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacing(/\s+$/, with: "")
        }
        var out = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }
}

/// CSV output: RFC 4180 quoting, cells a spreadsheet would run as formulas neutralised.
func csvLine(_ fields: [String]) -> String { SpreadsheetCell.csvLine(fields) }

/// A stored UTC timestamp as terminal tables show it: Beijing time to the minute
/// (`2026-12-01 02:21`); JSON and CSV keep the stored ISO value. Text that is not a timestamp
/// is shown as it is.
func beijing(_ iso: String) -> String { Timestamp(iso: iso)?.chinaMinute ?? iso }
