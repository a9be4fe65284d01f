import CreditCore
import CreditRules
import Foundation

/// An enterprise in the draw's frame (active, with its class as of the draw date).
public struct FrameMember: Sendable, Hashable {
    public var uscc: String
    public var name: String
    public var riskClass: RiskClass
    public var region: String
    public var section: Character?
    public init(uscc: String, name: String, riskClass: RiskClass, region: String, section: Character?) {
        self.uscc = uscc; self.name = name; self.riskClass = riskClass; self.region = region; self.section = section
    }
}

/// An on-duty inspector as the draw sees them.
public struct RosterEntry: Sendable, Hashable {
    public var certificateNumber: String
    public var name: String
    /// nil = the whole city.
    public var area: String?
    /// Empty = every field.
    public var fields: [Character]
    public init(certificateNumber: String, name: String, area: String?, fields: [Character]) {
        self.certificateNumber = certificateNumber; self.name = name; self.area = area; self.fields = fields
    }
}

/// Everything a draw is computed from, as the adapter gathers it when the draw is prepared
/// (and again when it is run, to prove nothing changed). The computation is pure.
public struct DrawInputs: Sendable {
    public var drawID: String
    public var asOf: CalendarDate
    public var plan: SamplingPlan
    public var planText: String
    /// SHA-256 of the classification rule set the classes come from.
    public var rulesSHA256: String
    /// The frame: active enterprises with their classes (any order; the draw puts them in code order).
    public var members: PackedMembers
    /// The frame unpacked (for reading and tests; the draw itself works on `members`).
    public var frame: [FrameMember] { members.members }
    /// The previous draw of each enterprise (not voided): id and as-of date.
    public var lastDrawn: [String: (drawID: String, asOf: CalendarDate)]
    public var roster: [RosterEntry]
    public var declaredConflicts: [(certificate: String, uscc: String)]
    /// Inspectors assigned to each enterprise in its previous draw.
    public var previousInspectors: [(certificate: String, uscc: String)]
    /// Open triggers (complaints, big-data hits, referrals, legal requirements) of any class.
    public var triggers: [InspectionTrigger]
    /// The previous draw's `receipt.json` as recorded (nil for the first draw).
    public var previousReceipt: [UInt8]?

    public init(drawID: String, asOf: CalendarDate, plan: SamplingPlan, planText: String, rulesSHA256: String,
                frame: [FrameMember], lastDrawn: [String: (drawID: String, asOf: CalendarDate)], roster: [RosterEntry],
                declaredConflicts: [(certificate: String, uscc: String)], previousInspectors: [(certificate: String, uscc: String)],
                triggers: [InspectionTrigger], previousReceipt: [UInt8]?) {
        self.init(drawID: drawID, asOf: asOf, plan: plan, planText: planText, rulesSHA256: rulesSHA256, members: PackedMembers(frame),
                  lastDrawn: lastDrawn, roster: roster, declaredConflicts: declaredConflicts, previousInspectors: previousInspectors,
                  triggers: triggers, previousReceipt: previousReceipt)
    }

    public init(drawID: String, asOf: CalendarDate, plan: SamplingPlan, planText: String, rulesSHA256: String,
                members: PackedMembers, lastDrawn: [String: (drawID: String, asOf: CalendarDate)], roster: [RosterEntry],
                declaredConflicts: [(certificate: String, uscc: String)], previousInspectors: [(certificate: String, uscc: String)],
                triggers: [InspectionTrigger], previousReceipt: [UInt8]?) {
        self.drawID = drawID; self.asOf = asOf; self.plan = plan; self.planText = planText; self.rulesSHA256 = rulesSHA256
        self.members = members; self.lastDrawn = lastDrawn; self.roster = roster; self.declaredConflicts = declaredConflicts
        self.previousInspectors = previousInspectors; self.triggers = triggers; self.previousReceipt = previousReceipt
    }
}

/// One row of `audit/frame.tsv`.
public struct FrameRow: Sendable, Hashable {
    public var uscc: String
    public var riskClass: RiskClass
    public var stratum: String
    public init(uscc: String, riskClass: RiskClass, stratum: String) { self.uscc = uscc; self.riskClass = riskClass; self.stratum = stratum }
}

/// Where a frame member is and what it is called: one row of a version-2
/// `audit/enterprises.tsv` (area and field decide who may inspect; the name is published).
public struct EnterprisePlace: Sendable, Hashable {
    public var region: String
    public var section: Character?
    public var name: String
    public init(region: String, section: Character?, name: String) { self.region = region; self.section = section; self.name = name }
}

/// One selected enterprise (an inspection task).
public struct InspectionTask: Sendable, Hashable {
    public var uscc: String
    public var stratum: String
    public var ticket: String
    /// From a trigger (定向), outside the random sample.
    public var targeted: Bool
}

/// The inspectors of a task, or why it has none.
public enum TaskAssignment: Sendable, Hashable {
    case assigned([String])
    case unassigned(reason: String)

    public var isAssigned: Bool { if case .assigned = self { true } else { false } }
}

/// Per-stratum counts of the receipt.
public struct StratumCount: Sendable, Hashable {
    public var stratum: String
    public var riskClass: RiskClass
    public var frame: Int
    public var eligible: Int
    public var rate: DecimalRate
    public var k: Int
}

/// The double-random draw exactly as architecture.md specifies it; pure and deterministic.
public enum DoubleRandomDraw {
    /// The stratum key: the class, then the plan's extra keys, joined by `|`.
    public static func stratum(_ member: FrameMember, plan: SamplingPlan) -> String {
        stratum(member.riskClass, region: member.region, section: member.section, plan: plan)
    }

    /// The stratum key of a class, area and field under a plan.
    public static func stratum(_ riskClass: RiskClass, region: String, section: Character?, plan: SamplingPlan) -> String {
        guard !plan.strata.isEmpty else { return riskClass.rawValue }
        var parts = [riskClass.rawValue]
        for key in plan.strata {
            switch key {
            case .region: parts.append(region)
            case .industrySection: parts.append(section.map(String.init) ?? "-")
            }
        }
        return parts.joined(separator: "|")
    }

    /// Members excluded by the minimum interval since their last draw, with the reason.
    public static func exclusions(_ inputs: DrawInputs) -> [(uscc: String, reason: String)] {
        exclusions(inputs, sorted: inputs.members.sortedByCode())
    }

    /// `exclusions(_:)` with the frame already in code order: the previously drawn codes (tens
    /// of thousands after a few months) are looked up in the frame, all at once in code order,
    /// not each member in the draws.
    static func exclusions(_ inputs: DrawInputs, sorted members: PackedMembers) -> [(uscc: String, reason: String)] {
        // In code order, which is the result's: the lookups want it too.
        let drawn = inputs.lastDrawn.sorted { $0.key < $1.key }
        // One reason per draw and class, not one interpolated per enterprise (tens of thousands).
        struct Reason: Hashable { var drawID: String; var asOf: CalendarDate; var riskClass: RiskClass }
        var reasons: [Reason: String] = [:]
        return zip(drawn, members.indices(of: drawn.map(\.key))).compactMap { previous, found -> (String, String)? in
            let (uscc, last) = previous
            guard let i = found else { return nil }
            let riskClass = members.classes[i]
            let interval = inputs.plan.classes[riskClass]!.minimumIntervalMonths
            guard last.asOf.adding(months: interval) > inputs.asOf else { return nil }
            let key = Reason(drawID: last.drawID, asOf: last.asOf, riskClass: riskClass)
            if let reason = reasons[key] { return (uscc, reason) }
            let reason = "drawn in \(last.drawID) as of \(last.asOf); class \(riskClass.rawValue) waits \(interval) months"
            reasons[key] = reason
            return (uscc, reason)
        }
    }

    /// Selection: per stratum `k = ceil(rate × eligible)` lowest tickets, then a targeted task
    /// for each triggered frame member not already drawn; all in ascending ticket order.
    /// Version 2 passes the triggers of every class, version 1 those of class A only.
    public static func select(frame: [FrameRow], excluded: Set<String>, plan: SamplingPlan, sampler: ConsistentSampler,
                              targetedCodes: Set<String>, parallelism: Int = 1) -> (tasks: [InspectionTask], strata: [StratumCount]) {
        let stratumOf = Dictionary(frame.lazy.filter { targetedCodes.contains($0.uscc) }.map { ($0.uscc, $0.stratum) },
                                   uniquingKeysWith: { a, _ in a })
        return select(count: frame.count, riskClass: { frame[$0].riskClass }, stratum: { frame[$0].stratum },
                      isExcluded: excluded.isEmpty ? nil : { excluded.contains(frame[$0].uscc) }, code: { frame[$0].uscc },
                      key: { keyer, i in keyer.key(frame[i].uscc) },
                      targeted: targetedCodes.sorted().compactMap { uscc in stratumOf[uscc].map { (uscc, $0) } },
                      plan: plan, sampler: sampler, parallelism: parallelism)
    }

    /// `select(frame:…)` over a frame given by position: each member's class, stratum, whether
    /// it is excluded, code and ticket key (`key` hashes the code with the thread's keyer), and
    /// the triggered members (code, stratum) in code order.
    static func select(count: Int, riskClass: (Int) -> RiskClass, stratum: (Int) -> String, isExcluded: ((Int) -> Bool)?,
                       code: @Sendable (Int) -> String, key: @Sendable (ConsistentSampler.TicketKeyer, Int) -> UInt64,
                       targeted: [(uscc: String, stratum: String)], plan: SamplingPlan, sampler: ConsistentSampler,
                       parallelism: Int) -> (tasks: [InspectionTask], strata: [StratumCount]) {
        // Each stratum's members as positions in the frame: copying a million codes into
        // per-stratum arrays retained and released each of them.
        // Strata are few (four classes, or classes by area): up to 16, a member's is found by
        // comparing names; hashing every member's name into a dictionary took 0.1 s of a city's run.
        var names: [String] = [], groups: [(riskClass: RiskClass, members: [Int32])] = [], byName: [String: Int] = [:]
        for i in 0..<count {
            let name = stratum(i)
            let group: Int
            if names.count <= 16, let found = names.firstIndex(of: name) { group = found }
            else if names.count > 16, let found = byName[name] { group = found }
            else { group = names.count; names.append(name); groups.append((riskClass(i), [])); byName[name] = group }
            groups[group].members.append(Int32(i))
        }
        var tasks: [InspectionTask] = []
        var strata: [StratumCount] = []
        var chosen = Set<String>()
        for group in names.indices.sorted(by: { names[$0] < names[$1] }) {
            let stratum = names[group], (riskClass, members) = groups[group]
            let eligible = isExcluded.map { excluded in members.filter { !excluded(Int($0)) } } ?? members
            let rate = plan.classes[riskClass]!.rate
            let k = rate.ceilTimes(eligible.count)
            let lowest = sampler.lowest(k, count: eligible.count, parallelism: parallelism,
                                        key: { keyer, i in key(keyer, Int(eligible[i])) }, id: { code(Int(eligible[$0])) })
            // The drawn codes' tickets (each a 78-digit decimal) on the threads too: one after the
            // other, a city's 25,000 took a fifth of the selection.
            let codes = lowest.map { code(Int(eligible[$0])) }
            let tickets = Parallel.map(count: codes.count, parallelism: parallelism, serialBelow: 1024, placeholder: "") { sampler.ticket(codes[$0]) }
            for (uscc, ticket) in zip(codes, tickets) {
                tasks.append(InspectionTask(uscc: uscc, stratum: stratum, ticket: ticket, targeted: false))
                chosen.insert(uscc)
            }
            strata.append(StratumCount(stratum: stratum, riskClass: riskClass, frame: members.count, eligible: eligible.count,
                                       rate: rate, k: k))
        }
        for (uscc, stratum) in targeted where !chosen.contains(uscc) {
            tasks.append(InspectionTask(uscc: uscc, stratum: stratum, ticket: sampler.ticket(uscc), targeted: true))
        }
        tasks.sort { ($0.ticket, $0.uscc) < ($1.ticket, $1.uscc) }
        return (tasks, strata)
    }

    /// Assignment: tasks in ticket order; candidates are the roster entries covering the
    /// enterprise's area and field, minus conflict pairs and those at the workload cap,
    /// ordered by `ticket(USCC + "/" + 执法证号)`; the first `inspectors_per_task` are taken.
    ///
    /// The candidates' tickets do not depend on workloads, so they are computed for all tasks
    /// first (on `parallelism` threads), keeping each task's lowest few; the pass that applies
    /// the cap in task order takes from those, and orders all of a task's candidates again
    /// only when more of them than that are at the cap.
    public static func assign(tasks: [InspectionTask], coverage: [String: (region: String, section: Character?)], roster: [RosterEntry],
                              conflicts: some Collection<String>, plan: SamplingPlan, sampler: ConsistentSampler,
                              parallelism: Int = 1) -> [TaskAssignment] {
        let allFields: UInt32 = 0xFFFFF
        let fieldMask: [UInt32] = roster.map { entry in
            entry.fields.isEmpty ? allFields : entry.fields.reduce(0) { mask, c in
                guard let a = c.asciiValue, a >= 65, a <= 84 else { return mask }
                return mask | (1 << UInt32(a - 65))
            }
        }
        let cityWide = roster.indices.filter { roster[$0].area == nil }
        var byArea: [String: [Int]] = [:]
        for i in roster.indices { if let area = roster[i].area { byArea[area, default: []].append(i) } }
        var conflicted: [String: Set<Int>] = [:]
        let indexOf = Dictionary(roster.enumerated().map { ($1.certificateNumber, $0) }, uniquingKeysWith: { a, _ in a })
        for pair in conflicts {
            let parts = pair.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2, let i = indexOf[String(parts[0])] else { continue }
            conflicted[String(parts[1]), default: []].insert(i)
        }
        // Every certificate number's bytes in one buffer (one array per number was retained
        // and released for each of the ~15M candidate tickets of a city's draw).
        let certificateBytes: [UInt8] = roster.flatMap { Array($0.certificateNumber.utf8) }
        // Entry i's bytes are certificateBytes[certificateOffsets[i] ..< certificateOffsets[i + 1]].
        let certificateOffsets: [Int] = roster.reduce(into: [0]) { offsets, entry in offsets.append(offsets.last! + entry.certificateNumber.utf8.count) }
        // Each certificate's part of the candidates' one-block messages for the usual prefix
        // (an 18-character code and "/"); a task with another prefix hashes its candidates whole.
        let usualPrefix = 19
        let suffixBlocks: [ConsistentSampler.TicketKeyer.Block?] = certificateBytes.withUnsafeBytes { all in
            roster.indices.map { i in
                ConsistentSampler.TicketKeyer.suffixBlock(UnsafeRawBufferPointer(rebasing: all[certificateOffsets[i]..<certificateOffsets[i + 1]]),
                                                          after: usualPrefix)
            }
        }
        let kept = 4 * plan.inspectorsPerTask + 8
        // The candidates covering an area and a field, once per pair that tasks have: built per
        // task, the lists (allocated, filtered over the area's roster) took a twentieth of a
        // city's draw run. A task's own list differs only by its withdrawn (回避) inspectors.
        var groupOf: [Int32] = [], groups: [(region: String, section: Character?, covering: [Int])] = []
        var groupIndex: [String: [Character?: Int32]] = [:]
        groupOf.reserveCapacity(tasks.count)
        for task in tasks {
            let place = coverage[task.uscc] ?? (region: String(task.uscc.dropFirst(2).prefix(6)), section: nil)
            if let group = groupIndex[place.region]?[place.section] { groupOf.append(group); continue }
            let sectionBit = place.section.flatMap(\.asciiValue).map { $0 >= 65 && $0 <= 84 ? UInt32(1) << UInt32($0 - 65) : allFields } ?? allFields
            let inArea = plan.conflicts.sameAreaExcluded ? roster.indices.filter { roster[$0].area != place.region }
                : cityWide + (byArea[place.region] ?? [])
            let group = Int32(groups.count)
            groups.append((place.region, place.section, inArea.filter { fieldMask[$0] & sectionBit != 0 }))
            groupIndex[place.region, default: [:]][place.section] = group
            groupOf.append(group)
        }
        let conflictIndex = conflicted, groupOfTask = groupOf, coveringGroups = groups
        /// The candidates covering task `i`'s area and field, and those of them not withdrawn (回避).
        @Sendable func eligible(_ i: Int) -> Eligible {
            let group = coveringGroups[Int(groupOfTask[i])]
            let withdrawn = conflictIndex[tasks[i].uscc] ?? []
            return Eligible(region: group.region, section: group.section, covering: group.covering.count,
                            free: withdrawn.isEmpty ? group.covering : group.covering.filter { !withdrawn.contains($0) })
        }
        /// The lowest `limit` candidates in ticket order (`ConsistentSampler.lowest(_:of:id:)` of
        /// every candidate's key): a candidate whose key is over the `limit`-th lowest so far is
        /// over the final one too, so it is passed over as soon as its key's first digits show it.
        @Sendable func ordered(_ task: InspectionTask, _ free: [Int], limit: Int, keyer: ConsistentSampler.TicketKeyer) -> [TicketOrder] {
            guard limit > 0 else { return [] }
            let prefix: [UInt8] = Array((task.uscc + "/").utf8)
            var lowest = ConsistentSampler.LowestKeys(limit: limit)
            var kept: [TicketOrder] = []
            prefix.withUnsafeBytes { (p: UnsafeRawBufferPointer) in
                let prefixBlock = ConsistentSampler.TicketKeyer.prefixBlock(p)
                certificateBytes.withUnsafeBytes { all in
                    for i in free {
                        let threshold = lowest.threshold
                        let key: UInt64
                        if p.count == usualPrefix, let suffix = suffixBlocks[i] {
                            guard let found = keyer.key(prefixBlock, suffix, ifAtMost: threshold) else { continue }
                            key = found
                        } else {
                            key = keyer.key(p, UnsafeRawBufferPointer(rebasing: all[certificateOffsets[i]..<certificateOffsets[i + 1]]))
                            guard key <= threshold else { continue }
                        }
                        kept.append(TicketOrder(key: key, index: Int32(i)))
                        lowest.insert(key)
                    }
                }
            }
            let threshold = lowest.threshold
            var chosen = kept.filter { $0.key <= threshold }
            sampler.sortByTicket(&chosen) { task.uscc + "/" + roster[Int($0)].certificateNumber }
            return Array(chosen.prefix(limit))
        }
        let prepared: [Prepared?] = Parallel.map(count: tasks.count, parallelism: parallelism, serialBelow: 256, placeholder: nil,
                                                 local: { sampler.keyer() }) { (keyer: inout ConsistentSampler.TicketKeyer, i: Int) -> Prepared? in
            let e = eligible(i)
            return Prepared(candidates: e.free.count, best: ordered(tasks[i], e.free, limit: kept, keyer: keyer))
        }
        let keyer = sampler.keyer()
        var workload = [Int](repeating: 0, count: roster.count)
        let needed = plan.inspectorsPerTask, cap = plan.workloadCap
        func pick(_ order: [TicketOrder]) -> [Int] {
            var picked: [Int] = []
            for candidate in order where workload[Int(candidate.index)] < cap {
                picked.append(Int(candidate.index))
                if picked.count == needed { break }
            }
            return picked
        }
        var assignments: [TaskAssignment] = []
        assignments.reserveCapacity(tasks.count)
        for (i, (task, item)) in zip(tasks, prepared).enumerated() {
            guard let c = item else { continue }
            var picked = pick(c.best)
            if picked.count < needed && c.best.count < c.candidates { picked = pick(ordered(task, eligible(i).free, limit: c.candidates, keyer: keyer)) }
            guard picked.count == needed else {
                let e = eligible(i)
                let atCap = e.free.filter { workload[$0] >= cap }.count
                let area = plan.conflicts.sameAreaExcluded ? "other areas" : "area \(e.region)"
                assignments.append(.unassigned(reason: "only \(e.free.count - atCap) of \(needed) inspectors available: \(e.covering) cover \(area) and field \(e.section.map(String.init) ?? "-"), \(e.covering - e.free.count) withdrawn (回避), \(atCap) at the workload cap of \(cap)"))
                continue
            }
            for i in picked { workload[i] += 1 }
            assignments.append(.assigned(picked.map { roster[$0].certificateNumber }))
        }
        return assignments
    }

    /// A task's area, field and candidates.
    struct Eligible: Sendable {
        var region: String
        var section: Character?
        var covering: Int
        var free: [Int]
    }

    /// A candidate's place in ticket order.
    typealias TicketOrder = (key: UInt64, index: Int32)

    /// How many candidates a task has, and the lowest few in ticket order (all when there
    /// are no more). The rest are ordered again only when needed: keeping every task's
    /// candidates would hold ~500 per task.
    struct Prepared: Sendable {
        var candidates: Int
        var best: [TicketOrder]
    }
}
