import Foundation

/// Prints a value as pretty, key-sorted JSON on standard output.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Prints a listing in the one `--format` vocabulary of every listing command: `table` (aligned
/// for a terminal), `json` (snake_case keys) or `csv` (RFC 4180, a UTF-8 BOM first so that Excel
/// on Chinese Windows reads it, formula-like cells neutralised). The CSV has the table's columns,
/// or those of `csv` when the terminal table shortens cells (hashes, payloads).
func printListing<T: Encodable>(_ table: TextTable, csv: TextTable? = nil, json: @autoclosure () -> T, format: OutputFormat) throws {
    switch format {
    case .table: print(table.render())
    case .json: try printJSON(json())
    case .csv: printCSV(csv ?? table)
    }
}

/// Prints a table as CSV: a UTF-8 BOM (so spreadsheet programs read the Chinese text), the
/// header, one line per row, each cell quoted as needed and neutralised against formulas.
func printCSV(_ table: TextTable) {
    print("\u{FEFF}" + ([table.header] + table.rows).map(csvLine).joined(separator: "\n"))
}
