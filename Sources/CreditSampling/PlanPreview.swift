import CreditCore
import CreditRules
import Foundation

/// What a plan means for each class before anything is drawn: frame and eligible counts,
/// the tasks this month, and the chance an enterprise of the class is inspected at least
/// once in the next 12 monthly draws, 1 − (1 − rate)^12 (for reading, not for selection).
public struct PlanPreview: Sendable, Codable, Hashable {
    public struct ClassLine: Sendable, Codable, Hashable {
        public var riskClass: String
        public var rate: String
        public var minimumIntervalMonths: Int
        public var frame: Int
        public var eligible: Int
        public var tasks: Int
        public var chanceWithin12Months: Double
        enum CodingKeys: String, CodingKey {
            case riskClass = "class", rate, minimumIntervalMonths = "min_interval_months", frame, eligible, tasks
            case chanceWithin12Months = "chance_within_12_months"
        }
    }
    public var planID: String
    public var source: String
    public var classes: [ClassLine]
    enum CodingKeys: String, CodingKey { case planID = "plan_id", source, classes }

    /// From per-stratum counts (of a draw, or computed by `counts(_:)`).
    public init(plan: SamplingPlan, strata: [StratumCount]) {
        planID = "\(plan.id) \(plan.version)"
        source = plan.source
        classes = RiskClass.allCases.map { riskClass in
            let rule = plan.classes[riskClass]!
            let mine = strata.filter { $0.riskClass == riskClass }
            return ClassLine(riskClass: riskClass.rawValue, rate: rule.rate.text, minimumIntervalMonths: rule.minimumIntervalMonths,
                             frame: mine.reduce(0) { $0 + $1.frame }, eligible: mine.reduce(0) { $0 + $1.eligible },
                             tasks: mine.reduce(0) { $0 + $1.k }, chanceWithin12Months: 1 - pow(1 - rule.rate.approximateValue, 12))
        }
    }

    /// Per-stratum counts without drawing (no tickets are computed).
    public static func counts(_ inputs: DrawInputs) -> [StratumCount] {
        let members = inputs.members.sortedByCode()
        let excluded = Set(DoubleRandomDraw.exclusions(inputs, sorted: members).map(\.uscc))
        var byStratum: [String: (RiskClass, Int, Int)] = [:]
        members.bytes.withUnsafeBufferPointer { all in
            for i in 0..<members.count {
                let key = members.stratum(i, plan: inputs.plan, in: all)
                var entry = byStratum[key] ?? (members.classes[i], 0, 0)
                entry.1 += 1
                if excluded.isEmpty || !excluded.contains(members.code(i)) { entry.2 += 1 }
                byStratum[key] = entry
            }
        }
        return byStratum.keys.sorted().map { key in
            let (riskClass, frame, eligible) = byStratum[key]!
            let rate = inputs.plan.classes[riskClass]!.rate
            return StratumCount(stratum: key, riskClass: riskClass, frame: frame, eligible: eligible, rate: rate, k: rate.ceilTimes(eligible))
        }
    }
}
