import CreditCore
import CreditRules

/// A version-2 draw run from its frozen inputs, with every file of its bundle byte for byte
/// as written to disk and as `credit draw verify` recomputes it (architecture.md, "Draw
/// version 2: commit, then reveal").
///
/// Auditors get every file; the public gets `public/`: the commitment, the receipt's public
/// form, and the selected enterprises sorted by code (name, 随机/定向 with the trigger's kind,
/// 检查事项, inspectors) — no tickets, strata, per-class counts or order from which a class
/// could be computed.
public struct DrawBundle: Sendable {
    /// Relative path → bytes: the commitment, the input and output files, both receipts and
    /// `audit/salt.txt`.
    public var files: [String: [UInt8]]
    public var receipt: JSONValue
    public var receiptSHA256: String
    public var commitmentSHA256: String
    /// In ticket order.
    public var tasks: [InspectionTask]
    public var assignments: [TaskAssignment]
    /// 检查事项 of each task (same order).
    public var items: [String]
    public var strata: [StratumCount]
    public var exclusionCount: Int

    public static let algorithm = DrawCommitment.algorithm
    /// Bundles written before commit-then-reveal (still verifiable).
    public static let version1Algorithm = "consistent-sampler-sha256/1"

    /// The output files, written when the draw is run.
    public static let outputs: Set<String> = [DrawFiles.receipt, DrawFiles.selection, DrawFiles.assignment, DrawFiles.publicReceipt,
                                              DrawFiles.publicSelection, DrawFiles.publicAssignment]

    /// Runs a prepared draw.
    /// - Parameters:
    ///   - frozen: the inputs the commitment froze.
    ///   - commitment: the published commitment.
    ///   - randomness: the public value named by the commitment's `randomness_source`.
    ///   - salt: `K`, whose SHA-256 the commitment states.
    ///   - auditHead: the audit chain's last hash at the run.
    ///   - parallelism: threads for the tickets (the result does not depend on it).
    public static func run(_ frozen: FrozenDraw, commitment: DrawCommitment, randomness: String, salt: DrawSalt,
                           auditHead: String, parallelism: Int = 1) -> DrawBundle {
        let plan = frozen.plan
        let sampler = ConsistentSampler(seed: DrawSeed.make(drawID: frozen.drawID, randomness: randomness, salt: salt))
        let (tasks, strata) = frozen.select(sampler: sampler, parallelism: parallelism)
        let places = frozen.places(of: tasks.map(\.uscc)).map { $0 ?? EnterprisePlace(region: "", section: nil, name: "") }
        var coverage: [String: (region: String, section: Character?)] = [:]
        for (task, place) in zip(tasks, places) { coverage[task.uscc] = (place.region, place.section) }
        let assignments = DoubleRandomDraw.assign(tasks: tasks, coverage: coverage, roster: frozen.roster, conflicts: frozen.conflicts,
                                                  plan: plan, sampler: sampler, parallelism: parallelism)
        let items = places.map { plan.item(section: $0.section) }

        var files = frozen.files
        files[DrawFiles.commitment] = commitment.bytes
        files[DrawFiles.salt] = Array((salt.hex + "\n").utf8)
        files[DrawFiles.selection] = selectionText(tasks)
        files[DrawFiles.assignment] = assignmentText(tasks, assignments)
        // Public lists in code order: ticket order would rank the classes (each class's tickets
        // stop at its own rate).
        let byCode = tasks.indices.sorted { tasks[$0].uscc < tasks[$1].uscc }
        let inspectorNames = Dictionary(frozen.roster.map { ($0.certificateNumber, $0.name) }, uniquingKeysWith: { a, _ in a })
        files[DrawFiles.publicSelection] = DrawFiles.lines(byCode.map { i in
            let task = tasks[i]
            let basis = task.targeted ? (frozen.triggers[task.uscc] ?? []).map(\.rawValue).joined(separator: "、") : ""
            return [task.uscc, places[i].name, task.targeted ? "定向" : "随机", basis, items[i]]
        })
        files[DrawFiles.publicAssignment] = DrawFiles.lines(byCode.map { i in
            switch assignments[i] {
            case .assigned(let certificates): [tasks[i].uscc, places[i].name] + certificates.map { "\($0) \(inspectorNames[$0] ?? "")" }
            case .unassigned: [tasks[i].uscc, places[i].name, "待分配"]
            }
        })
        let strataJSON = Self.strataJSON(strata)
        var fields = commitment.document.objectFields
        fields["algorithm"] = .string(algorithm)
        fields["public_randomness"] = .string(randomness)
        fields["commitment_sha256"] = .string(commitment.sha256)
        fields["audit_head_sha256"] = .string(auditHead)
        fields["prepared_at"] = nil
        fields["strata"] = strataJSON
        for path in [DrawFiles.selection, DrawFiles.assignment, DrawFiles.publicSelection, DrawFiles.publicAssignment] {
            fields[Self.hashKey(path)] = .string(DrawFiles.sha256(files[path]!))
        }
        let receipt = JSONValue.object(fields)
        let receiptBytes = DrawFiles.json(receipt)
        let receiptSHA256 = DrawFiles.sha256(receiptBytes)
        files[DrawFiles.receipt] = receiptBytes
        files[DrawFiles.publicReceipt] = DrawFiles.json(publicReceipt(receipt, receiptSHA256: receiptSHA256, tasks: tasks.count))
        return DrawBundle(files: files, receipt: receipt, receiptSHA256: receiptSHA256, commitmentSHA256: commitment.sha256,
                          tasks: tasks, assignments: assignments, items: items, strata: strata, exclusionCount: frozen.excluded.count)
    }

    /// The receipt's key for an output file's SHA-256.
    static func hashKey(_ path: String) -> String {
        switch path {
        case DrawFiles.selection: "selection_sha256"
        case DrawFiles.assignment: "assignment_sha256"
        case DrawFiles.publicSelection: "public_selection_sha256"
        default: "public_assignment_sha256"
        }
    }

    /// The public receipt: what the public may see of the receipt — nothing per class or
    /// stratum, no input hash from which counts could be guessed — plus the full receipt's SHA-256.
    static func publicReceipt(_ receipt: JSONValue, receiptSHA256: String, tasks: Int) -> JSONValue {
        var fields: [String: JSONValue] = ["receipt_sha256": .string(receiptSHA256), "tasks": .int(Int64(tasks))]
        for key in ["algorithm", "draw_id", "as_of", "public_randomness", "randomness_source", "commitment_sha256",
                    "audit_head_sha256", "previous_receipt_sha256", "public_selection_sha256", "public_assignment_sha256"] {
            fields[key] = receipt[key] ?? .null
        }
        return .object(fields)
    }

    static func strataJSON(_ strata: [StratumCount]) -> JSONValue {
        .array(strata.map {
            ["stratum": .string($0.stratum), "class": .string($0.riskClass.rawValue), "frame": .int(Int64($0.frame)),
             "eligible": .int(Int64($0.eligible)), "rate": .string($0.rate.text), "k": .int(Int64($0.k))]
        })
    }

    /// `audit/selection.tsv` (both versions): code, stratum, ticket, `random`/`targeted`; ticket order.
    static func selectionText(_ tasks: [InspectionTask]) -> [UInt8] {
        DrawFiles.lines(tasks.map { [$0.uscc, $0.stratum, $0.ticket, $0.targeted ? "targeted" : "random"] })
    }

    /// `audit/assignment.tsv` (both versions): code, then the certificates or `UNASSIGNED` and the reason.
    static func assignmentText(_ tasks: [InspectionTask], _ assignments: [TaskAssignment]) -> [UInt8] {
        DrawFiles.lines(zip(tasks, assignments).map { task, assignment in
            switch assignment {
            case .assigned(let certs): [task.uscc] + certs
            case .unassigned(let reason): [task.uscc, "UNASSIGNED", reason]
            }
        })
    }
}

extension JSONValue {
    /// The members of an object (empty for anything else).
    var objectFields: [String: JSONValue] { if case .object(let o) = self { o } else { [:] } }
}
