import CreditCore
import CreditRules
import Foundation

/// Recomputes a draw from its bundle (`audit/`, `receipt.json`, `public/`) and reports the
/// first difference: a file whose hash the receipt does not commit to, a wrong seed, a
/// selection or assignment line that the algorithm does not reproduce.
public enum DrawVerifier {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int?
        public var reason: String
        public var description: String { line.map { "\(file):\($0): \(reason)" } ?? "\(file): \(reason)" }
    }

    /// Summary of a successful verification.
    public struct Verified: Sendable {
        public var drawID: String
        public var tasks: Int
        public var frameCount: Int
        public var receiptSHA256: String
    }

    public static func verify(_ files: [String: [UInt8]]) throws(Failure) -> Verified {
        func file(_ path: String) throws(Failure) -> [UInt8] {
            guard let bytes = files[path] else { throw Failure(file: path, reason: "missing from the bundle") }
            return bytes
        }
        let receiptBytes = try file("receipt.json")
        guard let receipt = try? JSONDecoder().decode(JSONValue.self, from: Data(receiptBytes)) else {
            throw Failure(file: "receipt.json", reason: "is not valid JSON")
        }
        func string(_ key: String) throws(Failure) -> String {
            guard case .string(let s)? = receipt[key] else { throw Failure(file: "receipt.json", reason: "has no string '\(key)'") }
            return s
        }
        guard try string("algorithm") == DrawBundle.algorithm else {
            throw Failure(file: "receipt.json", reason: "algorithm is not \(DrawBundle.algorithm)")
        }
        for (key, path) in [("plan_sha256", "audit/plan.yaml"), ("frame_sha256", "audit/frame.tsv"),
                            ("exclusions_sha256", "audit/exclusions.tsv"), ("inspectors_sha256", "audit/inspectors.tsv"),
                            ("conflicts_sha256", "audit/conflicts.tsv"), ("enterprises_sha256", "audit/enterprises.tsv"),
                            ("triggers_sha256", "audit/triggers.tsv"), ("selection_sha256", "audit/selection.tsv"),
                            ("assignment_sha256", "audit/assignment.tsv")] {
            let actual = DrawBundle.sha256(try file(path))
            let committed = try string(key)
            guard actual == committed else {
                throw Failure(file: path, reason: "SHA-256 is \(actual) but the receipt's \(key) is \(committed)")
            }
        }
        let drawID = try string("draw_id"), randomness = try string("public_randomness")
        guard try string("seed") == drawID + "|" + randomness else {
            throw Failure(file: "receipt.json", reason: "seed is not draw_id + \"|\" + public_randomness")
        }
        guard let asOf = CalendarDate(iso: try string("as_of")) else { throw Failure(file: "receipt.json", reason: "as_of is not a date") }
        let plan: SamplingPlan
        let planText = String(decoding: try file("audit/plan.yaml"), as: UTF8.self)
        do throws(RuleFileError) { plan = try SamplingPlanLoader.load(planText, file: "audit/plan.yaml") }
        catch { throw Failure(file: "audit/plan.yaml", reason: error.description) }

        let frameLines = try rows(try file("audit/frame.tsv"), path: "audit/frame.tsv", fields: 3)
        var frame: [FrameRow] = []
        var previous: [UInt8]?
        for (n, row) in frameLines.enumerated() {
            guard let riskClass = RiskClass(rawValue: row[1]), row[2] == row[1] || row[2].hasPrefix(row[1] + "|") else {
                throw Failure(file: "audit/frame.tsv", line: n + 1, reason: "class '\(row[1])' or stratum '\(row[2])' is malformed")
            }
            let key = Array(row[0].utf8)
            if let previous, !previous.lexicographicallyPrecedes(key) {
                throw Failure(file: "audit/frame.tsv", line: n + 1, reason: "not sorted by code")
            }
            previous = key
            frame.append(FrameRow(uscc: row[0], riskClass: riskClass, stratum: row[2]))
        }
        guard case .int(let count)? = receipt["frame_count"], count == frame.count else {
            throw Failure(file: "receipt.json", reason: "frame_count does not match audit/frame.tsv (\(frame.count) lines)")
        }
        let excluded = Set(try rows(try file("audit/exclusions.tsv"), path: "audit/exclusions.tsv", fields: 2).map { $0[0] })
        let targeted = Set(try rows(try file("audit/triggers.tsv"), path: "audit/triggers.tsv", fields: 4)
            .filter { (CalendarDate(iso: $0[3]).map { $0 <= asOf } ?? false) }.map { $0[0] })
        let sampler = ConsistentSampler(seed: drawID + "|" + randomness)
        let (tasks, strata) = DoubleRandomDraw.select(frame: frame, excluded: excluded, plan: plan, sampler: sampler, targetedCodes: targeted)
        let strataJSON = JSONValue.array(strata.map {
            ["stratum": .string($0.stratum), "class": .string($0.riskClass.rawValue), "frame": .int(Int64($0.frame)),
             "eligible": .int(Int64($0.eligible)), "rate": .string($0.rate.text), "k": .int(Int64($0.k))]
        })
        guard receipt["strata"] == strataJSON else {
            throw Failure(file: "receipt.json", reason: "strata counts differ from the recomputation: \(strataJSON.canonicalText)")
        }
        try compare(DrawBundle.selectionText(tasks), try file("audit/selection.tsv"), path: "audit/selection.tsv")

        let roster = try rows(try file("audit/inspectors.tsv"), path: "audit/inspectors.tsv", fields: 3).map {
            RosterEntry(certificateNumber: $0[0], name: "", area: $0[1].isEmpty ? nil : $0[1],
                        fields: $0[2].split(separator: ";").compactMap(\.first))
        }
        let conflicts = Set(try rows(try file("audit/conflicts.tsv"), path: "audit/conflicts.tsv", fields: 2).map { $0[0] + "\t" + $0[1] })
        var coverage: [String: (region: String, section: Character?)] = [:]
        for row in try rows(try file("audit/enterprises.tsv"), path: "audit/enterprises.tsv", fields: 3) {
            coverage[row[0]] = (row[1], row[2].first)
        }
        let assignments = DoubleRandomDraw.assign(tasks: tasks, coverage: coverage, roster: roster, conflicts: conflicts,
                                                  plan: plan, sampler: sampler)
        try compare(DrawBundle.assignmentText(tasks, assignments), try file("audit/assignment.tsv"), path: "audit/assignment.tsv")

        // The public list must be the audited selection, in the same order, without classes.
        let publicRows = try rows(try file("public/selection.tsv"), path: "public/selection.tsv", fields: 5)
        guard publicRows.count == tasks.count else {
            throw Failure(file: "public/selection.tsv", reason: "\(publicRows.count) lines, the selection has \(tasks.count)")
        }
        for (n, (row, task)) in zip(publicRows, tasks).enumerated()
        where row[0] != task.uscc || row[2] != task.ticket || row[3] != (task.targeted ? "targeted" : "random") {
            throw Failure(file: "public/selection.tsv", line: n + 1, reason: "does not match the audited selection (\(task.uscc) \(task.ticket))")
        }
        return Verified(drawID: drawID, tasks: tasks.count, frameCount: frame.count, receiptSHA256: DrawBundle.sha256(receiptBytes))
    }

    static func rows(_ bytes: [UInt8], path: String, fields: Int) throws(Failure) -> [[String]] {
        guard bytes.isEmpty || bytes.last == 0x0A else { throw Failure(file: path, reason: "does not end with a line feed") }
        var result: [[String]] = []
        for (n, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().enumerated() {
            let parts = line.split(separator: 0x09, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard parts.count >= fields else {
                throw Failure(file: path, line: n + 1, reason: "has \(parts.count) fields, expected \(fields)")
            }
            result.append(parts)
        }
        return result
    }

    /// The first line where the recomputed text and the bundle's differ.
    static func compare(_ expected: [UInt8], _ actual: [UInt8], path: String) throws(Failure) {
        guard expected != actual else { return }
        let e = expected.split(separator: 0x0A, omittingEmptySubsequences: false)
        let a = actual.split(separator: 0x0A, omittingEmptySubsequences: false)
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? String(decoding: e[i], as: UTF8.self) : "(end of file)"
            let al = i < a.count ? String(decoding: a[i], as: UTF8.self) : "(end of file)"
            if el != al { throw Failure(file: path, line: i + 1, reason: "recomputed \"\(el)\", bundle has \"\(al)\"") }
        }
        throw Failure(file: path, reason: "differs from the recomputation")
    }
}
