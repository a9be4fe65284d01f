import CreditCore
import CreditRules
import Foundation

extension DrawVerifier {
    /// Version 2: the commitment against the inputs, `K` against its hash, then the whole run
    /// recomputed and every output file, both receipts and the chain compared.
    static func verifyVersion2(_ files: [String: [UInt8]], salt given: DrawSalt?, parallelism: Int) throws(Failure) -> Verified {
        let path = DrawFiles.commitment
        let document = try object(files, path)
        let commitment = DrawCommitment(bytes: files[path]!, document: document)
        let algorithm = string(document, "algorithm")
        guard algorithm == DrawCommitment.algorithm else {
            throw Failure(file: path, field: "algorithm", expected: DrawCommitment.algorithm, found: algorithm, reason: "未知的算法")
        }
        let isRun = files[DrawFiles.receipt] != nil || files[DrawFiles.publicReceipt] != nil
        var known: Set<String> = Set(DrawFiles.inputs.map(\.path)).union([path, DrawFiles.previousReceipt])
        if isRun { known.formUnion(DrawBundle.outputs.union([DrawFiles.salt])) }
        try onlyKnown(files, known)

        // The frozen inputs: each file's SHA-256 as committed, then its exact layout.
        for (key, file, _) in DrawFiles.inputs {
            let actual = DrawFiles.sha256(try Self.file(files, file))
            guard actual == string(document, key) else {
                throw Failure(file: file, field: "SHA-256（\(path) 的 \(key)）", expected: string(document, key), found: actual,
                              reason: "文件的 SHA-256 与承诺不符")
            }
        }
        let previousSHA256: String?
        switch document["previous_receipt_sha256"] {
        case .string(let committed)?:
            let actual = DrawFiles.sha256(try file(files, DrawFiles.previousReceipt))
            guard actual == committed else {
                throw Failure(file: DrawFiles.previousReceipt, field: "SHA-256（\(path) 的 previous_receipt_sha256）",
                              expected: committed, found: actual, reason: "上一批次 receipt 的 SHA-256 与承诺不符")
            }
            previousSHA256 = committed
        default:
            guard files[DrawFiles.previousReceipt] == nil else {
                throw Failure(file: DrawFiles.previousReceipt, field: "previous_receipt_sha256", expected: "null",
                              found: DrawFiles.sha256(files[DrawFiles.previousReceipt]!), reason: "承诺中没有上一批次，材料包却有")
            }
            previousSHA256 = nil
        }
        let frozen = try parseInputs(files, commitment: document, parallelism: parallelism)
        for (_, file, _) in DrawFiles.inputs { try compare(frozen.files[file]!, files, file) }

        // The commitment itself: the inputs' values and well-formed free values.
        for key in ["salt_sha256", "audit_head_sha256"] where !DrawFiles.isDigest(string(document, key)) {
            throw Failure(file: path, field: key, expected: "64 位小写十六进制", found: string(document, key), reason: "不是 SHA-256")
        }
        guard Timestamp(iso: commitment.preparedAt) != nil else {
            throw Failure(file: path, field: "prepared_at", found: commitment.preparedAt, reason: "不是时间（YYYY-MM-DDThh:mm:ss.sssZ）")
        }
        guard !commitment.randomnessSource.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Failure(file: path, field: "randomness_source", reason: "没有说明公共随机数的来源")
        }
        try compare(DrawCommitment.document(frozen, saltSHA256: commitment.saltSHA256, auditHead: commitment.auditHead,
                                            preparedAt: commitment.preparedAt, randomnessSource: commitment.randomnessSource), files, path)
        guard isRun else {
            return Verified(drawID: frozen.drawID, algorithm: algorithm, isRun: false, tasks: 0, frameCount: frozen.frameCount,
                            receiptSHA256: nil, commitmentSHA256: commitment.sha256, previousReceiptSHA256: previousSHA256)
        }

        // K, against the hash published before the randomness existed.
        let salt = try self.salt(files, given: given)
        guard salt.sha256 == commitment.saltSHA256 else {
            throw Failure(file: given == nil ? DrawFiles.salt : "--salt", field: "SHA-256（\(path) 的 salt_sha256）",
                          expected: commitment.saltSHA256, found: salt.sha256, reason: "密钥 K 与承诺的哈希不符")
        }

        // The receipt names this commitment; the run's free values (the randomness, the audit
        // head at the run) are the same in both receipts.
        let receipt = try object(files, DrawFiles.receipt), published = try object(files, DrawFiles.publicReceipt)
        guard string(receipt, "commitment_sha256") == commitment.sha256 else {
            throw Failure(file: DrawFiles.receipt, field: "commitment_sha256", expected: commitment.sha256,
                          found: receipt["commitment_sha256"]?.canonicalText, reason: "不是 \(path) 的 SHA-256")
        }
        let randomness = string(receipt, "public_randomness"), head = string(receipt, "audit_head_sha256")
        guard !randomness.isEmpty else { throw Failure(file: DrawFiles.receipt, field: "public_randomness", reason: "公共随机数为空") }
        guard DrawFiles.isDigest(head) else {
            throw Failure(file: DrawFiles.receipt, field: "audit_head_sha256", expected: "64 位小写十六进制", found: head, reason: "不是 SHA-256")
        }
        for (key, value) in [("public_randomness", randomness), ("audit_head_sha256", head)] where string(published, key) != value {
            throw Failure(file: DrawFiles.publicReceipt, field: key, expected: value, found: published[key]?.canonicalText,
                          reason: "与 \(DrawFiles.receipt) 不符")
        }

        // The run, recomputed: every output file and both receipts.
        let bundle = DrawBundle.run(frozen, commitment: commitment, randomness: randomness, salt: salt, auditHead: head,
                                    parallelism: parallelism)
        for file in [DrawFiles.selection, DrawFiles.assignment, DrawFiles.publicSelection, DrawFiles.publicAssignment] {
            try compare(bundle.files[file]!, files, file)
        }
        try compare(bundle.receipt, files, DrawFiles.receipt)
        try compare(DrawBundle.publicReceipt(bundle.receipt, receiptSHA256: bundle.receiptSHA256, tasks: bundle.tasks.count),
                    files, DrawFiles.publicReceipt)

        // The chain: the previous receipt is another draw's (in recording order; a voided draw
        // may carry a later date than the redraw that follows it).
        if previousSHA256 != nil {
            let previous = try object(files, DrawFiles.previousReceipt)
            let previousID = string(previous, "draw_id")
            guard !previousID.isEmpty, previousID != frozen.drawID, CalendarDate(iso: string(previous, "as_of")) != nil else {
                throw Failure(file: DrawFiles.previousReceipt, field: "draw_id", found: previousID, reason: "不是另一批次的 receipt")
            }
        }
        return Verified(drawID: frozen.drawID, algorithm: algorithm, isRun: true, tasks: bundle.tasks.count, frameCount: frozen.frameCount,
                        receiptSHA256: bundle.receiptSHA256, commitmentSHA256: commitment.sha256, previousReceiptSHA256: previousSHA256)
    }

    /// `K` from `--salt` and/or `audit/salt.txt` (64 lowercase hex digits and a line feed).
    static func salt(_ files: [String: [UInt8]], given: DrawSalt?) throws(Failure) -> DrawSalt {
        guard let bytes = files[DrawFiles.salt] else {
            guard let given else { throw Failure(file: DrawFiles.salt, reason: "缺少密钥 K：用 --salt HEX 提供（审计人员随材料包取得）") }
            return given
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasSuffix("\n"), let salt = try? DrawSalt(hex: String(text.dropLast())) else {
            throw Failure(file: DrawFiles.salt, expected: "64 位小写十六进制数字和换行符", found: text, reason: "不是密钥 K")
        }
        if let given, given != salt {
            throw Failure(file: DrawFiles.salt, expected: "--salt 给出的 K（SHA-256 \(given.sha256)）", found: "SHA-256 \(salt.sha256)",
                          reason: "与 --salt 不一致")
        }
        return salt
    }

    /// The frozen inputs as the files hold them; `FrozenDraw.layout` writes them again, so a
    /// file in any other layout (order, spacing, a stratum the plan does not give) differs.
    static func parseInputs(_ files: [String: [UInt8]], commitment: JSONValue, parallelism: Int) throws(Failure) -> FrozenDraw {
        let path = DrawFiles.commitment
        let drawID = string(commitment, "draw_id")
        do throws(DrawID.Invalid) { _ = try DrawID(drawID) } catch {
            throw Failure(file: path, field: "draw_id", found: drawID, reason: error.description)
        }
        guard let asOf = CalendarDate(iso: string(commitment, "as_of")) else {
            throw Failure(file: path, field: "as_of", found: commitment["as_of"]?.canonicalText, reason: "不是日期")
        }
        let (plan, planText) = try plan(files)
        // The frame (code, class; the stratum is checked by laying the file out again) and,
        // line by line for the same codes, the areas, fields and names.
        var codes: [Range<Int>] = [], classes: [RiskClass] = []
        let frameBytes = try file(files, DrawFiles.frame)
        try forEachRecord(frameBytes, path: DrawFiles.frame, fields: 3) { (n, bytes, f) throws(Failure) in
            guard f[1].count == 1, let riskClass = RiskClass(rawValue: String(UnicodeScalar(bytes[f[1].lowerBound]))) else {
                throw Failure(file: DrawFiles.frame, line: n, field: "分类", expected: "A、B、C 或 D",
                              found: String(decoding: UnsafeBufferPointer(rebasing: bytes[f[1]]), as: UTF8.self), reason: "不是分类")
            }
            codes.append(f[0])
            classes.append(riskClass)
        }
        // Packed as the store packs the register: code, name, area, section.
        var packed: [UInt8] = [], ends = [0]
        packed.reserveCapacity(frameBytes.count * 3); ends.reserveCapacity(4 * codes.count + 1)
        var lines = 0
        try frameBytes.withUnsafeBufferPointer { (frameBuffer: UnsafeBufferPointer<UInt8>) throws(Failure) in
            try forEachRecord(try file(files, DrawFiles.enterprises), path: DrawFiles.enterprises, fields: 4) { (n, bytes, f) throws(Failure) in
                func field(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }
                func text(_ range: Range<Int>) -> String { String(decoding: field(range), as: UTF8.self) }
                let code = n <= codes.count ? UnsafeBufferPointer(rebasing: frameBuffer[codes[n - 1]]) : nil
                guard let code, code.count == f[0].count, (code.isEmpty || memcmp(code.baseAddress!, bytes.baseAddress! + f[0].lowerBound, code.count) == 0) else {
                    throw Failure(file: DrawFiles.enterprises, line: n, field: "统一社会信用代码",
                                  expected: code.map { String(decoding: $0, as: UTF8.self) } ?? "（名录已结束）", found: text(f[0]), reason: "与名录同一行的企业不同")
                }
                // A section is one letter: one byte, or else one character however many bytes.
                guard f[2].count <= 1 || text(f[2]).count <= 1 else {
                    throw Failure(file: DrawFiles.enterprises, line: n, field: "行业门类", found: text(f[2]), reason: "不是一个字母")
                }
                // Four appends, not a loop over an array of the four ranges (one allocation a line).
                func pack(_ range: Range<Int>) { packed.append(contentsOf: field(range)); ends.append(packed.count) }
                pack(f[0]); pack(f[3]); pack(f[1]); pack(f[2])
                lines = n
            }
        }
        guard lines == codes.count else {
            throw Failure(file: DrawFiles.enterprises, expected: "\(codes.count) 行（与名录相同）", found: "\(lines) 行", reason: "行数不对")
        }
        let members = PackedMembers(bytes: packed, ends: ends, rows: (0..<Int32(codes.count)).map { $0 }, classes: classes)
        let (exclusions, roster, conflicts, triggers) = try listInputs(files)
        return FrozenDraw.layout(drawID: drawID, asOf: asOf, plan: plan, planText: planText, rulesSHA256: string(commitment, "rules_sha256"),
                                 members: members, exclusions: exclusions, roster: roster, conflicts: conflicts, triggers: triggers,
                                 previousReceipt: files[DrawFiles.previousReceipt], parallelism: parallelism)
    }

    /// The frozen lists as their files hold them, in the files' order: the exclusions, the
    /// roster, the withdrawal pairs (回避, each its line without the line break) and the
    /// triggers. The verifier lays them out again; a run whose inputs `DrawInputWatch` proves
    /// unwritten reads them back from the files prepare stored.
    static func listInputs(_ files: [String: [UInt8]]) throws(Failure)
        -> (exclusions: [(uscc: String, reason: String)], roster: [RosterEntry], conflicts: [String], triggers: [InspectionTrigger]) {
        let exclusions = try rows(try file(files, DrawFiles.exclusions), path: DrawFiles.exclusions, fields: 2).map { (uscc: $0[0], reason: $0[1]) }
        let roster = try rows(try file(files, DrawFiles.inspectors), path: DrawFiles.inspectors, fields: 4).map {
            RosterEntry(certificateNumber: $0[0], name: $0[3], area: $0[1].isEmpty ? nil : $0[1],
                        fields: $0[2].split(separator: ";").compactMap(\.first))
        }
        // A pair is its line as it stands (two fields and the tab between them): split into
        // fields and joined again, a year of draws' pairs made three strings each.
        var conflicts: [String] = []
        try forEachRecord(try file(files, DrawFiles.conflicts), path: DrawFiles.conflicts, fields: 2) { (_, bytes, f) throws(Failure) in
            conflicts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[f[0].lowerBound..<f[1].upperBound]), as: UTF8.self))
        }
        var triggers: [InspectionTrigger] = []
        for (n, row) in try rows(try file(files, DrawFiles.triggers), path: DrawFiles.triggers, fields: 4).enumerated() {
            guard let kind = InspectionTrigger.Kind(rawValue: row[1]) else {
                throw Failure(file: DrawFiles.triggers, line: n + 1, field: "触发类型", found: row[1], reason: "不是已知的触发类型")
            }
            guard let date = CalendarDate(iso: row[3]) else {
                throw Failure(file: DrawFiles.triggers, line: n + 1, field: "日期", found: row[3], reason: "不是日期")
            }
            triggers.append(InspectionTrigger(uscc: UnifiedSocialCreditCode(trusted: row[0]), kind: kind, reference: row[2], date: date))
        }
        return (exclusions, roster, conflicts, triggers)
    }
}
