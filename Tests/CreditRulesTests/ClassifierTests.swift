import Foundation
import CreditCore
import CreditRules
import Testing

@Suite struct ClassifierTests {
    let classifier = Classifier(rules: try! loadFixture())
    let asOf = day("2026-06-15")

    @Test func anEnterpriseWithoutRecordsGetsTheBase() {
        let r = classifier.classify(enterprise(), records: [], asOf: asOf)
        #expect(r.score == 250)
        #expect(r.riskClass == .b)
        #expect(r.contributions.map(\.indicator) == ["base"])
    }

    @Test func penaltyPointsFollowTheHeaviestGroupAndTheAmountTier() {
        // 警告 + 罚款 5万: groups 声誉罚 50 / 财产罚 100 → 100, tier ≥ 1 万 → +20.
        let r = classifier.classify(enterprise(), records: [penalty("2026-05-01", [.warning, .fine], fine: "5")], asOf: asOf)
        #expect(r.contributions.first { $0.indicator == "pen" }?.rawPoints == 120)
        #expect(r.score == 370)
        // Simple-procedure penalties do not match this indicator.
        let s = classifier.classify(enterprise(), records: [penalty("2026-05-01", [.fine], fine: "0.1", procedure: .summary)], asOf: asOf)
        #expect(s.score == 250)
    }

    /// Decay steps apply at exact month boundaries: 12 whole months after 2025-06-15 is 2026-06-15.
    @Test(arguments: [("2025-06-16", 100), ("2025-06-15", 50), ("2024-06-16", 50), ("2024-06-15", 25), ("2023-06-16", 25), ("2023-06-15", 0)])
    func decayAtExactMonthBoundaries(_ decided: String, _ expected: Int) {
        let r = classifier.classify(enterprise(), records: [penalty(decided, [.fine], fine: "0.5")], asOf: asOf)
        #expect((r.contributions.first { $0.indicator == "pen" }?.points ?? 0) == expected)
    }

    @Test func monthEndDecisionsDecayOnTheLastDayOfShortMonths() {
        // Decided 2025-08-31; 6 months later is 2026-02-28, 12 months 2026-08-31.
        let p = penalty("2025-08-31", [.fine], fine: "0.5")
        #expect(classifier.classify(enterprise(), records: [p], asOf: day("2026-08-30")).contributions.last?.points == 100)
        #expect(classifier.classify(enterprise(), records: [p], asOf: day("2026-08-31")).contributions.last?.points == 50)
    }

    @Test func capsLimitAnIndicatorAndKeepTheLargestContributions() {
        let records = [penalty("2026-01-01", [.revokeLicence]), penalty("2026-02-01", [.revokeLicence]), penalty("2026-03-01", [.fine], fine: "0.1")]
        let r = classifier.classify(enterprise(), records: records, asOf: asOf)
        let pen = r.contributions.filter { $0.indicator == "pen" }
        #expect(pen.map(\.points).reduce(0, +) == 400)
        #expect(pen.map(\.points) == [300, 100])  // second 资格罚 partly, the 罚款 not at all
        #expect(r.score == 650)
        // Negative indicators are capped by magnitude.
        let clean = classifier.classify(enterprise(), records: (1...5).map { _ in inspection("2026-01-10", .noProblem) }, asOf: asOf)
        #expect(clean.score == 190)
        #expect(clean.riskClass == .a)
    }

    @Test(arguments: [(199, RiskClass.a), (200, .b), (499, .b), (500, .c), (749, .c), (750, .d), (1000, .d)])
    func thresholdsAtBothEdges(_ score: Int, _ expected: RiskClass) throws {
        // A register indicator worth exactly `score` points.
        let rules = try loadFixture(fixtureRules.replacingOccurrences(of: "    points: 250\n", with: "    points: \(score)\n"))
        #expect(Classifier(rules: rules).classify(enterprise(), records: [], asOf: asOf).riskClass == expected)
    }

    @Test func scoreIsClampedToTheScale() {
        let records = (1...3).map { _ in inspection("2026-06-01", .refused) }
            + [penalty("2026-01-01", [.revokeLicence]), penalty("2026-02-01", [.revokeLicence]), record("2026-01-01", .coercion(.init(measure: .seize)))]
        let r = classifier.classify(enterprise(), records: records, asOf: asOf)
        #expect(r.score == 1000)
        let rewards = (1...3).map { _ in record("2026-01-01", .reward(.init(name: "奖", level: .national))) }
        #expect(classifier.classify(enterprise(), records: rewards, asOf: asOf).score == 0)
    }

    @Test func eachIndicatorFiresOnItsRecords() {
        let cases: [(EnforcementRecord, String, Int)] = [
            (record("2026-01-01", .coercion(.init(measure: .seize, until: day("2026-12-31")))), "coe", 150),
            (record("2026-01-01", .adjudication(.init(matter: "争议", atFault: true))), "adj", 60),
            (inspection("2026-01-01", .unreachable), "ins", 200),
            (record("2026-01-01", .reward(.init(name: "奖", level: .county))), "reward", -30),
            (record("2026-01-01", .licensing(.init(status: .revoked))), "revoked-licence", 100),
        ]
        for (r, indicator, points) in cases {
            let result = classifier.classify(enterprise(), records: [r], asOf: asOf)
            #expect(result.contributions.first { $0.indicator == indicator }?.points == points, "\(indicator)")
            #expect(result.contributions.first { $0.indicator == indicator }?.documentNumber == r.documentNumber)
        }
        // …and not on records that do not match.
        let quiet: [EnforcementRecord] = [
            record("2026-01-01", .coercion(.init(measure: .seize, until: day("2026-03-01")))),  // expired
            record("2026-01-01", .coercion(.init(measure: .seize, status: .lifted))),
            record("2026-01-01", .adjudication(.init(matter: "争议", atFault: false))),
            inspection("2026-01-01", .correctedOnOrder),
            inspection("2024-06-14", .unreachable),  // outside the 24-month window
            record("2026-01-01", .licensing(.init(status: .valid))),
            penalty("2026-07-01", [.fine], fine: "1"),  // decided after the as-of date
        ]
        #expect(classifier.classify(enterprise(), records: quiet, asOf: asOf).score == 250)
    }

    @Test func overridesAssignFloorAndRaise() {
        let serious = classifier.classify(enterprise(serious: true), records: [], asOf: asOf)
        #expect((serious.riskClass, serious.scoreClass, serious.overrides) == (.d, .b, ["serious"]))
        let abnormal = classifier.classify(enterprise(abnormal: true), records: [], asOf: asOf)
        #expect(abnormal.riskClass == .c)
        let accident = [penalty("2026-03-01", [.warning], violation: "发生重大安全事故")]
        #expect(classifier.classify(enterprise(), records: accident, asOf: asOf).riskClass == .d)  // B raised two levels
        #expect(classifier.classify(enterprise(), records: accident, asOf: day("2027-03-01")).riskClass == .b)  // window over
        // Raise is capped at D and applies on top of the floor.
        #expect(classifier.classify(enterprise(abnormal: true), records: accident, asOf: asOf).riskClass == .d)
    }

    @Test func excludedRecordsDoNotCount() {
        let p = penalty("2026-05-01", [.fine], fine: "0.5", number: "罚1")
        #expect(classifier.classify(enterprise(), records: [p], asOf: asOf).score == 350)
        #expect(classifier.classify(enterprise(), records: [p], asOf: asOf, excluded: ["罚1"]).score == 250)
    }

    @Test func counterfactualNamesTheDecisiveRecordAndTheDecayDate() {
        let p = penalty("2026-01-10", [.revokeLicence], number: "罚重")
        let c = classifier.counterfactual(enterprise(), records: [p], asOf: asOf)
        #expect(c.records.map(\.documentNumber) == ["罚重"])
        #expect(c.records.first?.classWithout == .b)
        // 550 → C; at 12 months 250 + 150 = 400 → B on 2027-01-10.
        #expect(c.changesOn == day("2027-01-10"))
        #expect(c.classThen == .b)
    }

    @Test func theTraceIsDeterministic() {
        let records = [penalty("2026-01-01", [.fine], fine: "3"), inspection("2026-02-01", .noProblem), penalty("2025-01-01", [.warning])]
        let a = classifier.classify(enterprise(), records: records, asOf: asOf)
        let b = classifier.classify(enterprise(), records: records.reversed(), asOf: asOf)
        #expect(a == b)
        #expect(a.compactTrace == b.compactTrace)
    }
}

/// Issue 16 item 12: "what would change the class" of an enterprise held by an override names
/// the override and what lifts it.
@Suite struct OverrideCounterfactualTests {
    static let repoRules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Rules/classification.yaml")

    /// 失信被执行人 → D (Rules/classification.yaml `dishonest-debtor`): no record's repair changes
    /// the class; the override does, once the court removes the entry.
    @Test func aDishonestDebtorLearnsWhatLiftsClassD() throws {
        let rules = try RuleSetLoader.load(String(contentsOf: Self.repoRules, encoding: .utf8), file: "classification.yaml")
        let debtor = Enterprise(uscc: code, name: "示例", region: "350100", isDishonestDebtor: true)
        let asOf = day("2026-11-27")
        let c = Classifier(rules: rules).counterfactual(debtor, records: [], asOf: asOf)
        #expect(Classifier(rules: rules).classify(debtor, records: [], asOf: asOf).riskClass == .d)
        #expect(c.records.isEmpty)
        let lift = try #require(c.overrides.first)
        #expect(c.overrides.count == 1)
        #expect(lift.id == "dishonest-debtor" && lift.name == "失信被执行人" && lift.effect == "直接判定为D类")
        #expect(lift.liftedBy.contains("移出失信被执行人名单"))
        #expect(lift.classWithout == .b)
        #expect(lift.expiresOn == nil)
    }

    /// A record override with a window expires by itself; without `lifted_by` the text is derived.
    @Test func aWindowedOverrideSaysWhenItExpires() throws {
        let classifier = Classifier(rules: try loadFixture())
        let accident = penalty("2026-03-01", [.warning], violation: "发生重大安全事故")
        let c = classifier.counterfactual(enterprise(), records: [accident], asOf: day("2026-06-15"))
        let lift = try #require(c.overrides.first { $0.id == "accident" })
        #expect(lift.effect == "上调2级（最高D类）")
        #expect(lift.expiresOn == day("2027-03-01"))
        #expect(lift.liftedBy == "相关记录经信用修复或决定满12个月后不再适用")
        #expect(lift.classWithout == .b)
        let json = String(decoding: try JSONEncoder().encode(c), as: UTF8.self)
        #expect(json.contains("\"lifted_by\"") && json.contains("\"class_without\":\"B\""))
    }
}
