import CreditCore

/// The data columns of a versioned table, described once: the cases of a `TableColumn` type,
/// in declaration order, are the table's columns in order (after `id` where the table has
/// one, before the bookkeeping columns `version`, `batch_id`, `source_line`, `known_from`);
/// the first `keyCount` cases are the table's key. A column's SQL name is its case name in
/// snake_case (`penFineFen` → `pen_fine_fen`).
///
/// Everything that names or counts columns derives from this description: the bulk writer's
/// column lists and statements, the cells a row is packed into, the classification reader's
/// select list and offsets, and GRDB decoding by name. Adding a column is adding a case (with
/// the migration that adds it to the table, and the lines that write and read its value);
/// no position anywhere is written by hand. `SchemaTests` ties each description to the table
/// that the migrations build.
package protocol TableColumn: RawRepresentable, CaseIterable, Hashable, Sendable
where RawValue == Int, AllCases == [Self] {
    /// The table's name.
    static var tableName: String { get }
    /// How many of the first cases form the table's key.
    static var keyCount: Int { get }
    /// The SQL names of all cases, by raw value: `columnNames(of: Self.self)`, computed once.
    static var names: [String] { get }
}

extension TableColumn {
    /// The column's SQL name.
    package var sqlName: String { Self.names[rawValue] }
    /// Whether the column belongs to the table's key.
    package var isKey: Bool { rawValue < Self.keyCount }
}

/// The snake_case names of a column type's cases, from the case names.
package func columnNames<C: TableColumn>(of type: C.Type) -> [String] {
    C.allCases.map { column in
        var name = ""
        for character in String(describing: column) {
            if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
        }
        return name
    }
}

/// Columns of a table in one order, with each column's position: the default layout is the
/// description's own order; a reader's layout is its select list.
package struct TableLayout<Column: TableColumn>: Sendable {
    /// The columns, key columns first.
    package let columns: [Column]
    /// How many of `columns` are key columns.
    package let keyCount: Int
    /// Position of each column in `columns`, by raw value; -1 when absent.
    private let positions: [Int32]

    /// - Parameter columns: key columns first (for a write layout); any subset for a read layout.
    package init(_ columns: [Column] = Column.allCases) {
        self.columns = columns
        keyCount = columns.prefix(while: \.isKey).count
        var positions = [Int32](repeating: -1, count: Column.allCases.count)
        for (index, column) in columns.enumerated() { positions[column.rawValue] = Int32(index) }
        self.positions = positions
    }

    /// The column's position, or -1 when the layout lacks it.
    @inline(__always)
    package subscript(column: Column) -> Int32 { positions[column.rawValue] }

    package var count: Int { columns.count }
    package var names: [String] { columns.map(\.sqlName) }
    package var keyNames: [String] { columns.prefix(keyCount).map(\.sqlName) }
    package var valueNames: [String] { columns.dropFirst(keyCount).map(\.sqlName) }
    /// `a, b, c`: for a select list.
    package var selectList: String { names.joined(separator: ", ") }
}

/// `enterprise`: the register of market entities.
package enum EnterpriseColumn: Int, TableColumn {
    case uscc
    case name, kind, industry, region, established, status, abnormal, serious, dishonestDebtor, phone, legalRep, extra

    package static let tableName = "enterprise"
    package static let keyCount = 1
    package static let names = columnNames(of: Self.self)
}

/// `inspector`: the register of inspectors.
package enum InspectorColumn: Int, TableColumn {
    case certificateNo
    case name, department, region, fields, onDuty, extra

    package static let tableName = "inspector"
    package static let keyCount = 1
    package static let names = columnNames(of: Self.self)
}

/// `conflict`: declared conflicts of interest.
package enum ConflictColumn: Int, TableColumn {
    case certificateNo, uscc
    case reason, extra

    package static let tableName = "conflict"
    package static let keyCount = 2
    package static let names = columnNames(of: Self.self)
}

/// `inspection_trigger`: reasons for targeted inspections.
package enum TriggerColumn: Int, TableColumn {
    case uscc, reference
    case triggerKind, triggerDate, extra

    package static let tableName = "inspection_trigger"
    package static let keyCount = 2
    package static let names = columnNames(of: Self.self)
}

/// `record`: the seven categories in one table. The key is a record's identity (data-format.md):
/// the enterprise, the category, the agency (its code, else its name: `agency_key`) and the
/// 决定文书号. Common columns, then each category's own (prefix `lic_`, `pen_`, …; NULL for the
/// other categories). Amounts are INTEGER fen.
package enum RecordColumn: Int, TableColumn {
    case uscc, category, agencyKey, documentNo
    case subjectName, subjectKind, decisionDate, agency, agencyCode, sourceUnit, reportDate, remark, extra
    case licDocumentName, licKind, licCertificateName, licNumber, licContent, licValidFrom, licValidTo, licStatus
    case penViolation, penFacts, penBasis, penTypes, penContent, penFineFen, penConfiscationFen, penLicence, penProcedure
    case penDomain, penSeverity, penDeclaredEnd, penPublicationDate
    case coeMeasure, coeUntil, coeStatus
    case rewName, rewLevel, rewForm
    case conItem, conResult
    case adjMatter, adjResult, adjAtFault
    case insKind, insItem, insResult

    package static let tableName = "record"
    package static let keyCount = 4
    package static let names = columnNames(of: Self.self)

    /// The category whose own column this is; nil for the common columns.
    package var category: RecordCategory? { Self.owners[rawValue] }

    private static let owners: [RecordCategory?] = names.map { name in
        RecordCategory.allCases.first { name.hasPrefix(columnPrefix($0)) }
    }

    /// The prefix of a category's own columns.
    package static func columnPrefix(_ category: RecordCategory) -> String {
        switch category {
        case .licensing: "lic_"
        case .penalty: "pen_"
        case .coercion: "coe_"
        case .reward: "rew_"
        case .confirmation: "con_"
        case .adjudication: "adj_"
        case .inspection: "ins_"
        }
    }

    /// The value columns a record of `category` can fill: the common ones and its own.
    package static func values(of category: RecordCategory) -> [RecordColumn] {
        allCases.filter { !$0.isKey && ($0.category == nil || $0.category == category) }
    }
}

/// `listing`: the 经营异常名录 and the 严重违法失信名单, one row per listing decision with its
/// removal. The key is the listing's identity: the enterprise, the list, the deciding agency (its
/// code, else its name) and the 决定书文号 (or `（无文书号）` and the list-in date).
package enum ListingColumn: Int, TableColumn {
    case uscc, listKind, agencyKey, documentNo
    case subjectName, listedOn, reasonCategory, reasonText, agency, agencyCode, removedOn, removalReason, removalAgency
    case reportDate, remark, extra

    package static let tableName = "listing"
    package static let keyCount = 4
    package static let names = columnNames(of: Self.self)
}

/// `commitment`: the commitment register (告知承诺). The key: the enterprise, the deciding
/// agency (code, else name) and the 承诺书编号 (or the item code and the day of the commitment).
package enum CommitmentColumn: Int, TableColumn {
    case uscc, agencyKey, documentNo
    case subjectName, itemCode, itemName, committedOn, agency, agencyCode, checkDue, checkedOn, outcome, reportDate, remark, extra

    package static let tableName = "commitment"
    package static let keyCount = 3
    package static let names = columnNames(of: Self.self)
}
