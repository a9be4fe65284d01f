import CreditCore
import CreditStore
import Foundation
import GRDB
import Synchronization

/// Loads data files into the store, one transaction per file, exactly per data-format.md:
/// CSV (UTF-8 or GB18030) and Excel workbooks, in the contract's own headers or through an
/// import profile chosen by the header.
public struct Importer: Sendable {
    public let database: CreditDatabase
    /// The record table's column order the writer packs and inserts (the table's own; a test
    /// gives another to show nothing depends on positions).
    let recordLayout: TableLayout<RecordColumn>
    /// Whether a first load builds the register's and the record key once at the end
    /// (`DeferredKey`); a test turns it off to compare with the keys kept row by row.
    let defersKeysOnFirstLoad: Bool

    public init(database: CreditDatabase) { self.init(database: database, recordLayout: Layouts.record) }

    init(database: CreditDatabase, recordLayout: TableLayout<RecordColumn>, defersKeysOnFirstLoad: Bool = true) {
        self.database = database
        self.recordLayout = recordLayout
        self.defersKeysOnFirstLoad = defersKeysOnFirstLoad
    }

    /// Expands directories (their CSV and Excel files, registers first) and imports each file.
    public func importPaths(_ paths: [String], options: ImportOptions,
                            progress: (@Sendable (ImportProgress) -> Void)? = nil) -> ImportReport {
        var report = ImportReport()
        let files = Self.expand(paths, options: options, report: &report)
        // Each file's checkpoint overlaps the next file (best effort: without it, commits
        // checkpoint as usual).
        let checkpointer = files.count > 1 ? try? BackgroundCheckpointer(database) : nil
        let registerCodes = RegisterCodes()
        let preparations = FilePreparations(paths: files.map(\.0), encoding: options.encoding, sheet: options.sheet)
        // A first load (no record stored yet) writes each category's first file without the
        // record key and builds the key once, after the last records file (every deferral comes
        // at or before it) — before the lists, commitments and triggers, so that on a file in WAL
        // mode the key's checkpoint overlaps them instead of closing the database.
        let firstLoad = defersKeysOnFirstLoad && (try? database.writer.read(DeferredKey.record.tableIsEmpty)) == true
        let lastRecordsFile = files.lastIndex { if case .records = $0.1 { true } else { false } }
        var categoriesLoaded: Set<RecordCategory> = [], deferredKey = false
        for (index, (file, kind)) in files.enumerated() {
            var defersKey = false
            if firstLoad, case .records(let category) = kind, categoriesLoaded.insert(category).inserted {
                defersKey = true
                deferredKey = true
            }
            importFile(file, kind: kind, options: options, into: &report, progress: progress, registerCodes: registerCodes,
                       prepared: preparations.take(index), defersRecordKey: defersKey, whenParsed: { preparations.startAhead(of: index) })
            if index == lastRecordsFile, deferredKey { buildRecordKey(into: &report) }
            checkpointer?.checkpointCommitted()
        }
        do { try checkpointer?.finish() } catch {
            report.warnings.append(ImportIssue(file: "(database)", line: 0, field: "wal_autocheckpoint",
                reason: "could not restore automatic checkpoints after the import (\(error)); they resume when the database is next opened"))
        }
        return report
    }

    /// Builds the record key deferred on a first load, or says why it could not.
    private func buildRecordKey(into report: inout ImportReport) {
        do { try database.writer.write { try DeferredKey.record.build($0, sortingThreads: Self.decodingThreads) } } catch {
            report.errors.append(ImportIssue(file: "(database)", line: 0, field: DeferredKey.record.indexName,
                reason: "the records were loaded but their key could not be built (\(error)); it is built when the database is next opened"))
        }
    }

    /// The data files a directory holds: CSV and Excel workbooks.
    static func isDataFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        return !name.hasPrefix(".") && !name.hasPrefix("~$") && (lower.hasSuffix(".csv") || lower.hasSuffix(".xlsx") || lower.hasSuffix(".xls"))
    }

    /// The files to import, in dependency order, each with what it holds: `--category`, else
    /// the forced profile's category, else the file name, else the category of the profile its
    /// header matches. Files that cannot be told become file errors.
    static func expand(_ paths: [String], options: ImportOptions, report: inout ImportReport) -> [(String, DataFileKind)] {
        var files: [(String, DataFileKind)] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                report.errors.append(ImportIssue(file: path, line: 0, field: "(file)", reason: "no such file or directory"))
                report.files.append(FileImportReport(file: path, category: "?", fileRejected: true))
                continue
            }
            let candidates: [String]
            if isDirectory.boolValue {
                let names = (try? fm.contentsOfDirectory(atPath: path)) ?? []
                candidates = names.filter(isDataFile).sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                candidates = [path]
            }
            for file in candidates {
                let base = (file as NSString).lastPathComponent
                func reject(_ reason: String) {
                    report.errors.append(ImportIssue(file: base, line: 0, field: "(file)", reason: reason))
                    report.files.append(FileImportReport(file: base, category: "?", fileRejected: true))
                }
                if let head = FileBytes.prefix(of: file, count: 8), PreparedFile.Format(head) == .legacyExcel {
                    reject(PreparedFile.legacyExcel)
                    continue
                }
                if let kind = options.kind ?? options.profile?.kind ?? DataFileKind(name: base) {
                    files.append((file, kind))
                } else if let header = PreparedFile.header(file, encoding: options.encoding, sheet: options.sheet),
                          let profile = ImportProfile.choose(for: header, among: options.profiles) {
                    files.append((file, profile.kind))
                } else {
                    reject("cannot tell what the file holds from its name or its header; name it after a category (e.g. 行政处罚.csv, penalty.xlsx, enterprises.csv), pass --category, or pass --profile")
                }
            }
        }
        // Registers load before what refers to them, whatever order the paths came in.
        return files.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element)
    }

    /// Imports one file in one transaction.
    public func importFile(_ path: String, kind: DataFileKind, options: ImportOptions, into report: inout ImportReport,
                           progress: (@Sendable (ImportProgress) -> Void)? = nil) {
        importFile(path, kind: kind, options: options, into: &report, progress: progress, registerCodes: RegisterCodes(),
                   prepared: PreparedFile.prepare(path, encoding: options.encoding, sheet: options.sheet, hashAlongside: true),
                   defersRecordKey: false, whenParsed: {})
    }

    /// Imports one file in one transaction; `registerCodes` is shared by the files of one run.
    /// - Parameters:
    ///   - prepared: the file, read and checked (`path` names it in reports).
    ///   - defersRecordKey: write the records without the record key (`DeferredKey.record`):
    ///     the first file of its category on a first load.
    ///   - whenParsed: called once the file's rows are all parsed, from any thread: the time
    ///     to start preparing the next files.
    func importFile(_ path: String, kind: DataFileKind, options: ImportOptions, into report: inout ImportReport,
                    progress: (@Sendable (ImportProgress) -> Void)?, registerCodes: RegisterCodes,
                    prepared: PreparedFile, defersRecordKey: Bool, whenParsed: @escaping @Sendable () -> Void) {
        // An enterprise file changes the register: whatever happens below, read it again.
        defer { if case .enterprises = kind { registerCodes.invalidate() } }
        var load = FileLoad(importer: self, path: path, kind: kind, options: options, progress: progress,
                            registerCodes: registerCodes, whenParsed: whenParsed)
        load.defersRecordKey = defersRecordKey
        switch prepared {
        case .unreadable(let reason):
            load.fail(0, "(file)", reason)
        case .text(let text, let sha, let size):
            load.file.format = "csv"
            load.file.encoding = text.encoding.rawValue
            load.run(CSVReader(bytes: text.bytes), sha: sha, size: size, encodingDamage: text.damage)
        case .sheet(let rows, let sha, let size):
            load.file.format = "xlsx"
            load.run(SheetReader(rows: rows), sha: sha, size: size, encodingDamage: nil)
        }
        report.files.append(load.file)
        report.errors += load.errors
        report.warnings += load.warnings
    }

    /// From this file size on, a file is parsed on a second core while this one writes.
    static let parallelParsingSize = 4 << 20

    /// Threads that decode a large file's batches at once (while one more writes them).
    static let decodingThreads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))

    /// How far the reader has got, shared with the progress display.
    final class ByteCounter: Sendable {
        let value = Atomic<Int>(0)
    }

    static func keyField(_ kind: DataFileKind) -> String {
        switch kind {
        case .enterprises: "统一社会信用代码"
        case .inspectors: "执法证号"
        case .conflicts: "执法证号"
        case .triggers: "线索编号"
        case .records: "决定文书号"
        case .listings: "决定文书号"
        case .commitments: "承诺书编号"
        case .drawResults: "统一社会信用代码"
        }
    }

    /// Unknown columns as a canonical JSON object, or nil when there are none.
    static func extraJSON(_ extras: [(name: String, value: String)]) -> String? {
        guard !extras.isEmpty else { return nil }
        return JSONValue.object(Dictionary(extras.map { ($0.name, JSONValue.string($0.value)) }, uniquingKeysWith: { a, _ in a })).canonicalText
    }
}
