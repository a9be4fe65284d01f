import CreditCore
import CreditRules
import CreditSampling
import Foundation
import Testing

let planText = """
id: test-plan
version: "1"
agency: 测试市场监督管理局
classes:
  A: {rate: "0.01", min_interval_months: 12}
  B: {rate: "0.1", min_interval_months: 6}
  C: {rate: "0.5", min_interval_months: 2}
  D: {rate: "1", min_interval_months: 0}
strata: [region]
inspection_items:
  default: 年度报告公示信息的检查
  by_industry_section: {H: 食品安全检查}
inspectors_per_task: 2
workload_cap: 3
conflicts: {declared: true, previous_inspector: true, same_area: false}
"""

func plan(_ text: String = planText) throws -> SamplingPlan { try SamplingPlanLoader.load(text, file: "plan.yaml") }

func code(_ n: Int, region: String = "130602") -> String {
    UnifiedSocialCreditCode.completing("91" + region + "MA" + String(format: "%07d", n))!
}

func member(_ n: Int, _ c: RiskClass, region: String = "130602", section: Character? = "F") -> FrameMember {
    FrameMember(uscc: code(n, region: region), name: "企业\(n)", riskClass: c, region: region, section: section)
}

func inspectors(_ n: Int, area: String? = "130602", fields: [Character] = []) -> [RosterEntry] {
    (1...n).map { RosterEntry(certificateNumber: "C\(area ?? "city")-\($0)", name: "检查员\($0)", area: area, fields: fields) }
}

func inputs(frame: [FrameMember], roster: [RosterEntry], plan: SamplingPlan, lastDrawn: [String: (drawID: String, asOf: CalendarDate)] = [:],
            conflicts: [(certificate: String, uscc: String)] = [], previous: [(certificate: String, uscc: String)] = [],
            triggers: [InspectionTrigger] = [], id: String = "2026-11", randomness: String = "31415") -> DrawInputs {
    DrawInputs(drawID: id, publicRandomness: randomness, asOf: CalendarDate(iso: "2026-11-27")!, plan: plan, planText: planText,
               rulesSHA256: String(repeating: "0", count: 64), frame: frame, lastDrawn: lastDrawn, roster: roster,
               declaredConflicts: conflicts, previousInspectors: previous, triggers: triggers, previousReceiptSHA256: nil)
}

@Suite struct DrawTests {
    @Test func theFrameTextAndHashFollowTheSpec() throws {
        let frame = [FrameMember(uscc: "92130602MA000003XX", name: "丙", riskClass: .d, region: "130602", section: nil),
                     FrameMember(uscc: "91130606MA000002XX", name: "乙", riskClass: .a, region: "130606", section: nil),
                     FrameMember(uscc: "91130602MA000001XX", name: "甲", riskClass: .b, region: "130602", section: nil)]
        let bundle = DrawBundle.build(inputs(frame: frame, roster: inspectors(4), plan: try plan()))
        #expect(String(decoding: bundle.files["audit/frame.tsv"]!, as: UTF8.self)
                == "91130602MA000001XX\tB\tB|130602\n91130606MA000002XX\tA\tA|130606\n92130602MA000003XX\tD\tD|130602\n")
        // Computed independently with Python's hashlib.
        #expect(bundle.receipt["frame_sha256"] == .string("ce94b5e9a2fba78ecfb095d06e33b01e649b7c51609b39ae8b2a191a3b9aeb9e"))
        #expect(bundle.receipt["seed"] == .string("2026-11|31415"))
        #expect(bundle.receipt["algorithm"] == .string("consistent-sampler-sha256/1"))
    }

    @Test func strataTakeTheCeilingOfRateTimesEligible() throws {
        // B: 25 × 0.1 = 2.5 → 3; C: 3 × 0.5 = 1.5 → 2; D: all; A: 150 × 0.01 = 1.5 → 2; another region apart.
        let frame = (0..<25).map { member($0, .b) } + (100..<103).map { member($0, .c) } + (200..<202).map { member($0, .d) }
            + (300..<450).map { member($0, .a) } + (500..<510).map { member($0, .b, region: "130606") }
        let bundle = DrawBundle.build(inputs(frame: frame, roster: inspectors(40, area: nil), plan: try plan()))
        let k = Dictionary(uniqueKeysWithValues: bundle.strata.map { ($0.stratum, $0.k) })
        #expect(k == ["A|130602": 2, "B|130602": 3, "C|130602": 2, "D|130602": 2, "B|130606": 1])
        #expect(bundle.tasks.count == 10)
        #expect(bundle.tasks.map(\.ticket) == bundle.tasks.map(\.ticket).sorted())
        // Each stratum's picks are its lowest tickets.
        let sampler = ConsistentSampler(seed: "2026-11|31415")
        let bIDs = (0..<25).map { code($0) }
        #expect(Set(bundle.tasks.filter { $0.stratum == "B|130602" }.map(\.uscc)) == Set(sampler.lowest(3, of: bIDs)))
    }

    @Test func theMinimumIntervalExcludesRecentlyDrawnEnterprises() throws {
        let frame = (0..<10).map { member($0, .b) } + [member(50, .c), member(51, .c)]
        let last: [String: (drawID: String, asOf: CalendarDate)] = [
            code(0): ("2026-08", CalendarDate(iso: "2026-08-27")!),  // B waits 6 months: excluded
            code(1): ("2026-05", CalendarDate(iso: "2026-05-27")!),  // exactly 6 months ago: eligible again
            code(50): ("2026-10", CalendarDate(iso: "2026-10-27")!),  // C waits 2 months: excluded
            code(51): ("2026-09", CalendarDate(iso: "2026-09-27")!),  // 2 months: eligible
        ]
        let bundle = DrawBundle.build(inputs(frame: frame, roster: inspectors(10), plan: try plan(), lastDrawn: last))
        #expect(bundle.exclusions.map(\.uscc) == [code(0), code(50)].sorted())
        #expect(bundle.exclusions.first { $0.uscc == code(0) }?.reason.contains("2026-08") == true)
        #expect(bundle.strata.first { $0.stratum == "B|130602" }?.eligible == 9)
        #expect(!bundle.tasks.contains { $0.uscc == code(0) || $0.uscc == code(50) })
    }

    @Test func classATriggersAddTargetedTasks() throws {
        let frame = (0..<5).map { member($0, .a) } + [member(10, .b)]
        let trigger = { (n: Int, date: String) in
            InspectionTrigger(uscc: UnifiedSocialCreditCode(trusted: code(n)), kind: .complaint, reference: "T\(n)", date: CalendarDate(iso: date)!)
        }
        // A: 5 × 0.01 → 1 random; a trigger for another A adds a targeted task; a B trigger does not;
        // a trigger dated after the draw does not.
        let base = DrawBundle.build(inputs(frame: frame, roster: inspectors(10), plan: try plan()))
        let randomA = try #require(base.tasks.first { $0.stratum.hasPrefix("A") }?.uscc)
        let other = (0..<5).map { code($0) }.first { $0 != randomA }!
        let n = (0..<5).first { code($0) == other }!
        let bundle = DrawBundle.build(inputs(frame: frame, roster: inspectors(10), plan: try plan(),
                                             triggers: [trigger(n, "2026-11-20"), trigger(10, "2026-11-20"), trigger((n + 1) % 5 == n ? 0 : (n + 1) % 5, "2026-12-01")]))
        let targeted = bundle.tasks.filter(\.targeted)
        #expect(targeted.map(\.uscc) == [other] || (targeted.count == 1 && targeted[0].uscc == other))
        #expect(bundle.tasks.count == base.tasks.count + 1)
        #expect(String(decoding: bundle.files["audit/selection.tsv"]!, as: UTF8.self).contains("\(other)\tA|130602\t"))
        #expect(String(decoding: bundle.files["public/selection.tsv"]!, as: UTF8.self).contains("\ttargeted\t"))
    }

    @Test func declaredConflictsAndThePreviousInspectorWithdraw() throws {
        let frame = [member(0, .d)]
        let roster = inspectors(3)
        let plain = DrawBundle.build(inputs(frame: frame, roster: roster, plan: try plan()))
        guard case .assigned(let first) = plain.assignments[0] else { Issue.record("unassigned"); return }
        let conflicted = DrawBundle.build(inputs(frame: frame, roster: roster, plan: try plan(), conflicts: [(first[0], code(0))]))
        guard case .assigned(let second) = conflicted.assignments[0] else { Issue.record("unassigned"); return }
        #expect(!second.contains(first[0]))
        let previous = DrawBundle.build(inputs(frame: frame, roster: roster, plan: try plan(), previous: [(first[1], code(0))]))
        guard case .assigned(let third) = previous.assignments[0] else { Issue.record("unassigned"); return }
        #expect(!third.contains(first[1]))
        // With the previous-inspector rule off, the same inspector may come again.
        let off = try plan(planText.replacingOccurrences(of: "previous_inspector: true", with: "previous_inspector: false"))
        let allowed = DrawBundle.build(inputs(frame: frame, roster: roster, plan: off, previous: [(first[1], code(0))]))
        #expect(allowed.assignments[0] == .assigned(first))
        // Both rules together leave one inspector: unassigned, with the reason.
        let both = DrawBundle.build(inputs(frame: frame, roster: roster, plan: try plan(), conflicts: [(first[0], code(0))], previous: [(first[1], code(0))]))
        guard case .unassigned(let reason) = both.assignments[0] else { Issue.record("expected unassigned"); return }
        #expect(reason.contains("only 1 of 2"))
        #expect(reason.contains("2 withdrawn (回避)"))
    }

    @Test func sameAreaExclusionSendsInspectorsFromElsewhere() throws {
        let sameArea = try plan(planText.replacingOccurrences(of: "same_area: false", with: "same_area: true"))
        let roster = inspectors(3, area: "130602") + inspectors(3, area: "130606")
        let bundle = DrawBundle.build(inputs(frame: [member(0, .d)], roster: roster, plan: sameArea))
        guard case .assigned(let certs) = bundle.assignments[0] else { Issue.record("unassigned"); return }
        #expect(certs.allSatisfy { $0.hasPrefix("C130606") })
        let normal = DrawBundle.build(inputs(frame: [member(0, .d)], roster: roster, plan: try plan()))
        guard case .assigned(let local) = normal.assignments[0] else { Issue.record("unassigned"); return }
        #expect(local.allSatisfy { $0.hasPrefix("C130602") })
    }

    @Test func areaAndFieldDecideWhoCovers() throws {
        let roster = inspectors(2, area: "130602", fields: ["H"]) + inspectors(2, area: "130606") + inspectors(2, area: nil, fields: ["F"])
        let bundle = DrawBundle.build(inputs(frame: [member(0, .d, section: "F")], roster: roster, plan: try plan()))
        #expect(bundle.assignments[0] == .assigned(["Ccity-1", "Ccity-2"]) || bundle.assignments[0] == .assigned(["Ccity-2", "Ccity-1"]))
    }

    @Test func theWorkloadCapSpreadsTasksAndReportsTheRest() throws {
        // 4 D tasks, 2 inspectors with a cap of 3: tasks 1–3 assigned, task 4 unassigned.
        let bundle = DrawBundle.build(inputs(frame: (0..<4).map { member($0, .d) }, roster: inspectors(2), plan: try plan()))
        let assigned = bundle.assignments.filter { if case .assigned = $0 { true } else { false } }
        #expect(assigned.count == 3)
        guard case .unassigned(let reason) = bundle.assignments[3] else { Issue.record("last task should be unassigned"); return }
        #expect(reason.contains("2 at the workload cap of 3"))
        #expect(String(decoding: bundle.files["audit/assignment.tsv"]!, as: UTF8.self).contains("\tUNASSIGNED\tonly 0 of 2"))
    }

    @Test func aPlanNeedsTwoInspectorsPerTask() throws {
        let error = try #require(throws: RuleFileError.self) {
            try plan(planText.replacingOccurrences(of: "inspectors_per_task: 2", with: "inspectors_per_task: 1"))
        }
        #expect(error.reason.contains("at least 2"))
        #expect(error.line == 13)
        #expect(throws: RuleFileError.self) { try plan(planText.replacingOccurrences(of: "rate: \"0.01\"", with: "rate: \"0.3\"")) }
    }

    @Test func publicFilesNeverNameAClass() throws {
        let frame = (0..<30).map { member($0, [.a, .b, .c, .d][$0 % 4]) }
        let bundle = DrawBundle.build(inputs(frame: frame, roster: inspectors(20), plan: try plan()))
        let publicFiles = bundle.files.filter { $0.key.hasPrefix("public/") }
        #expect(publicFiles.count == 3)
        for (path, bytes) in publicFiles {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("\"class\""), "\(path)")
            #expect(!text.contains("strata\""), "\(path)")
            for riskClass in RiskClass.allCases {
                #expect(!text.contains("\(riskClass.rawValue)|"), "\(path) names a stratum")
                #expect(!text.contains("\t\(riskClass.rawValue)\t"), "\(path) names a class")
            }
        }
        #expect(String(decoding: bundle.files["receipt.json"]!, as: UTF8.self).contains("\"strata\""))
    }
}

@Suite struct VerifierTests {
    func honest() throws -> DrawBundle {
        let frame = (0..<60).map { member($0, [.a, .b, .b, .c, .d][$0 % 5], region: $0 % 2 == 0 ? "130602" : "130606") }
        return DrawBundle.build(inputs(frame: frame, roster: inspectors(6) + inspectors(6, area: "130606") + inspectors(2, area: nil),
                                       plan: try plan(), conflicts: [("C130602-1", code(0))]))
    }

    @Test func passesOnAnHonestBundle() throws {
        let bundle = try honest()
        let verified = try DrawVerifier.verify(bundle.files)
        #expect(verified.tasks == bundle.tasks.count)
        #expect(verified.receiptSHA256 == bundle.receiptSHA256)
    }

    /// Every single-byte change to the frame, the roster or the selection is caught.
    @Test(arguments: ["audit/frame.tsv", "audit/inspectors.tsv", "audit/selection.tsv"])
    func failsOnEverySingleByteTamper(_ path: String) throws {
        let bundle = try honest()
        let original = bundle.files[path]!
        #expect(original.count > 10)
        for offset in 0..<original.count {
            var files = bundle.files
            var bytes = original
            bytes[offset] = bytes[offset] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
            files[path] = bytes
            #expect(throws: DrawVerifier.Failure.self, "byte \(offset) of \(path)") { try DrawVerifier.verify(files) }
        }
    }

    @Test func namesTheFirstDifferenceWhenTheReceiptIsAdjustedToo() throws {
        // A forger who edits the selection and its hash in the receipt is still caught by recomputation.
        let bundle = try honest()
        var files = bundle.files
        var lines = String(decoding: files["audit/selection.tsv"]!, as: UTF8.self).split(separator: "\n").map(String.init)
        lines.swapAt(0, 1)
        let forged = Array((lines.joined(separator: "\n") + "\n").utf8)
        files["audit/selection.tsv"] = forged
        let receipt = String(decoding: files["receipt.json"]!, as: UTF8.self)
            .replacingOccurrences(of: DrawBundle.sha256(bundle.files["audit/selection.tsv"]!), with: DrawBundle.sha256(forged))
        files["receipt.json"] = Array(receipt.utf8)
        let failure = try #require(throws: DrawVerifier.Failure.self) { try DrawVerifier.verify(files) }
        #expect(failure.file == "audit/selection.tsv")
        #expect(failure.line == 1)
    }
}
