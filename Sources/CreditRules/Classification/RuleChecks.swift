import CreditCore

/// A finding of the static checks, located in the rule file.
public struct RuleFinding: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable { case gap, overlap, bands, deadIndicator = "dead-indicator", nonMonotone = "non-monotone" }
    public var kind: Kind
    public var ruleID: String?
    public var location: SourceLocation
    public var reason: String
    public var description: String { "\(location): \(kind.rawValue): " + (ruleID.map { "\($0): " } ?? "") + reason }
}

/// Static checks of a rule set, run before it is released (`credit rules check`).
///
/// **Monotonicity** — adding an adverse record (a penalty, a coercive measure, an
/// adjudication at fault, an inspection with an adverse result) can never lower the class.
/// It holds when (1) every indicator that can match an adverse record gives it ≥ 0 points
/// under every value and amount tier, so its capped total cannot fall (a cap only bounds a
/// sum of non-negative terms); (2) bands are contiguous and ascend A→D, so a higher score
/// never maps to a lower class; (3) no override triggered by records assigns a class below D
/// (assign would otherwise replace a higher score class), while at_least and raise only
/// ever lift. The checks below verify exactly these three premises over the rule structure.
public enum RuleChecks {
    /// Inspection results that are adverse; the others (未发现问题, 未发现开展本次抽查涉及的经营活动) are not.
    public static let adverseResults: Set<InspectionResult> = [
        .notPublished, .falsePublication, .unreachable, .refused, .correctedOnOrder, .pendingFollowUp,
    ]

    public static func check(_ rules: RuleSet) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        // Bands: contiguous from 0 to max, ascending A→D, each class once.
        let bands = rules.bands.sorted { $0.lower < $1.lower }
        if bands.map(\.riskClass) != RiskClass.allCases {
            findings.append(RuleFinding(kind: .bands, ruleID: nil, location: rules.location,
                                        reason: "classes must be A, B, C, D once each, in ascending score order (found \(bands.map(\.riskClass.rawValue).joined(separator: ", ")))"))
        }
        if let first = bands.first, first.lower > 0 {
            findings.append(RuleFinding(kind: .gap, ruleID: first.riskClass.rawValue, location: first.location,
                                        reason: "scores 0…\(first.lower - 1) belong to no class"))
        }
        for (a, b) in zip(bands, bands.dropFirst()) {
            if b.lower > a.upper {
                findings.append(RuleFinding(kind: .gap, ruleID: b.riskClass.rawValue, location: b.location,
                                            reason: "scores \(a.upper)…\(b.lower - 1) between \(a.riskClass.rawValue) and \(b.riskClass.rawValue) belong to no class"))
            } else if b.lower < a.upper {
                findings.append(RuleFinding(kind: .overlap, ruleID: b.riskClass.rawValue, location: b.location,
                                            reason: "scores \(b.lower)…\(a.upper - 1) belong to both \(a.riskClass.rawValue) and \(b.riskClass.rawValue)"))
            }
        }
        if let last = bands.last, last.upper <= rules.maxScore {
            findings.append(RuleFinding(kind: .gap, ruleID: last.riskClass.rawValue, location: last.location,
                                        reason: "scores \(last.upper)…\(rules.maxScore) belong to no class"))
        }
        for indicator in rules.indicators {
            if let reason = deadReason(indicator) {
                findings.append(RuleFinding(kind: .deadIndicator, ruleID: indicator.id, location: indicator.location, reason: reason))
            }
            if let reason = nonMonotoneReason(indicator) {
                findings.append(RuleFinding(kind: .nonMonotone, ruleID: indicator.id, location: indicator.location, reason: reason))
            }
        }
        for override in rules.overrides {
            if case .assign(let c) = override.effect, c != .d, let category = override.filter.category,
               canMatchAdverse(category, override.filter.conditions) {
                findings.append(RuleFinding(kind: .nonMonotone, ruleID: override.id, location: override.location,
                                            reason: "assigns \(c.rawValue) when an adverse \(category.rawValue) record exists; an enterprise scored higher would be lowered by adding that record (use at_least or raise)"))
            }
        }
        return findings
    }

    /// Why an indicator can never change a score, or nil.
    static func deadReason(_ i: Indicator) -> String? {
        let tableValues = i.pointsBy?.table.compactMap { $0 } ?? []
        let anyPoints = i.points != 0 || tableValues.contains { $0 != 0 } || i.amountTiers.contains { $0.points != 0 }
        if !anyPoints { return "gives 0 points to every record" }
        if i.cap == 0 { return "its cap is 0" }
        if i.filter.windowMonths == 0 { return "window_months is 0: no record is ever recent enough" }
        if let first = i.decay.first, first.afterMonths == 0, i.decay.allSatisfy({ $0.percent == 0 }) {
            return "decays to 0% from month 0"
        }
        if let by = i.pointsBy, i.points == 0, i.amountTiers.isEmpty {
            // Only listed values score; if the conditions exclude all of them, nothing fires.
            let scoring = by.table.enumerated().filter { ($0.element ?? 0) != 0 }.reduce(UInt64(0)) { $0 | (1 << UInt64($1.offset)) }
            if let condition = i.filter.conditions.first(where: { $0.field == by.field }), condition.mask & scoring == 0 {
                return "its conditions on \(by.field.rawValue) exclude every value that has points"
            }
        }
        return nil
    }

    /// Why an indicator could lower a score when an adverse record is added, or nil.
    static func nonMonotoneReason(_ i: Indicator) -> String? {
        guard let category = i.filter.category, canMatchAdverse(category, i.filter.conditions) else { return nil }
        var negatives: [String] = []
        if i.points < 0, i.pointsBy == nil || i.pointsBy!.table.contains(where: { $0 == nil }) { negatives.append("points \(i.points)") }
        if let by = i.pointsBy {
            for (index, value) in by.table.enumerated() {
                guard let value, value < 0 else { continue }
                let name = by.field.vocabulary[index]
                if by.field == .result, let r = InspectionResult(rawValue: name), !adverseResults.contains(r) { continue }
                negatives.append("\(name): \(value)")
            }
        }
        negatives += i.amountTiers.filter { $0.points < 0 }.map { "amount tier ≥ \($0.atLeast) 万元: \($0.points)" }
        guard !negatives.isEmpty else { return nil }
        return "gives negative points (\(negatives.joined(separator: ", "))) to adverse \(category.rawValue) records, so adding one could lower the class"
    }

    /// Whether records matching these conditions can be adverse.
    static func canMatchAdverse(_ category: RecordCategory, _ conditions: [Condition]) -> Bool {
        switch category {
        case .penalty, .coercion: return true
        case .adjudication:
            guard let c = conditions.first(where: { $0.field == .atFault }) else { return true }
            return c.mask & 0b10 != 0
        case .inspection:
            guard let c = conditions.first(where: { $0.field == .result }) else { return true }
            return InspectionResult.allCases.enumerated().contains { index, result in
                adverseResults.contains(result) && c.mask & (1 << UInt64(index)) != 0
            }
        case .licensing, .reward, .confirmation: return false
        }
    }
}
