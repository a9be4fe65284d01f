import CreditCore
import Foundation
import GRDB
import GRDBSQLite

/// Stored columns of many parsed rows, packed for binding: every text end to end in one
/// buffer, each column a fixed-size cell. The parsing thread fills a batch; the writing
/// thread binds its texts in place (no copy into SQLite, no String per column) and frees one
/// buffer per batch instead of a few dozen Strings per row. `StoredColumns` packs every kind
/// of row, whoever writes it; the slow paths (a key already stored) read the columns back as
/// `DatabaseValue`s.
struct PackedColumns: Sendable {
    /// One column value: a text's place in `texts`, an integer or NULL.
    struct Cell: Sendable {
        enum Kind: UInt8, Sendable { case null, integer, text }
        var payload: Int64
        var length: Int32
        var kind: Kind
    }

    /// The cells of one row: its key columns, then its value columns.
    struct Row: Sendable {
        var cells: Range<Int>
        var keyCount: Int
        var keyCells: Range<Int> { cells.lowerBound..<(cells.lowerBound + keyCount) }
        var valueCells: Range<Int> { (cells.lowerBound + keyCount)..<cells.upperBound }
    }

    private(set) var texts: [UInt8] = []
    private(set) var cells: [Cell] = []
    /// The row being packed: where its cells start, and how many are key cells.
    private var rowStart = 0, rowKeyCount = 0

    /// Packs one row, whose columns `write` gives in table order: key columns, `endOfKey()`,
    /// value columns (no `DatabaseValue` made).
    mutating func appendRow(_ write: (inout PackedColumns) -> Void) -> Row {
        rowStart = cells.count
        rowKeyCount = 0
        write(&self)
        return Row(cells: rowStart..<cells.count, keyCount: rowKeyCount)
    }

    /// The key columns of the row being packed end here.
    mutating func endOfKey() { rowKeyCount = cells.count - rowStart }

    mutating func text(_ value: String?) {
        guard var value else { return cells.append(Cell(payload: 0, length: 0, kind: .null)) }
        let offset = texts.count
        value.withUTF8 { texts.append(contentsOf: $0) }
        cells.append(Cell(payload: Int64(offset), length: Int32(texts.count - offset), kind: .text))
    }

    mutating func integer(_ value: Int64?) {
        cells.append(value.map { Cell(payload: $0, length: 0, kind: .integer) } ?? Cell(payload: 0, length: 0, kind: .null))
    }

    mutating func flag(_ value: Bool) { integer(value ? 1 : 0) }

    /// `YYYY-MM-DD`, or NULL.
    mutating func date(_ value: CalendarDate?) { text(value?.description) }

    /// `count` NULL columns.
    mutating func nulls(_ count: Int) {
        for _ in 0..<count { cells.append(Cell(payload: 0, length: 0, kind: .null)) }
    }

    /// The values of a range of cells (for the rare rows that meet a stored key).
    func values(_ range: Range<Int>) -> [DatabaseValue] {
        range.map { i in
            let cell = cells[i]
            switch cell.kind {
            case .null: return .null
            case .integer: return cell.payload.databaseValue
            case .text: return String(decoding: texts[Int(cell.payload)..<(Int(cell.payload) + Int(cell.length))], as: UTF8.self).databaseValue
            }
        }
    }

    /// Whether every cell of `range` but those at `offsets` (from its start) is NULL.
    func nullCells(in range: Range<Int>, except offsets: UnsafeMutableBufferPointer<Int32>) -> Bool {
        let kept = Set(offsets.map { range.lowerBound + Int($0) })
        return range.allSatisfy { kept.contains($0) || cells[$0].kind == .null }
    }

    /// Binds the cells at `offsets` from `rowStart` to parameters 1, 2, … Texts are bound in
    /// place: `buffer` must be `texts`' storage, valid until the statement's bindings
    /// are replaced or cleared. `bound[p]` is the cell parameter `p` is bound to now (of this
    /// batch, or NULL): a cell equal to it is not bound again — an empty column, or a value that
    /// repeats row after row (the category, the agency, a status).
    /// Called once per imported row: C calls only, no bounds checks.
    func bind(_ offsets: UnsafeMutableBufferPointer<Int32>, of rowStart: Int, to statement: SQLiteStatement,
              texts buffer: UnsafeBufferPointer<UInt8>, bound: UnsafeMutableBufferPointer<Cell>) {
        let base = buffer.baseAddress.map { UnsafeRawPointer($0) }
        cells.withUnsafeBufferPointer { cells in
            var index: Int32 = 1
            for offset in offsets {
                let cell = cells[rowStart + Int(offset)]
                let previous = bound[Int(index)]
                if cell.kind == previous.kind, cell.length == previous.length {
                    switch cell.kind {
                    case .null: index += 1; continue
                    case .integer: if cell.payload == previous.payload { index += 1; continue }
                    case .text:
                        if cell.length == 0 || cell.payload == previous.payload
                            || memcmp(base! + Int(cell.payload), base! + Int(previous.payload), Int(cell.length)) == 0 {
                            index += 1; continue
                        }
                    }
                }
                bound[Int(index)] = cell
                switch cell.kind {
                case .null: sqlite3_bind_null(statement, index)
                case .integer: sqlite3_bind_int64(statement, index, cell.payload)
                case .text where cell.length == 0: sqlite3_bind_text(statement, index, "", 0, sqliteTransient)
                case .text:
                    sqlite3_bind_text(statement, index, (base! + Int(cell.payload)).assumingMemoryBound(to: CChar.self),
                                      cell.length, sqliteStatic)
                }
                index += 1
            }
        }
    }
}
