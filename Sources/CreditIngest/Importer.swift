import CreditCore
import CreditStore
import Foundation
import GRDB
import Synchronization

/// Options of one import run.
public struct ImportOptions: Sendable {
    /// Forces every file to this kind (`--category`); otherwise the file name decides.
    public var kind: DataFileKind?
    /// Forces the encoding; otherwise detected.
    public var encoding: SourceEncoding?
    /// Load nothing from a file that has any rejected row.
    public var strict: Bool
    /// Knowledge time: when the engine learns these rows. Also decides "today" for
    /// "not in the future" checks (in China Standard Time).
    public var knownAt: Timestamp
    /// Legacy codes that fail the check character but are legal.
    public var allowList: Set<String>
    /// Who runs the import, for the audit log.
    public var actor: String
    /// Store rows equal to a superseded version, or older than the stored one, as corrections
    /// (`--allow-revert`); by default the newer version is kept and a warning names it.
    public var allowRevert: Bool

    public init(kind: DataFileKind? = nil, encoding: SourceEncoding? = nil, strict: Bool = false,
                knownAt: Timestamp, allowList: Set<String> = [], actor: String = "cli", allowRevert: Bool = false) {
        self.kind = kind; self.encoding = encoding; self.strict = strict; self.knownAt = knownAt
        self.allowList = allowList; self.actor = actor; self.allowRevert = allowRevert
    }
}

/// One problem found in a file: `file:line: field: reason`.
public struct ImportIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var field: String
    public var reason: String
    public var description: String { line > 0 ? "\(file):\(line): \(field): \(reason)" : "\(file): \(field): \(reason)" }
}

/// What happened to one file.
public struct FileImportReport: Sendable, Hashable, Codable {
    public var file: String
    public var category: String
    public var encoding: String?
    /// Data rows read (excluding the header and blank lines).
    public var rows = 0
    public var loaded = 0
    public var unchanged = 0
    public var corrected = 0
    public var rejected = 0
    /// 自然人 rows, skipped by design.
    public var skipped = 0
    /// Rows repeating a 决定文书号 already in the same file with identical content.
    public var duplicates = 0
    /// Rows that would have reverted a later correction (or are older than the stored
    /// version): the newer version was kept, with a warning.
    public var keptNewer = 0
    /// Records whose code is not (yet) in the enterprise register.
    public var notInRegister = 0
    /// The whole file was rejected (unreadable, wrong columns, broken CSV, --strict).
    public var fileRejected = false
    /// Same content as an earlier import: nothing was written.
    public var alreadyImported = false

    enum CodingKeys: String, CodingKey {
        case file, category, rows, loaded, unchanged, corrected, rejected, skipped, duplicates
        case notInRegister = "not_in_register", encoding, keptNewer = "kept_newer"
        case fileRejected = "file_rejected", alreadyImported = "already_imported"
    }
}

/// The result of importing one or more files.
public struct ImportReport: Sendable, Codable {
    public var files: [FileImportReport] = []
    public var errors: [ImportIssue] = []
    public var warnings: [ImportIssue] = []
    /// True when any row or file was rejected (exit code 3).
    public var hasRejections: Bool { files.contains { $0.rejected > 0 || $0.fileRejected } }
}

/// Progress of a long import, for a terminal display.
public struct ImportProgress: Sendable {
    public var file: String
    public var rows: Int
    public var bytesRead: Int
    public var bytesTotal: Int
    public var elapsedSeconds: Double
}

/// Loads data files into the store, one transaction per file, exactly per data-format.md.
public struct Importer: Sendable {
    public let database: CreditDatabase
    /// The record table's column order the writer packs and inserts (the table's own; a test
    /// gives another to show nothing depends on positions).
    let recordLayout: TableLayout<RecordColumn>

    public init(database: CreditDatabase) { self.init(database: database, recordLayout: Layouts.record) }

    init(database: CreditDatabase, recordLayout: TableLayout<RecordColumn>) {
        self.database = database
        self.recordLayout = recordLayout
    }

    /// Expands directories (their `*.csv` files, registers first) and imports each file.
    public func importPaths(_ paths: [String], options: ImportOptions,
                            progress: (@Sendable (ImportProgress) -> Void)? = nil) -> ImportReport {
        var report = ImportReport()
        let files = Self.expand(paths, options: options, report: &report)
        // Each file's checkpoint overlaps the next file (best effort: without it, commits
        // checkpoint as usual).
        let checkpointer = files.count > 1 ? try? BackgroundCheckpointer(database) : nil
        let registerCodes = RegisterCodes()
        let preparations = FilePreparations(paths: files.map(\.0), encoding: options.encoding)
        for (index, (file, kind)) in files.enumerated() {
            importFile(file, kind: kind, options: options, into: &report, progress: progress, registerCodes: registerCodes,
                       prepared: preparations.take(index), whenParsed: { preparations.startAhead(of: index) })
            checkpointer?.checkpointCommitted()
        }
        do { try checkpointer?.finish() } catch {
            report.warnings.append(ImportIssue(file: "(database)", line: 0, field: "wal_autocheckpoint",
                reason: "could not restore automatic checkpoints after the import (\(error)); they resume when the database is next opened"))
        }
        return report
    }

    /// The files to import, in dependency order; unknown names become file errors.
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
                candidates = names.filter { $0.lowercased().hasSuffix(".csv") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                candidates = [path]
            }
            var found: [(String, DataFileKind)] = []
            for file in candidates {
                let base = (file as NSString).lastPathComponent
                if let kind = options.kind ?? DataFileKind(name: base) {
                    found.append((file, kind))
                } else if !isDirectory.boolValue || DataFileKind(name: base) == nil {
                    report.errors.append(ImportIssue(
                        file: base, line: 0, field: "(file)",
                        reason: "cannot tell what the file holds from its name; name it after a category (e.g. 行政处罚.csv, penalty.csv, enterprises.csv) or pass --category"))
                    report.files.append(FileImportReport(file: base, category: "?", fileRejected: true))
                }
            }
            files += found
        }
        // Registers load before what refers to them, whatever order the paths came in.
        return files.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element)
    }

    /// Thrown inside a transaction to roll it back on purpose.
    private struct Rollback: Error { var reason: String }

    /// Imports one file in one transaction.
    public func importFile(_ path: String, kind: DataFileKind, options: ImportOptions, into report: inout ImportReport,
                           progress: (@Sendable (ImportProgress) -> Void)? = nil) {
        importFile(path, kind: kind, options: options, into: &report, progress: progress, registerCodes: RegisterCodes(),
                   prepared: PreparedFile.prepare(path, encoding: options.encoding, hashAlongside: true), whenParsed: {})
    }

    /// Imports one file in one transaction; `registerCodes` is shared by the files of one run.
    /// - Parameters:
    ///   - prepared: the file, read and checked (`path` names it in reports).
    ///   - whenParsed: called once the file's rows are all parsed, from any thread: the time
    ///     to start preparing the next files.
    func importFile(_ path: String, kind: DataFileKind, options: ImportOptions, into report: inout ImportReport,
                    progress: (@Sendable (ImportProgress) -> Void)?, registerCodes: RegisterCodes,
                    prepared: PreparedFile, whenParsed: @escaping @Sendable () -> Void) {
        // An enterprise file changes the register: whatever happens below, read it again.
        defer { if case .enterprises = kind { registerCodes.invalidate() } }
        let name = (path as NSString).lastPathComponent
        var file = FileImportReport(file: name, category: kind.description)
        func fail(_ line: Int, _ field: String, _ reason: String) {
            whenParsed()
            file.fileRejected = true
            report.errors.append(ImportIssue(file: name, line: line, field: field, reason: reason))
            report.files.append(file)
        }
        let decoded: (bytes: [UInt8], encoding: SourceEncoding), sha: String, size: Int
        switch prepared {
        case .unreadable:
            return fail(0, "(file)", "cannot be read")
        case .undecodable(let error):
            return fail(error.line, "(encoding)", "invalid \(error.encoding == .utf8 ? "UTF-8" : "GB18030") byte sequence (use --encoding to override detection)")
        case .text(let bytes, let encoding, let digest, let fileSize):
            decoded = (bytes, encoding); sha = digest; size = fileSize
        }
        file.encoding = decoded.encoding.rawValue
        var reader = CSVReader(bytes: decoded.bytes)
        let header: HeaderMap
        do {
            guard let first = try reader.next() else { return fail(1, "(header)", "the file is empty") }
            header = try HeaderMap(header: first.fields, kind: kind)
        } catch let problem as CSVProblem {
            return fail(problem.line, "(csv)", problem.reason)
        } catch let problem as HeaderMap.Problem {
            return fail(1, "(header)", problem.description)
        } catch { return fail(1, "(header)", "\(error)") }
        if !header.unknownColumns.isEmpty {
            report.warnings.append(ImportIssue(file: name, line: 1, field: "(header)",
                reason: "unknown column(s) \(header.unknownColumns.map(\.name).joined(separator: ", ")) kept as extra fields"))
        }
        let decoder = RowDecoder(header: header, allowList: options.allowList, today: options.knownAt.chinaDate)
        let bytesRead = ByteCounter()
        var errors: [ImportIssue] = []
        var warnings: [ImportIssue] = []
        var rejectedRows: [(line: Int, problem: RowProblem, fields: [String], duplicate: Bool)] = []
        var keptNewer: [(line: Int, kept: VersionedTable.Kept)] = []
        let started = Date()
        do {
            try database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO import_batch (file_name, file_sha256, kind, encoding, known_at, rows, loaded, unchanged,
                        corrected, rejected, skipped, duplicates, strict)
                    VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, ?)
                    """, arguments: [name, sha, kind.description, decoded.encoding.rawValue, options.knownAt.description, options.strict])
                let batchID = db.lastInsertedRowID
                // New enterprises get rowids above this, so the name index reads only them.
                let lastEnterpriseRowID = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(rowid), 0) FROM enterprise") ?? 0
                let table: VersionedTable
                switch kind {
                case .enterprises: table = .enterprise
                case .inspectors: table = .inspector
                case .conflicts: table = .conflict
                case .triggers: table = .trigger
                case .records: table = VersionedTable(recordLayout, orderColumn: .reportDate)
                }
                // A records file's rows fill the common columns and their category's only.
                let insertedValues: [String]? = switch kind {
                case .records(let category): RecordColumn.values(of: category).map(\.sqlName)
                default: nil
                }
                let writer = try VersionedTable.Writer(table, db: db, batchID: batchID, knownAt: options.knownAt,
                                                       insertedValues: insertedValues, allowRevert: options.allowRevert)
                // The register's codes, for the parser to tell which records name a code it lacks.
                let register: Set<RegisterCodes.Code>? = switch kind {
                case .records: try registerCodes.codes(db)
                default: nil
                }
                let inspectorExists = try db.makeStatement(sql: "SELECT 1 FROM inspector WHERE certificate_no = ?")
                let enterpriseExists = try db.makeStatement(sql: "SELECT 1 FROM enterprise WHERE uscc = ?")
                func reject(_ line: Int, _ problem: RowProblem, _ fields: [String], duplicate: Bool = false) {
                    rejectedRows.append((line, problem, fields, duplicate))
                    if !duplicate { file.rejected += 1 }
                }
                /// The fields of a row read again (for a row rejected while writing).
                func fields(at start: Int) -> [String] {
                    var again = CSVReader(bytes: decoded.bytes, offset: start)
                    return (try? again.next())?.fields ?? []
                }
                /// Writes a valid row and counts what that did.
                func write(line: Int, start: Int, columns: PackedColumns.Row, unregistered: Bool, of batch: ParsedBatch,
                           texts: UnsafeBufferPointer<UInt8>) throws {
                    switch try writer.write(db, batch.columns, columns, texts: texts, line: line) {
                    case .loaded:
                        file.loaded += 1
                        if unregistered { file.notInRegister += 1 }
                    case .unchanged: file.unchanged += 1
                    case .corrected: file.corrected += 1
                    case .keptNewer(let kept):
                        file.keptNewer += 1
                        keptNewer.append((line, kept))
                    case .repeatedInBatch(let first, let identical):
                        if identical {
                            file.duplicates += 1
                            reject(line, RowProblem(field: Self.keyField(kind), reason: "repeats line \(first) (identical; counted as a duplicate)"), fields(at: start), duplicate: true)
                        } else {
                            let key = String.fromDatabaseValue(batch.columns.values(columns.keyCells).last ?? .null) ?? ""
                            reject(line, RowProblem(field: Self.keyField(kind), reason: "\(key) already appears on line \(first) of this file with different content"), fields(at: start))
                        }
                    }
                }
                /// Writes one parsed row; runs on the writer's connection.
                func consume(_ item: ParsedBatch.Item, of batch: ParsedBatch, texts: UnsafeBufferPointer<UInt8>) throws {
                    file.rows += 1
                    switch item {
                    case .rejected(let line, let problem, let fields): reject(line, problem, fields)
                    case .skipped: file.skipped += 1
                    case .row(let line, let start, let columns, let unregistered):
                        try write(line: line, start: start, columns: columns, unregistered: unregistered, of: batch, texts: texts)
                    case .rowWithNotes(let line, let start, let columns, let unregistered, let rowWarnings, let conflict):
                        for warning in rowWarnings where warnings.count < 200 {
                            warnings.append(ImportIssue(file: name, line: line, field: warning.field, reason: warning.reason))
                        }
                        if let c = conflict {
                            guard try Row.fetchOne(inspectorExists, arguments: [c.certificateNumber]) != nil else {
                                reject(line, RowProblem(field: "执法证号", reason: "\(c.certificateNumber) is not in the inspector register"), fields(at: start))
                                return
                            }
                            guard try Row.fetchOne(enterpriseExists, arguments: [c.uscc.rawValue]) != nil else {
                                reject(line, RowProblem(field: "统一社会信用代码", reason: "\(c.uscc) is not in the enterprise register"), fields(at: start))
                                return
                            }
                        }
                        try write(line: line, start: start, columns: columns, unregistered: unregistered, of: batch, texts: texts)
                    }
                    if let progress, file.rows % 20_000 == 0 {
                        progress(ImportProgress(file: name, rows: file.rows, bytesRead: bytesRead.value.load(ordering: .relaxed),
                                                bytesTotal: reader.count, elapsedSeconds: Date().timeIntervalSince(started)))
                    }
                }
                /// Writes a batch, its texts bound in place.
                func consume(_ batch: ParsedBatch) throws {
                    defer { writer.releaseBorrowedTexts() }
                    try batch.columns.texts.withUnsafeBufferPointer { texts in
                        for item in batch.items { try consume(item, of: batch, texts: texts) }
                    }
                }
                if size < Self.parallelParsingSize {
                    whenParsed()  // parsing runs here: the other core is free now
                    while case let batch = try Self.readBatch(&reader, decoder: decoder, register: register, recordLayout: recordLayout), !batch.items.isEmpty {
                        bytesRead.value.store(reader.offset, ordering: .relaxed)
                        try consume(batch)
                    }
                } else {
                    // A large file: parsing and validating run on a second core, SQLite writes here.
                    let channel = BatchChannel<ParsedBatch>()
                    let producer = DispatchGroup()
                    let source = reader
                    DispatchQueue.global().async(group: producer) {
                        var rows = source
                        do {
                            defer { whenParsed() }
                            while case let batch = try Self.readBatch(&rows, decoder: decoder, register: register, recordLayout: recordLayout), !batch.items.isEmpty {
                                bytesRead.value.store(rows.offset, ordering: .relaxed)
                                guard channel.send([batch]) else { return }
                            }
                            channel.finish(nil)
                        } catch {
                            channel.finish(error)
                        }
                    }
                    defer { channel.cancel(); producer.wait() }
                    while let batches = try channel.receive() { for batch in batches { try consume(batch) } }
                }
                if case .enterprises = kind {
                    // Name search index for the new enterprises, in one statement. FTS5 merges its
                    // segments as it goes (automerge); for one bulk statement that merging is
                    // deferred to later writes, and the terms gather in a 64 MiB hash table rather
                    // than 1 MiB before they are written out, so there are fewer segments to merge.
                    // Both settings are put back for later writes. 1M names: 1.6 → 1.3 → 1.0 s,
                    // searches as fast.
                    try db.execute(sql: """
                        INSERT INTO enterprise_fts (enterprise_fts, rank) VALUES ('automerge', 0);
                        INSERT INTO enterprise_fts (enterprise_fts, rank) VALUES ('hashsize', 67108864);
                        INSERT INTO enterprise_fts (rowid, name) SELECT rowid, name FROM enterprise WHERE rowid > ?;
                        INSERT INTO enterprise_fts (enterprise_fts, rank) VALUES ('hashsize', 1048576);
                        INSERT INTO enterprise_fts (enterprise_fts, rank) VALUES ('automerge', 4);
                        """, arguments: [lastEnterpriseRowID])
                }
                if options.strict, file.rejected > 0 { throw Rollback(reason: "strict") }
                if file.loaded == 0, file.corrected == 0,
                   try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM import_batch WHERE file_sha256 = ? AND id <> ?)",
                                     arguments: [sha, batchID]) == true {
                    throw Rollback(reason: "already imported")
                }
                try Self.recordRejections(db, batchID: batchID, kind: kind, decoder: decoder, rejected: rejectedRows)
                try db.execute(sql: """
                    UPDATE import_batch SET rows = ?, loaded = ?, unchanged = ?, corrected = ?, rejected = ?, skipped = ?,
                        duplicates = ? WHERE id = ?
                    """, arguments: [file.rows, file.loaded, file.unchanged, file.corrected, file.rejected, file.skipped,
                                     file.duplicates, batchID])
                try AuditLog.append(db, kind: "import", actor: options.actor, at: options.knownAt, payload: [
                    "file": .string(name), "sha256": .string(sha), "category": .string(kind.description),
                    "rows": .int(Int64(file.rows)), "loaded": .int(Int64(file.loaded)),
                    "corrected": .int(Int64(file.corrected)), "rejected": .int(Int64(file.rejected)),
                ])
            }
        } catch let rollback as Rollback {
            if rollback.reason == "strict" {
                file.fileRejected = true
                file.rejected += file.loaded + file.corrected + file.unchanged
                file.loaded = 0; file.corrected = 0; file.unchanged = 0
                errors.append(ImportIssue(file: name, line: 0, field: "(file)", reason: "--strict: nothing loaded from this file because rows were rejected"))
                try? database.writer.write { db in
                    try db.execute(sql: """
                        INSERT INTO import_batch (file_name, file_sha256, kind, encoding, known_at, rows, loaded, unchanged,
                            corrected, rejected, skipped, duplicates, strict)
                        VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, 1)
                        """, arguments: [name, sha, kind.description, decoded.encoding.rawValue, options.knownAt.description,
                                         file.rows, file.rejected, file.skipped, file.duplicates])
                    try Self.recordRejections(db, batchID: db.lastInsertedRowID, kind: kind, decoder: decoder, rejected: rejectedRows)
                }
            } else {
                file.alreadyImported = true
                file.unchanged += file.loaded
                file.loaded = 0
            }
        } catch let problem as CSVProblem {
            return fail(problem.line, "(csv)", problem.reason + "; nothing loaded from this file")
        } catch {
            return fail(0, "(database)", "\(error); nothing loaded from this file")
        }
        for rejected in rejectedRows where !rejected.duplicate {
            errors.append(ImportIssue(file: name, line: rejected.line, field: rejected.problem.field, reason: rejected.problem.reason))
        }
        for rejected in rejectedRows where rejected.duplicate {
            warnings.append(ImportIssue(file: name, line: rejected.line, field: rejected.problem.field, reason: rejected.problem.reason))
        }
        for (line, kept) in keptNewer where warnings.count < 400 {
            let why = switch kept.reason {
            case .superseded: "equals a version that a later correction superseded"
            case .older(let row, let stored): "is older (上报日期 \(row)) than the stored version (\(stored))"
            }
            warnings.append(ImportIssue(file: name, line: line, field: Self.keyField(kind), reason:
                "the row \(why); kept the version from \(kept.file):\(kept.line) learned \(kept.knownFrom) (--allow-revert to store this row)"))
        }
        if file.notInRegister > 0 {
            warnings.append(ImportIssue(file: name, line: 0, field: "统一社会信用代码",
                reason: "\(file.notInRegister) record(s) name a code not in the enterprise register; they count once the register has the entity"))
        }
        report.errors += errors.sorted { $0.line < $1.line }
        report.warnings += warnings
        report.files.append(file)
    }

    /// From this file size on, a file is parsed on a second core while this one writes.
    static let parallelParsingSize = 4 << 20

    /// How far the CSV reader has got, shared with the progress display.
    final class ByteCounter: Sendable {
        let value = Atomic<Int>(0)
    }

    /// Rows after parsing and validation, ready to be written (or why not), their stored
    /// columns packed for binding in place.
    struct ParsedBatch: Sendable {
        enum Item: Sendable {
            case rejected(line: Int, problem: RowProblem, fields: [String])
            case skipped
            /// `start`: where the row begins in the decoded file, to read its fields again
            /// should writing reject it; `unregistered`: a record naming a code the enterprise
            /// register lacks. The common case: nothing to copy or release per row.
            case row(line: Int, start: Int, columns: PackedColumns.Row, unregistered: Bool)
            /// A row with warnings, or a conflict, which still needs its register checks.
            case rowWithNotes(line: Int, start: Int, columns: PackedColumns.Row, unregistered: Bool, warnings: [RowProblem],
                              conflict: Conflict?)
        }
        var items: [Item] = []
        var columns = PackedColumns()
    }

    /// Reads and decodes up to `limit` rows; an empty batch at the end of the input. No
    /// database access: runs on any thread.
    /// - Parameter register: the enterprise register's codes, to check records against.
    static func readBatch(_ reader: inout CSVReader, decoder: RowDecoder, register: Set<RegisterCodes.Code>?,
                          recordLayout: TableLayout<RecordColumn>,
                          limit: Int = 512) throws(CSVProblem) -> ParsedBatch {
        var batch = ParsedBatch()
        batch.items.reserveCapacity(limit)
        while batch.items.count < limit {
            let start = reader.offset
            guard let row = try reader.next() else { break }
            batch.items.append(parse(row, start: start, decoder: decoder, register: register, recordLayout: recordLayout,
                                     into: &batch.columns))
        }
        return batch
    }

    /// Decodes one CSV row, packing its stored columns into `columns`.
    static func parse(_ row: CSVRow, start: Int, decoder: RowDecoder, register: Set<RegisterCodes.Code>?,
                      recordLayout: TableLayout<RecordColumn>,
                      into columns: inout PackedColumns) -> ParsedBatch.Item {
        let output: RowDecoder.Output
        do throws(RowProblem) { output = try decoder.decode(row.fields) } catch {
            return .rejected(line: row.line, problem: error, fields: row.fields)
        }
        let extra = extraJSON(decoder.extras(row.fields))
        var conflict: Conflict?
        var unregistered = false
        let packed: PackedColumns.Row
        switch output.row {
        case .naturalPerson: return .skipped
        case .enterprise(let e): packed = columns.appendRow(Layouts.enterprise) { StoredRows.write(e, extra: extra, to: &$0) }
        case .inspector(let i): packed = columns.appendRow(Layouts.inspector) { StoredRows.write(i, extra: extra, to: &$0) }
        case .trigger(let t): packed = columns.appendRow(Layouts.trigger) { StoredRows.write(t, extra: extra, to: &$0) }
        case .record(let r):
            packed = columns.appendRow(recordLayout) { StoredRows.write(r, extra: extra, to: &$0) }
            if let register { unregistered = !(RegisterCodes.Code(r.uscc).map(register.contains) ?? false) }
        case .conflict(let c): packed = columns.appendRow(Layouts.conflict) { StoredRows.write(c, extra: extra, to: &$0) }; conflict = c
        }
        if output.warnings.isEmpty, conflict == nil {
            return .row(line: row.line, start: start, columns: packed, unregistered: unregistered)
        }
        return .rowWithNotes(line: row.line, start: start, columns: packed, unregistered: unregistered,
                             warnings: output.warnings, conflict: conflict)
    }

    static func keyField(_ kind: DataFileKind) -> String {
        switch kind {
        case .enterprises: "统一社会信用代码"
        case .inspectors: "执法证号"
        case .conflicts: "执法证号"
        case .triggers: "线索编号"
        case .records: "决定文书号"
        }
    }

    static func recordRejections(_ db: Database, batchID: Int64, kind: DataFileKind, decoder: RowDecoder,
                                 rejected: [(line: Int, problem: RowProblem, fields: [String], duplicate: Bool)]) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO rejected_row (batch_id, line, field, reason, kind, source_unit, decision_date, document_no, is_duplicate)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for r in rejected {
            try statement.execute(arguments: [batchID, r.line, r.problem.field, r.problem.reason, kind.description,
                                              decoder.sourceUnitHint(r.fields), decoder.decisionDateHint(r.fields)?.description,
                                              decoder.documentNumberHint(r.fields), r.duplicate])
        }
    }

    /// Unknown columns as a canonical JSON object, or nil when there are none.
    static func extraJSON(_ extras: [(name: String, value: String)]) -> String? {
        guard !extras.isEmpty else { return nil }
        return JSONValue.object(Dictionary(extras.map { ($0.name, JSONValue.string($0.value)) }, uniquingKeysWith: { a, _ in a })).canonicalText
    }
}
