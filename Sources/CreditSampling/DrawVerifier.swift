import CreditCore
import CreditRules
import Foundation

/// Recomputes a draw from its bundle and fails on the first difference, naming the file, the
/// line or field, and both values: a file whose SHA-256 the commitment or receipt does not
/// state, a field of either receipt that the recomputation does not give, a selection,
/// assignment or public line the algorithm does not reproduce, a `K` that does not match its
/// hash, a previous receipt that is not the one chained to.
///
/// Version 2 bundles (commit, then reveal) are checked file by file — every byte of every
/// file is either recomputed or hashed by another file. Version 1 bundles, written before,
/// are checked as they were specified.
public enum DrawVerifier {
    /// The first difference found.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var line: Int?
        public var field: String?
        /// What the recomputation (or the committing file) gives.
        public var expected: String?
        /// What the bundle has.
        public var found: String?
        public var reason: String

        public init(file: String, line: Int? = nil, field: String? = nil, expected: String? = nil, found: String? = nil, reason: String) {
            self.file = file; self.line = line; self.field = field; self.expected = expected; self.found = found; self.reason = reason
        }

        public var description: String {
            var text = file
            if let line { text += " 第 \(line) 行" }
            if let field { text += " 字段 \(field)" }
            text += "：\(reason)"
            if expected != nil || found != nil {
                text += "（应为 \(expected.map { "“\($0)”" } ?? "（无）")，材料包中为 \(found.map { "“\($0)”" } ?? "（无）")）"
            }
            return text
        }
    }

    /// What was verified.
    public struct Verified: Sendable, Hashable {
        public var drawID: String
        public var algorithm: String
        /// False for a prepared draw's bundle (commitment and inputs only).
        public var isRun: Bool
        public var tasks: Int
        public var frameCount: Int
        public var receiptSHA256: String?
        public var commitmentSHA256: String?
        public var previousReceiptSHA256: String?
    }

    /// Verifies a bundle.
    /// - Parameters:
    ///   - files: relative path → bytes (`receipt.json`, `audit/…`, `public/…`).
    ///   - salt: `K` from the auditor (else `audit/salt.txt`; when both are given they must agree).
    ///   - parallelism: threads for recomputing the tickets (the result does not depend on it).
    public static func verify(_ files: [String: [UInt8]], salt: DrawSalt? = nil, parallelism: Int = 1) throws(Failure) -> Verified {
        if files[DrawFiles.commitment] == nil, let bytes = files[DrawFiles.receipt], let receipt = DrawFiles.parseJSON(bytes),
           string(receipt, "algorithm") == DrawBundle.version1Algorithm {
            return try verifyVersion1(files, receipt: receipt, parallelism: parallelism)
        }
        // Version 2, or not a bundle at all: the commitment is the first thing required.
        return try verifyVersion2(files, salt: salt, parallelism: parallelism)
    }

    // MARK: Shared checks

    static func file(_ files: [String: [UInt8]], _ path: String) throws(Failure) -> [UInt8] {
        guard let bytes = files[path] else { throw Failure(file: path, reason: "材料包中缺少此文件") }
        return bytes
    }

    /// A JSON file that must hold an object.
    static func object(_ files: [String: [UInt8]], _ path: String) throws(Failure) -> JSONValue {
        let bytes = try file(files, path)
        guard let value = DrawFiles.parseJSON(bytes), case .object = value else {
            throw Failure(file: path, reason: "不是有效的 JSON 对象")
        }
        return value
    }

    static func string(_ document: JSONValue, _ key: String) -> String {
        if case .string(let s)? = document[key] { s } else { "" }
    }

    /// Byte for byte; on a difference, the first differing field (or the form: canonical
    /// JSON, keys sorted, no white space, a final line feed).
    static func compare(_ expected: JSONValue, _ files: [String: [UInt8]], _ path: String) throws(Failure) {
        let bytes = DrawFiles.json(expected)
        if bytes == files[path] { return }
        let found = try object(files, path)
        let e = expected.objectFields, f = found.objectFields
        for key in Set(e.keys).union(f.keys).sorted() where e[key] != f[key] {
            throw Failure(file: path, field: key, expected: e[key]?.canonicalText, found: f[key]?.canonicalText,
                          reason: e[key] == nil ? "多余的字段" : f[key] == nil ? "缺少字段" : "与重新计算的值不符")
        }
        throw Failure(file: path, reason: "不是规范 JSON 格式（键排序、无空白、以换行结尾）")
    }

    /// The first line where the recomputed text and the bundle's differ.
    static func compare(_ expected: [UInt8], _ files: [String: [UInt8]], _ path: String) throws(Failure) {
        let actual = try file(files, path)
        guard expected != actual else { return }
        let e = expected.split(separator: 0x0A, omittingEmptySubsequences: false)
        let a = actual.split(separator: 0x0A, omittingEmptySubsequences: false)
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? Array(e[i]) : nil, al = i < a.count ? Array(a[i]) : nil
            guard el != al else { continue }
            func text(_ line: [UInt8]?) -> String { line.map { String(decoding: $0, as: UTF8.self) } ?? "（文件结束）" }
            throw Failure(file: path, line: i + 1, expected: text(el), found: text(al), reason: "与重新计算的内容不符")
        }
        throw Failure(file: path, reason: "与重新计算的内容不符")
    }

    /// Tab-separated records with exactly (or, for version 1, at least) `fields` fields.
    static func rows(_ bytes: [UInt8], path: String, fields: Int, exact: Bool = true) throws(Failure) -> [[String]] {
        guard bytes.isEmpty || bytes.last == 0x0A else { throw Failure(file: path, reason: "最后一行没有换行符") }
        var result: [[String]] = []
        var n = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
            n += 1
            let parts = line.split(separator: 0x09, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard exact ? parts.count == fields : parts.count >= fields else {
                throw Failure(file: path, line: n, expected: "\(fields) 个字段", found: "\(parts.count) 个字段", reason: "字段数不对")
            }
            result.append(parts)
        }
        return result
    }

    /// Calls `body` with each record of a tab-separated file: its number, the file's bytes and
    /// the byte ranges of its `fields` fields (checked). No copies: the frame and its areas
    /// and names are a million lines each.
    static func forEachRecord(_ bytes: [UInt8], path: String, fields: Int,
                              _ body: (Int, UnsafeBufferPointer<UInt8>, [Range<Int>]) throws(Failure) -> Void) throws(Failure) {
        guard bytes.isEmpty || bytes.last == 0x0A else { throw Failure(file: path, reason: "最后一行没有换行符") }
        try bytes.withUnsafeBufferPointer { (buffer: UnsafeBufferPointer<UInt8>) throws(Failure) in
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(fields)
            var line = 0, start = 0, fieldStart = 0
            for i in buffer.indices {
                let byte = buffer[i]
                if byte == 0x09 {
                    ranges.append(fieldStart..<i)
                    fieldStart = i + 1
                } else if byte == 0x0A {
                    ranges.append(fieldStart..<i)
                    line += 1
                    guard ranges.count == fields else {
                        throw Failure(file: path, line: line, expected: "\(fields) 个字段", found: "\(ranges.count) 个字段", reason: "字段数不对")
                    }
                    try body(line, buffer, ranges)
                    ranges.removeAll(keepingCapacity: true)
                    start = i + 1
                    fieldStart = start
                }
            }
        }
    }

    static func plan(_ files: [String: [UInt8]]) throws(Failure) -> (SamplingPlan, String) {
        let text = String(decoding: try file(files, DrawFiles.plan), as: UTF8.self)
        do throws(RuleFileError) { return (try SamplingPlanLoader.load(text, file: DrawFiles.plan), text) }
        catch { throw Failure(file: DrawFiles.plan, line: error.line, reason: error.description) }
    }

    /// Every file must belong to the bundle (an added file would be published unchecked).
    static func onlyKnown(_ files: [String: [UInt8]], _ known: Set<String>) throws(Failure) {
        for path in files.keys.sorted() where !known.contains(path) && !DrawFiles.laterPublications.contains(path) {
            throw Failure(file: path, reason: "不属于抽查材料包")
        }
    }
}
