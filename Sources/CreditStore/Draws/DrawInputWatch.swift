import CreditSampling
import GRDB
import GRDBSQLite

/// Proof that nothing wrote to the tables a draw's inputs come from between its prepare and its
/// run, so that the run may take its inputs from the files prepare froze instead of reading a
/// million enterprises, their classes and the draws' history again and laying them out anew.
///
/// Prepare creates, in its own transaction, a row in `draw_input_watch` and triggers on each
/// of those tables (`tables`) that mark the row touched on any insert, update or delete of a
/// row, whoever writes it: the engine, the `sqlite3` shell or another program (the audit log
/// records only the engine's writes, so it cannot prove this). The run, and a void, drop them:
/// an import between prepare and run pays for a trigger on every row it writes, an import at
/// any other time nothing.
///
/// The run trusts the watch only while it is exactly as prepare left it: the row untouched
/// and every trigger present with the text prepare gave it. Anything else (a touched row, a
/// trigger dropped or rewritten, a draw prepared before the watch or by a build that watched
/// fewer tables) sends the run back to reading the tables, laying the input files out again
/// and comparing them with the commitment, which then names what changed. Either way the
/// files the run draws from are the committed ones (the stored files' SHA-256 are compared
/// with the commitment before they are used), so the watch decides only where the inputs
/// are read from, never whether the run may go on.
enum DrawInputWatch {
    /// The tables a draw's inputs are read from (`DrawStore.gather`): the register, the
    /// classes and their runs, the previous draws and their tasks (minimum interval, previous
    /// inspectors, served triggers, the previous receipt), the roster, the declared conflicts
    /// and the triggers.
    static let tables = ["enterprise", "classification", "classification_run", "draw", "draw_task", "inspector", "conflict",
                         "inspection_trigger"]
    static let operations = ["INSERT", "UPDATE", "DELETE"]

    /// Each trigger's name and the exact text prepare creates it with.
    static let triggers: [String: String] = Dictionary(uniqueKeysWithValues: tables.flatMap { table in
        operations.map { operation in
            let name = "draw_watch_\(table)_\(operation.lowercased())"
            return (name, "CREATE TRIGGER \(name) AFTER \(operation) ON \(table) BEGIN UPDATE draw_input_watch SET touched = 1 WHERE touched = 0; END")
        }
    })

    /// Starts watching for draw `drawID` (inside its prepare transaction), remembering how many
    /// active enterprises the frame left out for want of a class.
    static func start(_ db: Database, drawID: String, unclassified: Int) throws {
        try stop(db)
        try db.execute(sql: "INSERT INTO draw_input_watch (draw_id, unclassified) VALUES (?, ?)", arguments: [drawID, unclassified])
        for name in triggers.keys.sorted() { try db.execute(sql: triggers[name]!) }
    }

    /// The number of unclassified active enterprises prepare counted, if the watch over draw
    /// `drawID` proves every table in `tables` unwritten since; nil otherwise.
    static func untouched(_ db: Database, drawID: String) throws -> Int? {
        guard let row = try Row.fetchOne(db, sql: "SELECT touched, unclassified FROM draw_input_watch WHERE draw_id = ?", arguments: [drawID]),
              row[0] as Int == 0 else { return nil }
        let present = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name GLOB 'draw_watch_*'")
        let found = Dictionary(present.map { ($0[0] as String, ($0[1] as String?) ?? "") }, uniquingKeysWith: { first, _ in first })
        return found == triggers ? row[1] as Int : nil
    }

    /// Stops watching (the run, a void, or a new prepare after a draw left half-watched).
    static func stop(_ db: Database) throws {
        for name in triggers.keys.sorted() { try db.execute(sql: "DROP TRIGGER IF EXISTS \(name)") }
        try db.execute(sql: "DELETE FROM draw_input_watch")
    }

    /// The input files draw `drawID` froze, by path (`DrawFiles.inputs` and the previous
    /// receipt), as prepare stored them.
    static func storedInputFiles(_ db: Database, drawID: String) throws -> [String: [UInt8]] {
        try LargeBlob.files(db, table: "draw_input_file", drawID: drawID)
    }
}
