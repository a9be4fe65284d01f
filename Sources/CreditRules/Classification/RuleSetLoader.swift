import CreditCore
import Foundation

/// Reads a classification rule file. Every problem is a `RuleFileError` with file, line,
/// column and the rule id: unknown keys, unknown categories or field values, fields that do
/// not exist in the category, malformed numbers, dates or amounts.
public enum RuleSetLoader {
    public static func load(_ text: String, file: String = "classification.yaml") throws(RuleFileError) -> RuleSet {
        let root = try YAMLNode.parse(text, file: file)
        try root.onlyKeys(["id", "version", "effective", "name", "source", "score", "classes", "indicators", "overrides"])
        let id = try root.required("id").string()
        let version = try root.required("version").string()
        let effectiveNode = try root.required("effective")
        guard let effective = CalendarDate(iso: try effectiveNode.string()) else {
            throw effectiveNode.error("'\(try effectiveNode.string())' is not a date YYYY-MM-DD")
        }
        let scoreNode = try root.required("score")
        try scoreNode.onlyKeys(["max"])
        let maxScore = try scoreNode.required("max").int()
        guard maxScore > 0 else { throw scoreNode.error("score.max must be positive") }

        var bands: [ClassBand] = []
        for node in try root.required("classes").items() {
            try node.onlyKeys(["class", "from", "below", "through"])
            let classNode = try node.required("class")
            guard let riskClass = RiskClass(rawValue: try classNode.string()) else {
                throw classNode.error("'\(try classNode.string())' is not a class A, B, C or D")
            }
            let lower = try node.required("from").int()
            let upper: Int
            if let below = try node.optional("below") {
                guard try node.optional("through") == nil else { throw node.error("give either 'below' or 'through', not both") }
                upper = try below.int()
            } else if let through = try node.optional("through") {
                upper = try through.int() + 1
            } else {
                throw node.error("a class band needs 'below' (exclusive) or 'through' (inclusive)")
            }
            guard upper > lower else { throw node.error("band \(riskClass.rawValue) is empty (from \(lower), below \(upper))") }
            bands.append(ClassBand(riskClass: riskClass, lower: lower, upper: upper, location: location(node)))
        }

        var indicators: [Indicator] = []
        var seen = Set<String>()
        for raw in try root.required("indicators").items() {
            let indicatorID = try raw.required("id").string()
            let node = raw.withRuleID(indicatorID)
            guard seen.insert(indicatorID).inserted else { throw node.error("duplicate id '\(indicatorID)'") }
            try node.onlyKeys(["id", "name", "basis", "category", "when", "points", "points_by", "amount_tiers",
                               "window_months", "decay", "cap"])
            let filter = try recordFilter(node)
            let category = filter.category
            var pointsBy: Indicator.PointsBy?
            if let byNode = try node.optional("points_by") {
                try byNode.onlyKeys(["field", "values"])
                let field = try self.field(try byNode.required("field"), category: category)
                var table = [Int?](repeating: nil, count: field.vocabulary.count)
                for (key, valueNode) in try byNode.required("values").mappingEntries() {
                    guard let index = field.vocabulary.firstIndex(of: key) else {
                        throw valueNode.error("'\(key)' is not a value of \(field.rawValue) (\(field.vocabulary.joined(separator: ", ")))")
                    }
                    table[index] = try valueNode.int()
                }
                pointsBy = Indicator.PointsBy(field: field, table: table)
            }
            var tiers: [Indicator.AmountTier] = []
            if let tiersNode = try node.optional("amount_tiers") {
                guard category == .penalty else { throw tiersNode.error("amount_tiers apply to penalty indicators only") }
                for tier in try tiersNode.items() {
                    try tier.onlyKeys(["at_least_wan_yuan", "points"])
                    let amountNode = try tier.required("at_least_wan_yuan")
                    let amount: Amount
                    let amountText = try amountNode.string()
                    do throws(Amount.Problem) { amount = try Amount(wanYuan: amountText) } catch { throw amountNode.error(error.description) }
                    tiers.append(Indicator.AmountTier(atLeast: amount, points: try tier.required("points").int()))
                }
                guard tiers == tiers.sorted(by: { $0.atLeast < $1.atLeast }), Set(tiers.map(\.atLeast)).count == tiers.count else {
                    throw tiersNode.error("amount tiers must be listed by ascending amount, without repeats")
                }
            }
            var decay: [Indicator.DecayStep] = []
            if let decayNode = try node.optional("decay") {
                for step in try decayNode.items() {
                    try step.onlyKeys(["after_months", "percent"])
                    let s = Indicator.DecayStep(afterMonths: try step.required("after_months").int(), percent: try step.required("percent").int())
                    guard s.afterMonths >= 0, (0...100).contains(s.percent) else {
                        throw step.error("after_months must be ≥ 0 and percent within 0…100")
                    }
                    decay.append(s)
                }
                guard decay.map(\.afterMonths) == decay.map(\.afterMonths).sorted(), Set(decay.map(\.afterMonths)).count == decay.count else {
                    throw decayNode.error("decay steps must be listed by ascending after_months, without repeats")
                }
            }
            let cap = try node.optional("cap").map { n throws(RuleFileError) in try n.int() }
            if let cap, cap < 0 { throw node.error("cap must be ≥ 0") }
            if category == nil, pointsBy != nil || filter.windowMonths != nil || !decay.isEmpty {
                throw node.error("register indicators take points only (no points_by, window or decay)")
            }
            indicators.append(Indicator(
                id: indicatorID, name: try node.optional("name")?.string() ?? indicatorID,
                basis: try node.required("basis").string(), filter: filter, points: try node.optional("points")?.int() ?? 0,
                pointsBy: pointsBy, amountTiers: tiers, decay: decay, cap: cap, location: location(node)))
        }

        var overrides: [Override] = []
        for raw in try root.optional("overrides")?.items() ?? [] {
            let overrideID = try raw.required("id").string()
            let node = raw.withRuleID(overrideID)
            guard seen.insert(overrideID).inserted else { throw node.error("duplicate id '\(overrideID)'") }
            try node.onlyKeys(["id", "name", "basis", "category", "when", "window_months", "assign", "at_least", "raise", "lifted_by"])
            let filter = try recordFilter(node)
            if filter.conditions.isEmpty, filter.violationContains.isEmpty, filter.category == nil {
                throw node.error("an override needs a 'when' condition")
            }
            var effects: [(String, YAMLNode)] = []
            for key in ["assign", "at_least", "raise"] {
                if let value = try node.optional(key) { effects.append((key, value)) }
            }
            guard effects.count == 1, let (key, effectNode) = effects.first else {
                throw node.error("an override needs exactly one of assign, at_least, raise")
            }
            let effect: Override.Effect
            if key == "raise" {
                let n = try effectNode.int()
                guard (1...3).contains(n) else { throw effectNode.error("raise must be 1, 2 or 3 levels") }
                effect = .raise(n)
            } else {
                guard let c = RiskClass(rawValue: try effectNode.string()) else {
                    throw effectNode.error("'\(try effectNode.string())' is not a class A, B, C or D")
                }
                effect = key == "assign" ? .assign(c) : .atLeast(c)
            }
            overrides.append(Override(
                id: overrideID, name: try node.optional("name")?.string() ?? overrideID, basis: try node.required("basis").string(),
                filter: filter, effect: effect, location: location(node), liftedBy: try node.optional("lifted_by")?.string()))
        }
        return RuleSet(id: id, version: version, effective: effective, maxScore: maxScore, bands: bands,
                       indicators: indicators, overrides: overrides, location: location(root))
    }

    static func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(file: node.file, line: node.line, column: node.column)
    }

    /// `category`, `when` and `window_months` of an indicator or override.
    static func recordFilter(_ node: YAMLNode) throws(RuleFileError) -> RecordFilter {
        let category = try self.category(node)
        let filter = try conditions(node, category: category)
        let window = try node.optional("window_months").map { n throws(RuleFileError) in try n.int() }
        if let window, window < 0 { throw node.error("window_months must be ≥ 0") }
        return RecordFilter(category: category, conditions: filter.conditions, violationContains: filter.violationContains,
                            windowMonths: window)
    }

    /// `category:` — a record category (English or Chinese) or `register`.
    static func category(_ node: YAMLNode) throws(RuleFileError) -> RecordCategory? {
        let categoryNode = try node.required("category")
        let name = try categoryNode.string()
        if name == "register" || name == "登记信息" { return nil }
        guard let category = RecordCategory(name: name) else {
            throw categoryNode.error("unknown category '\(name)' (licensing, penalty, coercion, reward, confirmation, adjudication, inspection, register)")
        }
        return category
    }

    static func field(_ node: YAMLNode, category: RecordCategory?) throws(RuleFileError) -> RecordField {
        let name = try node.string()
        guard let field = RecordField(rawValue: name) else {
            throw node.error("unknown field '\(name)' (\(RecordField.allCases.map(\.rawValue).joined(separator: ", ")), violation_contains)")
        }
        guard field.category == category else {
            throw node.error("field '\(name)' does not exist in \(category?.rawValue ?? "register") \(field.category.map { "(it is a \($0.rawValue) field)" } ?? "(it is a register field)")")
        }
        return field
    }

    /// `when:` — field: value or [values]; all conditions must hold.
    static func conditions(_ node: YAMLNode, category: RecordCategory?) throws(RuleFileError)
        -> (conditions: [Condition], violationContains: [String]) {
        guard let when = try node.optional("when") else { return ([], []) }
        var conditions: [Condition] = []
        var contains: [String] = []
        for (key, valueNode) in try when.mappingEntries() {
            let values: [String]
            if valueNode.node.sequence != nil {
                values = try valueNode.items().map { n throws(RuleFileError) in try n.string() }
            } else {
                values = [try valueNode.string()]
            }
            guard !values.isEmpty else { throw valueNode.error("'\(key)' lists no values") }
            if key == "violation_contains" {
                guard category == .penalty else { throw valueNode.error("violation_contains applies to penalty rules only") }
                contains += values
                continue
            }
            let field = try self.field(YAMLNode.parse(key, file: node.file).withLocation(of: valueNode), category: category)
            var mask: UInt64 = 0
            for value in values {
                guard let index = field.vocabulary.firstIndex(of: value) else {
                    throw valueNode.error("'\(value)' is not a value of \(field.rawValue) (\(field.vocabulary.joined(separator: ", ")))")
                }
                mask |= 1 << UInt64(index)
            }
            conditions.append(Condition(field: field, mask: mask, values: values))
        }
        return (conditions, contains)
    }
}

extension YAMLNode {
    /// This scalar, reported at another node's position (for mapping keys).
    func withLocation(of other: YAMLNode) -> YAMLNode { YAMLNode(node: node, file: other.file, ruleID: other.ruleID, line: other.line, column: other.column) }
}
