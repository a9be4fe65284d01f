import CreditCore
import GRDB

/// Reads enterprises' standing — listings, commitments and the repair decisions that lifted
/// them — as the engine knew it at a point in time: the current versions, or with `knownBy`
/// the versions whose knowledge interval contains that instant, and only the repair decisions
/// taken by then.
enum RegisterStandings {
    /// Per enterprise code, for those with any listing or commitment.
    /// - Parameter uscc: only this enterprise's (nil = all).
    static func load(_ db: Database, knownBy: Timestamp?, terms: ListingTerms, uscc: String? = nil) throws -> [String: RegisterStanding] {
        var result: [String: RegisterStanding] = [:]
        try versions(db, of: ListingColumn.self, knownBy: knownBy, uscc: uscc) { row, columns in
            guard let listing = StoredColumns.listing(row, columns: columns) else { return }
            result[listing.uscc.rawValue, default: RegisterStanding(terms: terms)].listings.append(listing)
        }
        try versions(db, of: CommitmentColumn.self, knownBy: knownBy, uscc: uscc) { row, columns in
            guard let commitment = StoredColumns.commitment(row, columns: columns) else { return }
            result[commitment.uscc.rawValue, default: RegisterStanding(terms: terms)].commitments.append(commitment)
        }
        guard !result.isEmpty else { return result }
        // Only the conditions given, so that one enterprise's applications come by its index.
        var conditions = ["status = 'approved'", "category <> 'penalty'"]
        var arguments: StatementArguments = []
        if let knownBy { conditions.append("decided_at <= ?"); arguments += [knownBy.description] }
        if let uscc { conditions.append("uscc = ?"); arguments += [uscc] }
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT uscc, category, agency_key, document_no, decided_at FROM repair_application
            WHERE \(conditions.joined(separator: " AND "))
            """), arguments: arguments) {
            let code: String = row[0]
            guard result[code] != nil, let kind = RepairKind(rawValue: row[1]), let decided = Timestamp(iso: row[4])?.chinaDate else { continue }
            let target = RepairTarget(kind: kind, agencyKey: row[2], documentNumber: row[3])
            result[code]!.repairs[target] = min(result[code]!.repairs[target] ?? decided, decided)
        }
        return result
    }

    /// Visits the rows of a versioned table as known at `knownBy` (current versions when nil),
    /// with the columns' positions found once for the query.
    private static func versions<Column: TableColumn>(_ db: Database, of _: Column.Type, knownBy: Timestamp?, uscc: String?,
                                                      _ body: (Row, ColumnIndexes<Column>) throws -> Void) throws {
        let table = Column.tableName
        let filter = uscc == nil ? "" : " AND uscc = :uscc"
        var arguments: StatementArguments = uscc.map { ["uscc": $0] } ?? [:]
        let statement: Statement
        if let knownBy {
            arguments += ["t": knownBy.description]
            // The history table has `known_until` besides the current table's columns: read the
            // current table's columns from both.
            let columns = try db.columns(in: table).map(\.name).joined(separator: ", ")
            statement = try db.cachedStatement(sql: """
                SELECT \(columns) FROM \(table) WHERE known_from <= :t\(filter)
                UNION ALL SELECT \(columns) FROM \(table)_history WHERE known_from <= :t AND known_until > :t\(filter)
                """)
        } else {
            // Statements cached: preparing one (GRDB's authorizer notes every column read)
            // cost more than running it, on every lookup of an enterprise.
            statement = try db.cachedStatement(sql: "SELECT * FROM \(table) WHERE 1\(filter)")
        }
        let columns = ColumnIndexes<Column>(statement.columnNames)
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() { try body(row, columns) }
    }
}
