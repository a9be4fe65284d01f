import CreditCore
import CreditStore
import CreditSynthetic
import Foundation
import GRDB
import Testing
import CreditIngest
import CreditTestSupport

/// The draw and audit commands as a clerk runs them: exit codes, messages, files.
@Suite(.serialized) struct DrawCommandTests {
    struct Outcome { var status: Int32; var output: String; var errors: String }

    let folder: TemporaryFolder
    init() throws {
        folder = try TemporaryFolder()
        var files: [SyntheticCity.File: String] = [:]
        SyntheticCity(enterpriseCount: 300, seed: 4, asOf: CalendarDate(iso: "2026-10-31")!).generate { file, line in files[file, default: ""] += line }
        for (file, text) in files where file != .penaltyCorrections { try folder.write("city/\(file.rawValue)", text) }
        #expect(try credit("import", folder.path("city")).status == 0)
        #expect(try credit("classify", "--as-of", "2026-10-31").status == 0)
    }

    @discardableResult
    func credit(_ arguments: String...) throws -> Outcome {
        let process = Process()
        process.executableURL = try creditBinary()
        process.arguments = arguments + ["--db", folder.path("credit.db"), "--rules", repositoryRoot.appendingPathComponent("Rules").path]
        process.currentDirectoryURL = folder.url
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile(), err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: folder.path(path)) }

    @Test func prepareRunVerifyRestoreAndVoid() throws {
        let unsafe = try credit("draw", "prepare", "--id", "..", "--randomness-source", "x")
        #expect(unsafe.status == 2 && unsafe.errors.contains("“..”"))
        #expect(!exists("receipt.json") && !exists("public"))

        #expect(try credit("draw", "prepare", "--id", "2026-11", "--as-of", "2026-11-05", "--randomness-source", "双色球 2026-11-06").status == 0)
        #expect(exists("draws/2026-11/public/commitment.json") && !exists("draws/2026-11/audit/salt.txt"))
        let run = try credit("draw", "run", "--id", "2026-11", "--randomness", "05 11 17")
        #expect(run.status == 0 && exists("draws/2026-11/audit/salt.txt"))
        #expect(try credit("draw", "verify", "draws/2026-11").status == 0)
        // Published results are in code order too (the tasks' own order ranks the classes).
        #expect(try credit("draw", "results", "publish", "2026-11").status == 0)
        let publishedText = try String(contentsOfFile: folder.path("draws/2026-11/public/results.csv"), encoding: .utf8)
        let head = try Data(contentsOf: URL(fileURLWithPath: folder.path("draws/2026-11/public/results.csv"))).prefix(3)
        #expect(Array(head) == [0xEF, 0xBB, 0xBF], "a BOM, for Excel on Chinese Windows")
        let published = publishedText
            .split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }
        #expect(published.count > 3 && published == published.sorted())
        #expect(try credit("draw", "verify", "draws/2026-11").status == 0, "results files are not part of the draw's bundle")

        // A changed inspection item on the public list: exit 1 naming the file and line.
        let list = folder.path("draws/2026-11/public/selection.tsv")
        let original = try Data(contentsOf: URL(fileURLWithPath: list))
        var changed = [UInt8](original)
        changed[20] ^= 0x01
        try Data(changed).write(to: URL(fileURLWithPath: list))
        let failed = try credit("draw", "verify", "draws/2026-11")
        #expect(failed.status == 1 && failed.errors.contains("public/selection.tsv 第 1 行"))

        // The files lost: the same run writes them again; another randomness is refused with the way to restore.
        try FileManager.default.removeItem(atPath: folder.path("draws/2026-11"))
        let again = try credit("draw", "run", "--id", "2026-11", "--randomness", "05 11 17")
        #expect(again.status == 0 && again.output.contains("already run"))
        #expect(try credit("draw", "verify", "draws/2026-11").status == 0)
        let other = try credit("draw", "run", "--id", "2026-11", "--randomness", "other")
        #expect(other.status == 1 && other.errors.contains("credit draw show 2026-11 --out"))

        // Void: show and verify say so.
        #expect(try credit("draw", "void", "2026-11", "--reason", "名录有误").status == 0)
        #expect(try credit("draw", "show", "2026-11").output.contains("VOID"))
        let verified = try credit("draw", "verify", "draws/2026-11")
        #expect(verified.status == 0 && verified.output.contains("VOID") && verified.output.contains("名录有误"))
        #expect(try credit("draw", "list").output.contains("VOID"))
    }

    @Test func auditVerifyDetectsATruncatedLogAgainstANotedHead() throws {
        let head = try credit("audit", "head").output.split(separator: " ").last.map { String($0.dropLast()) } ?? ""
        #expect(head.count == 64)
        #expect(try credit("audit", "verify", "--expect-head", head).status == 0)
        let database = try DatabaseQueue(path: folder.path("credit.db"))
        try database.write { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_delete")
            try db.execute(sql: "DELETE FROM audit_event WHERE seq = (SELECT MAX(seq) FROM audit_event)")
        }
        #expect(try credit("audit", "verify").status == 0, "a clean cut leaves a consistent chain")
        let broken = try credit("audit", "verify", "--expect-head", head)
        #expect(broken.status == 1 && broken.errors.contains(head))
        #expect(try credit("audit", "verify", "--expect-head", "xyz").status == 2)
    }
}
