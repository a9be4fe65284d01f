import CreditCore
import CreditIngest
import CreditStore
import CreditSynthetic
import Foundation
import GRDB
import Testing
import CreditTestSupport

/// The `credit` binary built next to this test bundle.
func creditBinary() throws -> URL {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("credit"),
        Bundle.main.bundleURL.appendingPathComponent("credit"),
        repositoryRoot.appendingPathComponent(".build/debug/credit"),
    ]
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw CLIBinaryMissing(searched: candidates.map(\.path))
    }
    return found
}

struct CLIBinaryMissing: Error, CustomStringConvertible {
    var searched: [String]
    var description: String { "the credit binary was not found (build it with `swift build`); looked in \(searched)" }
}

@Suite(.serialized) struct CrashSafetyTests {
    /// A licensing file large enough that an import is still running when it is killed, and
    /// its rows.
    static func bigLicensingFile(in folder: TemporaryFolder) throws -> (path: String, lines: Int) {
        var lines: [String] = []
        SyntheticCity(enterpriseCount: 40_000, seed: 7, asOf: CalendarDate(iso: "2026-10-31")!).generate { file, line in
            if file == .licensing { lines.append(line) }
        }
        #expect(lines.count > 20_000)
        return (try folder.write("行政许可.csv", lines.joined()), lines.count)
    }

    /// Runs `credit import FILES --db DB` and kills it with SIGKILL once its first progress line
    /// is out: printed from inside a file's transaction, after 20,000 rows.
    static func killImportMidFile(_ files: [String], db: String) throws {
        let process = Process()
        process.executableURL = try creditBinary()
        process.arguments = ["import"] + files + ["--db", db, "--rules", repositoryRoot.appendingPathComponent("Rules").path]
        process.standardOutput = FileHandle.nullDevice
        let progress = Pipe()
        process.standardError = progress
        process.environment = ProcessInfo.processInfo.environment.merging(["CREDIT_PROGRESS": "1"]) { $1 }
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        var seen = Data()
        while Date() < deadline, process.isRunning {
            seen.append(progress.fileHandleForReading.availableData)
            if String(decoding: seen, as: UTF8.self).contains(" rows") { break }
        }
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(wasRunning, "the import finished before it could be killed; use a larger file")
        #expect(process.terminationReason == .uncaughtSignal)
    }

    /// After the kill: no record, one import batch (the register's), its 3 enterprises, an
    /// intact file and audit chain, in WAL mode; the same file then imports completely.
    static func expectOnlyTheRegister(_ dbPath: String, thenImport big: (path: String, lines: Int)) throws {
        let database = try CreditDatabase.open(path: dbPath)
        let state = try database.writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record"), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_batch"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM enterprise"), try String.fetchOne(db, sql: "PRAGMA integrity_check"),
             try AuditLog.verify(db).firstBreak, try String.fetchOne(db, sql: "PRAGMA journal_mode"))
        }
        #expect(state.0 == 0)
        #expect(state.1 == 1)
        #expect(state.2 == 3)
        #expect(state.3 == "ok")
        #expect(state.4 == nil)
        #expect(state.5 == "wal")
        let report = Importer(database: database).run([big.path])
        #expect(report.files.first?.loaded == big.lines - 1)
    }

    /// kill -9 in the middle of a file leaves the database exactly as it was before that file.
    @Test func killNineMidImportLeavesThePreviousState() throws {
        let folder = try TemporaryFolder()
        let dbPath = folder.path("crash.db")
        // Before: a small register.
        do {
            let database = try CreditDatabase.open(path: dbPath)
            try folder.write("enterprises.csv", enterprisesCSV)
            _ = Importer(database: database).run([folder.path("enterprises.csv")])
        }
        let big = try Self.bigLicensingFile(in: folder)
        try Self.killImportMidFile([big.path], db: dbPath)
        try Self.expectOnlyTheRegister(dbPath, thenImport: big)
    }

    /// The first load of a new file goes through the rollback journal (each page written once)
    /// and leaves the file in WAL mode; an existing file is loaded in WAL mode as opened.
    @Test func aNewFileIsLoadedThroughTheJournalAndLeftInWALMode() throws {
        let folder = try TemporaryFolder()
        let dbPath = folder.path("new.db")
        try folder.write("enterprises.csv", enterprisesCSV)
        let modeDuringFirstLoad = try CreditDatabase.load(path: dbPath) { database in
            _ = Importer(database: database).run([folder.path("enterprises.csv")])
            return try database.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        }
        #expect(modeDuringFirstLoad == "delete")
        #expect(!FileManager.default.fileExists(atPath: dbPath + "-journal"))
        let modeOfAnExistingFile = try CreditDatabase.load(path: dbPath) { database in
            try database.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        }
        #expect(modeOfAnExistingFile == "wal")
        let database = try CreditDatabase.open(path: dbPath)
        #expect(try database.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM enterprise") } == 3)
        // An empty file (as `touch` leaves it) is new too.
        let empty = try folder.write("empty.db", "")
        let modeOfAnEmptyFile = try CreditDatabase.load(path: empty) { database in
            try database.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        }
        #expect(modeOfAnEmptyFile == "delete")
    }

    /// kill -9 in the middle of the first load of a new file (journal, not WAL) leaves the
    /// files committed before it: the journal is rolled back when the file is next opened.
    @Test func killNineMidFirstLoadOfANewFileLeavesTheFilesBefore() throws {
        let folder = try TemporaryFolder()
        let dbPath = folder.path("fresh.db")
        let register = try folder.write("enterprises.csv", enterprisesCSV)
        let big = try Self.bigLicensingFile(in: folder)
        try Self.killImportMidFile([register, big.path], db: dbPath)
        #expect(FileManager.default.fileExists(atPath: dbPath + "-journal"), "the licensing file's transaction was under way")
        try Self.expectOnlyTheRegister(dbPath, thenImport: big)
    }
}
