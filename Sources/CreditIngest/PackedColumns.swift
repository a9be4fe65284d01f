import CreditCore
import CreditStore
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

    private static let nullCell = Cell(payload: 0, length: 0, kind: .null)

    /// Packs one row of a table: its cells in `layout` order, all NULL until `write` sets them
    /// by column (no `DatabaseValue` made, no position written by hand).
    mutating func appendRow<C: TableColumn>(_ layout: TableLayout<C>, _ write: (inout RowSink<C>) -> Void) -> Row {
        let start = cells.count
        cells.append(contentsOf: repeatElement(Self.nullCell, count: layout.count))
        var sink = RowSink(layout: layout, base: start)
        swap(&sink.texts, &texts)
        swap(&sink.cells, &cells)
        write(&sink)
        swap(&sink.texts, &texts)
        swap(&sink.cells, &cells)
        return Row(cells: start..<cells.count, keyCount: layout.keyCount)
    }

    /// Sets the cells of the row being packed, by column.
    struct RowSink<C: TableColumn> {
        let layout: TableLayout<C>
        let base: Int
        fileprivate var texts: [UInt8] = []
        fileprivate var cells: [Cell] = []

        fileprivate init(layout: TableLayout<C>, base: Int) { self.layout = layout; self.base = base }

        mutating func text(_ column: C, _ value: String?) {
            let p = layout[column]
            guard p >= 0, var value else { return }
            let offset = texts.count
            value.withUTF8 { texts.append(contentsOf: $0) }
            cells[base + Int(p)] = Cell(payload: Int64(offset), length: Int32(texts.count - offset), kind: .text)
        }

        mutating func integer(_ column: C, _ value: Int64?) {
            let p = layout[column]
            guard p >= 0, let value else { return }
            cells[base + Int(p)] = Cell(payload: value, length: 0, kind: .integer)
        }

        mutating func flag(_ column: C, _ value: Bool) { integer(column, value ? 1 : 0) }

        /// `YYYY-MM-DD`, or NULL.
        mutating func date(_ column: C, _ value: CalendarDate?) { text(column, value?.description) }
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

    /// A hash of the cells of `range` (a row's key): equal values give equal hashes. `buffer`
    /// must be `texts`' storage.
    func hash(_ range: Range<Int>, texts buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        let base = UnsafeRawBufferPointer(buffer)
        for cell in cells[range] {
            hasher.combine(cell.kind.rawValue)
            switch cell.kind {
            case .null: break
            case .integer: hasher.combine(cell.payload)
            case .text:
                hasher.combine(cell.length)
                hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: base[Int(cell.payload)..<(Int(cell.payload) + Int(cell.length))]))
            }
        }
        return hasher.finalize()
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
