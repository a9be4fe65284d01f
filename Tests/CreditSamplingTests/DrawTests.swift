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

/// 1,001 members of every class in two areas, with names that hold a tab and a line break
/// (every 11th), sections that are not ASCII (制) and members without a section.
func awkwardFrame() -> [FrameMember] {
    (0..<1001).map { n -> FrameMember in
        let plain = member(n, RiskClass.allCases[n % 4], region: n % 3 == 0 ? "130602" : "130606",
                           section: n % 5 == 0 ? nil : n % 7 == 0 ? "制" : "F")
        guard n % 11 == 0 else { return plain }
        return FrameMember(uscc: plain.uscc, name: "企业\t\(n)\r\n分店", riskClass: plain.riskClass, region: plain.region, section: plain.section)
    }
}

func inspectors(_ n: Int, area: String? = "130602", fields: [Character] = []) -> [RosterEntry] {
    (1...n).map { RosterEntry(certificateNumber: "C\(area ?? "city")-\($0)", name: "检查员\($0)", area: area, fields: fields) }
}

func trigger(_ n: Int, _ kind: InspectionTrigger.Kind = .complaint, date: String = "2026-11-20", region: String = "130602") -> InspectionTrigger {
    InspectionTrigger(uscc: UnifiedSocialCreditCode(trusted: code(n, region: region)), kind: kind, reference: "T\(n)-\(kind.rawValue)",
                      date: CalendarDate(iso: date)!)
}

func inputs(frame: [FrameMember], roster: [RosterEntry], plan: SamplingPlan, lastDrawn: [String: (drawID: String, asOf: CalendarDate)] = [:],
            conflicts: [(certificate: String, uscc: String)] = [], previous: [(certificate: String, uscc: String)] = [],
            triggers: [InspectionTrigger] = [], id: String = "2026-11", asOf: String = "2026-11-27", previousReceipt: [UInt8]? = nil,
            planText: String = planText) -> DrawInputs {
    DrawInputs(drawID: id, asOf: CalendarDate(iso: asOf)!, plan: plan, planText: planText, rulesSHA256: String(repeating: "0", count: 64),
               frame: frame, lastDrawn: lastDrawn, roster: roster, declaredConflicts: conflicts, previousInspectors: previous,
               triggers: triggers, previousReceipt: previousReceipt)
}

/// K for tests: 00 01 02 … 1f.
let testSalt = try! DrawSalt(bytes: Array(0..<32))
let testHead = String(repeating: "ab", count: 32)

/// Prepare (freeze, commit), then run with the randomness.
func draw(_ inputs: DrawInputs, randomness: String = "31415", salt: DrawSalt = testSalt) -> DrawBundle {
    let frozen = FrozenDraw.freeze(inputs)
    let commitment = DrawCommitment(frozen, salt: salt, auditHead: testHead, preparedAt: Timestamp(iso: "2026-11-27T01:00:00.000Z")!,
                                    randomnessSource: "福利彩票双色球 2026-11-27 开奖号码")
    return DrawBundle.run(frozen, commitment: commitment, randomness: randomness, salt: salt, auditHead: String(repeating: "cd", count: 32))
}

func text(_ bundle: DrawBundle, _ path: String) -> String { String(decoding: bundle.files[path] ?? [], as: UTF8.self) }

@Suite struct DrawTests {
    @Test func theFrameTextAndHashFollowTheSpec() throws {
        let frame = [FrameMember(uscc: "92130602MA000003XX", name: "丙", riskClass: .d, region: "130602", section: nil),
                     FrameMember(uscc: "91130606MA000002XX", name: "乙", riskClass: .a, region: "130606", section: nil),
                     FrameMember(uscc: "91130602MA000001XX", name: "甲", riskClass: .b, region: "130602", section: nil)]
        let bundle = draw(inputs(frame: frame, roster: inspectors(4), plan: try plan()))
        #expect(text(bundle, DrawFiles.frame) == "91130602MA000001XX\tB\tB|130602\n91130606MA000002XX\tA\tA|130606\n92130602MA000003XX\tD\tD|130602\n")
        // Computed independently with Python's hashlib.
        #expect(bundle.receipt["frame_sha256"] == .string("ce94b5e9a2fba78ecfb095d06e33b01e649b7c51609b39ae8b2a191a3b9aeb9e"))
        #expect(bundle.receipt["algorithm"] == .string("consistent-sampler-sha256/2"))
        #expect(bundle.receipt["seed"] == nil, "the seed contains K")
    }

    /// `S = draw_id|R|hex(K)`, and tickets exactly as version 1 (reference values from
    /// `consistent_sampler.sampler(['91130606310000022Q'], seed=S)` and Python's hashlib).
    @Test func theSeedIncludesTheSecretSalt() throws {
        #expect(testSalt.hex == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        #expect(testSalt.sha256 == "6c86c6aac5fb24bcf5d9939cb7d7d5645ce39418f449e03b262dd4fa14b4b92b")
        let seed = DrawSeed.make(drawID: "2026-11", randomness: "31415", salt: testSalt)
        #expect(seed == "2026-11|31415|" + testSalt.hex)
        #expect(DrawSeed.make(drawID: "2026-11", randomness: "31415", salt: nil) == "2026-11|31415")
        #expect(ConsistentSampler(seed: seed).ticket("91130606310000022Q")
                == "0.43271105502001437719343677877898232510561041543862469156329743417304952675602")
        // The bundle's tickets are those of that seed.
        let bundle = draw(inputs(frame: (0..<20).map { member($0, .d) }, roster: inspectors(30), plan: try plan()))
        let sampler = ConsistentSampler(seed: seed)
        for line in text(bundle, DrawFiles.selection).split(separator: "\n") {
            let parts = line.split(separator: "\t").map(String.init)
            #expect(parts[2] == sampler.ticket(parts[0]))
        }
        #expect(bundle.receipt["salt_sha256"] == .string(testSalt.sha256))
        #expect(text(bundle, DrawFiles.salt) == testSalt.hex + "\n")
    }

    @Test func strataTakeTheCeilingOfRateTimesEligible() throws {
        // B: 25 × 0.1 = 2.5 → 3; C: 3 × 0.5 = 1.5 → 2; D: all; A: 150 × 0.01 = 1.5 → 2; another region apart.
        let frame = (0..<25).map { member($0, .b) } + (100..<103).map { member($0, .c) } + (200..<202).map { member($0, .d) }
            + (300..<450).map { member($0, .a) } + (500..<510).map { member($0, .b, region: "130606") }
        let bundle = draw(inputs(frame: frame, roster: inspectors(40, area: nil), plan: try plan()))
        let k = Dictionary(uniqueKeysWithValues: bundle.strata.map { ($0.stratum, $0.k) })
        #expect(k == ["A|130602": 2, "B|130602": 3, "C|130602": 2, "D|130602": 2, "B|130606": 1])
        #expect(bundle.tasks.count == 10)
        #expect(bundle.tasks.map(\.ticket) == bundle.tasks.map(\.ticket).sorted())
        // Each stratum's picks are its lowest tickets.
        let sampler = ConsistentSampler(seed: DrawSeed.make(drawID: "2026-11", randomness: "31415", salt: testSalt))
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
        let bundle = draw(inputs(frame: frame, roster: inspectors(10), plan: try plan(), lastDrawn: last))
        #expect(text(bundle, DrawFiles.exclusions).split(separator: "\n").map { String($0.prefix(18)) } == [code(0), code(50)].sorted())
        #expect(text(bundle, DrawFiles.exclusions).contains("drawn in 2026-08"))
        #expect(bundle.exclusionCount == 2)
        #expect(bundle.strata.first { $0.stratum == "B|130602" }?.eligible == 9)
        #expect(!bundle.tasks.contains { $0.uscc == code(0) || $0.uscc == code(50) })
    }

    /// Triggers of any class add targeted tasks, published as 定向 with the trigger's kind —
    /// so 定向 no longer says "class A" (version 1 made targeted tasks for class A only).
    @Test func triggersOfAnyClassAddTargetedTasksWithTheirKind() throws {
        let frame = (0..<5).map { member($0, .a) } + (10..<40).map { member($0, .b) } + [member(60, .c), member(61, .c), member(62, .c)]
        let base = draw(inputs(frame: frame, roster: inspectors(30), plan: try plan()))
        let random = Set(base.tasks.map(\.uscc))
        let a = try #require((0..<5).first { !random.contains(code($0)) })
        let b = try #require((10..<40).first { !random.contains(code($0)) })
        let c = try #require((60..<63).first { !random.contains(code($0)) })
        let bundle = draw(inputs(frame: frame, roster: inspectors(30), plan: try plan(), triggers: [
            trigger(a, .complaint), trigger(b, .bigData), trigger(b, .referral), trigger(c, .legalRequirement),
            trigger(a == 0 ? 1 : 0, .complaint, date: "2026-12-01"),  // after the draw date: not yet
            trigger(999, .complaint),  // not in the frame
        ]))
        let targeted = Set(bundle.tasks.filter(\.targeted).map(\.uscc))
        #expect(targeted == [code(a), code(b), code(c)])
        #expect(bundle.tasks.count == base.tasks.count + 3)
        let published = text(bundle, DrawFiles.publicSelection)
        #expect(published.contains("\(code(a))\t企业\(a)\t定向\t投诉举报\t"))
        #expect(published.contains("\(code(b))\t企业\(b)\t定向\t大数据监测、转办交办\t"))
        #expect(published.contains("\(code(c))\t企业\(c)\t定向\t法律法规规定\t"))
        #expect(!published.contains("targeted"))
        #expect(text(bundle, DrawFiles.triggers).split(separator: "\n").count == 4)
    }

    @Test func declaredConflictsAndThePreviousInspectorWithdraw() throws {
        let frame = [member(0, .d)]
        let roster = inspectors(3)
        let plain = draw(inputs(frame: frame, roster: roster, plan: try plan()))
        guard case .assigned(let first) = plain.assignments[0] else { Issue.record("unassigned"); return }
        let conflicted = draw(inputs(frame: frame, roster: roster, plan: try plan(), conflicts: [(first[0], code(0))]))
        guard case .assigned(let second) = conflicted.assignments[0] else { Issue.record("unassigned"); return }
        #expect(!second.contains(first[0]))
        let previous = draw(inputs(frame: frame, roster: roster, plan: try plan(), previous: [(first[1], code(0))]))
        guard case .assigned(let third) = previous.assignments[0] else { Issue.record("unassigned"); return }
        #expect(!third.contains(first[1]))
        // With the previous-inspector rule off, the same inspector may come again.
        let off = try plan(planText.replacingOccurrences(of: "previous_inspector: true", with: "previous_inspector: false"))
        let allowed = draw(inputs(frame: frame, roster: roster, plan: off, previous: [(first[1], code(0))]))
        #expect(allowed.assignments[0] == .assigned(first))
        // Both rules together leave one inspector: unassigned, with the reason.
        let both = draw(inputs(frame: frame, roster: roster, plan: try plan(), conflicts: [(first[0], code(0))], previous: [(first[1], code(0))]))
        guard case .unassigned(let reason) = both.assignments[0] else { Issue.record("expected unassigned"); return }
        #expect(reason.contains("only 1 of 2"))
        #expect(reason.contains("2 withdrawn (回避)"))
    }

    /// Tasks of one area and field share their covering inspectors, but a withdrawal (回避) is
    /// the enterprise's own: another enterprise's conflicts change nothing for it.
    @Test func aWithdrawalStaysWithItsOwnEnterprise() throws {
        let frame = [member(0, .d), member(1, .d)]
        let roster = inspectors(6)
        func assignments(_ bundle: DrawBundle) -> [String: TaskAssignment] {
            Dictionary(uniqueKeysWithValues: zip(bundle.tasks.map(\.uscc), bundle.assignments))
        }
        let plain = assignments(draw(inputs(frame: frame, roster: roster, plan: try plan())))
        guard case .assigned(let first)? = plain[code(0)] else { Issue.record("unassigned"); return }
        let conflicted = assignments(draw(inputs(frame: frame, roster: roster, plan: try plan(), conflicts: first.map { ($0, code(0)) })))
        guard case .assigned(let withdrawn)? = conflicted[code(0)] else { Issue.record("unassigned"); return }
        #expect(Set(withdrawn).isDisjoint(with: first))
        #expect(conflicted[code(1)] == plain[code(1)])
        // All six withdrawn from enterprise 0: it alone is left unassigned, and its reason counts its own.
        let all = assignments(draw(inputs(frame: frame, roster: roster, plan: try plan(), conflicts: roster.map { ($0.certificateNumber, code(0)) })))
        guard case .unassigned(let reason)? = all[code(0)] else { Issue.record("expected unassigned"); return }
        #expect(reason.contains("6 cover area 130602 and field F, 6 withdrawn (回避)"))
        #expect(all[code(1)] == plain[code(1)])
    }

    @Test func sameAreaExclusionSendsInspectorsFromElsewhere() throws {
        let sameArea = try plan(planText.replacingOccurrences(of: "same_area: false", with: "same_area: true"))
        let roster = inspectors(3, area: "130602") + inspectors(3, area: "130606")
        let bundle = draw(inputs(frame: [member(0, .d)], roster: roster, plan: sameArea))
        guard case .assigned(let certs) = bundle.assignments[0] else { Issue.record("unassigned"); return }
        #expect(certs.allSatisfy { $0.hasPrefix("C130606") })
        let normal = draw(inputs(frame: [member(0, .d)], roster: roster, plan: try plan()))
        guard case .assigned(let local) = normal.assignments[0] else { Issue.record("unassigned"); return }
        #expect(local.allSatisfy { $0.hasPrefix("C130602") })
    }

    @Test func areaAndFieldDecideWhoCovers() throws {
        let roster = inspectors(2, area: "130602", fields: ["H"]) + inspectors(2, area: "130606") + inspectors(2, area: nil, fields: ["F"])
        let bundle = draw(inputs(frame: [member(0, .d, section: "F")], roster: roster, plan: try plan()))
        #expect(bundle.assignments[0] == .assigned(["Ccity-1", "Ccity-2"]) || bundle.assignments[0] == .assigned(["Ccity-2", "Ccity-1"]))
    }

    @Test func theWorkloadCapSpreadsTasksAndReportsTheRest() throws {
        // 4 D tasks, 2 inspectors with a cap of 3: tasks 1–3 assigned, task 4 unassigned.
        let bundle = draw(inputs(frame: (0..<4).map { member($0, .d) }, roster: inspectors(2), plan: try plan()))
        #expect(bundle.assignments.filter(\.isAssigned).count == 3)
        guard case .unassigned(let reason) = bundle.assignments[3] else { Issue.record("last task should be unassigned"); return }
        #expect(reason.contains("2 at the workload cap of 3"))
        #expect(text(bundle, DrawFiles.assignment).contains("\tUNASSIGNED\tonly 0 of 2"))
        #expect(text(bundle, DrawFiles.publicAssignment).contains("\t待分配\n"))
    }

    /// Each task gets the first inspectors, in order of the full ticket of `USCC/执法证号`,
    /// not yet at the workload cap — computed here the plain way, every candidate's ticket
    /// sorted. 40 candidates a task (more than the few the draw keeps per task, so most are
    /// passed over by their key's first digits) and 120 tasks for a capacity of 120 (so the cap
    /// takes kept candidates and tasks are ordered again, then left unassigned).
    @Test func inspectorsAreTheLowestTicketsNotAtTheCap() throws {
        let roster = inspectors(40, area: nil)
        let bundle = draw(inputs(frame: (0..<120).map { member($0, .d) }, roster: roster, plan: try plan()))
        let sampler = ConsistentSampler(seed: DrawSeed.make(drawID: "2026-11", randomness: "31415", salt: testSalt))
        var workload: [String: Int] = [:]
        var assigned = 0
        for (task, assignment) in zip(bundle.tasks, bundle.assignments) {
            let tickets = Dictionary(uniqueKeysWithValues: roster.map { ($0.certificateNumber, sampler.ticket(task.uscc + "/" + $0.certificateNumber)) })
            let order = roster.map(\.certificateNumber).sorted { tickets[$0]! < tickets[$1]! }
            let free = Array(order.filter { workload[$0, default: 0] < 3 }.prefix(2))
            if free.count == 2 {
                #expect(assignment == .assigned(free), "task \(task.uscc)")
                for c in free { workload[c, default: 0] += 1 }
                assigned += 1
            } else {
                #expect(!assignment.isAssigned, "task \(task.uscc)")
            }
        }
        #expect(bundle.tasks.count == 120)
        #expect(assigned > 50 && assigned < 60, "the cap leaves tasks unassigned: \(assigned) assigned")
    }

    /// The result does not depend on how many threads compute the tickets and candidates
    /// (one stratum above the parallel ticket threshold of 4,096 ids, 420 tasks above the
    /// parallel candidate threshold of 256).
    @Test func parallelismDoesNotChangeTheDraw() throws {
        let frame = (0..<4200).map { member($0, .b) }
        let serial = draw(inputs(frame: frame, roster: inspectors(300, area: nil), plan: try plan()))
        let frozen = FrozenDraw.freeze(inputs(frame: frame, roster: inspectors(300, area: nil), plan: try plan()))
        let commitment = DrawCommitment(frozen, salt: testSalt, auditHead: testHead, preparedAt: Timestamp(iso: "2026-11-27T01:00:00.000Z")!,
                                        randomnessSource: "福利彩票双色球 2026-11-27 开奖号码")
        let parallel = DrawBundle.run(frozen, commitment: commitment, randomness: "31415", salt: testSalt,
                                      auditHead: String(repeating: "cd", count: 32), parallelism: 4)
        #expect(parallel.tasks.count == 420)
        #expect(parallel.files == serial.files)
    }

    /// The frozen files laid out in slices on several threads are the serial layout, byte for
    /// byte, and each line is its fields with a tab or line break inside a field written as a
    /// space (names with them, sections that are not ASCII, members without one).
    @Test func freezingInSlicesGivesTheSameFiles() throws {
        let frame = awkwardFrame()
        let given = inputs(frame: frame.reversed(), roster: inspectors(30, area: nil), plan: try plan())
        let serial = FrozenDraw.freeze(given)
        let lines = String(decoding: serial.files[DrawFiles.enterprises]!, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 1002 && lines.last == "")
        let expected = frame.sorted { $0.uscc < $1.uscc }.map { m in
            [m.uscc, m.region, m.section.map(String.init) ?? "", m.name.replacing("\t", with: " ").replacing("\r\n", with: "  ")].joined(separator: "\t")
        }
        #expect(lines.dropLast().map(String.init) == expected)
        #expect(lines.contains { $0.hasSuffix("\t企业 0  分店") } && lines.contains { $0.contains("\t制\t") })
        for threads in [2, 3, 4] {
            let sliced = FrozenDraw.freeze(given, parallelism: threads, parallelFrom: 10)
            #expect(sliced.files == serial.files)
            #expect(sliced.frame.map(\.uscc) == serial.frame.map(\.uscc))
        }
    }

    /// The frame read back from the two files a draw froze lays out to those files again,
    /// member for member (names that held a tab or a line break, sections that are not ASCII,
    /// members without one); files not in that layout read as nothing, never as other members.
    @Test func theFrozenFrameReadsBackFromItsOwnFiles() throws {
        let frame = awkwardFrame()
        let roster = inspectors(30, area: nil)
        let frozen = FrozenDraw.freeze(inputs(frame: frame.reversed(), roster: roster, plan: try plan()))
        let frameFile = try #require(frozen.files[DrawFiles.frame]), enterprisesFile = try #require(frozen.files[DrawFiles.enterprises])
        let read = try #require(PackedMembers(frameFile: frameFile, enterprisesFile: enterprisesFile))
        let sorted = frame.sorted { $0.uscc < $1.uscc }
        #expect(read.members.map(\.uscc) == sorted.map(\.uscc))
        #expect(read.classes == sorted.map(\.riskClass))
        #expect(read.members.map(\.section) == sorted.map(\.section) && read.members.map(\.region) == sorted.map(\.region))
        #expect(read.members[0].name == "企业 0  分店" && read.members[1].name == sorted[1].name)
        #expect(PackedMembers.read(frameFile: frameFile, enterprisesFile: enterprisesFile)?.strata == frozen.strata)
        #expect(FrozenDraw.freeze(inputs(frame: read.members, roster: roster, plan: try plan())).files == frozen.files)
        #expect(PackedMembers(frameFile: [], enterprisesFile: [])?.count == 0)

        func lines(_ file: [UInt8]) -> [String] { String(decoding: file, as: UTF8.self).split(separator: "\n").map(String.init) }
        func file(_ lines: [String]) -> [UInt8] { Array(lines.map { $0 + "\n" }.joined().utf8) }
        let frameLines = lines(frameFile), enterpriseLines = lines(enterprisesFile)
        var swapped = enterpriseLines; swapped.swapAt(3, 4)
        var unknownClass = frameLines
        unknownClass[7] = unknownClass[7].split(separator: "\t", omittingEmptySubsequences: false).enumerated().map { $0.offset == 1 ? "E" : String($0.element) }.joined(separator: "\t")
        var missingField = enterpriseLines; missingField[9] = missingField[9].split(separator: "\t").dropLast().joined(separator: "\t")
        let malformed: [(frame: [UInt8], enterprises: [UInt8])] = [
            (file(Array(frameLines.dropLast())), enterprisesFile),  // a member short in the frame
            (frameFile, file(Array(enterpriseLines.dropLast()))),  // … and in the enterprises
            (frameFile, file(swapped)),  // not the same code on the same line
            (file(unknownClass), enterprisesFile),
            (frameFile, file(missingField)),
            (frameFile, Array(enterprisesFile.dropLast())),  // the last line not ended
        ]
        #expect(unknownClass != frameLines && missingField != enterpriseLines)
        for (n, files) in malformed.enumerated() {
            #expect(PackedMembers(frameFile: files.frame, enterprisesFile: files.enterprises) == nil, "malformed files \(n)")
        }
    }

    /// A run whose inputs are proven unwritten since prepare reads them back from the files
    /// prepare froze (`FrozenDraw.stored`): every value the draw uses equals the frozen one —
    /// frame, strata, exclusions, roster, withdrawals (declared and previous inspectors),
    /// triggers and the previous receipt — and the bundle is the same byte for byte, on one
    /// thread or two. Files not in prepare's layout read as nothing.
    @Test func aDrawReadsItsInputsBackFromTheFilesItFroze() throws {
        let frame = awkwardFrame()
        let roster = inspectors(20, area: nil) + inspectors(20, area: "130602", fields: ["F", "H"])
            + [RosterEntry(certificateNumber: "C-名", name: "检查员\t甲", area: "130606", fields: [])]
        let drawn = (0..<400).filter { $0 % 3 == 1 }
        let given = inputs(frame: frame.reversed(), roster: roster, plan: try plan(),
                           lastDrawn: Dictionary(uniqueKeysWithValues: drawn.map { (frame[$0].uscc, (drawID: "2026-10", asOf: CalendarDate(iso: "2026-10-20")!)) }),
                           conflicts: [("Ccity-1", frame[5].uscc), ("C-名", frame[8].uscc), ("C-名", frame[9].uscc)],
                           previous: drawn.map { (certificate: "Ccity-\($0 % 20 + 1)", uscc: frame[$0].uscc) },
                           triggers: [trigger(2, region: "130606"), trigger(3, .bigData), trigger(3, .complaint), trigger(4, date: "2026-12-20", region: "130606"),
                                      trigger(5000)],
                           previousReceipt: Array("{\"receipt\":1}".utf8))
        let frozen = FrozenDraw.freeze(given)
        #expect(!frozen.excluded.isEmpty && frozen.conflicts.count > 100 && frozen.triggers.count == 2)
        let commitment = DrawCommitment(frozen, salt: testSalt, auditHead: testHead, preparedAt: Timestamp(iso: "2026-11-27T01:00:00.000Z")!,
                                        randomnessSource: "福利彩票双色球 2026-11-27 开奖号码")
        func bundle(_ frozen: FrozenDraw) -> DrawBundle {
            DrawBundle.run(frozen, commitment: commitment, randomness: "31415", salt: testSalt, auditHead: testHead)
        }
        for threads in [1, 2] {
            let stored = try #require(FrozenDraw.stored(frozen.files, drawID: frozen.drawID, asOf: frozen.asOf, plan: frozen.plan,
                                                        rulesSHA256: frozen.rulesSHA256, parallelism: threads))
            #expect(stored.changes(since: commitment).isEmpty)
            // Names as the files hold them: a tab or line break inside written as a space.
            func filed(_ name: String) -> String { String(name.unicodeScalars.map { "\t\n\r".unicodeScalars.contains($0) ? " " : Character($0) }) }
            #expect(stored.members.members == frozen.members.members.map {
                FrameMember(uscc: $0.uscc, name: filed($0.name), riskClass: $0.riskClass, region: $0.region, section: $0.section)
            })
            #expect(stored.members.classes == frozen.members.classes && stored.strata == frozen.strata && stored.excluded == frozen.excluded)
            #expect(stored.roster == frozen.roster.map {
                RosterEntry(certificateNumber: $0.certificateNumber, name: filed($0.name), area: $0.area, fields: $0.fields)
            })
            #expect(stored.conflicts == frozen.conflicts && stored.triggers == frozen.triggers)
            #expect(stored.previousReceiptSHA256 == frozen.previousReceiptSHA256 && stored.previousReceiptSHA256 != nil)
            #expect(bundle(stored).files == bundle(frozen).files)
        }

        func edited(_ path: String, _ edit: (String) -> String) -> [String: [UInt8]] {
            var files = frozen.files
            files[path] = Array(edit(String(decoding: files[path]!, as: UTF8.self)).utf8)
            return files
        }
        let malformed = [
            edited(DrawFiles.conflicts) { $0.replacing("\n", with: "\tx\n", maxReplacements: 1) },  // a pair of three fields
            edited(DrawFiles.triggers) { $0.replacing("举报", with: "传闻") },  // a kind that does not exist
            edited(DrawFiles.frame) { String($0.dropLast()) },  // the last line not ended
            edited(DrawFiles.exclusions) { $0.replacing("\t", with: " ") },  // one field
        ]
        for (n, files) in malformed.enumerated() {
            #expect(files != frozen.files, "edit \(n)")
            #expect(FrozenDraw.stored(files, drawID: frozen.drawID, asOf: frozen.asOf, plan: frozen.plan, rulesSHA256: frozen.rulesSHA256) == nil,
                    "malformed files \(n)")
        }
    }

    /// The draw selects over the packed frame (tickets hashed from the codes' bytes, excluded
    /// and triggered members found by binary search) exactly what the reference selection
    /// over frame rows, with `String` codes and sets, selects: strata by area, members excluded
    /// by the minimum interval, triggered members of every class, the frame given out of order.
    @Test func thePackedFrameSelectsWhatTheRowsSelect() throws {
        let frame = (0..<5000).map { n in
            member(n, RiskClass.allCases[n % 4], region: n % 3 == 0 ? "130602" : "130606", section: n % 7 == 0 ? nil : "H")
        }
        let asOf = CalendarDate(iso: "2026-11-27")!
        var last: [String: (drawID: String, asOf: CalendarDate)] = [:]
        for n in stride(from: 0, to: 5000, by: 9) { last[frame[n].uscc] = ("2026-10", asOf.adding(days: -20 - n % 200)) }
        last[code(99_999)] = ("2026-10", asOf.adding(days: -20))  // drawn before, no longer in the frame
        let triggers = [trigger(4, .complaint, region: "130606"), trigger(3, .referral), trigger(12, .complaint), trigger(88_888)]
        let frozen = FrozenDraw.freeze(inputs(frame: frame.reversed(), roster: inspectors(10), plan: try plan(), lastDrawn: last,
                                              triggers: triggers), parallelism: 2, parallelFrom: 100)
        #expect(!frozen.excluded.isEmpty && frozen.excluded.count < last.count - 1)
        #expect(frozen.triggers.count == 3)
        let sampler = ConsistentSampler(seed: "2026-11|31415|k")
        let packed = frozen.select(sampler: sampler, parallelism: 2)
        let rows = DoubleRandomDraw.select(frame: frozen.frame, excluded: frozen.excluded, plan: try plan(), sampler: sampler,
                                           targetedCodes: Set(frozen.triggers.keys))
        #expect(packed.tasks == rows.tasks)
        #expect(packed.strata == rows.strata)
        #expect(packed.tasks.filter(\.targeted).count >= 1)
        #expect(packed.strata.count == 8)
    }

    /// The frame's code order through integer keys equals String (byte) order, for codes of
    /// any length (longer than 24 bytes: the plain sort).
    @Test(arguments: [18, 5, 30])
    func theFrameIsInByteOrder(length: Int) {
        var rng = SeededGenerator(seed: UInt64(length))
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let members = (0..<3000).map { _ in
            let code = String((0..<(length - rng.int(below: 3))).map { _ in alphabet[rng.int(below: alphabet.count)] })
            return FrameMember(uscc: code, name: "", riskClass: .b, region: "", section: nil)
        }
        #expect(FrozenDraw.sortedByCode(members).map(\.uscc) == members.map(\.uscc).sorted())
        let sorted = members.sorted { $0.uscc < $1.uscc }
        #expect(FrozenDraw.sortedByCode(sorted).map(\.uscc) == sorted.map(\.uscc))
    }

    @Test func aPlanNeedsTwoInspectorsPerTask() throws {
        let error = try #require(throws: RuleFileError.self) {
            try plan(planText.replacingOccurrences(of: "inspectors_per_task: 2", with: "inspectors_per_task: 1"))
        }
        #expect(error.reason.contains("at least 2"))
        #expect(error.line == 13)
        #expect(throws: RuleFileError.self) { try plan(planText.replacingOccurrences(of: "rate: \"0.01\"", with: "rate: \"0.3\"")) }
    }

    /// Nothing published carries a class, a stratum, a per-class count or a ticket, and the
    /// public lists are in code order (ticket order would rank the classes).
    @Test func publicFilesCarryNoClassStratumCountOrTicket() throws {
        let frame = (0..<60).map { member($0, [.a, .b, .c, .d][$0 % 4]) }
        let bundle = draw(inputs(frame: frame, roster: inspectors(40), plan: try plan(), triggers: [trigger(1, .complaint)]))
        let publicFiles = bundle.files.filter { $0.key.hasPrefix("public/") }
        #expect(Set(publicFiles.keys) == [DrawFiles.commitment, DrawFiles.publicReceipt, DrawFiles.publicSelection, DrawFiles.publicAssignment])
        for (path, bytes) in publicFiles {
            let text = String(decoding: bytes, as: UTF8.self)
            for word in ["\"class\"", "strata", "\"k\"", "eligible", "\"seed\"", "ticket", "random\t", "targeted", testSalt.hex] {
                #expect(!text.contains(word), "\(path) contains \(word)")
            }
            for riskClass in RiskClass.allCases {
                #expect(!text.contains("\(riskClass.rawValue)|"), "\(path) names a stratum")
                #expect(!text.contains("\t\(riskClass.rawValue)\t"), "\(path) names a class")
            }
            for task in bundle.tasks { #expect(!text.contains(String(task.ticket.prefix(12))), "\(path) carries a ticket") }
        }
        for path in [DrawFiles.publicSelection, DrawFiles.publicAssignment] {
            let codes = text(bundle, path).split(separator: "\n").map { String($0.prefix(18)) }
            #expect(codes == codes.sorted() && codes.count == bundle.tasks.count, "\(path) is not in code order")
        }
        #expect(text(bundle, DrawFiles.receipt).contains("\"strata\""))
    }
}

@Suite struct DrawIDTests {
    @Test(arguments: ["2026-11", "2026-11-demo", "a", "A.b_c-1", String(repeating: "x", count: 64)])
    func acceptsSafeIDs(_ id: String) throws { #expect(try DrawID(id).rawValue == id) }

    @Test func refusesPathsAndOtherCharacters() {
        func reason(_ text: String) -> DrawID.Invalid.Reason? {
            do { _ = try DrawID(text); return nil } catch { return error.reason }
        }
        #expect(reason("..") == .dotDot)
        #expect(reason("2026..11") == .dotDot)
        #expect(reason("") == .empty)
        #expect(reason("a/b") == .character("/", position: 2))
        #expect(reason("2026 11") == .character(" ", position: 5))
        #expect(reason("抽查") == .character("抽", position: 1))
        #expect(reason(String(repeating: "x", count: 65)) == .tooLong(count: 65))
        #expect(throws: DrawSalt.Invalid.self) { try DrawSalt(hex: "ABCD") }
        #expect(throws: DrawSalt.Invalid.self) { try DrawSalt(hex: String(repeating: "G", count: 64)) }
    }
}
