import GRDB

extension Schema {
    /// The schema as SQL statements that create it: tables (and virtual tables, whose shadow
    /// tables SQLite makes itself), then indexes, triggers and views, each in creation order.
    /// GRDB's own register and SQLite's internal tables are left out.
    static func dump(_ db: Database) throws -> String {
        let virtual = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
        let shadows = Set(virtual.flatMap { name in ["data", "idx", "content", "docsize", "config"].map { "\(name)_\($0)" } })
        let rows = try Row.fetchAll(db, sql: """
            SELECT type, name, sql FROM sqlite_master
            WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
            ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'trigger' THEN 2 ELSE 3 END, rowid
            """)
        return rows.filter { !shadows.contains($0["name"] as String) }.map { ($0["sql"] as String) + ";\n" }.joined()
    }
}
