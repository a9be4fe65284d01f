import Dispatch
import GRDB

/// Copies committed WAL pages into the database file on another thread while the writer goes
/// on with its next transaction: for a run of large transactions (an import of many files),
/// so that a file's checkpoint — reading its pages back from the WAL, writing them to the
/// database file, syncing — overlaps the parsing and writing of the next file instead of
/// delaying it. Uses its own connection and SQLite's PASSIVE mode, which never blocks the
/// writer or readers. The writer's own automatic checkpoints are off meanwhile and restored by
/// `finish()`. Crash safety is SQLite's: an interrupted checkpoint is redone from the WAL.
package final class BackgroundCheckpointer: Sendable {
    private let database: CreditDatabase
    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "credit.checkpoint")
    private let running = DispatchGroup()

    /// Nil for a store without a WAL file (in memory), where there is nothing to overlap.
    package init?(_ database: CreditDatabase) throws {
        guard let pool = database.writer as? DatabasePool else { return nil }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        connection = try DatabaseQueue(path: pool.path, configuration: configuration)
        self.database = database
        try database.writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
    }

    /// Starts checkpointing what is committed so far (one at a time; returns at once).
    package func checkpointCommitted() {
        queue.async(group: running) { [connection] in
            // A checkpoint that cannot run now (busy) is only late: the next one, or closing the
            // database, copies what it left.
            _ = try? connection.writeWithoutTransaction { try $0.checkpoint(.passive) }
        }
    }

    /// Waits for the checkpoints started, then gives the writer back its automatic
    /// checkpoints (`CreditDatabase.walAutocheckpointPages`).
    package func finish() throws {
        running.wait()
        try database.writer.writeWithoutTransaction {
            try $0.execute(sql: "PRAGMA wal_autocheckpoint = \(CreditDatabase.walAutocheckpointPages)")
        }
    }
}
