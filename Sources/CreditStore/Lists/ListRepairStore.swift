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

    private func applyForStanding(_ db: Database, uscc: String, kind: RepairKind, documentNumber: String, materials: [String],
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
