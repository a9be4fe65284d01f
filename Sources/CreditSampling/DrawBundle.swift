import CreditCore
import CreditRules
import Crypto
import Foundation

/// A computed draw and its publication: the receipt and the bundle files (architecture.md §8),
/// byte for byte as written to disk and as `credit draw verify` recomputes them.
public struct DrawBundle: Sendable {
    /// Relative path → bytes: `receipt.json`, `audit/…`, `public/…`.
    public var files: [String: [UInt8]]
    public var receipt: JSONValue
    public var receiptSHA256: String
    public var tasks: [Task]
    public var assignments: [TaskAssignment]
    public var strata: [StratumCount]
    public var exclusions: [(uscc: String, reason: String)]

    public static let algorithm = "consistent-sampler-sha256/1"

    /// Computes the draw from its inputs and lays out every file.
    public static func build(_ inputs: DrawInputs) -> DrawBundle {
        let sampler = ConsistentSampler(seed: inputs.seed)
        let plan = inputs.plan
        let frame = DoubleRandomDraw.frameRows(inputs)
        let exclusions = DoubleRandomDraw.exclusions(inputs)
        let members = Dictionary(inputs.frame.map { ($0.uscc, $0) }, uniquingKeysWith: { a, _ in a })
        let triggers = inputs.triggers.filter { $0.date <= inputs.asOf && members[$0.uscc.rawValue]?.riskClass == .a }
        let (tasks, strata) = DoubleRandomDraw.select(frame: frame, excluded: Set(exclusions.map(\.uscc)), plan: plan,
                                                      sampler: sampler, targetedCodes: Set(triggers.map(\.uscc.rawValue)))
        var coverage: [String: (region: String, section: Character?)] = [:]
        for task in tasks { if let m = members[task.uscc] { coverage[task.uscc] = (m.region, m.section) } }
        let roster = inputs.roster.sorted { $0.certificateNumber < $1.certificateNumber }
        var conflictPairs = Set(inputs.declaredConflicts.map { $0.certificate + "\t" + $0.uscc })
        if plan.conflicts.previousInspector {
            conflictPairs.formUnion(inputs.previousInspectors.map { $0.certificate + "\t" + $0.uscc })
        }
        let assignments = DoubleRandomDraw.assign(tasks: tasks, coverage: coverage, roster: roster, conflicts: conflictPairs,
                                                  plan: plan, sampler: sampler)
        var files: [String: [UInt8]] = [:]
        files["audit/plan.yaml"] = Array(inputs.planText.utf8)
        files["audit/frame.tsv"] = Self.frameText(frame)
        files["audit/exclusions.tsv"] = Self.lines(exclusions.map { [$0.uscc, $0.reason] })
        files["audit/inspectors.tsv"] = Self.lines(roster.map { [$0.certificateNumber, $0.area ?? "", $0.fields.map(String.init).joined(separator: ";")] })
        files["audit/conflicts.tsv"] = Self.lines(conflictPairs.sorted().map { $0.split(separator: "\t").map(String.init) })
        files["audit/enterprises.tsv"] = Self.lines(coverage.keys.sorted().map { [$0, coverage[$0]!.region, coverage[$0]!.section.map(String.init) ?? ""] })
        files["audit/triggers.tsv"] = Self.lines(triggers.sorted { ($0.uscc.rawValue, $0.reference) < ($1.uscc.rawValue, $1.reference) }
            .map { [$0.uscc.rawValue, $0.kind.rawValue, $0.reference, $0.date.description] })
        files["audit/selection.tsv"] = Self.selectionText(tasks)
        files["audit/assignment.tsv"] = Self.assignmentText(tasks, assignments)
        let names = Dictionary(inputs.roster.map { ($0.certificateNumber, $0.name) }, uniquingKeysWith: { a, _ in a })
        files["public/selection.tsv"] = Self.lines(tasks.map { task in
            [task.uscc, members[task.uscc]?.name ?? "", task.ticket, task.targeted ? "targeted" : "random",
             plan.item(section: members[task.uscc]?.section)]
        })
        files["public/assignment.tsv"] = Self.lines(zip(tasks, assignments).map { task, assignment in
            switch assignment {
            case .assigned(let certs): return [task.uscc, members[task.uscc]?.name ?? ""] + certs.map { "\($0) \(names[$0] ?? "")" }
            case .unassigned: return [task.uscc, members[task.uscc]?.name ?? "", "待分配"]
            }
        })

        func sha(_ path: String) -> JSONValue { .string(Self.sha256(files[path]!)) }
        let strataJSON = JSONValue.array(strata.map {
            ["stratum": .string($0.stratum), "class": .string($0.riskClass.rawValue), "frame": .int(Int64($0.frame)),
             "eligible": .int(Int64($0.eligible)), "rate": .string($0.rate.text), "k": .int(Int64($0.k))]
        })
        let receipt: JSONValue = .object([
            "algorithm": .string(algorithm), "draw_id": .string(inputs.drawID),
            "public_randomness": .string(inputs.publicRandomness), "seed": .string(inputs.seed),
            "as_of": .string(inputs.asOf.description), "rules_sha256": .string(inputs.rulesSHA256),
            "plan_sha256": sha("audit/plan.yaml"), "frame_sha256": sha("audit/frame.tsv"), "frame_count": .int(Int64(frame.count)),
            "exclusions_sha256": sha("audit/exclusions.tsv"), "inspectors_sha256": sha("audit/inspectors.tsv"),
            "conflicts_sha256": sha("audit/conflicts.tsv"), "enterprises_sha256": sha("audit/enterprises.tsv"),
            "triggers_sha256": sha("audit/triggers.tsv"), "strata": strataJSON,
            "selection_sha256": sha("audit/selection.tsv"), "assignment_sha256": sha("audit/assignment.tsv"),
            "previous_receipt_sha256": inputs.previousReceiptSHA256.map(JSONValue.string) ?? .null,
        ])
        let receiptBytes = Array((receipt.canonicalText + "\n").utf8)
        files["receipt.json"] = receiptBytes
        let receiptSHA = Self.sha256(receiptBytes)
        files["public/receipt.json"] = Array((Self.publicReceipt(receipt, receiptSHA256: receiptSHA).canonicalText + "\n").utf8)
        return DrawBundle(files: files, receipt: receipt, receiptSHA256: receiptSHA, tasks: tasks, assignments: assignments,
                          strata: strata, exclusions: exclusions)
    }

    /// The receipt as published: the per-stratum counts (which name classes, an internal
    /// matter) are replaced by their hash, and the full receipt's hash is added.
    static func publicReceipt(_ receipt: JSONValue, receiptSHA256: String) -> JSONValue {
        guard case .object(var fields) = receipt else { return receipt }
        let strata = fields.removeValue(forKey: "strata") ?? .null
        fields["strata_sha256"] = .string(sha256(Array(strata.canonicalText.utf8)))
        fields["receipt_sha256"] = .string(receiptSHA256)
        return .object(fields)
    }

    static func frameText(_ rows: [FrameRow]) -> [UInt8] { lines(rows.map { [$0.uscc, $0.riskClass.rawValue, $0.stratum] }) }

    static func selectionText(_ tasks: [Task]) -> [UInt8] {
        lines(tasks.map { [$0.uscc, $0.stratum, $0.ticket, $0.targeted ? "targeted" : "random"] })
    }

    static func assignmentText(_ tasks: [Task], _ assignments: [TaskAssignment]) -> [UInt8] {
        lines(zip(tasks, assignments).map { task, assignment in
            switch assignment {
            case .assigned(let certs): return [task.uscc] + certs
            case .unassigned(let reason): return [task.uscc, "UNASSIGNED", reason]
            }
        })
    }

    /// Tab-separated, LF-terminated lines (UTF-8), no header.
    static func lines(_ rows: [[String]]) -> [UInt8] {
        var out: [UInt8] = []
        for row in rows {
            for (i, field) in row.enumerated() {
                if i > 0 { out.append(0x09) }
                out.append(contentsOf: field.utf8)
            }
            out.append(0x0A)
        }
        return out
    }

    public static func sha256(_ bytes: [UInt8]) -> String { Hex.lowercase(SHA256.hash(data: bytes)) }
}
