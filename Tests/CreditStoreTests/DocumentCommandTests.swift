import CreditCore
import CreditStore
import CreditSynthetic
import Foundation
import GRDB
import Testing
import CreditTestSupport

/// `credit notice show` and `credit report` through the real binary: numbers without zero
/// padding (old padded spellings still found), `--format pdf` with an installed engine, and a
/// clear error naming both engines without one.
@Suite(.serialized) struct DocumentCommandTests {
    let folder: TemporaryFolder
    let db: String

    init() throws {
        folder = try TemporaryFolder()
        db = try importedSyntheticCity(into: folder, name: "documents.db", enterprises: 300, seed: 43)
    }

    func credit(_ arguments: [String], path: String? = nil) throws -> (status: Int32, out: String, err: String) {
        try runCredit(arguments, db: db, path: path)
    }

    func firstNotice() throws -> String {
        let issued = try credit(["notice", "issue", "--out", folder.path("notices")])
        #expect(issued.status == 0, "\(issued.err)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path("notices")).sorted()
        return String(try #require(names.first { $0.hasSuffix("〕1号.html") }).dropLast(".html".count))
    }

    @Test func noticesAreNumberedWithoutPaddingAndFoundByEitherSpelling() throws {
        let number = try firstNotice()
        #expect(number.firstMatch(of: /〔\d{4}〕1号$/) != nil)
        let padded = number.replacingOccurrences(of: "〕1号", with: "〕0001号")
        let text = try credit(["notice", "show", padded])
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.split(separator: "\n").dropFirst().first.map(String.init) == number)
    }

    /// `notice list USCC` names every notice of the enterprise with its decision, and nothing of
    /// another enterprise.
    @Test func noticesAreListedPerEnterprise() throws {
        let number = try firstNotice()
        let shown = try credit(["notice", "show", number, "--format", "json"])
        let notice = try JSONSerialization.jsonObject(with: Data(shown.out.utf8)) as! [String: Any]
        let uscc = try #require(notice["uscc"] as? String)
        let listed = try credit(["notice", "list", uscc, "--format", "json"])
        #expect(listed.status == 0, "\(listed.err)")
        let entries = try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as! [[String: Any]]
        #expect(entries.contains { $0["number"] as? String == number })
        let all = try credit(["notice", "issue", "--out", folder.path("notices")])
        #expect(all.status == 0)
        let table = try credit(["notice", "list", uscc])
        #expect(table.status == 0 && table.out.contains("告知书编号") && table.out.contains(number))
        #expect(try credit(["notice", "list", "91130600MA0000001X"]).status != 0, "a code with a wrong check digit is refused")
    }

    @Test func pdfNeedsAFileAndAnEngine() throws {
        let number = try firstNotice()
        let noFile = try credit(["notice", "show", number, "--format", "pdf"])
        #expect(noFile.status == 2 && noFile.err.contains("--format pdf needs --out FILE"))
        let nothing = folder.path("no-engines")
        try FileManager.default.createDirectory(atPath: nothing, withIntermediateDirectories: true)
        let noEngine = try credit(["notice", "show", number, "--format", "pdf", "--out", folder.path("n.pdf")], path: nothing)
        #expect(noEngine.status == 1)
        #expect(noEngine.err.contains("无法生成 PDF") && noEngine.err.contains("Chromium") && noEngine.err.contains("LibreOffice"), "\(noEngine.err)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("n.pdf")))
        // No report number is spent on a PDF that cannot be made.
        let code = try CreditDatabase.open(path: db).writer.read { db in try String.fetchOne(db, sql: "SELECT uscc FROM enterprise LIMIT 1") }
        let report = try credit(["report", try #require(code), "--format", "pdf", "--out", folder.path("r.pdf")], path: nothing)
        #expect(report.status == 1 && report.err.contains("LibreOffice"))
        #expect(try CreditDatabase.open(path: db).writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM issued_report") } == 0)
    }

    @Test(.enabled(if: ["chromium", "chromium-browser", "google-chrome", "soffice"].contains { name in
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }, "neither Chromium nor LibreOffice is installed"))
    func aNoticeAndAnIssuedReportArePrintedToPDF() throws {
        let number = try firstNotice()
        let notice = try credit(["notice", "show", number, "--format", "pdf", "--out", folder.path("n.pdf")])
        #expect(notice.status == 0, "\(notice.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path("n.pdf"))).starts(with: Array("%PDF-".utf8)))
        let code = try CreditDatabase.open(path: db).writer.read { db in try String.fetchOne(db, sql: "SELECT uscc FROM enterprise LIMIT 1") }
        let report = try credit(["report", try #require(code), "--format", "pdf", "--out", folder.path("r.pdf")])
        #expect(report.status == 0 && report.out.contains("保市监信报〔"), "\(report.err)")
        let verified = try credit(["report", "verify", folder.path("r.pdf")])
        #expect(verified.status == 0 && verified.out.contains("核验通过"), "\(verified.err)")
    }
}
