import CreditCore
import CreditStore
import Foundation
import GRDB
import Testing
import CreditTestSupport

/// One `--format` vocabulary: every listing command of `credit` answers `table`, `json` and `csv`,
/// and each means the same thing everywhere — JSON that parses, CSV with a BOM whose lines all
/// have the header's number of fields, a table for the terminal.
@Suite(.serialized) struct OutputFormatTests {
    let folder: TemporaryFolder
    let db: String
    let uscc: String

    init() throws {
        folder = try TemporaryFolder()
        db = try importedSyntheticCity(into: folder, name: "formats.db", enterprises: 300, seed: 47)
        #expect(try runCredit(["classify", "--as-of", "2026-10-31"], db: db).status == 0)
        #expect(try runCredit(["notice", "issue", "--out", folder.path("notices")], db: db).status == 0)
        #expect(try runCredit(["token", "create", "--role", "officer", "--name", "王科员"], db: db).status == 0)
        uscc = try #require(try CreditDatabase.open(path: db).writer.read { db in
            try String.fetchOne(db, sql: "SELECT uscc FROM repair_notice ORDER BY number LIMIT 1")
        })
    }

    /// RFC 4180 fields of one CSV text: rows of fields (quoted fields may hold commas, quotes, newlines).
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, afterQuote = false
        var scalars = Array(text.unicodeScalars)[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" { if scalars.first == "\"" { field.unicodeScalars.append("\""); _ = scalars.popFirst() } else { quoted = false; afterQuote = true } }
                else { field.unicodeScalars.append(c) }
            } else if c == "\"" && field.isEmpty && !afterQuote { quoted = true }
            else if c == "," { row.append(field); field = ""; afterQuote = false }
            else if c == "\n" { row.append(field); rows.append(row); row = []; field = ""; afterQuote = false }
            else if c != "\r" { field.unicodeScalars.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    @Test func everyListingCommandSpeaksTableJSONAndCSV() throws {
        let commands: [[String]] = [
            ["import", folder.path("city")],
            ["quality"],
            ["classify", "--as-of", "2026-10-31"],
            ["query", uscc],
            ["query", uscc, "--history"],
            ["draw", "plan", "--as-of", "2026-10-31"],
            ["draw", "list"],
            ["repair", "list"],
            ["eligibility", uscc],
            ["notice", "list", uscc],
            ["remind", "--as-of", "2026-10-31"],
            ["remind", "history", uscc],
            ["audit", "list"],
            ["audit", "head"],
            ["token", "list"],
            ["commitments", "due", "--as-of", "2026-10-31"],
        ]
        for command in commands {
            let label = command.joined(separator: " ")
            let table = try runCredit(command + ["--format", "table"], db: db)
            #expect(table.status == 0 && !table.out.isEmpty, "\(label) --format table: \(table.err)")
            #expect(!table.out.hasPrefix("\u{FEFF}") && !table.out.hasPrefix("{") && !table.out.hasPrefix("["), "\(label): a table is no JSON")

            let json = try runCredit(command + ["--format", "json"], db: db)
            #expect(json.status == 0, "\(label) --format json: \(json.err)")
            #expect((try? JSONSerialization.jsonObject(with: Data(json.out.utf8), options: [.fragmentsAllowed])) != nil, "\(label): not JSON: \(json.out.prefix(200))")

            let csv = try runCredit(command + ["--format", "csv"], db: db)
            #expect(csv.status == 0, "\(label) --format csv: \(csv.err)")
            #expect(csv.out.unicodeScalars.first == "\u{FEFF}", "\(label): CSV without a BOM")
            let rows = Self.csvRows(csv.out)
            #expect(rows.count >= 1 && rows[0].count >= 2, "\(label): no CSV header")
            if let width = rows.first?.count {
                #expect(rows.allSatisfy { $0.count == width }, "\(label): ragged CSV")
            }
        }
        // An unknown format is refused by every one of them with the accepted values named.
        let refused = try runCredit(["draw", "list", "--format", "xml"], db: db)
        #expect(refused.status != 0 && refused.err.contains("table") && refused.err.contains("csv"), "\(refused.err)")
    }
}
