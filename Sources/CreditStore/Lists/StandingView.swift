import CreditCore

/// An enterprise's lists and commitments as of a date, for `credit query` and the officers'
/// explanation: each list flag with where it came from, every listing with its list-in and
/// list-out dates, every commitment with its check and outcome.
public struct StandingView: Sendable, Encodable, Hashable {
    public struct ListFlag: Sendable, Encodable, Hashable {
        /// Listed on the as-of date (what the classifier used).
        public var listed: Bool
        public var source: ListFlagSource
        /// 名录记录（按日期） / 登记信息标记（无名录记录，无日期）.
        public var sourceName: String
        enum CodingKeys: String, CodingKey { case listed, source, sourceName = "source_name" }
    }

    public struct Entry: Sendable, Encodable, Hashable {
        public var list: ListKind
        public var listName: String
        public var documentNo: String
        public var listedOn: CalendarDate
        public var reason: String
        /// The export's own words, when they differ from `reason`.
        public var reasonText: String?
        public var agency: String
        public var removedOn: CalendarDate?
        public var removalBasis: RemovalBasis?
        public var removalReason: String?
        public var inForce: Bool
        enum CodingKeys: String, CodingKey {
            case list, listName = "list_name", documentNo = "document_no", listedOn = "listed_on", reason, reasonText = "reason_text", agency
            case removedOn = "removed_on", removalBasis = "removal_basis", removalReason = "removal_reason", inForce = "in_force"
        }
    }

    public struct CommitmentEntry: Sendable, Encodable, Hashable {
        public var documentNo: String
        public var itemCode: String
        public var itemName: String
        public var committedOn: CalendarDate
        public var agency: String
        public var checkDue: CalendarDate?
        public var checkedOn: CalendarDate?
        public var outcome: CommitmentOutcome?
        /// The day a repair decision lifted a false commitment.
        public var repairedOn: CalendarDate?
        /// A false commitment that counts on the as-of date (checked, not repaired).
        public var counts: Bool
        enum CodingKeys: String, CodingKey {
            case documentNo = "document_no", itemCode = "item_code", itemName = "item_name", committedOn = "committed_on", agency
            case checkDue = "check_due", checkedOn = "checked_on", outcome, repairedOn = "repaired_on", counts
        }
    }

    public var asOf: CalendarDate
    public var abnormal: ListFlag
    public var serious: ListFlag
    public var falseCommitment: Bool
    public var listings: [Entry]
    public var commitments: [CommitmentEntry]

    enum CodingKeys: String, CodingKey {
        case asOf = "as_of", abnormal = "abnormal_list", serious = "serious_list", falseCommitment = "false_commitment", listings, commitments
    }

    /// - Parameters:
    ///   - registered: the enterprise as the register has it (its yes/no flags are the fallback).
    public init(_ standing: RegisterStanding, registered: Enterprise, asOf: CalendarDate) {
        self.asOf = asOf
        let applied = standing.applied(to: registered, asOf: asOf)
        func flag(_ kind: ListKind, _ listed: Bool) -> ListFlag {
            let source = standing.source(kind)
            return ListFlag(listed: listed, source: source, sourceName: source == .listings ? "名录记录（按列入、移出日期）" : "登记信息标记（无名录记录，无日期）")
        }
        abnormal = flag(.abnormal, applied.onAbnormalList)
        serious = flag(.serious, applied.onSeriousList)
        falseCommitment = applied.hasFalseCommitment
        listings = standing.statuses.map { s in
            let l = s.listing
            let removal: String? = switch s.removalBasis {
            case .exported: l.removalReason
            case .repair: "经信用修复决定移出"
            case .expiry: s.removedOn.map { $0 > asOf } == true ? "列入期满将自动移出" : "列入期满自动移出"
            case nil: nil
            }
            return Entry(list: l.kind, listName: l.kind.chineseName, documentNo: l.documentNumber, listedOn: l.listedOn, reason: l.reason.category,
                         reasonText: l.reasonText, agency: l.agency, removedOn: s.removedOn, removalBasis: s.removalBasis,
                         removalReason: removal, inForce: s.isInForce(on: asOf))
        }
        let counting = Set(standing.falseCommitments(on: asOf).map { RepairTarget($0) })
        commitments = standing.commitments.sorted { ($0.committedOn, $0.documentNumber) < ($1.committedOn, $1.documentNumber) }.map { c in
            CommitmentEntry(documentNo: c.documentNumber, itemCode: c.itemCode, itemName: c.itemName, committedOn: c.committedOn, agency: c.agency,
                            checkDue: c.checkDue, checkedOn: c.checkedOn, outcome: c.outcome, repairedOn: standing.repairs[RepairTarget(c)],
                            counts: counting.contains(RepairTarget(c)))
        }
    }
}
