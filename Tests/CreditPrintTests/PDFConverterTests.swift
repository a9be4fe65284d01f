import CreditCore
import CreditPrint
import CreditRepair
import CreditRules
import Foundation
import Testing

let rulesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Rules")

func rulesText(_ name: String) throws -> String { try String(contentsOf: rulesFolder.appendingPathComponent(name), encoding: .utf8) }

/// A county agency's notice (the 版头 carries the county's name, not the city's).
func countyNotice() throws -> RepairNotice {
    let rules = try RepairRulesLoader.load(try rulesText("repair.yaml"))
    let calendar = try CalendarLoader.load(try rulesText("calendar.yaml"))
    let agency = "保定市雄县市场监督管理局"
    let record = EnforcementRecord(
        documentNumber: "雄市监处罚〔2026〕38号", subjectName: "雄县宇康快餐店", subjectKind: .individualBusiness,
        uscc: try UnifiedSocialCreditCode(UnifiedSocialCreditCode.completing("92130638MA0000001")!), decisionDate: CalendarDate(iso: "2026-07-12")!,
        agency: agency, details: .penalty(.init(violationType: "虚假广告", types: [.fine], fine: Amount(yuan: 100_000), confiscation: nil,
                                                procedure: .ordinary, domain: .food, severity: nil, declaredPublicationEnd: nil,
                                                publicationDate: CalendarDate(iso: "2026-07-20"))))
    return try #require(rules.notice(for: record, number: rules.noticeNumber(agency: agency, year: 2026, sequence: 1),
                                     subjectName: "雄县宇康快餐店", issuedOn: CalendarDate(iso: "2026-07-12")!, calendar: calendar))
}

func renderer() throws -> DocumentRenderer {
    var texts: [String: String] = [:]
    let folder = rulesFolder.appendingPathComponent("templates")
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
        texts[name] = try rulesText("templates/\(name)")
    }
    return try DocumentRenderer(templates: texts)
}

/// Where a program is on `PATH`, if anywhere.
func installed(_ name: String) -> String? {
    (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Runs a poppler tool on a PDF and returns what it prints.
func poppler(_ tool: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(installed(tool)))
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(tool) failed")
    return String(decoding: data, as: UTF8.self)
}

let libreOfficeAndPoppler = installed("soffice") != nil && installed("pdfinfo") != nil && installed("pdftotext") != nil
let chromiumAndPoppler = PDFConverter.Engine.chromium.isInstalled && installed("pdfinfo") != nil && installed("pdftotext") != nil

extension PDFConverter.Engine {
    var isInstalled: Bool { (try? PDFConverter.installed(preferring: [self])) != nil }
}

/// The PDF a document becomes: page count and text, read back with poppler.
struct PrintedPDF {
    var pages: Int
    var text: String

    init(_ pdf: Data) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("credit-print-test-\(UUID().uuidString).pdf")
        try pdf.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let info = try poppler("pdfinfo", [file.path])
        pages = try #require(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) })
        text = try poppler("pdftotext", ["-layout", file.path, "-"])
    }
}

/// Serialized: Chromium and LibreOffice each take a core of the CI machine.
@Suite(.serialized) struct PDFConverterTests {
    /// The DOCX notice through LibreOffice (CI installs libreoffice-writer and poppler-utils):
    /// the PDF has its pages, the county agency's name from the 版头 and page numbers `— 1 —`.
    @Test(.enabled(if: libreOfficeAndPoppler, "LibreOffice (soffice) or poppler-utils (pdfinfo, pdftotext) is not installed: apt-get install libreoffice-writer poppler-utils"))
    func theDOCXNoticePrintsThroughLibreOffice() throws {
        let converter = try PDFConverter.installed(preferring: [.libreOffice])
        let pdf = try renderer().render(try countyNotice(), as: .pdf, pdf: converter)
        #expect(pdf.mediaType == "application/pdf" && pdf.fileName == "雄市监信修告〔2026〕1号.pdf")
        let printed = try PrintedPDF(pdf.bytes)
        #expect((2...6).contains(printed.pages), "a notice of three sections fills 2–6 pages, not \(printed.pages)")
        let text = printed.text.replacingOccurrences(of: " ", with: "")
        #expect(text.contains("保定市雄县市场监督管理局"))
        #expect(text.contains("雄市监信修告〔2026〕1号"))
        #expect(text.contains("—1—") && text.contains("—\(printed.pages)—"), "page numbers missing:\n\(printed.text)")
        #expect(!text.contains("〔2026〕0001号"))
    }

    /// The HTML notice through headless Chromium: its print stylesheet gives the same pages their numbers.
    @Test(.enabled(if: chromiumAndPoppler, "Chromium or poppler-utils (pdfinfo, pdftotext) is not installed: apt-get install chromium poppler-utils"))
    func theHTMLNoticePrintsThroughChromium() throws {
        let converter = try PDFConverter.installed(preferring: [.chromium])
        let printed = try PrintedPDF(try renderer().render(try countyNotice(), as: .pdf, pdf: converter).bytes)
        #expect((2...6).contains(printed.pages))
        let text = printed.text.replacingOccurrences(of: " ", with: "")
        #expect(text.contains("保定市雄县市场监督管理局") && text.contains("雄市监信修告〔2026〕1号"))
        #expect(text.contains("—1—") && text.contains("—\(printed.pages)—"), "page numbers missing:\n\(printed.text)")
    }

    /// Without either engine the error says what to install, naming both.
    @Test func withoutAnEngineTheErrorNamesBoth() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("credit-no-engines-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let error = try #require(throws: PDFError.self) { try PDFConverter.installed(searchPath: empty.path) }
        #expect(error == .noConverter(searched: [.chromium, .libreOffice]))
        #expect(error.description.contains("Chromium") && error.description.contains("LibreOffice") && error.description.contains("无法生成 PDF"))
        #expect(throws: PDFError.self) { try renderer().render(try countyNotice(), as: .pdf, pdf: nil) }
    }

    /// An engine that exits with an error is reported with its status and last output lines.
    @Test func aFailingEngineIsReported() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("credit-failing-engine-\(UUID().uuidString)")
        try "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        defer { try? FileManager.default.removeItem(at: script) }
        let error = try #require(throws: PDFError.self) {
            try PDFConverter(engine: .chromium, executable: script.path).convert(Data("<html></html>".utf8))
        }
        #expect(error == .failed(engine: .chromium, status: 3, detail: "cannot open display"))
    }

    /// An engine that hangs is stopped after the timeout, and says so.
    @Test func aHangingEngineIsStoppedAfterItsTimeout() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("credit-hanging-engine-\(UUID().uuidString)")
        try "#!/bin/sh\nexec sleep 30\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        defer { try? FileManager.default.removeItem(at: script) }
        let started = ContinuousClock.now
        let error = try #require(throws: PDFError.self) {
            try PDFConverter(engine: .libreOffice, executable: script.path, timeout: .seconds(1)).convert(Data("PK".utf8))
        }
        #expect(error == .timedOut(engine: .libreOffice, seconds: 1))
        #expect(error.description.contains("超时"))
        #expect(ContinuousClock.now - started < .seconds(20))
    }
}
