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
    /// A direct-assignment override that holds the class where it is, and what lifts it.
    public struct OverrideLift: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        /// `直接判定为D类`, `至少为C类`, `上调2级（最高D类）`.
        public var effect: String
        public var basis: String
        /// What ends it: the rule's `lifted_by`, or a sentence derived from its condition.
        public var liftedBy: String
        /// For an override on records with a window: the day it stops applying by itself.
        public var expiresOn: CalendarDate?
        /// The class without this override (the others still applying).
        public var classWithout: RiskClass
        enum CodingKeys: String, CodingKey {
            case id, name, effect, basis, liftedBy = "lifted_by", expiresOn = "expires_on", classWithout = "class_without"
        }
    }
    public var records: [RecordChange]
    /// Overrides that apply, each with what lifts it and the class without it.
    public var overrides: [OverrideLift]
    /// The first date the class differs from today's, with no new records.
    public var changesOn: CalendarDate?
    public var classThen: RiskClass?
    enum CodingKeys: String, CodingKey { case records, overrides, changesOn = "changes_on", classThen = "class_then" }
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
        return Counterfactual(records: changes, overrides: overrideLifts(now, enterprise, records: records, asOf: asOf, excluded: excluded),
                              changesOn: changesOn, classThen: classThen)
    }

    /// For each override that applies: what it does, what lifts it and the class without it.
    func overrideLifts(_ now: Classification, _ enterprise: Enterprise, records: [EnforcementRecord], asOf: CalendarDate,
                       excluded: Set<String>) -> [Counterfactual.OverrideLift] {
        rules.overrides.filter { now.overrides.contains($0.id) }.map { override in
            var without = rules
            without.overrides.removeAll { $0.id == override.id }
            let classWithout = Classifier(rules: without).classify(enterprise, records: records, asOf: asOf, excluded: excluded).riskClass
            let effect = switch override.effect {
            case .assign(let c): "直接判定为\(c.rawValue)类"
            case .atLeast(let c): "至少为\(c.rawValue)类"
            case .raise(let n): "上调\(n)级（最高D类）"
            }
            var expiresOn: CalendarDate?
            if override.filter.category != nil, let window = override.filter.windowMonths {
                expiresOn = records.filter { r in
                    r.decisionDate <= asOf && !excluded.contains(r.documentNumber) && override.filter.admits(r, decided: r.decisionDate, asOf: asOf)
                }.map { $0.decisionDate.adding(months: window) }.max()
            }
            let derived = override.filter.category == nil
                ? "登记信息中“\(override.name)”的情形消除后，下一次分类不再适用"
                : "相关记录经信用修复" + (override.filter.windowMonths.map { "或决定满\($0)个月" } ?? "") + "后不再适用"
            return .init(id: override.id, name: override.name, effect: effect, basis: override.basis,
                         liftedBy: override.liftedBy ?? derived, expiresOn: expiresOn, classWithout: classWithout)
        }
    }
}
