import CreditCore

/// Reads `Rules/sampling.yaml` with file:line:column errors.
public enum SamplingPlanLoader {
    public static func load(_ text: String, file: String = "sampling.yaml") throws(RuleFileError) -> SamplingPlan {
        let root = try YAMLNode.parse(text, file: file)
        try root.onlyKeys(["id", "version", "source", "classes", "strata", "inspection_items", "inspectors_per_task",
                           "workload_cap", "conflicts", "agency", "result_publication_working_days"])
        var classes: [RiskClass: SamplingPlan.ClassRule] = [:]
        let classesNode = try root.required("classes")
        for (key, node) in try classesNode.mappingEntries() {
            guard let riskClass = RiskClass(rawValue: key) else { throw node.error("'\(key)' is not a class A, B, C or D") }
            let ruleNode = node.withRuleID("classes.\(key)")
            try ruleNode.onlyKeys(["rate", "min_interval_months"])
            let rateNode = try ruleNode.required("rate")
            guard let rate = DecimalRate(try rateNode.string()) else {
                throw rateNode.error("rate '\(try rateNode.string())' must be a decimal between 0 and 1 written as text, e.g. \"0.02\"")
            }
            let interval = try ruleNode.required("min_interval_months").int()
            guard interval >= 0 else { throw ruleNode.error("min_interval_months must be ≥ 0") }
            classes[riskClass] = .init(rate: rate, minimumIntervalMonths: interval)
        }
        for riskClass in RiskClass.allCases where classes[riskClass] == nil {
            throw classesNode.error("class \(riskClass.rawValue) has no rate")
        }
        // 非请勿扰: class A must not be drawn more often than B.
        if classes[.a]!.rate.approximateValue > classes[.b]!.rate.approximateValue {
            throw classesNode.error("class A's rate is above class B's; A is 非请勿扰 (reduced ratio and frequency)")
        }
        var strata: [SamplingPlan.StratumKey] = []
        if let node = try root.optional("strata") {
            for item in try node.items() {
                guard let key = SamplingPlan.StratumKey(rawValue: try item.string()) else {
                    throw item.error("unknown stratum key '\(try item.string())' (region, industry_section)")
                }
                guard !strata.contains(key) else { throw item.error("stratum key '\(key.rawValue)' listed twice") }
                strata.append(key)
            }
        }
        let itemsNode = try root.required("inspection_items")
        try itemsNode.onlyKeys(["default", "by_industry_section"])
        var bySection: [Character: String] = [:]
        if let node = try itemsNode.optional("by_industry_section") {
            for (key, value) in try node.mappingEntries() {
                guard key.count == 1, let c = key.first, c >= "A", c <= "T" else {
                    throw value.error("'\(key)' is not a GB/T 4754 section letter A-T")
                }
                bySection[c] = try value.string()
            }
        }
        let perTaskNode = try root.required("inspectors_per_task")
        let perTask = try perTaskNode.int()
        guard perTask >= 2 else {
            throw perTaskNode.error("inspectors_per_task must be at least 2 (行政处罚法 2021, art. 42)")
        }
        let capNode = try root.required("workload_cap")
        let cap = try capNode.int()
        guard cap >= 1 else { throw capNode.error("workload_cap must be at least 1") }
        let conflictsNode = try root.required("conflicts")
        try conflictsNode.onlyKeys(["declared", "previous_inspector", "same_area"])
        let conflicts = SamplingPlan.ConflictRules(
            declared: try conflictsNode.optional("declared")?.bool() ?? true,
            previousInspector: try conflictsNode.optional("previous_inspector")?.bool() ?? true,
            sameAreaExcluded: try conflictsNode.optional("same_area")?.bool() ?? false)
        if !conflicts.declared {
            throw conflictsNode.error("declared conflicts cannot be switched off (回避, 行政处罚法 art. 43)")
        }
        var publicationDays = 20
        if let node = try root.optional("result_publication_working_days") {
            publicationDays = try node.int()
            guard (1...60).contains(publicationDays) else { throw node.error("result_publication_working_days must be 1–60") }
        }
        return SamplingPlan(
            id: try root.required("id").string(), version: try root.required("version").string(),
            source: try root.optional("source")?.string() ?? "", classes: classes, strata: strata,
            defaultItem: try itemsNode.required("default").string(), itemsBySection: bySection,
            inspectorsPerTask: perTask, workloadCap: cap, conflicts: conflicts,
            agency: try root.required("agency").string(), resultPublicationDays: publicationDays)
    }
}
