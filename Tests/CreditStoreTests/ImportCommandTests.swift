import CreditCore
import CreditStore
import CreditTestSupport
import Foundation
import Testing

/// `credit import` as a user runs it: the table and `--format json` tell the same story.
@Suite struct ImportCommandTests {
    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = try creditBinary()
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    /// A file damaged part-way (a quote never closed): the rows before the damage load, and the
    /// table and the JSON report the same counts and the same damage; both exit 3.
    @Test func tableAndJSONAgreeOnAFileDamagedPartWay() throws {
        let folder = try TemporaryFolder()
        var text = "行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,确认事项\n"
        for n in 1...40 { text += "甲,\(codeA),确\(n),2025-01-02,局,认定\n" }
        text += "乙,\(codeA),\"确41,2025-01-02,局,认定\n"
        for n in 42...50 { text += "甲,\(codeA),确\(n),2025-01-02,局,认定\n" }
        let file = try folder.write("行政确认.csv", text)
        let rules = repositoryRoot.appendingPathComponent("Rules").path
        let table = try run(["import", file, "--db", folder.path("a.db"), "--rules", rules])
        let json = try run(["import", file, "--db", folder.path("b.db"), "--rules", rules, "--format", "json"])
        #expect(table.status == 3 && json.status == 3)
        let line = try #require(table.out.split(separator: "\n").first { $0.hasPrefix("行政确认.csv") })
        let cells = line.split(separator: " ", omittingEmptySubsequences: true)
        #expect(line.contains("(DAMAGED from line 42)"))
        #expect(Array(cells.suffix(8)) == ["50", "40", "0", "0", "0", "10", "0", "0"])
        struct Report: Decodable {
            struct File: Decodable {
                var rows: Int, loaded: Int, rejected: Int
                var file_rejected: Bool, damaged_from_line: Int?
            }
            var files: [File]
        }
        let decoded = try JSONDecoder().decode(Report.self, from: Data(json.out.utf8))
        let report = try #require(decoded.files.first)
        #expect((report.rows, report.loaded, report.rejected, report.file_rejected, report.damaged_from_line) == (50, 40, 10, false, 42))
        #expect(table.err.contains("行政确认.csv:42: (csv): a quoted field is never closed"))
    }
}
