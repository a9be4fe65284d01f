/// A malformed CSV structure (as opposed to a bad value), located by line.
public struct CSVProblem: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    /// Whether the rest of the input is unreadable (a quote never closed): the rows before it
    /// stand, nothing after it can be read. Otherwise only this row is lost and reading goes on.
    public var endsInput = false
    public var description: String { "line \(line): \(reason)" }
}

/// One CSV record: its fields (trimmed of ASCII, no-break and full-width U+3000 spaces) and
/// the line it starts on (1-based, counting the header as line 1).
public struct CSVRow: Sendable {
    public var line: Int
    public var fields: [String]
    /// A C0 control character other than tab, CR and LF occurs in some field.
    public var hasControlCharacters = false

    public init(line: Int, fields: [String], hasControlCharacters: Bool = false) {
        self.line = line; self.fields = fields; self.hasControlCharacters = hasControlCharacters
    }
}

/// An RFC 4180 reader over UTF-8 bytes: comma separator, `"` quoting, `""` inside quotes,
/// quoted commas and line breaks, CRLF or LF line ends. Blank lines are skipped.
public struct CSVReader: Sendable {
    let bytes: [UInt8]
    private var position = 0
    private var line = 1
    /// Bytes consumed so far, for progress reporting.
    public var offset: Int { position }
    public var count: Int { bytes.count }

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// A reader from a byte offset (a row start this reader reported), to read a row again.
    init(bytes: [UInt8], offset: Int) {
        self.bytes = bytes
        position = offset
    }

    /// The next record, or nil at the end of input. An unquoted field (the usual case) becomes
    /// a String straight from the input bytes; a quoted one is unescaped through a scratch buffer.
    public mutating func next() throws(CSVProblem) -> CSVRow? {
        let n = bytes.count
        var row: CSVRow?
        var problem: CSVProblem?
        bytes.withUnsafeBufferPointer { input in
            var field: [UInt8] = []
            while position < n {
                let startLine = line
                var fields: [String] = []
                fields.reserveCapacity(fieldCountHint)
                var ended = false
                var control = false
                while !ended {
                    // Skip leading spaces before an opening quote.
                    var probe = position
                    while probe < n, input[probe] == 0x20 || input[probe] == 0x09 { probe += 1 }
                    if probe < n, input[probe] == 0x22 {
                        field.removeAll(keepingCapacity: true)
                        position = probe + 1
                        let quoteLine = line
                        var closed = false
                        while position < n {
                            let b = input[position]
                            if b == 0x22 {
                                if position + 1 < n, input[position + 1] == 0x22 {
                                    field.append(0x22); position += 2; continue
                                }
                                position += 1; closed = true; break
                            }
                            if b == 0x0A { line += 1 } else if b < 0x20, b != 0x09, b != 0x0D { control = true }
                            field.append(b); position += 1
                        }
                        if !closed {
                            problem = CSVProblem(line: quoteLine, reason: "a quoted field is never closed", endsInput: true)
                            return
                        }
                        // Only spaces may follow the closing quote, up to the separator.
                        while position < n {
                            let b = input[position]
                            if b == 0x2C { position += 1; break }
                            if b == 0x0A || b == 0x0D {
                                if b == 0x0D, position + 1 < n, input[position + 1] == 0x0A { position += 1 }
                                position += 1; line += 1; ended = true; break
                            }
                            if b != 0x20, b != 0x09 {
                                problem = CSVProblem(line: startLine, reason: "unexpected text after a closing quote on line \(line)")
                                // Only this row is lost: go on after its line.
                                while position < n, input[position] != 0x0A { position += 1 }
                                if position < n { position += 1; line += 1 }
                                return
                            }
                            field.append(b); position += 1
                        }
                        field.withUnsafeBufferPointer { fields.append(Self.trimmedString($0, 0, $0.count)) }
                    } else {
                        // Unquoted: up to the separator or the line end.
                        var end = position
                        while end < n {
                            let b = input[end]
                            if b <= 0x2C {
                                if b == 0x2C || b == 0x0A || b == 0x0D { break }
                                if b < 0x20, b != 0x09 { control = true }
                            }
                            end += 1
                        }
                        fields.append(Self.trimmedString(input, position, end))
                        position = end
                        if end < n {
                            let b = input[end]
                            position += 1
                            if b != 0x2C {
                                if b == 0x0D, position < n, input[position] == 0x0A { position += 1 }
                                line += 1; ended = true
                            }
                        }
                    }
                    if position >= n { ended = true }
                }
                if fields.count == 1, fields[0].isEmpty { continue }  // blank line
                fieldCountHint = fields.count
                row = CSVRow(line: startLine, fields: fields, hasControlCharacters: control)
                return
            }
        }
        if let problem {
            if problem.endsInput { position = n }
            throw problem
        }
        return row
    }

    /// The non-blank lines from the line starting at or before `offset` to the end: what a
    /// damage there leaves unread.
    public func linesLeft(from offset: Int) -> Int {
        var start = min(offset, bytes.count)
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var count = 0, blank = true
        for index in start..<bytes.count {
            let b = bytes[index]
            if b == 0x0A { if !blank { count += 1 }; blank = true } else if b != 0x0D, b != 0x20 { blank = false }
        }
        return count + (blank ? 0 : 1)
    }

    /// Fields in the last record: room reserved for the next.
    private var fieldCountHint = 16

    /// The bytes `from..<to` of `field` as a String, with ASCII whitespace, U+00A0 (C2 A0) and
    /// U+3000 (E3 80 80) trimmed from both ends.
    static func trimmedString(_ field: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
        var start = from, end = to
        while start < end {
            let b = field[start]
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { start += 1 }
            else if b == 0xC2, start + 1 < end, field[start + 1] == 0xA0 { start += 2 }
            else if b == 0xE3, start + 2 < end, field[start + 1] == 0x80, field[start + 2] == 0x80 { start += 3 }
            else { break }
        }
        while end > start {
            let b = field[end - 1]
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { end -= 1 }
            else if b == 0xA0, end - 2 >= start, field[end - 2] == 0xC2 { end -= 2 }
            else if b == 0x80, end - 3 >= start, field[end - 2] == 0x80, field[end - 3] == 0xE3 { end -= 3 }
            else { break }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: field[start..<end]), as: UTF8.self)
    }
}
