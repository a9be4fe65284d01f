import CreditCore

/// Where a rule element was written, for static-check messages.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var description: String { "\(file):\(line):\(column)" }
}

/// A classification rule set (`Rules/classification.yaml`): indicators that turn records and
/// register facts into risk points, class bands over the 0…max score, and direct-assignment
/// overrides. Everything a policy sets is here; the classifier has no numbers of its own.
public struct RuleSet: Sendable {
    public var id: String
    public var version: String
    /// The set applies to as-of dates on or after this day.
    public var effective: CalendarDate
    public var maxScore: Int
    public var bands: [ClassBand]
    public var indicators: [Indicator]
    public var overrides: [Override]
    public var location: SourceLocation
}

/// Scores in [lower, upper) belong to `riskClass`; the top band includes `maxScore`.
public struct ClassBand: Sendable, Hashable {
    public var riskClass: RiskClass
    public var lower: Int
    /// Exclusive upper bound (for the top band, the max score + 1).
    public var upper: Int
    public var location: SourceLocation
}

/// A condition on one field: the record's value must be one of `values` (bit mask over the
/// field's vocabulary).
public struct Condition: Sendable, Hashable {
    public var field: RecordField
    public var mask: UInt64
    public var values: [String]
}

/// Which records (or register facts) a rule looks at: the category, field conditions, a
/// 违法行为类型 text filter, and how recent a record must be. Indicators and overrides share it.
public struct RecordFilter: Sendable {
    /// nil = the register (an indicator scored, or an override tested, once per enterprise).
    public var category: RecordCategory?
    public var conditions: [Condition]
    /// Free-text filter on 违法行为类型 (penalties): matches when it contains any of these.
    public var violationContains: [String]
    /// Only records decided less than this many months before the as-of date.
    public var windowMonths: Int?

    /// Whether a record of the filter's category counts at `asOf`, over any record form the
    /// rules read (`decided` is the record's 决定日期).
    func admits<R: RuleRecord>(_ record: R, decided: CalendarDate, asOf: CalendarDate) -> Bool {
        guard record.category == category else { return false }
        if let window = windowMonths, decided.adding(months: window) <= asOf { return false }
        for condition in conditions where record.mask(condition.field, asOf: asOf) & condition.mask == 0 { return false }
        if !violationContains.isEmpty {
            guard let text = record.violationType, violationContains.contains(where: { text.contains($0) }) else { return false }
        }
        return true
    }

    /// Whether the register facts of an enterprise match (register filters only).
    public func admits(_ enterprise: Enterprise) -> Bool {
        category == nil && conditions.allSatisfy { $0.field.mask(enterprise) & $0.mask != 0 }
    }
}

/// One indicator: which records (or register facts) it scores, how many points, how they
/// decay with age, the cap, and the legal or policy basis.
public final class Indicator: Sendable {
    public let id: String
    public let name: String
    public let basis: String
    public let filter: RecordFilter
    /// Points per matching record (negative = risk-reducing).
    public let points: Int
    /// Points by a field's value, replacing `points` for listed values (the maximum over a
    /// record's values when it has several, e.g. several penalty types).
    public let pointsBy: PointsBy?
    /// Extra points by the fine plus confiscated amount: the highest tier reached.
    public let amountTiers: [AmountTier]
    /// Decay steps, ascending by age.
    public let decay: [DecayStep]
    /// Maximum absolute total of this indicator for one enterprise.
    public let cap: Int?
    public let location: SourceLocation

    public init(id: String, name: String, basis: String, filter: RecordFilter, points: Int, pointsBy: PointsBy?,
                amountTiers: [AmountTier], decay: [DecayStep], cap: Int?, location: SourceLocation) {
        self.id = id; self.name = name; self.basis = basis; self.filter = filter; self.points = points
        self.pointsBy = pointsBy; self.amountTiers = amountTiers; self.decay = decay; self.cap = cap; self.location = location
    }

    public struct PointsBy: Sendable {
        public var field: RecordField
        /// Points indexed by vocabulary position (nil = use `points`).
        public var table: [Int?]
    }

    public struct AmountTier: Sendable, Hashable {
        public var atLeast: Amount
        public var points: Int
    }

    public struct DecayStep: Sendable, Hashable {
        public var afterMonths: Int
        public var percent: Int
    }
}

/// A direct assignment evaluated before the score: on the serious list → D, and so on.
public struct Override: Sendable {
    public var id: String
    public var name: String
    public var basis: String
    public var filter: RecordFilter
    public var effect: Effect
    public var location: SourceLocation
    /// What lifts the override (`lifted_by` in the rule file), for "what would change the class".
    public var liftedBy: String? = nil

    public enum Effect: Sendable, Hashable {
        /// The class is set to this class.
        case assign(RiskClass)
        /// The class is at least this class.
        case atLeast(RiskClass)
        /// The class is raised by n levels, capped at D.
        case raise(Int)
    }
}
