/// Rows of a data file in order, header first: from its CSV text or from its worksheet.
protocol RowReader: Sendable {
    /// The next row, nil at the end. A `CSVProblem` that `endsInput` ends the rows.
    mutating func next() throws(CSVProblem) -> CSVRow?
    /// Where the next row begins (a byte offset, or a row index), for progress and re-reading.
    var offset: Int { get }
    /// The end of the input, in the units of `offset`.
    var count: Int { get }
    /// The fields of the row that began at `offset` (a row rejected while being written).
    func fields(at offset: Int) -> [String]
    /// The non-blank lines from the one at `offset` to the end (what damage there leaves unread).
    func linesLeft(from offset: Int) -> Int
}

extension CSVReader: RowReader {
    func fields(at offset: Int) -> [String] {
        var again = CSVReader(bytes: bytes, offset: offset)
        return (try? again.next())?.fields ?? []
    }
}

/// A worksheet's rows (`XLSXReader`), each data row as wide as the header: a sheet leaves
/// trailing empty cells out.
struct SheetReader: RowReader {
    let rows: [CSVRow]
    private(set) var offset = 0
    private var width: Int?

    init(rows: [CSVRow]) { self.rows = rows }

    var count: Int { rows.count }

    mutating func next() throws(CSVProblem) -> CSVRow? {
        guard offset < rows.count else { return nil }
        var row = rows[offset]
        offset += 1
        if let width {
            if row.fields.count < width { row.fields += repeatElement("", count: width - row.fields.count) }
            while row.fields.count > width, row.fields.last?.isEmpty == true { row.fields.removeLast() }
        } else {
            while row.fields.last?.isEmpty == true { row.fields.removeLast() }
            width = row.fields.count
        }
        return row
    }

    func fields(at offset: Int) -> [String] { rows.indices.contains(offset) ? rows[offset].fields : [] }

    func linesLeft(from offset: Int) -> Int { max(rows.count - offset, 0) }
}
