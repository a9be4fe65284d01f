/// The per-value rules that apply before a field's own validation: length limits, placeholders
/// (the contract's and a profile's) read as empty, a profile's coded values read as the
/// contract's, and fields fed by several source columns merged. Built once per file.
struct ValueRules: Sendable {
    /// Texts the contract reads as empty in every file.
    static let contractPlaceholders = ["暂无", "无", "/", "-", "—", "——", "－", "NULL", "null", "空", "(空)", "（空）"]
    /// Dates the contract reads as empty (a warning says so), in any written form.
    static let contractPlaceholderDates = ["1900-01-01", "1899-12-30", "1899-12-31", "0001-01-01", "9999-09-09"]
    /// Codes the contract reads as empty (a warning says so).
    static let contractPlaceholderCodes = ["00000000000000000X", "000000000000000000"]

    /// Texts read as empty.
    let placeholders: Set<String>
    /// The longest placeholder in bytes: longer values are never looked up.
    let longestPlaceholder: Int
    /// Which (length in bytes, first byte) pairs a placeholder has: a value whose pair is not
    /// one of them is no placeholder, without hashing it (this runs for every field of every row).
    private let candidates: [Bool]
    /// Dates read as empty.
    let placeholderDates: PlaceholderDates
    /// Per `Field.ordinal`: a profile's value map, keyed by source values as written and as
    /// `HeaderName` normalises them.
    let maps: [[String: String]?]
    let amountUnit: AmountUnit
    /// The columns that feed a field, with the field: checked and cleaned per row.
    let checked: [(column: Int, field: Field, maxLength: Int)]
    let merged: [(field: Field, columns: [Int])]

    init(header: HeaderMap) {
        let profile = header.profile
        var texts = Set(Self.contractPlaceholders + Self.contractPlaceholderCodes)
        var dates = Set(Self.contractPlaceholderDates.compactMap(CalendarDate.init(iso:)))
        for placeholder in profile?.placeholders ?? [] {
            if let date = CalendarDate(parsing: placeholder) { dates.insert(date) } else { texts.insert(placeholder) }
        }
        placeholders = texts
        let longest = texts.map(\.utf8.count).max() ?? 0
        longestPlaceholder = longest
        var candidates = [Bool](repeating: false, count: (longest + 1) * 256)
        for text in texts { if let first = text.utf8.first { candidates[text.utf8.count * 256 + Int(first)] = true } }
        self.candidates = candidates
        placeholderDates = PlaceholderDates(dates)
        var maps = [[String: String]?](repeating: nil, count: Field.allCases.count)
        for (field, map) in profile?.values ?? [:] {
            var both: [String: String] = [:]
            for (source, value) in map { both[HeaderName.normalized(source)] = value }
            for (source, value) in map { both[source] = value }
            maps[field.ordinal] = both
        }
        self.maps = maps
        amountUnit = profile?.amountUnit ?? .wanYuan
        checked = header.fieldByColumn.enumerated().compactMap { column, ordinal in
            ordinal >= 0 ? (column, Field.allCases[ordinal], Field.allCases[ordinal].maxLength) : nil
        }
        merged = header.merged
    }

    func isPlaceholder(_ value: String) -> Bool {
        let bytes = value.utf8.count
        guard bytes <= longestPlaceholder, let first = value.utf8.first, candidates[bytes * 256 + Int(first)] else { return false }
        return placeholders.contains(value)
    }

    /// Cleans one row's fields: a value longer than its field allows is rejected; a placeholder
    /// becomes empty (a placeholder code is noted); a mapped value is replaced; several columns
    /// of one field become one.
    func clean(_ input: [String], header: HeaderMap, notes: inout [RowProblem]) throws(RowProblem) -> CleanedFields {
        var fields = CleanedFields(input)
        for (column, field, maxLength) in checked {
            let value = input[column]
            if value.isEmpty { continue }
            let bytes = value.utf8.count
            if bytes > maxLength, value.unicodeScalars.count > maxLength {
                throw RowProblem(field: field.rawValue, reason: "is \(value.unicodeScalars.count) characters long (at most \(maxLength))")
            }
            if isPlaceholder(value) {
                fields[column] = ""
                if field == .uscc || field == .agencyCode || bytes == 18 {
                    notes.append(RowProblem(field: field.rawValue, reason: "'\(value)' is a placeholder code; read as empty"))
                }
                continue
            }
            if let map = maps[field.ordinal] {
                if let mapped = map[value] ?? (HeaderName.isNormalized(value) ? nil : map[HeaderName.normalized(value)]) {
                    fields[column] = mapped
                }
            }
        }
        // A merged field is written only when its value changes (most rows hold it in the
        // first column).
        for (field, columns) in merged {
            guard let first = columns.firstIndex(where: { !fields[$0].isEmpty }) else { continue }
            if field == .penaltyTypes {
                let more = columns[(first + 1)...].filter { !fields[$0].isEmpty }
                guard first > 0 || !more.isEmpty else { continue }
                fields[columns[0]] = ([columns[first]] + more).map { fields[$0] }.joined(separator: ";")
            } else if first > 0 {
                fields[columns[0]] = fields[columns[first]]
            }
        }
        return fields
    }
}

/// A row's fields after `ValueRules.clean`: the fields as read, and the few values cleaning
/// replaced. Cleaning replaces a value in most rows of real exports (a placeholder, a coded
/// value), and the row's field array is shared with the reader, which keeps it for a
/// rejection; replacing in place copied the whole array — a retain and a release per field —
/// for a value or two (about a second of the parsing's CPU on the realistic 1M city).
struct CleanedFields: Sendable {
    private let raw: [String]
    /// Replaced values by column, in the order first replaced (a handful at most).
    private var replaced: [(column: Int, value: String)] = []

    init(_ raw: [String]) { self.raw = raw }

    subscript(column: Int) -> String {
        get {
            for entry in replaced where entry.column == column { return entry.value }
            return raw[column]
        }
        set {
            if let index = replaced.firstIndex(where: { $0.column == column }) {
                replaced[index].value = newValue
            } else {
                replaced.append((column, newValue))
            }
        }
    }
}

/// Dates read as empty (placeholders such as `1900-01-01`), checked for every date read: a bit
/// per year answers for almost every date without hashing it.
struct PlaceholderDates: Sendable {
    private let dates: [CalendarDate]
    private let years: [UInt64]

    init(_ dates: Set<CalendarDate>) {
        self.dates = Array(dates)
        var years = [UInt64](repeating: 0, count: 10_000 / 64 + 1)
        for date in dates where (0..<10_000).contains(date.year) { years[date.year / 64] |= 1 << UInt64(date.year % 64) }
        self.years = years
    }

    func contains(_ date: CalendarDate) -> Bool {
        guard (0..<10_000).contains(date.year), years[date.year / 64] & (1 << UInt64(date.year % 64)) != 0 else { return false }
        return dates.contains(date)
    }
}
