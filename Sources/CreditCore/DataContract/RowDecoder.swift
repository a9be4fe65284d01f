/// A row that breaks the data contract: which field and why, in words a clerk can act on.
public struct RowProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The contract field (what the quality report counts by).
    public var field: String
    public var reason: String
    /// The source column's header when it differs from the field's name (a profile or an
    /// alias): what the messages name.
    public var column: String?
    public init(field: String, reason: String, column: String? = nil) {
        self.field = field; self.reason = reason; self.column = column
    }
    /// The column as the file names it.
    public var reportedField: String { column ?? field }
    public var description: String { "\(reportedField): \(reason)" }
}

/// A row turned into a domain value.
public enum DecodedRow: Sendable {
    case enterprise(Enterprise)
    case inspector(Inspector)
    case conflict(Conflict)
    case trigger(InspectionTrigger)
    case record(EnforcementRecord)
    case listing(Listing)
    case commitment(Commitment)
    case drawResult(DrawResultRow)
    /// A 自然人 row: skipped and counted, never stored.
    case naturalPerson
}

/// One row of a draw's results file: which task (draw and enterprise), the result, the day
/// the inspection ended, and the inspectors who did it.
public struct DrawResultRow: Sendable, Hashable {
    public var drawID: String
    public var uscc: UnifiedSocialCreditCode
    public var result: InspectionResult
    public var finishedOn: CalendarDate
    /// 执法证号, as listed.
    public var certificates: [String]
}

/// Turns the trimmed fields of one CSV row into a typed value, validating every field per
/// `data-format.md`: placeholders read as empty, a profile's coded values read as the contract's,
/// lengths and control characters checked, then each field by its rule. Pure: the caller reads
/// files and stores results.
public struct RowDecoder: Sendable {
    public let header: HeaderMap
    public let allowList: Set<String>
    /// Dates after this day are rejected ("not in the future").
    public let today: CalendarDate
    let rules: ValueRules

    public init(header: HeaderMap, allowList: Set<String> = [], today: CalendarDate) {
        self.header = header; self.allowList = allowList; self.today = today
        rules = ValueRules(header: header)
    }

    /// The decoded value and any non-fatal warnings (e.g. an allow-listed code, a placeholder).
    public struct Output: Sendable {
        public var row: DecodedRow
        public var warnings: [RowProblem]
    }

    /// - Parameter hasControlCharacters: the reader saw a C0 control character (other than
    ///   tab, CR, LF) somewhere in the row: the row is rejected naming its field.
    public func decode(_ input: [String], hasControlCharacters: Bool = false) throws(RowProblem) -> Output {
        do {
            return try decodeFields(input, hasControlCharacters: hasControlCharacters)
        } catch var problem {
            if problem.column == nil {
                let reported = header.reportedName(problem.field)
                if reported != problem.field { problem.column = reported }
            }
            throw problem
        }
    }

    private func decodeFields(_ input: [String], hasControlCharacters: Bool) throws(RowProblem) -> Output {
        guard input.count == header.columnCount else {
            throw RowProblem(field: "(row)",
                             reason: "has \(input.count) fields, the header has \(header.columnCount)")
        }
        if hasControlCharacters { try rejectControlCharacters(input) }
        if let problem = extraTooLong(input) { throw problem }
        var notes: [RowProblem] = []
        let fields = try rules.clean(input, header: header, notes: &notes)
        var reader = FieldReader(fields: fields, columns: header.columnByField, rules: rules, allowList: allowList, today: today)
        reader.warnings = notes
        let row: DecodedRow
        switch header.kind {
        case .enterprises: row = .enterprise(try reader.enterprise())
        case .inspectors: row = .inspector(try reader.inspector())
        case .conflicts: row = .conflict(try reader.conflict())
        case .triggers: row = .trigger(try reader.trigger())
        case .drawResults: row = .drawResult(try reader.drawResult())
        case .listings(let kind): row = .listing(try reader.listing(kind))
        case .commitments: row = .commitment(try reader.commitment())
        case .records(let category):
            if let record = try reader.record(category) { row = .record(record) } else { row = .naturalPerson }
        }
        var warnings = reader.warnings
        for i in warnings.indices where warnings[i].column == nil {
            let reported = header.reportedName(warnings[i].field)
            if reported != warnings[i].field { warnings[i].column = reported }
        }
        return Output(row: row, warnings: warnings)
    }

    /// Names the first field holding a C0 control character other than tab, CR and LF (they
    /// break the XML of documents and reports, and NUL cuts texts short in SQLite).
    private func rejectControlCharacters(_ fields: [String]) throws(RowProblem) {
        for (index, value) in fields.enumerated() {
            guard let byte = value.utf8.first(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { continue }
            let name = header.sourceNames[index].trimmingDataWhitespace()
            let field = header.fieldByColumn[index] >= 0 ? Field.allCases[header.fieldByColumn[index]].rawValue : name
            let code = String(byte, radix: 16, uppercase: true)
            throw RowProblem(field: field, reason: "contains the control character U+\(code.count < 2 ? "000" : "00")\(code) (only tab and line breaks are allowed)",
                             column: name != field ? name : nil)
        }
    }

    /// Extra (unknown) columns of a row, kept with the stored record (placeholders dropped).
    public func extras(_ fields: [String]) -> [(name: String, value: String)] {
        header.unknownColumns.compactMap { column in
            guard column.index < fields.count, case let value = fields[column.index], !value.isEmpty,
                  !rules.isPlaceholder(value) else { return nil }
            return (column.name, value)
        }
    }

    /// The first extra column longer than the contract allows, as a problem.
    public func extraTooLong(_ fields: [String]) -> RowProblem? {
        for column in header.unknownColumns where column.index < fields.count {
            let value = fields[column.index]
            if value.utf8.count > Field.extraMaxLength, value.unicodeScalars.count > Field.extraMaxLength {
                return RowProblem(field: column.name,
                                  reason: "is \(value.unicodeScalars.count) characters long (at most \(Field.extraMaxLength))")
            }
        }
        return nil
    }

    /// Best-effort 数据来源单位 of a row that failed, so the quality report can name its unit.
    public func sourceUnitHint(_ fields: [String]) -> String? {
        for field in [Field.sourceUnit, .agency, .decidingAgency] {
            if let i = header.index(field), i < fields.count, !fields[i].isEmpty { return fields[i] }
        }
        return nil
    }

    /// Best-effort decision date of a row that failed (for the quality report's month filter).
    public func decisionDateHint(_ fields: [String]) -> CalendarDate? {
        guard let i = [Field.decisionDate, .listedOn, .committedOn].lazy.compactMap(header.index).first, i < fields.count else { return nil }
        return CalendarDate(parsing: fields[i])
    }

    /// Best-effort 决定文书号 of a row that failed.
    public func documentNumberHint(_ fields: [String]) -> String? {
        guard let i = [Field.documentNumber, .commitmentNumber].lazy.compactMap(header.index).first, i < fields.count,
              !fields[i].isEmpty else { return nil }
        return fields[i]
    }
}

