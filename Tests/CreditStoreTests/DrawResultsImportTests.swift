import CreditCore
import CreditIngest
import CreditRules
import CreditSampling
import CreditStore
import Foundation
import GRDB
import Testing
import CreditTestSupport

/// Draw results go through the data contract like every import: columns by name or alias,
/// fields validated and located, the rows before damage loaded, the plan's numbers applied.
@Suite struct DrawResultsImportTests {
    /// The first assigned task of a draw and its inspectors.
    static func assignedTask(_ f: DrawFixture, _ id: String) throws -> (uscc: String, certificates: [String])? {
        try f.tasks(id).compactMap { task in task.inspectors.map { (task.uscc, $0) } }.first
    }

    /// Aliases and another column order load; a bad code, a future date and an unknown draw are
    /// each reported at their line and column; a quote never closed rejects the rest, naming
    /// the file and line, and what came before it stands.
    @Test func resultsAreCheckedThroughTheDataContract() throws {
        let f = try DrawFixture()
        try f.draw("2026-11", "31415", "2026-11-05")
        let (uscc, certificates) = try #require(try Self.assignedTask(f, "2026-11"))
        let file = try f.folder.write("results.csv", """
            inspectors,date,result,USCC,draw_id
            \(certificates.joined(separator: "；")),2026年11月10日,未发现问题,\(uscc),2026-11
            \(certificates.joined(separator: ";")),2026-11-10,未发现问题,91350100M000100Y42,2026-11
            \(certificates.joined(separator: ";")),2099-01-01,未发现问题,\(uscc),2026-11
            \(certificates.joined(separator: ";")),2026-11-10,未发现问题,\(uscc),2025-01
            "\(certificates[0]),2026-11-10,未发现问题,\(uscc),2026-11
            \(certificates.joined(separator: ";")),2026-11-10,未发现问题,\(uscc),2026-11

            """)
        let report = try DrawResults(database: f.database).importFile(file, knownAt: t1, actor: "test")
        #expect(report.files.first?.loaded == 1)
        #expect(report.errors.map { "\($0.file):\($0.line) \($0.field)" } == [
            "results.csv:3 USCC", "results.csv:4 date", "results.csv:5 draw_id", "results.csv:6 (csv)",
        ])
        #expect(report.files.first?.damagedFromLine == 6)
        #expect(report.hasRejections)
        #expect(try f.database.count("SELECT COUNT(*) FROM draw_result") == 1)
    }

    /// The inspectors a task needs come from the plan stored with the draw, not from code.
    @Test func theDrawsPlanSetsTheInspectorsPerTask() throws {
        let f = try DrawFixture()
        try f.draw("2026-11", "31415", "2026-11-05")
        let (uscc, certificates) = try #require(try Self.assignedTask(f, "2026-11"))
        // The stored plan asks for three inspectors per task.
        try f.database.writer.write { db in
            try db.execute(sql: "DROP TRIGGER draw_immutable")
            try db.execute(sql: "UPDATE draw SET plan_text = replace(plan_text, 'inspectors_per_task: 2', 'inspectors_per_task: 3')")
        }
        let file = try f.folder.write("results.csv", "抽查编号,统一社会信用代码,检查结果,检查日期,执法证号\n2026-11,\(uscc),未发现问题,2026-11-10,\(certificates.joined(separator: ";"))\n")
        let report = try DrawResults(database: f.database).importFile(file, knownAt: t1, actor: "test")
        #expect(report.files.first?.loaded == 0)
        #expect(report.errors.first?.reason.hasPrefix("an inspection needs at least 3 inspectors") == true)
    }

    /// `credit draw results import` on a malformed file names the file and exits 3.
    @Test func theCommandNamesTheFileOfAMalformedCSVAndExitsThree() throws {
        let folder = try TemporaryFolder()
        let database = folder.path("credit.db")
        _ = try CreditDatabase.open(path: database)
        let file = try folder.write("结果.csv", "抽查编号,统一社会信用代码,检查结果,检查日期,执法证号\n\"2026-11,x\n")
        let process = Process()
        process.executableURL = try creditBinary()
        process.arguments = ["draw", "results", "import", file, "--db", database, "--rules", repositoryRoot.appendingPathComponent("Rules").path,
                             "--out", folder.path("out")]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 3)
        #expect(message.contains("结果.csv:2: (csv): a quoted field is never closed"), "\(message)")
    }
}
