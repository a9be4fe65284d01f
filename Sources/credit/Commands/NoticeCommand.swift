import ArgumentParser
import CreditCore
import CreditPrint
import CreditRepair
import CreditStore
import Foundation
import Synchronization

extension DocumentFormat: ExpressibleByArgument {}

struct NoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice", abstract: "信用修复告知书: one per published penalty, and one per listing decision (--lists), served with the decision.",
        subcommands: [Issue.self, List.self, Show.self])

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a notice for every published penalty that has none (idempotent), writing print-ready HTML.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Only penalties decided on or after this date.") var since: String?
        @Option(help: "Directory for the HTML notices.") var out: String = "out/notices"
        @Flag(help: "Issue the notices of listing decisions (经营异常名录, 严重违法失信名单) in force instead, in their own number sequences.")
        var lists = false

        func run() throws {
            let since = try since.map { text -> CalendarDate in
                guard let d = CalendarDate(iso: text) else { throw ValidationError("--since '\(text)' is not YYYY-MM-DD") }
                return d
            }
            let directory = options.rulesDirectory
            let store = RepairStore(database: try options.open(), rules: try directory.repairRules())
            let renderer = try directory.renderer()
            if lists {
                // As for penalties: stored only once every file is written, no files when not stored.
                let summary = try BackgroundNoticeFiles<ListingNotice>.issue(renderer: renderer, directory: out) {
                    try store.issueListingNotices(since: since, now: .now, actor: "cli", receiver: $0)
                }
                let withDecision = summary.issued.filter { $0.service == .withDecision }.count
                print("issued \(summary.issued.count) listing notices into \(out)"
                      + (summary.issued.isEmpty ? "" : " (\(summary.issued.first!.number) … \(summary.issued.last!.number)); \(withDecision) served with the decision (两书同达), \(summary.issued.count - withDecision) later (补充告知)"))
                if summary.alreadyNoticed > 0 { print("\(summary.alreadyNoticed) listings already had a notice") }
                if summary.ended > 0 { print("\(summary.ended) listings already ended (moved out, repaired or past their term): no notice") }
                return
            }
            let started = Date()
            // Each chunk's files are written while the store composes the next one; the batch
            // commits only once every file is written, and a batch rolled back leaves no files.
            let calendar = try directory.calendar()
            let summary = try BackgroundNoticeFiles<RepairNotice>.issue(renderer: renderer, directory: out) {
                try store.issueNotices(since: since, now: .now, actor: "cli", calendar: calendar, receiver: $0)
            }
            print("issued \(summary.issuedCount) notices into \(out) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
                  + (summary.firstNumber.map { " (\($0) … \(summary.lastNumber ?? $0))" } ?? ""))
            if summary.issuedCount > 0 { print(NoticeCommand.breakdown(summary).trimmingCharacters(in: .whitespaces)) }
            if summary.alreadyNoticed > 0 { print("\(summary.alreadyNoticed) penalties already had a notice") }
            let unpublished = summary.unpublished.values.reduce(0, +)
            if unpublished > 0 {
                print("\(unpublished) penalties get no notice (not published, or publication already over):")
                for (reason, n) in summary.unpublished.sorted(by: { $0.value > $1.value }) { print("  \(n)  \(reason)") }
            }
        }
    }

    /// `; by 25 agencies; 3 served with the decision, 547 later (补充告知)`: who issued and how served.
    static func breakdown(_ summary: NoticeIssueSummary) -> String {
        "；由 \(summary.agencies.count) 个作出处罚的机关发出（谁处罚、谁告知）；\(summary.servedWithDecision) 份与决定书一并送达，"
            + "\(summary.issuedCount - summary.servedWithDecision) 份事后送达（补充告知）"
    }

    /// Renders and writes notices as HTML files, on all cores (each file is independent). Files
    /// are written with plain POSIX calls, without an fsync each (Foundation's `Data.write` syncs
    /// every file, which made a batch of 100,000 wait on the disk 100,000 times): the stored notice
    /// is the record, and `credit notice show NO --format html` writes its file again.
    static func write<D: PrintableDocument & Sendable>(_ notices: [D], renderer: DocumentRenderer, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        let failures = Mutex<[String]>([])
        let chunks = max(1, min(notices.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        let size = (notices.count + chunks - 1) / chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            for notice in notices[min(chunk * size, notices.count)..<min((chunk + 1) * size, notices.count)] {
                do {
                    let page = try renderer.render(notice, as: .html)
                    try writeFile(page.bytes, to: base + page.fileName)
                } catch {
                    failures.withLock { $0.append("\(notice.fileStem): \(error)") }
                }
            }
        }
        if let first = failures.withLock({ $0.first }) { throw CLIError("cannot write notice \(first)") }
    }
}

/// Writes a streamed notice batch's HTML files on a background queue while the store composes
/// and stores the next chunk (the two share the cores instead of taking turns). At most two
/// chunks wait, so memory stays bounded; a failed file fails the batch (at its next chunk, or
/// at `finish()` before the batch commits), and `discard()` removes every file of a batch the
/// store did not commit.
final class BackgroundNoticeFiles<Document: PrintableDocument & Sendable>: Sendable {
    private let renderer: DocumentRenderer
    private let directory: String
    private let queue = DispatchQueue(label: "credit.notice-files")
    private let slots = DispatchSemaphore(value: 2)
    private let state = Mutex<(paths: [String], failure: String?)>(([], nil))

    init(renderer: DocumentRenderer, directory: String) {
        self.renderer = renderer
        self.directory = directory
    }

    /// Runs a store batch (`RepairStore.issueNotices`, `issueListingNotices`) that hands its
    /// notices to the receiver given: their files are written here while the batch goes on, the
    /// batch commits only once every file is written, and a batch that fails leaves no files.
    static func issue<Summary>(renderer: DocumentRenderer, directory: String,
                               _ batch: (NoticeReceiver<Document>) throws -> Summary) throws -> Summary {
        let files = BackgroundNoticeFiles(renderer: renderer, directory: directory)
        do {
            return try batch(NoticeReceiver(receive: { try files.enqueue($0) }, finish: { try files.finish() }))
        } catch {
            files.discard()
            throw error
        }
    }

    /// Queues a chunk; throws the first failure of an earlier chunk.
    func enqueue(_ notices: [Document]) throws {
        if let failure = state.withLock({ $0.failure }) { throw CLIError(failure) }
        slots.wait()
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        state.withLock { $0.paths += notices.map { base + $0.fileStem + ".html" } }
        queue.async { [self] in
            defer { slots.signal() }
            do { try NoticeCommand.write(notices, renderer: renderer, to: directory) } catch {
                state.withLock { if $0.failure == nil { $0.failure = "\(error)" } }
            }
        }
    }

    /// Waits for the queued files; throws if one could not be written.
    func finish() throws {
        queue.sync {}
        if let failure = state.withLock({ $0.failure }) { throw CLIError(failure) }
    }

    /// Waits for the queued files, then removes all of them (the batch was not stored).
    func discard() {
        queue.sync {}
        for path in state.withLock({ $0.paths }) { unlink(path) }
    }
}

extension NoticeCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the notices issued to one enterprise: number, decision, agency, service, publication end (a listing's term), earliest repair.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The enterprise's 统一社会信用代码.") var uscc: String
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        struct Entry: Encodable {
            var number: String, documentNo: String, agency: String, issuedOn: String, service: String?, publicationEnd: String?, earliestRepair: String?
            enum CodingKeys: String, CodingKey {
                case number, agency, service
                case documentNo = "document_no", issuedOn = "issued_on", publicationEnd = "publication_end", earliestRepair = "earliest_repair"
            }
        }

        func run() throws {
            let code = try parseCode(uscc)
            let store = RepairStore(database: try options.open(), rules: try options.rulesDirectory.repairRules())
            let entries = try store.noticeNumbers(uscc: code.rawValue).values.sorted().compactMap { number -> Entry? in
                guard let notice = try store.notice(number: number) else { return nil }
                return Entry(number: notice.number, documentNo: notice.assessment.documentNumber, agency: notice.agency,
                             issuedOn: notice.issuedOn.description, service: notice.service?.rawValue,
                             publicationEnd: notice.assessment.end?.description, earliestRepair: notice.assessment.earliestRepair?.description)
            } + store.listingNoticeNumbers(uscc: code.rawValue).compactMap { ref -> Entry? in
                // Notices of listing decisions: the 列入决定书文号, no publication end, the first day to apply for removal.
                guard let notice = try store.listingNotice(number: ref.number) else { return nil }
                return Entry(number: notice.number, documentNo: notice.documentNo, agency: notice.agency, issuedOn: notice.issuedOn.description,
                             service: notice.service.rawValue, publicationEnd: notice.expiresOn?.description, earliestRepair: notice.earliestRepair.description)
            }
            if format == .table, entries.isEmpty { print("\(code.rawValue) 没有已发出的信用修复告知书"); return }
            var table = TextTable(["告知书编号", "处罚决定书文号", "发文机关", "发文日期", "送达方式", "公示截止", "最早可申请修复"])
            for e in entries {
                table.add([e.number, e.documentNo, e.agency, e.issuedOn, e.service == "with_decision" ? "一并送达" : e.service == "later" ? "事后送达" : "—",
                           e.publicationEnd ?? "—", e.earliestRepair ?? "—"])
            }
            try printListing(table, json: entries, format: format)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print or write one notice as HTML, DOCX, text, JSON or PDF.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "Notice number, e.g. 保市监信修告〔2026〕1号 (numbers issued with zero padding, 〔2026〕0001号, are found either way).")
        var number: String
        @Option(help: "html, docx, txt, json or pdf (PDF needs Chromium or LibreOffice installed).") var format: DocumentFormat = .txt
        @Option(help: "Write to this file (required for docx and pdf).") var out: String?

        func run() throws {
            let directory = options.rulesDirectory
            let store = RepairStore(database: try options.open(), rules: try directory.repairRules())
            if let notice = try store.notice(number: number) {
                try writeDocument(notice, format: format, out: out, renderer: directory.renderer())
            } else if let notice = try store.listingNotice(number: number) {
                try writeDocument(notice, format: format, out: out, renderer: directory.renderer())
            } else {
                throw CLIError("no notice \(number)")
            }
        }
    }
}

/// Prints a document, or writes it to `out` (required for DOCX and PDF).
func writeDocument<D: PrintableDocument>(_ document: D, format: DocumentFormat, out: String?, renderer: DocumentRenderer) throws {
    do { _ = try D.format(named: format.rawValue) } catch { throw ValidationError("--\(error)") }
    if format.isBinary, out == nil { throw ValidationError("--format \(format.rawValue) needs --out FILE") }
    let rendered = try renderer.render(document, as: format, pdf: try pdfConverter(for: format))
    if let out {
        try rendered.bytes.write(to: URL(fileURLWithPath: out))
        print("wrote \(out)")
    } else {
        print(String(decoding: rendered.bytes, as: UTF8.self))
    }
}

extension DocumentFormat {
    /// DOCX and PDF are written to a file, never to the terminal.
    var isBinary: Bool { self == .docx || self == .pdf }
}

/// The installed PDF engine when the format is PDF (nil otherwise); a clear error naming both
/// engines when neither is installed.
func pdfConverter(for format: DocumentFormat) throws -> PDFConverter? {
    guard format == .pdf else { return nil }
    do { return try PDFConverter.installed() } catch { throw CLIError(error.description) }
}
