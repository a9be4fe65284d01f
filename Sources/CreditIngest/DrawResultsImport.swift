import CreditCore
import CreditRules
import CreditStore
import Foundation
import GRDB

extension DrawResults {
    /// Imports a results file (CSV in UTF-8 or GB18030, or an Excel workbook) in one
    /// transaction, through the data contract like every other import: columns by name or
    /// alias (抽查编号, 统一社会信用代码, 检查结果, 检查日期, 执法证号), each field validated, every
    /// problem reported as `file:line: field: reason`; the valid rows load. Each result becomes
    /// a 行政检查 record and the draw's result. The numbers of policy come from the plan stored
    /// with the draw (`inspectors_per_task`, the agency), read once per draw.
    public func importFile(_ path: String, knownAt: Timestamp, actor: String, encoding: SourceEncoding? = nil,
                           sheet: String? = nil) throws -> ImportReport {
        let name = (path as NSString).lastPathComponent
        guard let bytes = FileBytes.contents(of: path) else {
            var report = ImportReport()
            report.errors.append(ImportIssue(file: name, line: 0, field: "(file)", reason: "cannot be read"))
            report.files.append(FileImportReport(file: name, category: DataFileKind.drawResults.description, fileRejected: true))
            return report
        }
        return try importBytes(bytes, fileName: name, knownAt: knownAt, actor: actor, encoding: encoding, sheet: sheet)
    }

    /// Imports the bytes of a results file (an upload) named `fileName` in reports.
    /// - Parameter onlyDraw: the draw the upload is for (the server's `/draws/{id}/results`): a
    ///   row of another draw is refused at its line, never loaded under the wrong draw.
    public func importBytes(_ bytes: [UInt8], fileName name: String, knownAt: Timestamp, actor: String,
                            encoding: SourceEncoding? = nil, sheet: String? = nil, onlyDraw: String? = nil) throws -> ImportReport {
        var report = ImportReport()
        var file = FileImportReport(file: name, category: DataFileKind.drawResults.description)
        func fail(_ line: Int, _ field: String, _ reason: String) -> ImportReport {
            file.fileRejected = true
            report.errors.append(ImportIssue(file: name, line: line, field: field, reason: reason))
            report.files.append(file)
            return report
        }
        let sha: String
        switch PreparedFile.prepare(bytes: bytes, encoding: encoding, sheet: sheet, hashAlongside: false) {
        case .unreadable(let reason): return fail(0, "(file)", reason)
        case .text(let text, let digest, _):
            file.format = "csv"; file.encoding = text.encoding.rawValue; sha = digest
            return try load(CSVReader(bytes: text.bytes), damage: text.damage, sha: sha, file: file, knownAt: knownAt, actor: actor, onlyDraw: onlyDraw)
        case .sheet(let rows, let digest, _):
            file.format = "xlsx"; sha = digest
            return try load(SheetReader(rows: rows), damage: nil, sha: sha, file: file, knownAt: knownAt, actor: actor, onlyDraw: onlyDraw)
        }
    }

    /// A draw as the results need it, read once.
    private struct Draw {
        var asOf: CalendarDate
        var voided: Bool
        var inspectorsPerTask: Int
        var agency: String
    }

    private func load<R: RowReader>(_ source: R, damage encodingDamage: EncodingProblem?, sha: String, file start: FileImportReport,
                                    knownAt: Timestamp, actor: String, onlyDraw: String? = nil) throws -> ImportReport {
        var report = ImportReport()
        var file = start
        let name = file.file
        var reader = source
        func fail(_ line: Int, _ field: String, _ reason: String) -> ImportReport {
            file.fileRejected = true
            report.errors.append(ImportIssue(file: name, line: line, field: field, reason: reason))
            report.files.append(file)
            return report
        }
        let first: CSVRow?
        do { first = try reader.next() } catch { return fail(error.line, "(csv)", error.reason) }
        guard let first else {
            if let encodingDamage { return fail(encodingDamage.line, "(encoding)", encodingDamage.description) }
            return fail(1, "(header)", "the file is empty")
        }
        let header: HeaderMap
        do { header = try HeaderMap(header: first.fields, kind: .drawResults) } catch {
            return fail(first.line, "(header)", error.description)
        }
        let decoder = RowDecoder(header: header, today: knownAt.chinaDate)
        func reject(_ line: Int, _ problem: RowProblem) {
            report.errors.append(ImportIssue(file: name, line: line, field: problem.reportedField, reason: problem.reason))
            file.rejected += 1
        }
        try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO import_batch (file_name, file_sha256, kind, encoding, known_at, rows, loaded, unchanged, corrected,
                    rejected, skipped, duplicates, strict, format) VALUES (?, ?, 'draw-results', ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, ?)
                """, arguments: [name, sha, file.encoding ?? "utf8", knownAt.description, file.format])
            let batchID = db.lastInsertedRowID
            try DeferredKey.record.build(db)  // absent only while another process's first load runs
            let writer = try VersionedTable.Writer(.record, db: db, batchID: batchID, knownAt: knownAt)
            var draws: [String: Draw?] = [:]
            func draw(_ id: String) throws -> Draw? {
                if let known = draws[id] { return known }
                let found = try Row.fetchOne(db, sql: "SELECT as_of, plan_text, voided_at FROM draw WHERE id = ?", arguments: [id]).map { row in
                    let plan = try? SamplingPlanLoader.load(row[1], file: "plan")
                    // Without a readable plan, the legal minimum of two inspectors (行政处罚法 art. 42).
                    return Draw(asOf: CalendarDate(iso: row[0]) ?? .init(dayNumber: 0), voided: (row[2] as String?) != nil,
                                inspectorsPerTask: plan?.inspectorsPerTask ?? 2, agency: plan?.agency ?? "市场监督管理局")
                }
                draws[id] = found
                return found
            }
            let taskStatement = try db.makeStatement(sql: """
                SELECT t.kind, t.item, t.inspectors, e.name FROM draw_task t LEFT JOIN enterprise e ON e.uscc = t.uscc
                WHERE t.draw_id = ? AND t.uscc = ?
                """)
            var damage: (line: Int, field: String, reason: String, start: Int)?
            if let encodingDamage { damage = (encodingDamage.line, "(encoding)", encodingDamage.description, -1) }
            while true {
                let offset = reader.offset
                let row: CSVRow
                do throws(CSVProblem) {
                    guard let next = try reader.next() else { break }
                    row = next
                } catch {
                    if error.endsInput { damage = (error.line, "(csv)", error.reason, offset); break }
                    file.rows += 1
                    reject(error.line, RowProblem(field: "(csv)", reason: error.reason))
                    continue
                }
                file.rows += 1
                let result: DrawResultRow
                do throws(RowProblem) {
                    guard case .drawResult(let decoded) = try decoder.decode(row.fields, hasControlCharacters: row.hasControlCharacters).row else {
                        continue
                    }
                    result = decoded
                } catch {
                    reject(row.line, error); continue
                }
                func refuse(_ field: Field, _ reason: String) { reject(row.line, RowProblem(field: field.rawValue, reason: reason, column: header.reportedName(field.rawValue))) }
                if let onlyDraw, result.drawID != onlyDraw {
                    refuse(.drawID, "belongs to draw '\(result.drawID)', not to draw '\(onlyDraw)' this upload is for"); continue
                }
                guard let plan = try draw(result.drawID) else { refuse(.drawID, "no draw '\(result.drawID)'"); continue }
                if plan.voided { refuse(.drawID, "draw \(result.drawID) is void"); continue }
                let uscc = result.uscc.rawValue
                guard let task = try Row.fetchOne(taskStatement, arguments: [result.drawID, uscc]) else {
                    refuse(.uscc, "\(uscc) is not a task of draw \(result.drawID)"); continue
                }
                if result.finishedOn < plan.asOf { refuse(.finishedOn, "\(result.finishedOn) is before the draw (\(plan.asOf))"); continue }
                if result.certificates.count < plan.inspectorsPerTask {
                    refuse(.certificateNumber, "an inspection needs at least \(plan.inspectorsPerTask) inspectors (inspectors_per_task of the draw's plan; 行政处罚法 art. 42)")
                    continue
                }
                let assigned = Set(((task[2] as String?) ?? "").split(separator: ";").map(String.init))
                if let stranger = result.certificates.first(where: { !assigned.contains($0) }) {
                    refuse(.certificateNumber, "\(stranger) was not assigned to this task (assigned: \(assigned.sorted().joined(separator: ", ")))"); continue
                }
                let documentNumber = "双随机〔\(result.drawID)〕\(uscc)"
                let record = EnforcementRecord(
                    documentNumber: documentNumber, subjectName: (task[3] as String?) ?? uscc, uscc: result.uscc,
                    decisionDate: result.finishedOn, agency: plan.agency, reportDate: knownAt.chinaDate,
                    details: .inspection(.init(kind: (task[0] as String) == "targeted" ? .targeted : .doubleRandom, item: task[1], result: result.result)))
                switch try writer.write(db, line: row.line, layout: Layouts.record, { StoredRows.write(record, extra: nil, to: &$0) }) {
                case .loaded: file.loaded += 1
                case .corrected: file.corrected += 1
                case .unchanged, .keptNewer: file.unchanged += 1
                case .repeatedInBatch(let first, _): refuse(.uscc, "repeats line \(first)"); continue
                }
                try db.execute(sql: """
                    INSERT INTO draw_result (draw_id, uscc, result, finished_on, inspectors, document_no, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (draw_id, uscc) DO UPDATE SET result = excluded.result, finished_on = excluded.finished_on,
                        inspectors = excluded.inspectors, imported_at = excluded.imported_at
                    """, arguments: [result.drawID, uscc, result.result.rawValue, result.finishedOn.description,
                                     result.certificates.joined(separator: ";"), documentNumber, knownAt.description])
            }
            if let damage {
                let left = damage.start >= 0 ? reader.linesLeft(from: damage.start) : (encodingDamage?.linesLeft ?? 1)
                file.damagedFromLine = damage.line
                file.rows += left
                file.rejected += left
                report.errors.append(ImportIssue(file: name, line: damage.line, field: damage.field,
                                                 reason: damage.reason + "; this line and the \(left - 1) after it were not loaded"))
            }
            try db.execute(sql: "UPDATE import_batch SET rows = ?, loaded = ?, corrected = ?, unchanged = ?, rejected = ? WHERE id = ?",
                           arguments: [file.rows, file.loaded, file.corrected, file.unchanged, file.rejected, batchID])
            try AuditLog.append(db, kind: "draw-results", actor: actor, at: knownAt, payload: [
                "file": .string(name), "rows": .int(Int64(file.rows)), "loaded": .int(Int64(file.loaded + file.corrected)),
                "rejected": .int(Int64(file.rejected)),
            ])
        }
        report.errors.sort { $0.line < $1.line }
        report.files.append(file)
        return report
    }
}
