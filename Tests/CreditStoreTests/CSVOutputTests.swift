import CreditCore
import CreditStore
import Foundation
import Testing
import CreditIngest
import CreditTestSupport

/// CSV files that a spreadsheet will open never carry a live formula (OWASP CSV injection).
@Suite(.serialized) struct CSVOutputTests {
    func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = try creditBinary()
        process.arguments = arguments + ["--rules", repositoryRoot.appendingPathComponent("Rules").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// A reporting unit named like a formula reaches `quality --format csv` as text.
    @Test func qualityCSVNeutralisesFormulaNames() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("csv.db")
        let records = """
            行政相对人名称,统一社会信用代码,决定文书号,决定日期,实施机关,数据来源单位,上报日期,确认事项
            甲,\(codeA),确1,2026-09-01,局,"=HYPERLINK(""http://evil.example"",""点我"")",2026-09-02,认定
            乙,\(codeB),确2,2026-09-01,局,@SUM(1+1)*cmd|' /C calc'!A0,2026-09-02,认定
            """
        _ = Importer(database: try CreditDatabase.open(path: db)).run([try folder.write("行政确认.csv", records + "\n")])
        let csv = try run(["quality", "--db", db, "--format", "csv"])
        #expect(csv.contains("'=HYPERLINK") && csv.contains("'@SUM"), "\(csv)")
        for line in csv.split(separator: "\n") {
            for cell in line.split(separator: ",") {
                let text = cell.hasPrefix("\"") ? cell.dropFirst() : cell
                #expect(!["=", "@", "+"].contains(text.first.map(String.init) ?? ""), "live formula in \(line)")
            }
        }
    }
}
