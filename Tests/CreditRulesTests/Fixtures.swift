import CreditCore
import CreditRules
import Foundation
import Synchronization

/// A small rule set exercising every construct, with round numbers for hand computation.
let fixtureRules = """
id: fixture
version: "1"
effective: 2020-01-01
score: {max: 1000}
classes:
  - {class: A, from: 0, below: 200}
  - {class: B, from: 200, below: 500}
  - {class: C, from: 500, below: 750}
  - {class: D, from: 750, through: 1000}
indicators:
  - id: base
    category: register
    points: 250
    basis: base
  - id: pen
    category: penalty
    when: {procedure: 普通程序}
    points_by:
      field: penalty_group
      values: {声誉罚: 50, 财产罚: 100, 资格罚: 300}
    amount_tiers:
      - {at_least_wan_yuan: "1", points: 20}
      - {at_least_wan_yuan: "10", points: 60}
    window_months: 36
    decay:
      - {after_months: 12, percent: 50}
      - {after_months: 24, percent: 25}
    cap: 400
    basis: 行政处罚法第九条
  - id: coe
    category: coercion
    when: {in_force: "true"}
    points: 150
    basis: 行政强制法
  - id: adj
    category: adjudication
    when: {at_fault: "true"}
    points: 60
    basis: adj
  - id: ins
    category: inspection
    when: {result: [通过登记的住所（经营场所）无法联系, 不配合检查情节严重]}
    points: 200
    window_months: 24
    basis: ins
  - id: clean
    category: inspection
    when: {result: 未发现问题}
    points: -30
    cap: 60
    basis: clean
  - id: reward
    category: reward
    points_by:
      field: level
      values: {国家级: -150, 县级: -30}
    basis: reward
  - id: revoked-licence
    category: licensing
    when: {licence_status: 吊销}
    points: 100
    basis: lic
overrides:
  - id: serious
    category: register
    when: {flag: serious}
    assign: D
    basis: serious
  - id: abnormal
    category: register
    when: {flag: abnormal}
    at_least: C
    basis: abnormal
  - id: accident
    category: penalty
    when: {violation_contains: 重大安全事故}
    window_months: 12
    raise: 2
    basis: accident
"""

let code = try! UnifiedSocialCreditCode("91350100M000100Y43")

func enterprise(abnormal: Bool = false, serious: Bool = false, status: RegistrationStatus = .existing) -> Enterprise {
    Enterprise(uscc: code, name: "示例", region: "350100", status: status, onAbnormalList: abnormal, onSeriousList: serious)
}

func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

let documentCounter = Atomic<Int>(0)
func record(_ date: String, _ details: EnforcementRecord.Details, number: String? = nil) -> EnforcementRecord {
    let n = documentCounter.add(1, ordering: .relaxed).newValue
    return EnforcementRecord(documentNumber: number ?? "文书\(n)", subjectName: "示例", uscc: code,
                             decisionDate: day(date), agency: "局", details: details)
}

func penalty(_ date: String, _ types: [PenaltyType], fine: String? = nil, procedure: EnforcementRecord.PenaltyProcedure = .ordinary,
             violation: String? = nil, number: String? = nil) -> EnforcementRecord {
    record(date, .penalty(.init(violationType: violation, types: types, fine: fine.map { try! Amount(wanYuan: $0) }, procedure: procedure)),
           number: number)
}

func inspection(_ date: String, _ result: InspectionResult) -> EnforcementRecord {
    record(date, .inspection(.init(kind: .doubleRandom, result: result)))
}

func loadFixture(_ text: String = fixtureRules) throws -> RuleSet { try RuleSetLoader.load(text, file: "fixture.yaml") }
