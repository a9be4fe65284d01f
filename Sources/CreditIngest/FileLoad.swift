import CreditCore
import CreditStore
import Foundation
import GRDB

/// One file's import: its header matched (through a profile if one fits), its rows parsed,
/// validated and written in one transaction, what happened counted and explained.
struct FileLoad {
    let importer: Importer
    let path: String
    let name: String
    let kind: DataFileKind
    let options: ImportOptions
    let progress: (@Sendable (ImportProgress) -> Void)?
    let registerCodes: RegisterCodes
    let whenParsed: @Sendable () -> Void
    /// A category's first file on a first load: written without the record key
    /// (`DeferredKey.record`), which the import builds after its last such file.
    var defersRecordKey = false
    var file: FileImportReport
    var errors: [ImportIssue] = []
    var warnings: [ImportIssue] = []

    init(importer: Importer, path: String, kind: DataFileKind, options: ImportOptions,
         progress: (@Sendable (ImportProgress) -> Void)?, registerCodes: RegisterCodes, whenParsed: @escaping @Sendable () -> Void) {
        self.importer = importer; self.path = path; self.kind = kind; self.options = options; self.progress = progress
        self.registerCodes = registerCodes; self.whenParsed = whenParsed
        name = (path as NSString).lastPathComponent
        file = FileImportReport(file: name, category: kind.description)
    }

    var database: CreditDatabase { importer.database }

    /// The whole file is rejected: nothing loaded.
    mutating func fail(_ line: Int, _ field: String, _ reason: String) {
        whenParsed()
        file.fileRejected = true
        errors.append(ImportIssue(file: name, line: line, field: field, reason: reason))
    }

    /// A rejected row, or a damaged stretch: kept for the report and the quality report.
    typealias Rejected = (line: Int, problem: RowProblem, fields: [String], duplicate: Bool)

    /// Thrown inside a transaction to roll it back on purpose.
    private enum Rollback: Error { case strict, alreadyImported }

    /// Reads the header, then every row, in one transaction.
    mutating func run<R: RowReader>(_ source: R, sha: String, size: Int, encodingDamage: EncodingProblem?) {
        if kind == .drawResults { return fail(0, "(file)", "draw results are imported with `credit draw results import FILE`") }
        var reader = source
        let first: CSVRow?
        do { first = try reader.next() } catch { return fail(error.line, "(csv)", error.reason) }
        guard let first else {
            if let encodingDamage {
                return fail(encodingDamage.line, "(encoding)", "invalid \(encodingDamage.encoding == .utf8 ? "UTF-8" : "GB18030") byte sequence in the header (use --encoding to override detection)")
            }
            return fail(1, "(header)", "the file is empty")
        }
        let profile = options.profile ?? ImportProfile.choose(for: first.fields, among: options.profiles.filter { $0.kind == kind })
        file.profile = profile?.name
        let header: HeaderMap
        do { header = try HeaderMap(header: first.fields, kind: kind, profile: profile) } catch {
            return rejectWhole(first, reader: reader, reason: error.description, sha: sha, profile: profile)
        }
        if !header.unknownColumns.isEmpty {
            warnings.append(ImportIssue(file: name, line: first.line, field: "(header)",
                reason: "unknown column(s) \(header.unknownColumns.map(\.name).joined(separator: ", ")) kept as extra fields"))
        }
        let decoder = RowDecoder(header: header, allowList: options.allowList, today: options.knownAt.chinaDate)
        write(&reader, decoder: decoder, sha: sha, size: size, encodingDamage: encodingDamage)
    }

    /// A file whose header cannot be used is rejected whole; a records file's rows still count
    /// as submitted and not compliant in the quality report (recorded once per content).
    private mutating func rejectWhole<R: RowReader>(_ headerRow: CSVRow, reader: R, reason: String, sha: String, profile: ImportProfile?) {
        fail(headerRow.line, "(header)", reason)
        guard case .records = kind else { return }
        var reader = reader
        var rows: [CSVRow] = []
        while true {
            do { guard let row = try reader.next() else { break }; rows.append(row) } catch {
                if error.endsInput { break } else { continue }
            }
        }
        file.rows = rows.count
        file.rejected = rows.count
        let hints = RowDecoder(header: HeaderMap(lenientHeader: headerRow.fields, kind: kind, profile: profile),
                               today: options.knownAt.chinaDate)
        let kindName = kind.description, knownAt = options.knownAt.description, name = name, path = path
        let format = file.format, encoding = file.encoding ?? "utf8"
        do {
            try database.writer.write { db in
                guard try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM import_batch WHERE file_sha256 = ? AND rejected_whole = 1)",
                                        arguments: [sha]) == true else { return }
                try db.execute(sql: """
                    INSERT INTO import_batch (file_name, file_sha256, kind, encoding, known_at, rows, loaded, unchanged,
                        corrected, rejected, skipped, duplicates, strict, source_path, profile, format, rejected_whole)
                    VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, 0, 0, 0, ?, ?, ?, 1)
                    """, arguments: [name, sha, kindName, encoding, knownAt, rows.count, rows.count, path, profile?.name, format])
                let problem = RowProblem(field: "(header)", reason: reason)
                try Self.recordRejections(db, batchID: db.lastInsertedRowID, kind: kindName, decoder: hints,
                                          rejected: rows.map { ($0.line, problem, $0.fields, false) })
            }
        } catch {
            warnings.append(ImportIssue(file: name, line: 0, field: "(database)", reason: "the rejected rows could not be recorded for the quality report: \(error)"))
        }
    }

    /// Parses, validates and writes every row in one transaction.
    private mutating func write<R: RowReader>(_ reader: inout R, decoder: RowDecoder, sha: String, size: Int,
                                              encodingDamage: EncodingProblem?) {
        let bytesRead = Importer.ByteCounter()
        var rejectedRows: [Rejected] = []
        var keptNewer: [(line: Int, kept: VersionedTable.Kept)] = []
        var damage: (line: Int, field: String, reason: String, lines: Int)?
        if let encodingDamage {
            damage = (encodingDamage.line, "(encoding)", "invalid \(encodingDamage.encoding == .utf8 ? "UTF-8" : "GB18030") byte sequence (use --encoding to override detection)",
                      encodingDamage.linesLeft)
        }
        let started = Date()
        let kind = kind, options = options, name = name, path = path, progress = progress, whenParsed = whenParsed
        let recordLayout = importer.recordLayout, registerCodes = registerCodes, defersRecordKey = defersRecordKey
        var file = self.file
        var warnings: [ImportIssue] = []
        var alreadyImported = false
        do {
            try database.writer.write { db in
                // The same content again changes nothing — unless reverting is the point.
                alreadyImported = try !options.allowRevert && Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM import_batch WHERE file_sha256 = ? AND strict = 0 AND rejected_whole = 0)
                    """, arguments: [sha]) == true
                try db.execute(sql: """
                    INSERT INTO import_batch (file_name, file_sha256, kind, encoding, known_at, rows, loaded, unchanged,
                        corrected, rejected, skipped, duplicates, strict, source_path, profile, format)
                    VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, ?, ?, ?, ?)
                    """, arguments: [name, sha, kind.description, file.encoding ?? "utf8", options.knownAt.description, options.strict,
                                     path, file.profile, file.format])
                let batchID = db.lastInsertedRowID
                // New enterprises get rowids above this, so the name index reads only them.
                let lastEnterpriseRowID = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(rowid), 0) FROM enterprise") ?? 0
                let table: VersionedTable
                switch kind {
                case .enterprises: table = .enterprise
                case .inspectors: table = .inspector
                case .conflicts: table = .conflict
                case .triggers: table = .trigger
                case .listings: table = .listing
                case .commitments: table = .commitment
                case .records, .drawResults: table = VersionedTable(recordLayout, orderColumn: .reportDate)
                }
                // A records file's rows fill the common columns and their category's only.
                let insertedValues: [String]? = switch kind {
                case .records(let category): RecordColumn.values(of: category).map(\.sqlName)
                default: nil
                }
                // Rows meet the key that tells corrections from new rows, unless it is deferred: the
                // records' until the last category's first file is in, the register's (into an
                // empty register) until the end of this file, built by sorting below.
                let (key, defersKey): (DeferredKey?, Bool) = switch kind {
                case .records, .drawResults: (.record, defersRecordKey)
                case .enterprises: (.enterprise, try importer.defersKeysOnFirstLoad && DeferredKey.enterprise.tableIsEmpty(db))
                default: (nil, false)
                }
                if let key { try defersKey ? key.drop(db) : key.build(db) }
                let writer = try VersionedTable.Writer(table, db: db, batchID: batchID, knownAt: options.knownAt,
                                                       insertedValues: insertedValues, allowRevert: options.allowRevert,
                                                       keysInMemory: defersKey)
                // The register's codes, for the parser to tell which records name a code it lacks.
                let register: Set<RegisterCodes.Code>? = switch kind {
                case .records, .listings, .commitments: try registerCodes.codes(db)
                default: nil
                }
                let inspectorExists = try db.makeStatement(sql: "SELECT 1 FROM inspector WHERE certificate_no = ?")
                let enterpriseExists = try db.makeStatement(sql: "SELECT 1 FROM enterprise WHERE uscc = ?")
                let rows = reader
                func reject(_ line: Int, _ problem: RowProblem, _ fields: [String], duplicate: Bool = false) {
                    rejectedRows.append((line, problem, fields, duplicate))
                    if !duplicate { file.rejected += 1 }
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
                        let key = Importer.keyField(kind)
                        if identical {
                            file.duplicates += 1
                            reject(line, RowProblem(field: key, reason: "repeats line \(first) (identical; counted as a duplicate)"),
                                   rows.fields(at: start), duplicate: true)
                        } else {
                            let number = batch.columns.values(columns.keyCells).last.flatMap { String.fromDatabaseValue($0) } ?? ""
                            reject(line, RowProblem(field: key, reason: "\(number) already appears on line \(first) of this file with different content"),
                                   rows.fields(at: start))
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
                        for warning in rowWarnings where warnings.count < 400 {
                            warnings.append(ImportIssue(file: name, line: line, field: warning.reportedField, reason: warning.reason))
                        }
                        if let c = conflict {
                            guard try Row.fetchOne(inspectorExists, arguments: [c.certificateNumber]) != nil else {
                                reject(line, RowProblem(field: "执法证号", reason: "\(c.certificateNumber) is not in the inspector register"), rows.fields(at: start))
                                return
                            }
                            guard try Row.fetchOne(enterpriseExists, arguments: [c.uscc.rawValue]) != nil else {
                                reject(line, RowProblem(field: "统一社会信用代码", reason: "\(c.uscc) is not in the enterprise register"), rows.fields(at: start))
                                return
                            }
                        }
                        try write(line: line, start: start, columns: columns, unregistered: unregistered, of: batch, texts: texts)
                    }
                    if let progress, file.rows % 20_000 == 0 {
                        progress(ImportProgress(file: name, rows: file.rows, bytesRead: bytesRead.value.load(ordering: .relaxed),
                                                bytesTotal: rows.count, elapsedSeconds: Date().timeIntervalSince(started)))
                    }
                }
                /// Writes a batch, its texts bound in place.
                func consume(_ batch: ParsedBatch) throws {
                    defer { writer.releaseBorrowedTexts() }
                    try batch.columns.texts.withUnsafeBufferPointer { texts in
                        for item in batch.items { try consume(item, of: batch, texts: texts) }
                    }
                    if let cut = batch.damage {
                        damage = (cut.line, "(csv)", cut.reason, rows.linesLeft(from: cut.start))
                    }
                }
                if size < Importer.parallelParsingSize {
                    whenParsed()  // parsing runs here: the other core is free now
                    var source = reader
                    while case let batch = Importer.readBatch(&source, decoder: decoder, register: register, recordLayout: recordLayout),
                          !batch.isEmpty {
                        bytesRead.value.store(source.offset, ordering: .relaxed)
                        try consume(batch)
                    }
                } else {
                    // A large file: one thread splits the rows, in order; `threads` more decode and
                    // validate them (most of the parsing), batch i on thread i mod `threads`; this
                    // one writes, taking the batches round robin, so in the file's order.
                    let threads = Importer.decodingThreads
                    let split = (0..<threads).map { _ in BatchChannel<SplitRows>(capacity: 4) }
                    let parsed = (0..<threads).map { _ in BatchChannel<ParsedBatch>(capacity: 4) }
                    let workers = DispatchGroup()
                    let start = reader
                    PipelineStage.start(in: workers, name: "import-split") {
                        var source = start
                        defer {
                            for channel in split { channel.finish(nil) }
                            whenParsed()
                        }
                        var index = 0
                        while case let rows = Importer.splitRows(&source), !rows.isEmpty {
                            bytesRead.value.store(source.offset, ordering: .relaxed)
                            guard split[index % threads].send([rows]) else { return }
                            index += 1
                        }
                    }
                    for thread in 0..<threads {
                        PipelineStage.start(in: workers, name: "import-decode-\(thread)") {
                            while let rows = try? split[thread].receive() {
                                let batches = rows.map { Importer.decode($0, decoder: decoder, register: register, recordLayout: recordLayout) }
                                guard parsed[thread].send(batches) else { return }
                            }
                            parsed[thread].finish(nil)
                        }
                    }
                    defer {
                        for channel in split { channel.cancel() }
                        for channel in parsed { channel.cancel() }
                        workers.wait()
                    }
                    var next = 0
                    while let batches = try parsed[next % threads].receive() {
                        for batch in batches { try consume(batch) }
                        next += 1
                    }
                }
                if let damage {
                    // The damaged rest: one rejected row per line left, for the counts and the quality report.
                    file.damagedFromLine = damage.line
                    file.rows += damage.lines
                    for k in 0..<damage.lines {
                        reject(damage.line + k, RowProblem(field: damage.field, reason: damage.reason), [])
                    }
                }
                if case .enterprises = kind {
                    if defersKey { try DeferredKey.enterprise.build(db, sortingThreads: Importer.decodingThreads) }
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
                if alreadyImported { throw Rollback.alreadyImported }
                if options.strict, file.rejected > 0 { throw Rollback.strict }
                try Self.recordRejections(db, batchID: batchID, kind: kind.description, decoder: decoder, rejected: rejectedRows)
                try db.execute(sql: """
                    UPDATE import_batch SET rows = ?, loaded = ?, unchanged = ?, corrected = ?, rejected = ?, skipped = ?,
                        duplicates = ? WHERE id = ?
                    """, arguments: [file.rows, file.loaded, file.unchanged, file.corrected, file.rejected, file.skipped,
                                     file.duplicates, batchID])
                try AuditLog.append(db, kind: "import", actor: options.actor, at: options.knownAt, payload: [
                    "file": .string(name), "sha256": .string(sha), "category": .string(kind.description),
                    "profile": file.profile.map(JSONValue.string) ?? .null,
                    "rows": .int(Int64(file.rows)), "loaded": .int(Int64(file.loaded)),
                    "corrected": .int(Int64(file.corrected)), "rejected": .int(Int64(file.rejected)),
                ])
            }
        } catch Rollback.strict {
            file.fileRejected = true
            file.rejected += file.loaded + file.corrected + file.unchanged + file.keptNewer
            file.loaded = 0; file.corrected = 0; file.unchanged = 0; file.keptNewer = 0
            keptNewer = []
            errors.append(ImportIssue(file: name, line: 0, field: "(file)", reason: "--strict: nothing loaded from this file because rows were rejected"))
            let encoding = file.encoding ?? "utf8", rows = file.rows, rejected = file.rejected, skipped = file.skipped
            let duplicates = file.duplicates, profile = file.profile, format = file.format
            try? database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO import_batch (file_name, file_sha256, kind, encoding, known_at, rows, loaded, unchanged,
                        corrected, rejected, skipped, duplicates, strict, source_path, profile, format)
                    VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, 1, ?, ?, ?)
                    """, arguments: [name, sha, kind.description, encoding, options.knownAt.description,
                                     rows, rejected, skipped, duplicates, path, profile, format])
                try Self.recordRejections(db, batchID: db.lastInsertedRowID, kind: kind.description, decoder: decoder, rejected: rejectedRows)
            }
        } catch Rollback.alreadyImported {
            // The same content was imported before (under whatever name): nothing changes, not
            // even a correction it would make now — it was a correction, or it was corrected since.
            file.alreadyImported = true
            file.unchanged += file.loaded + file.corrected + file.keptNewer
            file.loaded = 0; file.corrected = 0; file.keptNewer = 0; file.notInRegister = 0
            keptNewer = []
        } catch {
            self.file = file
            self.file.loaded = 0; self.file.corrected = 0; self.file.unchanged = 0; self.file.keptNewer = 0
            self.warnings += warnings
            return fail(0, "(database)", "\(error); nothing loaded from this file")
        }
        self.file = file
        for rejected in rejectedRows where !rejected.duplicate {
            errors.append(ImportIssue(file: name, line: rejected.line, field: rejected.problem.reportedField, reason: rejected.problem.reason))
        }
        errors.sort { $0.line < $1.line }
        for rejected in rejectedRows where rejected.duplicate {
            warnings.append(ImportIssue(file: name, line: rejected.line, field: rejected.problem.reportedField, reason: rejected.problem.reason))
        }
        for (line, kept) in keptNewer where warnings.count < 800 {
            let why = switch kept.reason {
            case .superseded: "equals a version that a later correction superseded"
            case .older(let row, let stored): "is older (上报日期 \(row)) than the stored version (\(stored))"
            }
            warnings.append(ImportIssue(file: name, line: line, field: Importer.keyField(kind), reason:
                "the row \(why); kept the version from \(kept.file):\(kept.line) learned \(kept.knownFrom) (--allow-revert stores this row)"))
        }
        if file.notInRegister > 0 {
            warnings.append(ImportIssue(file: name, line: 0, field: "统一社会信用代码",
                reason: "\(file.notInRegister) \(kind.rowNoun) name a code not in the enterprise register; they count once the register has the entity"))
        }
        self.warnings += warnings
    }

    static func recordRejections(_ db: Database, batchID: Int64, kind: String, decoder: RowDecoder, rejected: [Rejected]) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO rejected_row (batch_id, line, field, reason, kind, source_unit, decision_date, document_no, is_duplicate)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for r in rejected {
            try statement.execute(arguments: [batchID, max(r.line, 1), r.problem.field, r.problem.reason, kind,
                                              decoder.sourceUnitHint(r.fields), decoder.decisionDateHint(r.fields)?.description,
                                              decoder.documentNumberHint(r.fields), r.duplicate])
        }
    }
}

extension DataFileKind {
    /// What the rows of the file are, in the import report's warnings.
    var rowNoun: String {
        switch self {
        case .listings: "listing(s)"
        case .commitments: "commitment(s)"
        default: "record(s)"
        }
    }
}
