import CreditCore
import CreditRepair
import Crypto
import Foundation
import GRDB

/// One report in the issued-report register.
public struct IssuedReport: Sendable, Codable, Hashable {
    public var number: String
    public var uscc: String
    public var name: String
    public var issuedAt: String
    public var format: String
    public var channel: String
    public var sha256: String
    enum CodingKeys: String, CodingKey { case number, uscc, name, issuedAt = "issued_at", format, channel, sha256 }
}

/// A presented file checked against the register.
public enum ReportVerification: Sendable, Hashable {
    /// The exact bytes of an issued report.
    case genuine(IssuedReport)
    /// The file names an issued report, but its bytes differ: altered after issue.
    case altered(IssuedReport, presentedSHA256: String)
    /// Nothing in the register matches the file or the number it names.
    case unknown(presentedSHA256: String)
}

/// Why a report could not be issued.
public enum ReportIssueError: Error, Sendable, Hashable, CustomStringConvertible {
    case notInRegister(String)
    case unsupportedFormat(String)

    public var description: String {
        switch self {
        case .notInRegister(let uscc): "统一社会信用代码 \(uscc) 不在检查对象名录库中"
        case .unsupportedFormat(let format): "信用报告只提供 html、docx 或 pdf 格式，不支持 \(format)"
        }
    }
}

/// 企业信用报告 with authenticity: each report handed out gets a number, an issue time and a
/// verification code printed on it, and the SHA-256 of its exact bytes is recorded (with an
/// audit event), so anyone can check a presented file: the same bytes are genuine, other bytes
/// naming an issued number were altered.
public struct ReportRegister: Sendable {
    let database: CreditDatabase
    let rules: RepairRules
    let service: PublicServiceRules

    public init(database: CreditDatabase, rules: RepairRules, service: PublicServiceRules) {
        self.database = database; self.rules = rules; self.service = service
    }

    /// Issues a report: reads the enterprise, numbers the report, renders it with its number
    /// and code, records its digest and logs the event — one transaction.
    /// - Parameters:
    ///   - verificationCode: 8 characters from a CSPRNG (the caller draws it; the store stays deterministic).
    ///   - render: the adapter's renderer (HTML template, DOCX, or PDF converted from either).
    /// - Returns: the register entry and the bytes to hand out.
    public func issue(uscc: String, format: DocumentFormat, audience: CreditReport.Audience, channel: String, actor: String,
                      now: Timestamp, verificationCode: String,
                      render: @Sendable (CreditReport, DocumentFormat) throws -> RenderedDocument) throws -> (IssuedReport, RenderedDocument) {
        guard format == .html || format == .docx || format == .pdf else { throw ReportIssueError.unsupportedFormat(format.rawValue) }
        return try database.writer.write { db in
            guard let (enterprise, records, repairs) = try RepairStore.reportData(db, uscc: uscc) else { throw ReportIssueError.notInRegister(uscc) }
            let today = now.chinaDate
            let sequence = (try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM issued_report WHERE year = ?", arguments: [today.year]) ?? 0) + 1
            let number = service.reportNumber(year: today.year, sequence: sequence)
            let issue = CreditReport.Issue(number: number, issuedAt: now.chinaMinute, verificationCode: verificationCode,
                                           verificationURL: service.verificationURL)
            let standing = try RegisterStandings.load(db, knownBy: nil, terms: rules.listingTerms, uscc: uscc)[uscc] ?? RegisterStanding(terms: rules.listingTerms)
            let report = rules.creditReport(enterprise, records: records, repairs: repairs, today: today, audience: audience, issue: issue,
                                            standing: standing)
            var rendered = try render(report, format)
            rendered.fileName = "企业信用报告-\(number).\(format.rawValue)"
            let digest = Self.sha256(rendered.bytes)
            try db.execute(sql: """
                INSERT INTO issued_report (number, year, sequence, uscc, issued_at, format, channel, verification_code, sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [number, today.year, sequence, uscc, now.description, format.rawValue, channel, verificationCode, digest])
            try AuditLog.append(db, kind: "report-issue", actor: actor, at: now, payload: [
                "number": .string(number), "uscc": .string(uscc), "format": .string(format.rawValue), "channel": .string(channel),
                "sha256": .string(digest),
            ])
            return (IssuedReport(number: number, uscc: uscc, name: enterprise.name, issuedAt: now.description, format: format.rawValue,
                                 channel: channel, sha256: digest), rendered)
        }
    }

    /// The register entry of a number, if the code matches (numbers alone are guessable; the
    /// code keeps strangers from listing who asked for reports).
    public func lookup(number: String, code: String) throws -> IssuedReport? {
        try database.writer.read { db in
            try Self.entry(db, sql: "r.number = ? AND r.verification_code = ?", [number, code.uppercased()])
        }
    }

    /// Checks a presented file: its SHA-256 against the register, else the number printed in it.
    public func verify(_ bytes: Data) throws -> ReportVerification {
        let digest = Self.sha256(bytes)
        return try database.writer.read { db in
            if let entry = try Self.entry(db, sql: "r.sha256 = ?", [digest]) { return .genuine(entry) }
            if let number = ReportText.number(in: bytes, prefix: service.reportPrefix),
               let entry = try Self.entry(db, sql: "r.number = ?", [number]) {
                return .altered(entry, presentedSHA256: digest)
            }
            return .unknown(presentedSHA256: digest)
        }
    }

    static func entry(_ db: Database, sql condition: String, _ arguments: StatementArguments) throws -> IssuedReport? {
        try Row.fetchOne(db, sql: """
            SELECT r.number, r.uscc, COALESCE(e.name, ''), r.issued_at, r.format, r.channel, r.sha256
            FROM issued_report r LEFT JOIN enterprise e ON e.uscc = r.uscc WHERE \(condition)
            """, arguments: arguments).map {
            IssuedReport(number: $0[0], uscc: $0[1], name: $0[2], issuedAt: $0[3], format: $0[4], channel: $0[5], sha256: $0[6])
        }
    }

    static func sha256(_ bytes: Data) -> String { Hex.lowercase(SHA256.hash(data: bytes)) }
}
