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
    /// Dates read as empty.
    let placeholderDates: Set<CalendarDate>
    /// Per `Field.ordinal`: a profile's value map, keyed by source values as written and as
    /// `HeaderName` normalises them.
    let maps: [[String: String]?]
    let amountUnit: AmountUnit
    /// The columns that feed a field, with the field: checked and cleaned per row.
    let checked: [(column: Int, field: Field)]
    let merged: [(field: Field, columns: [Int])]

    init(header: HeaderMap) {
        let profile = header.profile
        var texts = Set(Self.contractPlaceholders + Self.contractPlaceholderCodes)
        var dates = Set(Self.contractPlaceholderDates.compactMap(CalendarDate.init(iso:)))
        for placeholder in profile?.placeholders ?? [] {
            if let date = CalendarDate(parsing: placeholder) { dates.insert(date) } else { texts.insert(placeholder) }
        }
        placeholders = texts
        longestPlaceholder = texts.map(\.utf8.count).max() ?? 0
        placeholderDates = dates
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
            ordinal >= 0 ? (column, Field.allCases[ordinal]) : nil
        }
        merged = header.merged
    }

    func isPlaceholder(_ value: String) -> Bool {
        value.utf8.count <= longestPlaceholder && placeholders.contains(value)
    }

    /// Cleans one row's fields in place: a value longer than its field allows is rejected;
    /// a placeholder becomes empty (a placeholder code is noted); a mapped value is replaced;
    /// several columns of one field become one.
    func clean(_ fields: inout [String], header: HeaderMap, notes: inout [RowProblem]) throws(RowProblem) {
        for (column, field) in checked {
            let value = fields[column]
            if value.isEmpty { continue }
            let bytes = value.utf8.count
            if bytes > field.maxLength, value.unicodeScalars.count > field.maxLength {
                throw RowProblem(field: field.rawValue,
                                 reason: "is \(value.unicodeScalars.count) characters long (at most \(field.maxLength))")
            }
            if bytes <= longestPlaceholder, placeholders.contains(value) {
                fields[column] = ""
                if field == .uscc || field == .agencyCode || bytes == 18 {
                    notes.append(RowProblem(field: field.rawValue, reason: "'\(value)' is a placeholder code; read as empty"))
                }
                continue
            }
            if let map = maps[field.ordinal] {
                if let mapped = map[value] ?? map[HeaderName.normalized(value)] { fields[column] = mapped }
            }
        }
        for (field, columns) in merged {
            let values = columns.map { fields[$0] }.filter { !$0.isEmpty }
            fields[columns[0]] = field == .penaltyTypes ? values.joined(separator: ";") : values.first ?? ""
        }
    }
}
