/// What a repair application is about: a penalty, a listing or a false commitment.
public enum RepairKind: String, CaseIterable, Sendable, Hashable, Codable {
    case penalty
    case abnormalList = "abnormal-list"
    case seriousList = "serious-list"
    case commitment

    public init(list: ListKind) { self = list == .abnormal ? .abnormalList : .seriousList }

    /// The list a listing repair is about.
    public var list: ListKind? {
        switch self {
        case .abnormalList: .abnormal
        case .seriousList: .serious
        default: nil
        }
    }

    public var chineseName: String {
        switch self {
        case .penalty: "行政处罚"
        case .abnormalList: "经营异常名录"
        case .seriousList: "严重违法失信名单"
        case .commitment: "虚假承诺"
        }
    }
}

/// The identity of what a repair decision lifted: kind, agency key (nil for penalties, whose
/// decisions are kept by 决定文书号) and document number.
public struct RepairTarget: Sendable, Hashable {
    public var kind: RepairKind
    public var agencyKey: String?
    public var documentNumber: String
    public init(kind: RepairKind, agencyKey: String?, documentNumber: String) {
        self.kind = kind; self.agencyKey = agencyKey; self.documentNumber = documentNumber
    }
    public init(_ listing: Listing) { self.init(kind: RepairKind(list: listing.kind), agencyKey: listing.agencyKey, documentNumber: listing.documentNumber) }
    public init(_ commitment: Commitment) { self.init(kind: .commitment, agencyKey: commitment.agencyKey, documentNumber: commitment.documentNumber) }
}

/// When a list removes an enterprise by itself (`Rules/repair.yaml`): the 严重违法失信名单 after
/// three years of listing (总局令第44号). Nil: only a decision removes it.
public struct ListingTerms: Sendable, Hashable {
    /// Months after the list-in date on which the listing ends by itself, per list.
    public var removedAfterMonths: [ListKind: Int]
    public init(removedAfterMonths: [ListKind: Int] = [:]) { self.removedAfterMonths = removedAfterMonths }
}

/// How a listing ended (or will end).
public enum RemovalBasis: String, Sendable, Hashable, Codable {
    /// The export gives its 移出日期.
    case exported
    /// A credit-repair decision of this engine moved it out.
    case repair
    /// The list's term ran out (`removed_after_months`).
    case expiry
}

/// A listing with the day it stops counting and why: the earliest of the exported 移出日期, an
/// approved repair decision and the end of the list's term.
public struct ListingStatus: Sendable, Hashable {
    public var listing: Listing
    public var removedOn: CalendarDate?
    public var removalBasis: RemovalBasis?

    public func isInForce(on date: CalendarDate) -> Bool { listing.isInForce(on: date, removedOn: removedOn) }
}

/// Where a list flag of the classifier came from.
public enum ListFlagSource: String, Sendable, Hashable, Codable {
    /// From the listings (经营异常名录.csv / 严重违法失信名单.csv), as of the date.
    case listings
    /// The enterprise has no listing of that list: the yes/no column of enterprises.csv, undated.
    case registerFlag = "register_flag"
}

/// What the lists and the commitment register say about one enterprise: its listings and
/// commitments with the repair decisions that lifted them. Pure: the store reads it, the
/// classifier sees its flags as of a date through `applied(to:asOf:)`.
public struct RegisterStanding: Sendable, Hashable {
    public var listings: [Listing]
    public var commitments: [Commitment]
    /// Approved repair decisions, by what they lifted, with the day decided.
    public var repairs: [RepairTarget: CalendarDate]
    public var terms: ListingTerms

    public init(listings: [Listing] = [], commitments: [Commitment] = [], repairs: [RepairTarget: CalendarDate] = [:],
                terms: ListingTerms = ListingTerms()) {
        self.listings = listings; self.commitments = commitments; self.repairs = repairs; self.terms = terms
    }

    /// Every listing with the day it ends, in list-in order.
    public var statuses: [ListingStatus] {
        listings.sorted { ($0.listedOn, $0.kind, $0.documentNumber) < ($1.listedOn, $1.kind, $1.documentNumber) }.map(status)
    }

    public func status(_ listing: Listing) -> ListingStatus {
        var ends: [(CalendarDate, RemovalBasis)] = []
        if let out = listing.removedOn { ends.append((out, .exported)) }
        if let repaired = repairs[RepairTarget(listing)] { ends.append((max(repaired, listing.listedOn), .repair)) }
        if let months = terms.removedAfterMonths[listing.kind] { ends.append((listing.listedOn.adding(months: months), .expiry)) }
        let first = ends.min { ($0.0, $0.1.rawValue) < ($1.0, $1.1.rawValue) }
        return ListingStatus(listing: listing, removedOn: first?.0, removalBasis: first?.1)
    }

    /// The listings of a list in force on a date, or nil when the enterprise has none of that
    /// list at all (then the register's yes/no flag stands in).
    public func inForce(_ kind: ListKind, on date: CalendarDate) -> [ListingStatus]? {
        let own = listings.filter { $0.kind == kind }
        guard !own.isEmpty else { return nil }
        return own.map(status).filter { $0.isInForce(on: date) }
    }

    /// False commitments found by a check on or before `date` and not repaired by then.
    public func falseCommitments(on date: CalendarDate) -> [Commitment] {
        commitments.filter { c in
            c.isFalse(asOf: date) && !(repairs[RepairTarget(c)].map { $0 <= date } ?? false)
        }.sorted { ($0.checkedOn ?? $0.committedOn, $0.documentNumber) < ($1.checkedOn ?? $1.committedOn, $1.documentNumber) }
    }

    /// Where the flag of a list comes from for this enterprise.
    public func source(_ kind: ListKind) -> ListFlagSource {
        listings.contains { $0.kind == kind } ? .listings : .registerFlag
    }

    /// The enterprise with its list flags as of `date`: from its listings where it has any
    /// (listed on or before the date, not yet removed), else the register's flag as imported;
    /// and whether it holds an unrepaired false commitment.
    public func applied(to enterprise: Enterprise, asOf date: CalendarDate) -> Enterprise {
        var e = enterprise
        if let abnormal = inForce(.abnormal, on: date) { e.onAbnormalList = !abnormal.isEmpty }
        if let serious = inForce(.serious, on: date) { e.onSeriousList = !serious.isEmpty }
        e.hasFalseCommitment = !falseCommitments(on: date).isEmpty
        return e
    }
}
