import CreditCore

/// One scored item of the explanation: which indicator, which record, how many points before
/// and after decay and cap, and the basis.
public struct Contribution: Sendable, Hashable, Codable {
    public var indicator: String
    /// The record category, or nil for a register indicator.
    public var category: RecordCategory?
    /// 决定文书号 of the record, nil for register indicators.
    public var documentNumber: String?
    public var decisionDate: CalendarDate?
    /// Points as the rule gives them for this record.
    public var rawPoints: Int
    /// After decay by age.
    public var decayedPoints: Int
    /// After the indicator's cap: what counts in the score.
    public var points: Int
    public var basis: String
}

/// The result of classifying one enterprise: class, score and the full trace.
public struct Classification: Sendable, Hashable {
    public var uscc: UnifiedSocialCreditCode
    public var riskClass: RiskClass
    public var score: Int
    /// The class the score alone gives, before overrides.
    public var scoreClass: RiskClass
    /// Overrides that applied, by id, in rule order.
    public var overrides: [String]
    /// Non-zero contributions, in rule order then by decision date and document number.
    public var contributions: [Contribution]

    /// A compact one-line trace for storage: `indicator@document=points;…` and the overrides.
    public var compactTrace: String {
        var text = ""
        text.reserveCapacity(contributions.count * 48)
        for c in contributions {
            if !text.isEmpty { text += ";" }
            text += c.indicator
            text += "@"
            text += c.documentNumber ?? "-"
            text += "="
            text += String(c.points)
        }
        for o in overrides {
            if !text.isEmpty { text += ";" }
            text += "override:"
            text += o
        }
        return text
    }
}

/// Classifies enterprises with a rule set. Pure and deterministic: integer arithmetic only,
/// no clock, no I/O; the same inputs always give the same class, score and trace.
public struct Classifier: Sendable {
    public let rules: RuleSet
    private let indicatorsByCategory: [[Int]]
    private let registerIndicators: [Int]

    public init(rules: RuleSet) {
        self.rules = rules
        var byCategory = Array(repeating: [Int](), count: RecordCategory.allCases.count)
        var register: [Int] = []
        for (i, indicator) in rules.indicators.enumerated() {
            if let c = indicator.filter.category { byCategory[c.ordinal].append(i) } else { register.append(i) }
        }
        indicatorsByCategory = byCategory
        registerIndicators = register
    }

    /// Classifies one enterprise as of a date.
    /// - Parameters:
    ///   - enterprise: the register entry.
    ///   - records: its records (others are ignored); records decided after `asOf` do not count.
    ///   - asOf: the date the class is for; ages, windows and "in force" are measured to it.
    ///   - excluded: 决定文书号s that no longer count (e.g. repaired penalties), per category.
    public func classify(_ enterprise: Enterprise, records: [EnforcementRecord], asOf: CalendarDate,
                         excluded: Set<String> = []) -> Classification {
        records.withUnsafeBufferPointer { classify(enterprise, $0, asOf: asOf, excluded: excluded) }
    }

    /// Classifies one enterprise from its records in packed form (bulk runs): the same rules,
    /// read straight from the packed fields; a 决定文书号 becomes a String only when its record
    /// contributes.
    /// - Parameter arena: the bytes the records' text spans point into.
    public func classify(_ enterprise: Enterprise, packed records: UnsafeBufferPointer<PackedRecord>, arena: UnsafeBufferPointer<UInt8>,
                         asOf: CalendarDate, excluded: Set<String> = []) -> Classification {
        classify(enterprise, records.lazy.map { PackedRecordView(record: $0, arena: arena) }, asOf: asOf, excluded: excluded)
    }

    /// The classification, over any record form the rules can read.
    func classify<Records: RandomAccessCollection>(_ enterprise: Enterprise, _ records: Records, asOf: CalendarDate,
                                                   excluded: Set<String>) -> Classification where Records.Element: RuleRecord {
        var perIndicator = Array(repeating: [Contribution](), count: rules.indicators.count)
        // Through a buffer pointer: the indicators are borrowed in place, not copied (and their
        // strings and arrays retained) once per record.
        rules.indicators.withUnsafeBufferPointer { indicators in
            for r in records.indices {
                let decided = records[r].decisionDate
                guard decided <= asOf, excluded.isEmpty || !excluded.contains(records[r].documentNumber) else { continue }
                let ageMonths = decided.wholeMonths(until: asOf)
                for i in indicatorsByCategory[records[r].category.ordinal] {
                    if let contribution = Self.contribution(indicators[i], records[r], decided: decided, ageMonths: ageMonths, asOf: asOf) {
                        perIndicator[i].append(contribution)
                    }
                }
            }
            for i in registerIndicators where indicators[i].points != 0 && indicators[i].filter.admits(enterprise) {
                perIndicator[i].append(Contribution(indicator: indicators[i].id, category: nil, documentNumber: nil, decisionDate: nil,
                                                    rawPoints: indicators[i].points, decayedPoints: indicators[i].points,
                                                    points: indicators[i].points, basis: indicators[i].basis))
            }
        }
        var contributions: [Contribution] = []
        var total = 0
        for (i, var items) in perIndicator.enumerated() where !items.isEmpty {
            items.sort { ($0.decisionDate ?? asOf, $0.documentNumber ?? "") < ($1.decisionDate ?? asOf, $1.documentNumber ?? "") }
            if let cap = rules.indicators[i].cap {
                // Fill the cap with the largest contributions first; ties by date and number.
                let order = items.indices.sorted { abs(items[$0].decayedPoints) > abs(items[$1].decayedPoints) }
                var remaining = cap
                for k in order {
                    let magnitude = min(abs(items[k].decayedPoints), remaining)
                    remaining -= magnitude
                    items[k].points = items[k].decayedPoints < 0 ? -magnitude : magnitude
                }
            }
            for item in items where item.points != 0 {
                total += item.points
                contributions.append(item)
            }
        }
        let score = max(0, min(rules.maxScore, total))
        let scoreClass = rules.bands.first { score >= $0.lower && score < $0.upper }?.riskClass ?? .d
        var applied: [String] = []
        var assigned: RiskClass?
        var floor = scoreClass
        var raise = 0
        rules.overrides.withUnsafeBufferPointer { overrides in
            for i in overrides.indices where overrideApplies(overrides[i].filter, enterprise, records, asOf: asOf, excluded: excluded) {
                applied.append(overrides[i].id)
                switch overrides[i].effect {
                case .assign(let c): assigned = max(assigned ?? c, c)
                case .atLeast(let c): floor = max(floor, c)
                case .raise(let n): raise = max(raise, n)
                }
            }
        }
        let finalClass = assigned ?? floor.raised(by: raise)
        return Classification(uscc: enterprise.uscc, riskClass: finalClass, score: score, scoreClass: scoreClass,
                              overrides: applied, contributions: contributions)
    }

    /// What one record gives under one indicator, if anything.
    static func contribution<R: RuleRecord>(_ indicator: Indicator, _ record: R, decided: CalendarDate, ageMonths: Int,
                                            asOf: CalendarDate) -> Contribution? {
        guard indicator.filter.admits(record, decided: decided, asOf: asOf) else { return nil }
        let raw = points(indicator, record, asOf: asOf)
        if raw == 0 { return nil }
        let percent = indicator.decay.last(where: { $0.afterMonths <= ageMonths })?.percent ?? 100
        let decayed = percentOf(raw, percent)
        return Contribution(indicator: indicator.id, category: record.category, documentNumber: record.documentNumber,
                            decisionDate: decided, rawPoints: raw, decayedPoints: decayed, points: decayed,
                            basis: indicator.basis)
    }

    /// Whether an override's filter matches the enterprise (register filters) or any of its
    /// counting records. Takes the filter alone: an `Override` passed whole was copied (its
    /// strings retained and released) once per override and enterprise.
    func overrideApplies<Records: RandomAccessCollection>(_ filter: borrowing RecordFilter, _ enterprise: Enterprise, _ records: Records,
                                                          asOf: CalendarDate, excluded: Set<String>) -> Bool where Records.Element: RuleRecord {
        guard filter.category != nil else { return filter.admits(enterprise) }
        for r in records.indices {
            let decided = records[r].decisionDate
            if decided <= asOf, filter.admits(records[r], decided: decided, asOf: asOf),
               excluded.isEmpty || !excluded.contains(records[r].documentNumber) { return true }
        }
        return false
    }

    static func points<R: RuleRecord>(_ indicator: Indicator, _ record: R, asOf: CalendarDate) -> Int {
        var points = indicator.points
        if let by = indicator.pointsBy {
            let mask = record.mask(by.field, asOf: asOf)
            var best: Int?
            for (bit, value) in by.table.enumerated() where mask & (1 << UInt64(bit)) != 0 {
                if let value { best = max(best ?? value, value) }
            }
            if let best { points = best }
        }
        if !indicator.amountTiers.isEmpty, let amount = record.penaltyAmount {
            if let tier = indicator.amountTiers.last(where: { amount >= $0.atLeast }) { points += tier.points }
        }
        return points
    }

    /// `value × percent / 100`, rounded half away from zero (integers only).
    static func percentOf(_ value: Int, _ percent: Int) -> Int {
        let scaled = value * percent
        return scaled >= 0 ? (scaled + 50) / 100 : -((-scaled + 50) / 100)
    }
}
