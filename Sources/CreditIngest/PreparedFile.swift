import CreditCore
import CreditStore
import Crypto
import Dispatch
import Foundation
import Synchronization
import ZIPFoundation

/// A data file made ready to parse: read whole, its SHA-256 taken (the identity of its import
/// batch), and its rows made readable — a CSV's text checked as UTF-8 or converted from
/// GB18030, a workbook's sheet read. The format is told by the content (a ZIP is an `.xlsx`
/// workbook, an OLE2 compound file an `.xls` one), not by the name.
enum PreparedFile: Sendable {
    /// Why nothing of the file can be read.
    case unreadable(String)
    /// `size`: the file's size as read.
    case text(DecodedText, sha256: String, size: Int)
    case sheet([CSVRow], sha256: String, size: Int)

    /// What an `.xls` file gets: how to convert it.
    static let legacyExcel = "is an Excel 97–2003 workbook (.xls), which the engine cannot read; convert it to .xlsx first: soffice --headless --convert-to xlsx FILE.xls (LibreOffice), or save it as .xlsx or CSV in Excel"

    /// Reads and prepares the file at `path`.
    /// - Parameters:
    ///   - sheet: the worksheet of a workbook (nil: the first).
    ///   - hashAlongside: take the SHA-256 on another thread while this one checks the text
    ///     (when nothing else is running); otherwise one after the other.
    static func prepare(_ path: String, encoding forced: SourceEncoding?, sheet: String? = nil, hashAlongside: Bool) -> PreparedFile {
        guard let raw = FileBytes.contents(of: path) else { return .unreadable("cannot be read") }
        return prepare(bytes: raw, encoding: forced, sheet: sheet, hashAlongside: hashAlongside)
    }

    /// Prepares a file's bytes (an upload, or a file read).
    static func prepare(bytes raw: [UInt8], encoding forced: SourceEncoding?, sheet: String? = nil, hashAlongside: Bool) -> PreparedFile {
        let digest = Mutex<String?>(nil), hashing = DispatchGroup()
        let hash: @Sendable () -> Void = { [raw] in
            let sha = Hex.lowercase(SHA256.hash(data: raw))
            digest.withLock { $0 = sha }
        }
        if hashAlongside { DispatchQueue.global().async(group: hashing, execute: hash) }
        let format = Format(raw)
        var rows: [CSVRow] = []
        var decoded = DecodedText(bytes: [], encoding: .utf8)
        var failure: String?
        switch format {
        case .legacyExcel: failure = legacyExcel
        case .workbook:
            do {
                let archive = try Archive(data: Data(raw), accessMode: .read)
                rows = try XLSXReader.rows(archive: archive, sheet: sheet)
            } catch let problem as XLSXProblem {
                failure = problem.reason
            } catch {
                failure = "is not an Excel workbook (.xlsx): \(error)"
            }
        case .text: decoded = TextDecoding.decode(raw, forced: forced)
        }
        if hashAlongside { hashing.wait() } else { hash() }
        if let failure { return .unreadable(failure) }
        let sha = digest.withLock { $0! }
        return format == .workbook ? .sheet(rows, sha256: sha, size: raw.count) : .text(decoded, sha256: sha, size: raw.count)
    }

    /// A file's format, by its first bytes.
    enum Format: Equatable {
        case text, workbook, legacyExcel

        init(_ bytes: [UInt8]) {
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { self = .workbook }
            else if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { self = .legacyExcel }
            else { self = .text }
        }
    }

    /// The header row (the first row), for telling what a file holds before importing it.
    static func header(_ path: String, encoding forced: SourceEncoding?, sheet: String?) -> [String]? {
        guard let raw = FileBytes.prefix(of: path, count: 1 << 16) else { return nil }
        switch Format(raw) {
        case .legacyExcel: return nil
        case .workbook: return (try? XLSXReader.rows(path: path, sheet: sheet))?.first?.fields
        case .text:
            // The first lines only: cut at the last line break read (a character may straddle the cut).
            let lines = raw.count < 1 << 16 ? raw : Array(raw[..<((raw.lastIndex(of: 0x0A) ?? raw.count - 1) + 1)])
            let decoded = TextDecoding.decode(lines, forced: forced)
            var reader = CSVReader(bytes: decoded.bytes)
            return (try? reader.next())?.fields
        }
    }
}

/// The files of one import run, each prepared on a background thread while the files before
/// it are still being written: reading, checking and hashing a file then overlaps the end of
/// the previous one (its last batches, name index and commit) instead of following it.
/// Besides the file being written, memory holds at most the next large file and the small
/// ones before it.
final class FilePreparations: Sendable {
    /// One file: claimed once (by a background start or by `take`); `done` is left when its
    /// preparation is stored, or taken on the spot.
    private final class Slot: Sendable {
        let started = Atomic<Bool>(false)
        let done = DispatchGroup()
        let result = Mutex<PreparedFile?>(nil)

        init() { done.enter() }
        deinit { if !started.load(ordering: .acquiring) { done.leave() } }
    }

    private let paths: [String]
    private let encoding: SourceEncoding?
    private let sheet: String?
    private let slots: [Slot]
    /// Each file's size (0 when it cannot be read: its import reports why).
    private let sizes: [Int]

    init(paths: [String], encoding: SourceEncoding?, sheet: String? = nil) {
        self.paths = paths
        self.encoding = encoding
        self.sheet = sheet
        slots = paths.map { _ in Slot() }
        sizes = paths.map { FileBytes.size(of: $0) ?? 0 }
    }

    /// Starts preparing the files after `index`, up to and including the next large one (the
    /// small ones import in a moment). Called when the second core is free: file `index` has
    /// been parsed.
    func startAhead(of index: Int) {
        var next = index + 1
        while slots.indices.contains(next) {
            start(next)
            if sizes[next] >= Importer.parallelParsingSize { break }
            next += 1
        }
    }

    /// Starts preparing file `index` in the background (no-op when started or out of range).
    private func start(_ index: Int) {
        guard slots.indices.contains(index), !claim(index) else { return }
        let slot = slots[index], path = paths[index], encoding = encoding, sheet = sheet
        DispatchQueue.global().async {
            let prepared = PreparedFile.prepare(path, encoding: encoding, sheet: sheet, hashAlongside: false)
            slot.result.withLock { $0 = prepared }
            slot.done.leave()
        }
    }

    /// File `index`, prepared: waits for a background preparation, or prepares it here if none
    /// started. The slot lets go of the bytes.
    func take(_ index: Int) -> PreparedFile {
        let slot = slots[index]
        if !claim(index) {
            defer { slot.done.leave() }
            return PreparedFile.prepare(paths[index], encoding: encoding, sheet: sheet, hashAlongside: true)
        }
        slot.done.wait()
        return slot.result.withLock { $0.take()! }
    }

    /// Marks file `index` as started; true if it already was.
    private func claim(_ index: Int) -> Bool {
        slots[index].started.exchange(true, ordering: .acquiringAndReleasing)
    }
}
