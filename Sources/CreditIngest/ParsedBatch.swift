import CreditCore
import CreditStore

/// Rows after parsing and validation, ready to be written (or why not), their stored columns
/// packed for binding in place.
struct ParsedBatch: Sendable {
    enum Item: Sendable {
        case rejected(line: Int, problem: RowProblem, fields: [String])
        case skipped
        /// `start`: where the row begins in the input, to read its fields again should writing
        /// reject it; `unregistered`: a record naming a code the enterprise register lacks. The
        /// common case: nothing to copy or release per row.
        case row(line: Int, start: Int, columns: PackedColumns.Row, unregistered: Bool)
        /// A row with warnings, or a conflict, which still needs its register checks.
        case rowWithNotes(line: Int, start: Int, columns: PackedColumns.Row, unregistered: Bool, warnings: [RowProblem],
                          conflict: Conflict?)
    }
    var items: [Item] = []
    var columns = PackedColumns()
    /// The input ends in damage here (a quote never closed): its line, why, and where the
    /// damaged row began.
    var damage: (line: Int, reason: String, start: Int)?

    var isEmpty: Bool { items.isEmpty && damage == nil }
}

/// Rows split from the input and not yet decoded: the part of reading that must go in order.
struct SplitRows: Sendable {
    enum Entry: Sendable {
        case row(CSVRow, start: Int)
        /// A row the reader could not split.
        case unsplit(line: Int, reason: String)
    }
    var entries: [Entry] = []
    /// As `ParsedBatch.damage`.
    var damage: (line: Int, reason: String, start: Int)?

    var isEmpty: Bool { entries.isEmpty && damage == nil }
}

extension Importer {
    /// Reads and decodes up to `limit` rows; an empty batch at the end of the input. A row the
    /// reader cannot split is rejected and reading goes on; damage that ends the input ends
    /// the batch (the rows before it stand). No database access: runs on any thread.
    /// - Parameter register: the enterprise register's codes, to check records against.
    static func readBatch<R: RowReader>(_ reader: inout R, decoder: RowDecoder, register: Set<RegisterCodes.Code>?,
                                        recordLayout: TableLayout<RecordColumn>, limit: Int = 512) -> ParsedBatch {
        decode(splitRows(&reader, limit: limit), decoder: decoder, register: register, recordLayout: recordLayout)
    }

    /// Splits up to `limit` rows from the input, in order; `readBatch`'s first half.
    static func splitRows<R: RowReader>(_ reader: inout R, limit: Int = 512) -> SplitRows {
        var rows = SplitRows()
        rows.entries.reserveCapacity(limit)
        while rows.entries.count < limit {
            let start = reader.offset
            do {
                guard let next = try reader.next() else { break }
                rows.entries.append(.row(next, start: start))
            } catch {
                if error.endsInput {
                    rows.damage = (error.line, error.reason, start)
                    break
                }
                rows.entries.append(.unsplit(line: error.line, reason: error.reason))
            }
        }
        return rows
    }

    /// Decodes and validates split rows, packing their stored columns; `readBatch`'s second
    /// half, which batches of one file may run on several threads at once.
    static func decode(_ rows: SplitRows, decoder: RowDecoder, register: Set<RegisterCodes.Code>?,
                       recordLayout: TableLayout<RecordColumn>) -> ParsedBatch {
        var batch = ParsedBatch()
        batch.items.reserveCapacity(rows.entries.count)
        for entry in rows.entries {
            switch entry {
            case .row(let row, let start):
                batch.items.append(parse(row, start: start, decoder: decoder, register: register, recordLayout: recordLayout,
                                         into: &batch.columns))
            case .unsplit(let line, let reason):
                batch.items.append(.rejected(line: line, problem: RowProblem(field: "(csv)", reason: reason), fields: []))
            }
        }
        batch.damage = rows.damage
        return batch
    }

    /// Decodes one row, packing its stored columns into `columns`.
    static func parse(_ row: CSVRow, start: Int, decoder: RowDecoder, register: Set<RegisterCodes.Code>?,
                      recordLayout: TableLayout<RecordColumn>, into columns: inout PackedColumns) -> ParsedBatch.Item {
        let output: RowDecoder.Output
        do throws(RowProblem) { output = try decoder.decode(row.fields, hasControlCharacters: row.hasControlCharacters) } catch {
            return .rejected(line: row.line, problem: error, fields: row.fields)
        }
        let extra = extraJSON(decoder.extras(row.fields))
        var conflict: Conflict?
        var unregistered = false
        let packed: PackedColumns.Row
        switch output.row {
        case .naturalPerson: return .skipped
        case .drawResult:
            return .rejected(line: row.line, problem: RowProblem(field: "(file)", reason: "draw results are imported with `credit draw results import`"),
                             fields: row.fields)
        case .enterprise(let e): packed = columns.appendRow(Layouts.enterprise) { StoredRows.write(e, extra: extra, to: &$0) }
        case .inspector(let i): packed = columns.appendRow(Layouts.inspector) { StoredRows.write(i, extra: extra, to: &$0) }
        case .trigger(let t): packed = columns.appendRow(Layouts.trigger) { StoredRows.write(t, extra: extra, to: &$0) }
        case .record(let r):
            packed = columns.appendRow(recordLayout) { StoredRows.write(r, extra: extra, to: &$0) }
            if let register { unregistered = !(RegisterCodes.Code(r.uscc).map(register.contains) ?? false) }
        case .listing(let l):
            packed = columns.appendRow(Layouts.listing) { StoredRows.write(l, extra: extra, to: &$0) }
            if let register { unregistered = !(RegisterCodes.Code(l.uscc).map(register.contains) ?? false) }
        case .commitment(let c):
            packed = columns.appendRow(Layouts.commitment) { StoredRows.write(c, extra: extra, to: &$0) }
            if let register { unregistered = !(RegisterCodes.Code(c.uscc).map(register.contains) ?? false) }
        case .conflict(let c): packed = columns.appendRow(Layouts.conflict) { StoredRows.write(c, extra: extra, to: &$0) }; conflict = c
        }
        if output.warnings.isEmpty, conflict == nil {
            return .row(line: row.line, start: start, columns: packed, unregistered: unregistered)
        }
        return .rowWithNotes(line: row.line, start: start, columns: packed, unregistered: unregistered,
                             warnings: output.warnings, conflict: conflict)
    }
}
