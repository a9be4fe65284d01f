import CreditCore
import CreditRules
import Foundation
import Testing

@Suite struct RuleLoaderTests {
    @Test func theDefaultRulesLoadAndPassEveryCheck() throws {
        let text = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Rules/classification.yaml"), encoding: .utf8)
        let rules = try RuleSetLoader.load(text)
        #expect(rules.indicators.count > 10)
        #expect(RuleChecks.check(rules).isEmpty)
        #expect(rules.indicators.allSatisfy { !$0.basis.isEmpty })
    }

    /// Each malformed file fails with file, line, column, rule id and reason.
    @Test(arguments: [
        ("  - id: pen\n    category: penalty\n", "  - id: pen\n    category: penalti\n", 16, "pen", "unknown category 'penalti'"),
        ("{procedure: 普通程序}", "{procedure: 普通的程序}", 17, "pen", "'普通的程序' is not a value of procedure"),
        ("      values: {声誉罚: 50,", "      values: {声誉: 50,", 20, "pen", "'声誉' is not a value of penalty_group"),
        ("    when: {in_force: \"true\"}", "    when: {result: 未发现问题}", 32, "coe", "field 'result' does not exist in coercion"),
        ("    cap: 400\n", "    cap: lots\n", 28, "pen", "'lots' is not a whole number"),
        ("    window_months: 36\n", "    windows_months: 36\n", 24, "pen", "unknown key 'windows_months'"),
        ("{at_least_wan_yuan: \"10\", points: 60}", "{at_least_wan_yuan: \"ten\", points: 60}", 23, "pen", "'ten' is not a decimal number"),
        ("    assign: D\n", "    assign: E\n", 67, "serious", "'E' is not a class"),
    ])
    func reportsLineColumnAndRule(_ original: String, _ broken: String, _ line: Int, _ rule: String, _ reason: String) throws {
        // The replaced text must exist, or the test would test nothing.
        #expect(fixtureRules.contains(original))
        let text = fixtureRules.replacingOccurrences(of: original, with: broken)
        #expect(text != fixtureRules)
        let error = try #require(throws: RuleFileError.self) { try RuleSetLoader.load(text, file: "fixture.yaml") }
        #expect(error.file == "fixture.yaml")
        #expect(error.line == line, "\(error)")
        #expect(error.column > 0)
        #expect(error.ruleID == rule, "\(error)")
        #expect(error.reason.contains(reason), "\(error)")
    }

    @Test func yamlSyntaxErrorsCarryTheirPosition() throws {
        let error = try #require(throws: RuleFileError.self) {
            try RuleSetLoader.load("id: x\nversion: 1\nclasses: [\n  {class: A\n", file: "bad.yaml")
        }
        #expect(error.file == "bad.yaml")
        #expect(error.line >= 4)
        #expect(error.reason.hasPrefix("YAML syntax"))
    }
}

@Suite struct RuleChecksTests {
    func findings(_ text: String) throws -> [RuleFinding] { RuleChecks.check(try loadFixture(text)) }

    @Test func theFixtureIsClean() throws { #expect(try findings(fixtureRules).isEmpty) }

    @Test func catchesAGap() throws {
        let f = try findings(fixtureRules.replacingOccurrences(of: "{class: C, from: 500,", with: "{class: C, from: 520,"))
        #expect(f.map(\.kind) == [.gap])
        #expect(f.first?.reason.contains("500…519") == true)
        #expect(f.first?.location.line == 8)
    }

    @Test func catchesAnOverlap() throws {
        let f = try findings(fixtureRules.replacingOccurrences(of: "{class: D, from: 750,", with: "{class: D, from: 700,"))
        #expect(f.map(\.kind) == [.overlap])
        #expect(f.first?.reason.contains("700…749") == true)
    }

    @Test func catchesATopGap() throws {
        let f = try findings(fixtureRules.replacingOccurrences(of: "through: 1000}", with: "through: 900}"))
        #expect(f.map(\.kind) == [.gap])
    }

    @Test func catchesDeadIndicators() throws {
        let zero = try findings(fixtureRules.replacingOccurrences(of: "    points: 150\n", with: "    points: 0\n"))
        #expect(zero.map(\.kind) == [.deadIndicator])
        #expect(zero.first?.ruleID == "coe")
        let window = try findings(fixtureRules.replacingOccurrences(of: "    window_months: 24\n    basis: ins", with: "    window_months: 0\n    basis: ins"))
        #expect(window.map { "\($0.kind) \($0.ruleID ?? "")" } == ["deadIndicator ins"])
        // Only 国家级 and 县级 rewards have points; a condition allowing only 省级 leaves none.
        let excluded = try findings(fixtureRules.replacingOccurrences(of: "  - id: reward\n    category: reward\n", with: "  - id: reward\n    category: reward\n    when: {level: 省级}\n"))
        #expect(excluded.map { "\($0.kind) \($0.ruleID ?? "")" } == ["deadIndicator reward"])
    }

    @Test func catchesNonMonotoneRules() throws {
        // A penalty worth negative points: adding it lowers the score.
        let negative = try findings(fixtureRules.replacingOccurrences(of: "{声誉罚: 50,", with: "{声誉罚: -50,"))
        #expect(negative.map(\.kind) == [.nonMonotone])
        #expect(negative.first?.ruleID == "pen")
        // A record-triggered override that assigns a class below D.
        let assign = try findings(fixtureRules.replacingOccurrences(of: "    raise: 2\n", with: "    assign: B\n"))
        #expect(assign.map(\.kind) == [.nonMonotone])
        #expect(assign.first?.ruleID == "accident")
        // Negative points on clean inspections are fine; on adverse results they are not.
        let inspection = try findings(fixtureRules.replacingOccurrences(of: "    when: {result: 未发现问题}\n    points: -30", with: "    when: {result: [未发现问题, 发现问题已责令改正]}\n    points: -30"))
        #expect(inspection.map(\.kind) == [.nonMonotone])
    }
}

/// Property: adding any adverse record never lowers the class (the premise the static check proves).
@Suite struct MonotonicityPropertyTests {
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func addingAnAdverseRecordNeverLowersTheClass(seed: UInt64) throws {
        let rulesURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Rules/classification.yaml")
        for rules in [try loadFixture(), try RuleSetLoader.load(String(contentsOf: rulesURL, encoding: .utf8))] {
            let classifier = Classifier(rules: rules)
            var rng = SeededGenerator(seed: seed)
            let asOf = day("2026-06-30")
            for _ in 0..<300 {
                let e = enterprise(abnormal: rng.chance(perMille: 100), serious: rng.chance(perMille: 30),
                                   status: rng.chance(perMille: 50) ? .revoked : .existing)
                let records = (0..<rng.int(below: 8)).map { _ in randomRecord(&rng, adverse: rng.chance(perMille: 500), asOf: asOf) }
                let before = classifier.classify(e, records: records, asOf: asOf)
                let added = randomRecord(&rng, adverse: true, asOf: asOf)
                let after = classifier.classify(e, records: records + [added], asOf: asOf)
                #expect(after.riskClass >= before.riskClass, "\(rules.id): \(added) lowered \(before.riskClass) to \(after.riskClass)")
                #expect(after.score >= before.score)
            }
        }
    }

    func randomRecord(_ rng: inout SeededGenerator, adverse: Bool, asOf: CalendarDate) -> EnforcementRecord {
        let date = asOf.adding(days: -rng.int(below: 1500)).description
        if adverse {
            switch rng.int(below: 4) {
            case 0:
                let types = (0..<(1 + rng.int(below: 2))).map { _ in rng.element(PenaltyType.allCases) }
                return penalty(date, types, fine: rng.chance(perMille: 600) ? "\(rng.int(below: 80) + 1)" : nil,
                               procedure: rng.chance(perMille: 200) ? .summary : .ordinary,
                               violation: rng.chance(perMille: 100) ? "重大安全事故" : nil)
            case 1: return record(date, .coercion(.init(measure: rng.element(EnforcementRecord.CoercionMeasure.allCases),
                                                        until: rng.chance(perMille: 500) ? asOf.adding(days: rng.int(below: 60) - 30) : nil,
                                                        status: rng.chance(perMille: 700) ? .inForce : .lifted)))
            case 2: return record(date, .adjudication(.init(matter: "争议", atFault: true)))
            default: return inspection(date, rng.element(Array(RuleChecks.adverseResults).sorted { $0.rawValue < $1.rawValue }))
            }
        }
        switch rng.int(below: 4) {
        case 0: return record(date, .reward(.init(name: "奖", level: rng.element(EnforcementRecord.RewardLevel.allCases))))
        case 1: return record(date, .confirmation(.init(item: "确认")))
        case 2: return inspection(date, .noProblem)
        default: return record(date, .licensing(.init(status: rng.element(EnforcementRecord.LicenceStatus.allCases))))
        }
    }
}
