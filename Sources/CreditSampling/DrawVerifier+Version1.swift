import CreditCore
import CreditRules

extension DrawVerifier {
    /// The version-1 files, committed to by `receipt.json` (architecture.md §8).
    static let version1Inputs: [(key: String, path: String)] = [
        ("plan_sha256", DrawFiles.plan), ("frame_sha256", DrawFiles.frame), ("exclusions_sha256", DrawFiles.exclusions),
        ("inspectors_sha256", DrawFiles.inspectors), ("conflicts_sha256", DrawFiles.conflicts),
        ("enterprises_sha256", DrawFiles.enterprises), ("triggers_sha256", DrawFiles.triggers),
        ("selection_sha256", DrawFiles.selection), ("assignment_sha256", DrawFiles.assignment),
    ]

    /// Version 1 (seed `draw_id|public_randomness`, targeted tasks for class A only, public
    /// tickets): bundles written before commit-then-reveal stay verifiable.
    static func verifyVersion1(_ files: [String: [UInt8]], receipt: JSONValue, parallelism: Int) throws(Failure) -> Verified {
        try onlyKnown(files, Set(version1Inputs.map(\.path)).union([DrawFiles.receipt, DrawFiles.publicReceipt,
                                                                       DrawFiles.publicSelection, DrawFiles.publicAssignment]))
        for (key, path) in version1Inputs {
            let actual = DrawFiles.sha256(try file(files, path))
            guard actual == string(receipt, key) else {
                throw Failure(file: path, field: "SHA-256（receipt.json 的 \(key)）", expected: string(receipt, key), found: actual,
                              reason: "文件的 SHA-256 与 receipt 不符")
            }
        }
        let drawID = string(receipt, "draw_id"), randomness = string(receipt, "public_randomness")
        let seed = DrawSeed.make(drawID: drawID, randomness: randomness, salt: nil)
        guard string(receipt, "seed") == seed else {
            throw Failure(file: DrawFiles.receipt, field: "seed", expected: seed, found: string(receipt, "seed"),
                          reason: "种子不是 draw_id + \"|\" + public_randomness")
        }
        guard let asOf = CalendarDate(iso: string(receipt, "as_of")) else {
            throw Failure(file: DrawFiles.receipt, field: "as_of", found: string(receipt, "as_of"), reason: "不是日期")
        }
        let (plan, _) = try plan(files)

        var frame: [FrameRow] = []
        var previous: [UInt8]?
        for (n, row) in try rows(try file(files, DrawFiles.frame), path: DrawFiles.frame, fields: 3, exact: false).enumerated() {
            guard let riskClass = RiskClass(rawValue: row[1]), row[2] == row[1] || row[2].hasPrefix(row[1] + "|") else {
                throw Failure(file: DrawFiles.frame, line: n + 1, found: "\(row[1])\t\(row[2])", reason: "分类或分层格式不对")
            }
            let key = Array(row[0].utf8)
            if let previous, !previous.lexicographicallyPrecedes(key) {
                throw Failure(file: DrawFiles.frame, line: n + 1, found: row[0], reason: "没有按统一社会信用代码排序")
            }
            previous = key
            frame.append(FrameRow(uscc: row[0], riskClass: riskClass, stratum: row[2]))
        }
        guard case .int(let count)? = receipt["frame_count"], count == frame.count else {
            throw Failure(file: DrawFiles.receipt, field: "frame_count", expected: "\(frame.count)", found: receipt["frame_count"]?.canonicalText,
                          reason: "与 audit/frame.tsv 的行数不符")
        }
        let excluded = Set(try rows(try file(files, DrawFiles.exclusions), path: DrawFiles.exclusions, fields: 2, exact: false).map { $0[0] })
        let classA = Set(frame.lazy.filter { $0.riskClass == .a }.map(\.uscc))
        let targeted = Set(try rows(try file(files, DrawFiles.triggers), path: DrawFiles.triggers, fields: 4, exact: false)
            .filter { (CalendarDate(iso: $0[3]).map { $0 <= asOf } ?? false) && classA.contains($0[0]) }.map { $0[0] })
        let sampler = ConsistentSampler(seed: seed)
        let (tasks, strata) = DoubleRandomDraw.select(frame: frame, excluded: excluded, plan: plan, sampler: sampler,
                                                      targetedCodes: targeted, parallelism: parallelism)
        let strataJSON = DrawBundle.strataJSON(strata)
        guard receipt["strata"] == strataJSON else {
            throw Failure(file: DrawFiles.receipt, field: "strata", expected: strataJSON.canonicalText, found: receipt["strata"]?.canonicalText,
                          reason: "分层计数与重新计算的不符")
        }
        try compare(DrawBundle.selectionText(tasks), files, DrawFiles.selection)

        let roster = try rows(try file(files, DrawFiles.inspectors), path: DrawFiles.inspectors, fields: 3, exact: false).map {
            RosterEntry(certificateNumber: $0[0], name: "", area: $0[1].isEmpty ? nil : $0[1], fields: $0[2].split(separator: ";").compactMap(\.first))
        }
        let conflicts = Set(try rows(try file(files, DrawFiles.conflicts), path: DrawFiles.conflicts, fields: 2, exact: false).map { $0[0] + "\t" + $0[1] })
        var coverage: [String: (region: String, section: Character?)] = [:]
        for row in try rows(try file(files, DrawFiles.enterprises), path: DrawFiles.enterprises, fields: 3, exact: false) {
            coverage[row[0]] = (row[1], row[2].first)
        }
        let assignments = DoubleRandomDraw.assign(tasks: tasks, coverage: coverage, roster: roster, conflicts: conflicts, plan: plan,
                                                  sampler: sampler, parallelism: parallelism)
        try compare(DrawBundle.assignmentText(tasks, assignments), files, DrawFiles.assignment)

        // The public receipt: the receipt without the per-stratum counts, with their hash and the receipt's.
        let receiptSHA256 = DrawFiles.sha256(files[DrawFiles.receipt]!)
        var published = receipt.objectFields
        let strataField = published.removeValue(forKey: "strata") ?? .null
        published["strata_sha256"] = .string(DrawFiles.sha256(Array(strataField.canonicalText.utf8)))
        published["receipt_sha256"] = .string(receiptSHA256)
        try compare(.object(published), files, DrawFiles.publicReceipt)

        // The public lists: the audited selection in the same order (code, ticket, kind, item),
        // and each task's inspectors (names are not in the version-1 audit files).
        let publicRows = try rows(try file(files, DrawFiles.publicSelection), path: DrawFiles.publicSelection, fields: 5)
        let assignedRows = try rows(try file(files, DrawFiles.publicAssignment), path: DrawFiles.publicAssignment, fields: 3, exact: false)
        for (rows, path) in [(publicRows, DrawFiles.publicSelection), (assignedRows, DrawFiles.publicAssignment)] where rows.count != tasks.count {
            throw Failure(file: path, expected: "\(tasks.count) 行", found: "\(rows.count) 行", reason: "行数与抽取结果不符")
        }
        for (n, task) in tasks.enumerated() {
            let row = publicRows[n]
            let expected = [task.uscc, task.ticket, task.targeted ? "targeted" : "random", plan.item(section: coverage[task.uscc]?.section)]
            let found = [row[0], row[2], row[3], row[4]]
            guard expected == found else {
                throw Failure(file: DrawFiles.publicSelection, line: n + 1, expected: expected.joined(separator: " "),
                              found: found.joined(separator: " "), reason: "与抽取结果不符")
            }
            let certificates: [String]
            switch assignments[n] {
            case .assigned(let c): certificates = c
            case .unassigned: certificates = ["待分配"]
            }
            let listed = assignedRows[n].dropFirst(2).map { String($0.split(separator: " ", maxSplits: 1).first ?? "") }
            guard assignedRows[n][0] == task.uscc, listed == certificates else {
                throw Failure(file: DrawFiles.publicAssignment, line: n + 1, expected: ([task.uscc] + certificates).joined(separator: " "),
                              found: ([assignedRows[n][0]] + listed).joined(separator: " "), reason: "与分配结果不符")
            }
        }
        return Verified(drawID: drawID, algorithm: DrawBundle.version1Algorithm, isRun: true, tasks: tasks.count, frameCount: frame.count,
                        receiptSHA256: receiptSHA256, commitmentSHA256: nil,
                        previousReceiptSHA256: { if case .string(let s)? = receipt["previous_receipt_sha256"] { s } else { nil } }())
    }
}
