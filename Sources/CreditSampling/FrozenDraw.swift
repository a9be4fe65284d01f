import CreditCore
import CreditRules

/// The inputs of a version-2 draw as frozen when it is prepared: the audit input files
/// (`audit/plan.yaml`, `frame.tsv`, `enterprises.tsv`, `exclusions.tsv`, `inspectors.tsv`,
/// `conflicts.tsv`, `triggers.tsv`, `previous_receipt.json`) and the values the run computes
/// from, which are exactly what those files hold. The draw builds it from the gathered
/// inputs; the verifier parses it back from the files.
public struct FrozenDraw: Sendable {
    public let drawID: String
    public let asOf: CalendarDate
    public let plan: SamplingPlan
    public let rulesSHA256: String
    /// The frame sorted by code (bytewise).
    public let members: PackedMembers
    /// Each member's stratum (same order).
    public let strata: [String]
    public let excluded: Set<String>
    /// Sorted by certificate number.
    public let roster: [RosterEntry]
    /// `certificate + "\t" + uscc` pairs withdrawn (回避): declared, and the previous inspectors
    /// when the plan says so; sorted and distinct, as `audit/conflicts.tsv` lists them.
    public let conflicts: [String]
    /// The triggered frame members (any class) and the kinds of their triggers.
    public let triggers: [String: [InspectionTrigger.Kind]]
    public let previousReceiptSHA256: String?
    /// The audit input files, path → bytes.
    public let files: [String: [UInt8]]

    /// Freezes gathered inputs: every input file laid out byte for byte (on up to
    /// `parallelism` threads for frames of `parallelFrom` members or more; the result does not
    /// depend on either).
    public static func freeze(_ inputs: DrawInputs, parallelism: Int = 1, parallelFrom: Int = 100_000) -> FrozenDraw {
        // An array sorted once by `layout`, not a set: hashing a year of draws' pairs into a
        // set only to sort them for the file cost as much again.
        var conflicts = inputs.declaredConflicts.map { $0.certificate + "\t" + $0.uscc }
        if inputs.plan.conflicts.previousInspector {
            conflicts.append(contentsOf: inputs.previousInspectors.map { $0.certificate + "\t" + $0.uscc })
        }
        let members = inputs.members.inCodeOrder()
        return layout(drawID: inputs.drawID, asOf: inputs.asOf, plan: inputs.plan, planText: inputs.planText, rulesSHA256: inputs.rulesSHA256,
                      members: members, exclusions: DoubleRandomDraw.exclusions(inputs, sorted: members),
                      roster: inputs.roster, conflicts: conflicts, triggers: inputs.triggers, previousReceipt: inputs.previousReceipt,
                      parallelism: parallelism, parallelFrom: parallelFrom)
    }

    /// The inputs a draw froze, read back from the input files prepare wrote — for its run,
    /// when `DrawInputWatch` proves every table they come from unwritten since, so that the
    /// run does not read the register and the history again and lay them out anew.
    ///
    /// Not a verifier: the files are read, not laid out again. The caller compares them with
    /// the commitment (`changes(since:)`: the files' SHA-256 are what prepare committed), so
    /// they are the committed inputs; `DrawVerifier` is what checks files someone else wrote.
    /// Nil for files not in the layout prepare writes (the run then reads the tables). The
    /// frame and its strata (`PackedMembers.read(frameFile:enterprisesFile:)`) are read on a
    /// thread of their own while the lists are read on another (with a `parallelism` over 1).
    package static func stored(_ files: [String: [UInt8]], drawID: String, asOf: CalendarDate, plan: SamplingPlan, rulesSHA256: String,
                               parallelism: Int = 1) -> FrozenDraw? {
        guard let frame = files[DrawFiles.frame], let enterprises = files[DrawFiles.enterprises] else { return nil }
        typealias Lists = (exclusions: [(uscc: String, reason: String)], roster: [RosterEntry], conflicts: [String], triggers: [InspectionTrigger])
        enum Part: Sendable { case frame((members: PackedMembers, strata: [String])?), lists(Lists?), none }
        let parts = Parallel.map(count: 2, parallelism: parallelism, serialBelow: 2, placeholder: Part.none) { part -> Part in
            part == 0 ? .frame(PackedMembers.read(frameFile: frame, enterprisesFile: enterprises)) : .lists(try? DrawVerifier.listInputs(files))
        }
        guard case .frame(let (read, strata)?) = parts[0], case .lists(let lists?) = parts[1] else { return nil }
        return FrozenDraw(drawID: drawID, asOf: asOf, plan: plan, rulesSHA256: rulesSHA256, members: read, strata: strata,
                          excluded: Set(lists.exclusions.map(\.uscc)), roster: lists.roster, conflicts: lists.conflicts,
                          triggers: kinds(lists.triggers.map { ($0.uscc.rawValue, $0.kind) }),
                          previousReceiptSHA256: files[DrawFiles.previousReceipt].map(DrawFiles.sha256), files: files)
    }

    /// Lays out the input files from their contents (the verifier calls it with what it
    /// parsed, so a file that is not exactly this layout is caught). The withdrawal pairs come
    /// in any order, repeated or not.
    static func layout(drawID: String, asOf: CalendarDate, plan: SamplingPlan, planText: String, rulesSHA256: String,
                       members unsorted: PackedMembers, exclusions: [(uscc: String, reason: String)], roster unsortedRoster: [RosterEntry],
                       conflicts unsortedConflicts: [String], triggers allTriggers: [InspectionTrigger], previousReceipt: [UInt8]?,
                       parallelism: Int = 1, parallelFrom: Int = 100_000) -> FrozenDraw {
        let members = unsorted.inCodeOrder()
        // The two big files and the strata, a slice of the frame per thread, in two passes so
        // that each file is written once, into a buffer of its exact size: built per slice
        // and then joined, its bytes went to fresh memory twice. Both passes write the same
        // lines: pass one with writers that only count, to size each slice and take its
        // strata; pass two into the buffers, each slice where its lines go.
        @Sendable func writeLines(_ i: Int, stratum: String, in all: UnsafeBufferPointer<UInt8>,
                                  frame: inout DrawFiles.LineWriter, enterprises: inout DrawFiles.LineWriter) {
            let code = members.field(i, 0, in: all)
            frame.field(code); frame.tab(); frame.field(members.classes[i].rawValue); frame.tab(); frame.field(stratum); frame.newline()
            enterprises.field(code); enterprises.tab(); enterprises.field(members.field(i, 2, in: all)); enterprises.tab()
            if let section = PackedMembers.section(members.field(i, 3, in: all)) { enterprises.field(String(section)) }
            enterprises.tab(); enterprises.field(members.field(i, 1, in: all)); enterprises.newline()
        }
        struct Slice: Sendable { var strata: [String] = []; var frameBytes = 0; var enterprisesBytes = 0 }
        let slices = parallelism > 1 && members.count >= parallelFrom ? parallelism * 2 : 1
        let size = (members.count + slices - 1) / max(slices, 1)
        let count = members.count
        @Sendable func range(_ part: Int) -> Range<Int> { min(part * size, count)..<min(part * size + size, count) }
        let parts = Parallel.map(count: slices, parallelism: parallelism, serialBelow: 2, placeholder: Slice()) { part -> Slice in
            var strata: [String] = []
            strata.reserveCapacity(range(part).count)
            var frame = DrawFiles.LineWriter.counting(), enterprises = DrawFiles.LineWriter.counting()
            members.bytes.withUnsafeBufferPointer { all in
                for i in range(part) {
                    let stratum = members.stratum(i, plan: plan, in: all)
                    strata.append(stratum)
                    writeLines(i, stratum: stratum, in: all, frame: &frame, enterprises: &enterprises)
                }
            }
            return Slice(strata: strata, frameBytes: frame.offset, enterprisesBytes: enterprises.offset)
        }
        let strata = joined(parts.map(\.strata))
        var frameStarts = [0], enterprisesStarts = [0]
        for part in parts {
            frameStarts.append(frameStarts.last! + part.frameBytes); enterprisesStarts.append(enterprisesStarts.last! + part.enterprisesBytes)
        }
        var frameText: [UInt8] = [], enterprisesText: [UInt8] = []
        frameText = [UInt8](unsafeUninitializedCapacity: frameStarts.last!) { frameBuffer, frameCount in
            enterprisesText = [UInt8](unsafeUninitializedCapacity: enterprisesStarts.last!) { enterprisesBuffer, enterprisesCount in
                let frameOut = UncheckedSendableBuffer(frameBuffer), enterprisesOut = UncheckedSendableBuffer(enterprisesBuffer)
                let (frameStarts, enterprisesStarts) = (frameStarts, enterprisesStarts)
                _ = Parallel.map(count: slices, parallelism: parallelism, serialBelow: 2, placeholder: false) { part -> Bool in
                    var frame = DrawFiles.LineWriter(frameOut.buffer, at: frameStarts[part])
                    var enterprises = DrawFiles.LineWriter(enterprisesOut.buffer, at: enterprisesStarts[part])
                    members.bytes.withUnsafeBufferPointer { all in
                        for i in range(part) { writeLines(i, stratum: strata[i], in: all, frame: &frame, enterprises: &enterprises) }
                    }
                    precondition(frame.offset == frameStarts[part + 1] && enterprises.offset == enterprisesStarts[part + 1],
                                 "a slice's lines are not the size pass one counted")
                    return true
                }
                enterprisesCount = enterprisesStarts.last!
            }
            frameCount = frameStarts.last!
        }
        let exclusions = exclusions.sorted { ($0.uscc, $0.reason) < ($1.uscc, $1.reason) }
        let roster = unsortedRoster.sorted { $0.certificateNumber < $1.certificateNumber }
        let sortedConflicts = unsortedConflicts.sorted()
        let conflicts = sortedConflicts.indices.filter { $0 == 0 || sortedConflicts[$0] != sortedConflicts[$0 - 1] }.map { sortedConflicts[$0] }
        let triggers = allTriggers.filter { $0.date <= asOf && members.index(of: $0.uscc.rawValue) != nil }
            .sorted { ($0.uscc.rawValue, $0.reference, $0.kind.rawValue) < ($1.uscc.rawValue, $1.reference, $1.kind.rawValue) }
        var files: [String: [UInt8]] = [:]
        files[DrawFiles.plan] = Array(planText.utf8)
        files[DrawFiles.frame] = frameText
        files[DrawFiles.enterprises] = enterprisesText
        files[DrawFiles.exclusions] = DrawFiles.lines(exclusions.map { [$0.uscc, $0.reason] })
        files[DrawFiles.inspectors] = DrawFiles.lines(roster.map {
            [$0.certificateNumber, $0.area ?? "", $0.fields.map(String.init).joined(separator: ";"), $0.name]
        })
        files[DrawFiles.conflicts] = DrawFiles.joinedLines(conflicts)
        files[DrawFiles.triggers] = DrawFiles.lines(triggers.map { [$0.uscc.rawValue, $0.kind.rawValue, $0.reference, $0.date.description] })
        if let previousReceipt { files[DrawFiles.previousReceipt] = previousReceipt }
        return FrozenDraw(drawID: drawID, asOf: asOf, plan: plan, rulesSHA256: rulesSHA256, members: members, strata: strata,
                          excluded: Set(exclusions.map(\.uscc)), roster: roster, conflicts: conflicts,
                          triggers: kinds(triggers.map { ($0.uscc.rawValue, $0.kind) }),
                          previousReceiptSHA256: previousReceipt.map(DrawFiles.sha256), files: files)
    }

    /// The parts one after the other, in one buffer of exactly their size (`flatMap` grew its
    /// result by doubling: copies, and fresh pages, of up to twice the frame's files).
    private static func joined<Element>(_ parts: [[Element]]) -> [Element] {
        if parts.count == 1 { return parts[0] }
        var all: [Element] = []
        all.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { all.append(contentsOf: part) }
        return all
    }

    init(drawID: String, asOf: CalendarDate, plan: SamplingPlan, rulesSHA256: String, members: PackedMembers, strata: [String],
         excluded: Set<String>, roster: [RosterEntry], conflicts: [String], triggers: [String: [InspectionTrigger.Kind]],
         previousReceiptSHA256: String?, files: [String: [UInt8]]) {
        self.drawID = drawID; self.asOf = asOf; self.plan = plan; self.rulesSHA256 = rulesSHA256; self.members = members
        self.strata = strata; self.excluded = excluded; self.roster = roster; self.conflicts = conflicts; self.triggers = triggers
        self.previousReceiptSHA256 = previousReceiptSHA256; self.files = files
    }

    /// Members in code order (bytewise), as `PackedMembers.sortedByCode()` orders them.
    package static func sortedByCode(_ members: [FrameMember]) -> [FrameMember] { PackedMembers(members).sortedByCode().members }

    /// A code's first 24 bytes as three big-endian integers, zero-padded (a USCC has 18).
    /// Where two codes' words differ, their order is the codes' byte order; where they are
    /// equal, the codes can still differ past byte 24 (or in trailing zero bytes).
    package static func codeWords(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64, UInt64) {
        func word(_ start: Int) -> UInt64 {
            var w: UInt64 = 0
            for j in start..<start + 8 { w = w << 8 | UInt64(j < bytes.count ? bytes[j] : 0) }
            return w
        }
        return (word(0), word(8), word(16))
    }

    /// The distinct trigger kinds of each code, in the order of `InspectionTrigger.Kind.allCases`.
    static func kinds(_ pairs: [(String, InspectionTrigger.Kind)]) -> [String: [InspectionTrigger.Kind]] {
        var byCode: [String: Set<InspectionTrigger.Kind>] = [:]
        for (uscc, kind) in pairs { byCode[uscc, default: []].insert(kind) }
        return byCode.mapValues { kinds in InspectionTrigger.Kind.allCases.filter(kinds.contains) }
    }

    /// The number of frame members.
    public var frameCount: Int { members.count }

    /// The frame's rows (code, class, stratum) as `audit/frame.tsv` holds them (for reading and
    /// tests: a `String` per code).
    public var frame: [FrameRow] { members.rows.indices.map { FrameRow(uscc: members.code($0), riskClass: members.classes[$0], stratum: strata[$0]) } }

    /// Area, field and name of a frame member.
    public func place(of uscc: String) -> EnterprisePlace? { members.index(of: uscc).map(members.place) }

    /// `place(of:)` of many codes (looked up together, in code order: `PackedMembers.indices(of:)`).
    func places(of codes: [String]) -> [EnterprisePlace?] { members.indices(of: codes).map { $0.map(members.place) } }

    /// The draw's selection over this frame (`DoubleRandomDraw.select`): the tickets hash each
    /// code where it lies in `members`, and a code becomes a `String` only when it is drawn.
    package func select(sampler: ConsistentSampler, parallelism: Int) -> (tasks: [InspectionTask], strata: [StratumCount]) {
        let members = members, strata = strata
        var excludedAt: [Bool]?
        if !excluded.isEmpty {
            var flags = [Bool](repeating: false, count: members.count)
            let codes = Array(excluded)
            for (uscc, found) in zip(codes, members.indices(of: codes)) {
                guard var i = found else { continue }
                while i < members.count && members.code(i) == uscc { flags[i] = true; i += 1 }
            }
            excludedAt = flags
        }
        let targeted = triggers.keys.sorted().compactMap { uscc in members.index(of: uscc).map { (uscc: uscc, stratum: strata[$0]) } }
        return DoubleRandomDraw.select(count: members.count, riskClass: { members.classes[$0] }, stratum: { strata[$0] },
                                       isExcluded: excludedAt.map { flags in { flags[$0] } }, code: { members.code($0) },
                                       key: { keyer, i in members.bytes.withUnsafeBufferPointer { keyer.key(members.field(i, 0, in: $0)) } },
                                       targeted: targeted, plan: plan, sampler: sampler, parallelism: parallelism)
    }

    /// The frozen values a commitment states, by key: each input file's SHA-256, the rules'
    /// SHA-256, the frame count and the previous receipt's SHA-256.
    public var committedValues: [(key: String, value: JSONValue, label: String)] {
        var values = DrawFiles.inputs.map { (key: $0.key, value: JSONValue.string(DrawFiles.sha256(files[$0.path] ?? [])), label: $0.label) }
        values.append(("rules_sha256", .string(rulesSHA256), "分类规则"))
        values.append(("frame_count", .int(Int64(frameCount)), "名录企业数"))
        values.append(("previous_receipt_sha256", JSONValue(previousReceiptSHA256), "上一批次的 receipt"))
        return values
    }

    /// What differs between these inputs and the ones a commitment froze (empty: unchanged).
    public func changes(since commitment: DrawCommitment) -> [InputChange] {
        committedValues.compactMap { key, value, label in
            let committed = commitment.document[key] ?? .null
            guard committed != value else { return nil }
            return InputChange(key: key, label: label, committed: committed.text, current: value.text)
        }
    }
}

/// One input that changed between a draw's preparation and its run.
public struct InputChange: Sendable, Hashable, CustomStringConvertible {
    /// The commitment's key, e.g. `frame_sha256`.
    public var key: String
    /// What the input is, in Chinese.
    public var label: String
    public var committed: String
    public var current: String
    public var description: String { "\(label)（\(key)）：准备时 \(committed)，现在 \(current)" }
}

extension JSONValue {
    /// A value as shown in messages: a string without quotes, anything else as canonical JSON.
    var text: String { if case .string(let s) = self { s } else { canonicalText } }
}
