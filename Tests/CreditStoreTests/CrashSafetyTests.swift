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
        // A large licensing file, so the import is still running when it is killed.
        var lines: [String] = []
        SyntheticCity(enterpriseCount: 40_000, seed: 7, asOf: CalendarDate(iso: "2026-10-31")!).generate { file, line in
            if file == .licensing { lines.append(line) }
        }
        let big = try folder.write("行政许可.csv", lines.joined())
        #expect(lines.count > 20_000)

        let process = Process()
        process.executableURL = try creditBinary()
        process.arguments = ["import", big, "--db", dbPath, "--rules", repositoryRoot.appendingPathComponent("Rules").path]
        process.standardOutput = FileHandle.nullDevice
        let progress = Pipe()
        process.standardError = progress
        process.environment = ProcessInfo.processInfo.environment.merging(["CREDIT_PROGRESS": "1"]) { $1 }
        try process.run()
        // The first progress line is printed from inside the file's transaction, after
        // 20,000 rows: kill right then.
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

        let database = try CreditDatabase.open(path: dbPath)
        let state = try database.writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record"), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_batch"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM enterprise"), try String.fetchOne(db, sql: "PRAGMA integrity_check"),
             try AuditLog.verify(db).firstBreak)
        }
        #expect(state.0 == 0)
        #expect(state.1 == 1)
        #expect(state.2 == 3)
        #expect(state.3 == "ok")
        #expect(state.4 == nil)
        // And the same file imports completely afterwards.
        let report = Importer(database: database).run([big])
        #expect(report.files.first?.loaded == lines.count - 1)
    }
}
