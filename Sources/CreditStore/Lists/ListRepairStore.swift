import CreditCore
import CreditRepair
import Foundation
import GRDB

extension RepairStore {
    /// Files an application about a penalty, a listing (移出经营异常名录 / 提前移出严重违法失信名单)
    /// or a false commitment, after checking it against `Rules/repair.yaml`.
    /// - Parameter documentNumber: the penalty's 决定文书号, the listing's 决定书文号 (or
    ///   `（无文书号）YYYY-MM-DD` for a GSXT listing without one), or the 承诺书编号.
    /// - Throws: `RepairError` saying why the application is refused.
    public func apply(uscc: String, kind: RepairKind, documentNumber: String, materials: [String], now: Timestamp, actor: String) throws -> Int64 {
        switch kind {
        case .penalty: return try apply(uscc: uscc, documentNumber: documentNumber, materials: materials, now: now, actor: actor)
        case .abnormalList, .seriousList, .commitment:
            return try database.writer.write { db in
                try applyForStanding(db, uscc: uscc, kind: kind, documentNumber: documentNumber, materials: materials, now: now, actor: actor)
            }
        }
    }

    /// The enterprise's listings and commitments with the repairs decided so far.
    public func standing(uscc: String) throws -> RegisterStanding {
        try database.writer.read { db in
            try RegisterStandings.load(db, knownBy: nil, terms: rules.listingTerms, uscc: uscc)[uscc] ?? RegisterStanding(terms: rules.listingTerms)
        }
    }

    func applyForStanding(_ db: Database, uscc: String, kind: RepairKind, documentNumber: String, materials: [String],
                                  now: Timestamp, actor: String) throws -> Int64 {
        let today = now.chinaDate
        let standing = try RegisterStandings.load(db, knownBy: nil, terms: rules.listingTerms, uscc: uscc)[uscc]
            ?? RegisterStanding(terms: rules.listingTerms)
        let target: RepairTarget
        var payload: [String: JSONValue] = [:]
        if let list = kind.list {
            let listing = try Self.listing(in: standing, uscc: uscc, list: list, documentNumber: documentNumber)
            target = RepairTarget(listing)
            let penalties = try Self.penalties(db, uscc: uscc).map(\.0)
            let status = try applicationStatus(db, uscc: uscc, target: target)
            let rule = try rules.checkListingApplication(standing.status(listing), penalties: penalties, applicationStatus: status,
                                                         materials: materials, today: today)
            payload["listed_on"] = .string(listing.listedOn.description)
            payload["basis"] = .string(rule.repairBasis)
        } else {
            guard let commitment = standing.commitments.first(where: { $0.documentNumber == documentNumber }) else {
                throw RepairError.commitmentNotFound(uscc: uscc, documentNumber: documentNumber)
            }
            target = RepairTarget(commitment)
            let status = try applicationStatus(db, uscc: uscc, target: target)
            let rule = try rules.checkCommitmentApplication(commitment, repairedOn: standing.repairs[target], applicationStatus: status,
                                                            materials: materials, today: today)
            payload["basis"] = .string(rule.repairBasis)
        }
        try db.execute(sql: """
            INSERT INTO repair_application (uscc, category, document_no, applied_at, materials, status, agency_key)
            VALUES (?, ?, ?, ?, ?, 'pending', ?)
            """, arguments: [uscc, kind.rawValue, documentNumber, now.description, materials.joined(separator: ";"), target.agencyKey])
        let id = db.lastInsertedRowID
        payload["application"] = .int(id); payload["uscc"] = .string(uscc); payload["document_no"] = .string(documentNumber)
        payload["category"] = .string(kind.rawValue)
        try AuditLog.append(db, kind: "repair-apply", actor: actor, at: now, payload: .object(payload))
        return id
    }

    /// The listing an application names: by list and 决定书文号; two of them (another agency's
    /// number) are refused as ambiguous.
    static func listing(in standing: RegisterStanding, uscc: String, list: ListKind, documentNumber: String) throws -> Listing {
        let found = standing.listings.filter { $0.kind == list && $0.documentNumber == documentNumber }
        guard let first = found.first else { throw RepairError.listingNotFound(uscc: uscc, list: list, documentNumber: documentNumber) }
        guard found.count == 1 else {
            throw RepairError.ambiguousListing(documentNumber: documentNumber, candidates: found.map { "\($0.kind.chineseName) \($0.agency)" })
        }
        return first
    }

    private func applicationStatus(_ db: Database, uscc: String, target: RepairTarget) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT status FROM repair_application WHERE category = ? AND agency_key = ? AND document_no = ? AND uscc = ?
                AND status IN ('pending', 'approved') ORDER BY id DESC LIMIT 1
            """, arguments: [target.kind.rawValue, target.agencyKey, target.documentNumber, uscc])
    }
}

extension RepairStore {
    /// Every commitment of the register (current versions), as known at `knownBy` (now when nil).
    public func commitments(knownBy: Timestamp? = nil) throws -> [Commitment] {
        try database.writer.read { db in
            try RegisterStandings.load(db, knownBy: knownBy, terms: rules.listingTerms).values.flatMap(\.commitments)
        }
    }
}

/// What `credit notice issue --lists` did.
public struct ListingNoticeSummary: Sendable {
    public var issued: [ListingNotice] = []
    public var alreadyNoticed = 0
    /// Listings already ended (moved out, repaired or past their term): no notice.
    public var ended = 0
}

extension RepairStore {
    /// Issues a 信用修复告知书 for every listing decision in force that has none (idempotent):
    /// signed by the listing agency, numbered in that agency's sequence for the list and year.
    /// A notice issued on the list-in day is served with the decision (两书同达); a later one
    /// says it is a supplementary notice.
    /// - Parameter since: only listings decided on or after this date.
    /// - Parameter receiver: when given, receives the notices once they are stored and is told
    ///   to finish before the batch commits; an error either throws rolls the batch back.
    public func issueListingNotices(since: CalendarDate?, now: Timestamp, actor: String,
                                    receiver: NoticeReceiver<ListingNotice>? = nil) throws -> ListingNoticeSummary {
        let today = now.chinaDate
        return try database.writer.write { db in
            var summary = ListingNoticeSummary()
            var noticed = Set<String>()
            for row in try Row.fetchAll(db, sql: "SELECT uscc, list_kind, agency_key, document_no FROM listing_notice") {
                let parts: [String] = [row[0], row[1], row[2], row[3]]
                noticed.insert(parts.joined(separator: "\u{1F}"))
            }
            let standings = try RegisterStandings.load(db, knownBy: nil, terms: rules.listingTerms)
            let names = Dictionary(try Row.fetchAll(db, sql: "SELECT uscc, name FROM enterprise").map { ($0[0] as String, $0[1] as String) },
                                   uniquingKeysWith: { first, _ in first })
            var sequences: [String: Int] = [:]
            let insert = try db.makeStatement(sql: """
                INSERT INTO listing_notice (number, agency, list_kind, year, sequence, agency_key, document_no, uscc, listed_on, issued_at, issued_on,
                    service, served_on, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let statuses = standings.values.flatMap(\.statuses).filter { s in since.map { s.listing.listedOn >= $0 } ?? true }.sorted { a, b in
                (a.listing.listedOn, a.listing.uscc.rawValue, a.listing.documentNumber) < (b.listing.listedOn, b.listing.uscc.rawValue, b.listing.documentNumber)
            }
            for status in statuses {
                let l = status.listing
                let key = [l.uscc.rawValue, l.kind.rawValue, l.agencyKey, l.documentNumber].joined(separator: "\u{1F}")
                if noticed.contains(key) { summary.alreadyNoticed += 1; continue }
                guard status.isInForce(on: today) else { summary.ended += 1; continue }
                let sequenceKey = l.agency + "\u{1F}" + l.kind.rawValue
                let sequence: Int
                if let last = sequences[sequenceKey] { sequence = last + 1 } else {
                    sequence = (try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM listing_notice WHERE agency = ? AND list_kind = ? AND year = ?",
                                                 arguments: [l.agency, l.kind.rawValue, today.year]) ?? 0) + 1
                }
                sequences[sequenceKey] = sequence
                let number = rules.listingNoticeNumber(agency: l.agency, list: l.kind, year: today.year, sequence: sequence)
                let notice = rules.listingNotice(for: l, number: number, subjectName: names[l.uscc.rawValue] ?? l.subjectName, issuedOn: today)
                try insert.execute(arguments: [number, l.agency, l.kind.rawValue, today.year, sequence, l.agencyKey, l.documentNumber, l.uscc.rawValue,
                                               l.listedOn.description, now.description, today.description, notice.service.rawValue,
                                               notice.servedOn.description, String(decoding: try encoder.encode(notice), as: UTF8.self)])
                summary.issued.append(notice)
            }
            if let receiver {
                if !summary.issued.isEmpty { try receiver.receive(summary.issued) }
                try receiver.finish()
            }
            if !summary.issued.isEmpty {
                try AuditLog.append(db, kind: "listing-notice", actor: actor, at: now, payload: [
                    "issued": .int(Int64(summary.issued.count)), "first": .string(summary.issued.first!.number),
                    "last": .string(summary.issued.last!.number),
                    "with_decision": .int(Int64(summary.issued.filter { $0.service == .withDecision }.count)),
                ])
            }
            return summary
        }
    }

    /// The numbers of an enterprise's listing notices by 决定书文号 of the listing.
    public func listingNoticeNumbers(uscc: String) throws -> [(number: String, documentNo: String)] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT number, document_no FROM listing_notice WHERE uscc = ? ORDER BY issued_at, number", arguments: [uscc])
                .map { (number: $0[0], documentNo: $0[1]) }
        }
    }

    /// A listing decision's notice by its number.
    public func listingNotice(number: String) throws -> ListingNotice? {
        try database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT content FROM listing_notice WHERE number = ?", arguments: [number])
                .map { try JSONDecoder().decode(ListingNotice.self, from: Data($0.utf8)) }
        }
    }
}
