import CreditCore
import CreditRules
import Crypto
import Foundation
import GRDB

/// One published result line.
public struct PublishedResult: Sendable, Codable {
    public var drawID: String
    public var uscc: String
    public var name: String
    public var kind: String
    public var item: String
    public var agency: String
    public var finishedOn: CalendarDate?
    public var result: String?
    /// 20 working days after the inspection ended.
    public var deadline: CalendarDate?
    /// 已完成 / 未完成 / 逾期公示.
    public var status: String
}

/// Imports inspection results of a draw (`credit draw results import`): each becomes a
/// 行政检查 record that feeds the next classification, and the draw's results are published
/// with their deadline (20 working days after the inspection ended).
public struct DrawResults: Sendable {
    public let database: CreditDatabase
    public init(database: CreditDatabase) { self.database = database }

    /// Imports a results file in one transaction; valid rows load, bad ones are reported.
    /// Columns: 抽查编号 (draw id), 统一社会信用代码, 检查结果, 检查日期, 执法证号 (separated by `;`).
    public func importFile(_ path: String, knownAt: Timestamp, actor: String) throws -> ImportReport {
        let name = (path as NSString).lastPathComponent
        var report = ImportReport()
        var file = FileImportReport(file: name, category: "inspection")
        guard let data = FileManager.default.contents(atPath: path) else {
            report.errors.append(ImportIssue(file: name, line: 0, field: "(file)", reason: "cannot be read"))
            file.fileRejected = true; report.files.append(file); return report
        }
        let bytes: [UInt8]
        do { bytes = try TextDecoding.utf8Bytes([UInt8](data)).bytes } catch {
            report.errors.append(ImportIssue(file: name, line: error.line, field: "(encoding)", reason: error.description))
            file.fileRejected = true; report.files.append(file); return report
        }
        var reader = CSVReader(bytes: bytes)
        guard let header = try reader.next()?.fields else {
            report.errors.append(ImportIssue(file: name, line: 1, field: "(header)", reason: "the file is empty"))
            file.fileRejected = true; report.files.append(file); return report
        }
        let aliases: [String: [String]] = [
            "抽查编号": ["抽查编号", "draw_id", "抽查批次"], "统一社会信用代码": ["统一社会信用代码", "USCC", "uscc"],
            "检查结果": ["检查结果", "result"], "检查日期": ["检查日期", "检查完成日期", "date"], "执法证号": ["执法证号", "inspectors"],
        ]
        var column: [String: Int] = [:]
        for (field, names) in aliases {
            column[field] = header.firstIndex { names.contains($0.trimmingDataWhitespace()) }
        }
        let missing = aliases.keys.filter { column[$0] == nil }.sorted()
        guard missing.isEmpty else {
            report.errors.append(ImportIssue(file: name, line: 1, field: "(header)", reason: "missing required column(s): \(missing.joined(separator: ", "))"))
            file.fileRejected = true; report.files.append(file); return report
        }
        let today = knownAt.chinaDate
        let sha = Hex.lowercase(SHA256.hash(data: data))
        try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO import_batch (file_name, file_sha256, kind, encoding, known_at, rows, loaded, unchanged, corrected,
                    rejected, skipped, duplicates, strict) VALUES (?, ?, 'draw-results', 'utf8', ?, 0, 0, 0, 0, 0, 0, 0, 0)
                """, arguments: [name, sha, knownAt.description])
            let batchID = db.lastInsertedRowID
            let writer = try VersionedTable.Writer(.record, db: db, batchID: batchID, knownAt: knownAt)
            while let row = try reader.next() {
                file.rows += 1
                func fail(_ field: String, _ reason: String) {
                    report.errors.append(ImportIssue(file: name, line: row.line, field: field, reason: reason)); file.rejected += 1
                }
                func value(_ field: String) -> String { row.fields.indices.contains(column[field]!) ? row.fields[column[field]!] : "" }
                let drawID = value("抽查编号"), uscc = value("统一社会信用代码").uppercased()
                guard let draw = try Row.fetchOne(db, sql: "SELECT as_of, plan_text, voided_at FROM draw WHERE id = ?", arguments: [drawID]) else {
                    fail("抽查编号", "no draw '\(drawID)'"); continue
                }
                if (draw[2] as String?) != nil { fail("抽查编号", "draw \(drawID) is void"); continue }
                guard let task = try Row.fetchOne(db, sql: """
                    SELECT t.kind, t.item, t.inspectors, e.name FROM draw_task t LEFT JOIN enterprise e ON e.uscc = t.uscc
                    WHERE t.draw_id = ? AND t.uscc = ?
                    """, arguments: [drawID, uscc]) else {
                    fail("统一社会信用代码", "\(uscc) is not a task of draw \(drawID)"); continue
                }
                guard let result = InspectionResult(text: value("检查结果")) else {
                    fail("检查结果", "'\(value("检查结果"))' is not one of \(InspectionResult.allCases.map(\.rawValue).joined(separator: "/"))"); continue
                }
                guard let date = CalendarDate(parsing: value("检查日期")) else { fail("检查日期", "'\(value("检查日期"))' is not a date"); continue }
                let drawDate = CalendarDate(iso: draw[0])!
                if date < drawDate { fail("检查日期", "\(date) is before the draw (\(drawDate))"); continue }
                if date > today { fail("检查日期", "\(date) is in the future (today is \(today))"); continue }
                let certificates = value("执法证号").split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "," }).map { $0.trimmingDataWhitespace() }
                if certificates.count < 2 { fail("执法证号", "an inspection needs at least two inspectors (行政处罚法 art. 42)"); continue }
                let assigned = Set(((task[2] as String?) ?? "").split(separator: ";").map(String.init))
                if let stranger = certificates.first(where: { !assigned.contains($0) }) {
                    fail("执法证号", "\(stranger) was not assigned to this task (assigned: \(assigned.sorted().joined(separator: ", ")))"); continue
                }
                let plan = try? SamplingPlanLoader.load(draw[1], file: "plan")
                let agency = plan?.agency ?? "市场监督管理局"
                let documentNumber = "双随机〔\(drawID)〕\(uscc)"
                let record = EnforcementRecord(
                    documentNumber: documentNumber, subjectName: (task[3] as String?) ?? uscc, uscc: UnifiedSocialCreditCode(trusted: uscc),
                    decisionDate: date, agency: agency, reportDate: today,
                    details: .inspection(.init(kind: (task[0] as String) == "targeted" ? .targeted : .doubleRandom, item: task[1], result: result)))
                switch try writer.write(db, line: row.line, { StoredColumns.write(record, extra: nil, to: &$0) }) {
                case .loaded: file.loaded += 1
                case .corrected: file.corrected += 1
                case .unchanged: file.unchanged += 1
                case .repeatedInBatch(let first, _): fail("统一社会信用代码", "repeats line \(first)"); continue
                }
                try db.execute(sql: """
                    INSERT INTO draw_result (draw_id, uscc, result, finished_on, inspectors, document_no, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (draw_id, uscc) DO UPDATE SET result = excluded.result, finished_on = excluded.finished_on,
                        inspectors = excluded.inspectors, imported_at = excluded.imported_at
                    """, arguments: [drawID, uscc, result.rawValue, date.description, certificates.joined(separator: ";"),
                                     documentNumber, knownAt.description])
            }
            try db.execute(sql: "UPDATE import_batch SET rows = ?, loaded = ?, corrected = ?, unchanged = ?, rejected = ? WHERE id = ?",
                           arguments: [file.rows, file.loaded, file.corrected, file.unchanged, file.rejected, batchID])
            try AuditLog.append(db, kind: "draw-results", actor: actor, at: knownAt, payload: [
                "file": .string(name), "rows": .int(Int64(file.rows)), "loaded": .int(Int64(file.loaded + file.corrected)),
                "rejected": .int(Int64(file.rejected)),
            ])
        }
        report.files.append(file)
        return report
    }

    /// The draw's tasks with results and publication deadlines as of `today`.
    public func publication(drawID: String, calendar: WorkingDayCalendar, today: CalendarDate) throws -> [PublishedResult] {
        try database.writer.read { db in
            guard let draw = try Row.fetchOne(db, sql: "SELECT plan_text FROM draw WHERE id = ?", arguments: [drawID]) else {
                throw DrawError.notFound(id: drawID)
            }
            let agency = (try? SamplingPlanLoader.load(draw[0], file: "plan"))?.agency ?? "市场监督管理局"
            return try Row.fetchAll(db, sql: """
                SELECT t.uscc, COALESCE(e.name, ''), t.kind, t.item, r.finished_on, r.result
                FROM draw_task t LEFT JOIN enterprise e ON e.uscc = t.uscc
                LEFT JOIN draw_result r ON r.draw_id = t.draw_id AND r.uscc = t.uscc
                WHERE t.draw_id = ? ORDER BY t.position
                """, arguments: [drawID]).map { row in
                let finished = (row[4] as String?).flatMap(CalendarDate.init(iso:))
                let deadline = finished.map { calendar.workingDay(20, after: $0) }
                let status = finished == nil ? "未完成" : (deadline! < today ? "逾期公示" : "按期公示")
                return PublishedResult(drawID: drawID, uscc: row[0], name: row[1], kind: (row[2] as String) == "targeted" ? "定向检查" : "双随机抽查",
                                       item: row[3], agency: agency, finishedOn: finished, result: row[5], deadline: deadline, status: status)
            }
        }
    }
}
