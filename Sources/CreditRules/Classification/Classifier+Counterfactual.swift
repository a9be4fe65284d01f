import CreditCore

/// What would change an enterprise's class: records whose repair or expiry alone would
/// change it, and the first date its class changes by decay and windows if nothing happens.
public struct Counterfactual: Sendable, Hashable, Codable {
    public struct RecordChange: Sendable, Hashable, Codable {
        public var documentNumber: String
        public var category: RecordCategory
        public var classWithout: RiskClass
        public var scoreWithout: Int
        enum CodingKeys: String, CodingKey {
            case documentNumber = "document_no", category, classWithout = "class_without", scoreWithout = "score_without"
        }
    }
    public var records: [RecordChange]
    /// The first date the class differs from today's, with no new records.
    public var changesOn: CalendarDate?
    public var classThen: RiskClass?
    enum CodingKeys: String, CodingKey { case records, changesOn = "changes_on", classThen = "class_then" }
}

extension Classifier {
    /// - Parameters:
    ///   - horizonMonths: how far ahead to look for a change by decay alone.
    public func counterfactual(_ enterprise: Enterprise, records: [EnforcementRecord], asOf: CalendarDate,
                               excluded: Set<String> = [], horizonMonths: Int = 60) -> Counterfactual {
        let now = classify(enterprise, records: records, asOf: asOf, excluded: excluded)
        var changes: [Counterfactual.RecordChange] = []
        let counted = Set(now.contributions.compactMap(\.documentNumber))
        for record in records where counted.contains(record.documentNumber) {
            let without = classify(enterprise, records: records, asOf: asOf, excluded: excluded.union([record.documentNumber]))
            if without.riskClass != now.riskClass {
                changes.append(.init(documentNumber: record.documentNumber, category: record.category,
                                     classWithout: without.riskClass, scoreWithout: without.score))
            }
        }
        // Dates where some record's weight can change: decay steps, window ends, the end of
        // a coercive measure; checked in order.
        var dates = Set<CalendarDate>()
        let horizon = asOf.adding(months: horizonMonths)
        for record in records where record.decisionDate <= asOf && !excluded.contains(record.documentNumber) {
            for indicator in rules.indicators where indicator.filter.category == record.category {
                for step in indicator.decay { dates.insert(record.decisionDate.adding(months: step.afterMonths)) }
                if let window = indicator.filter.windowMonths { dates.insert(record.decisionDate.adding(months: window)) }
            }
            for override in rules.overrides where override.filter.category == record.category {
                if let window = override.filter.windowMonths { dates.insert(record.decisionDate.adding(months: window)) }
            }
            if case .coercion(let c) = record.details, let until = c.until { dates.insert(until.adding(days: 1)) }
        }
        var changesOn: CalendarDate?
        var classThen: RiskClass?
        for date in dates.filter({ $0 > asOf && $0 <= horizon }).sorted() {
            let later = classify(enterprise, records: records, asOf: date, excluded: excluded)
            if later.riskClass != now.riskClass { changesOn = date; classThen = later.riskClass; break }
        }
        return Counterfactual(records: changes, changesOn: changesOn, classThen: classThen)
    }
}
