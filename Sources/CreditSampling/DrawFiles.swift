import CreditCore
import Crypto
import Foundation

/// The bundle's file names and its text format (architecture.md §8): UTF-8, LF, one record a
/// line, tab-separated, no header. Written by the draw and read back by the verifier.
public enum DrawFiles {
    public static let receipt = "receipt.json"
    public static let commitment = "public/commitment.json"
    public static let publicReceipt = "public/receipt.json"
    public static let publicSelection = "public/selection.tsv"
    public static let publicAssignment = "public/assignment.tsv"
    public static let plan = "audit/plan.yaml"
    public static let frame = "audit/frame.tsv"
    public static let enterprises = "audit/enterprises.tsv"
    public static let exclusions = "audit/exclusions.tsv"
    public static let inspectors = "audit/inspectors.tsv"
    public static let conflicts = "audit/conflicts.tsv"
    public static let triggers = "audit/triggers.tsv"
    public static let previousReceipt = "audit/previous_receipt.json"
    public static let selection = "audit/selection.tsv"
    public static let assignment = "audit/assignment.tsv"
    /// `K` (auditors only; never published).
    public static let salt = "audit/salt.txt"
    /// Published later by `credit draw results publish` into the same folder; not part of the draw.
    public static let laterPublications: Set<String> = ["public/results.csv", "public/results.html"]

    /// A version-2 draw's inputs, frozen when it is prepared: the commitment's key for each
    /// file's SHA-256, the file, and what it holds (for "inputs changed" messages).
    public static let inputs: [(key: String, path: String, label: String)] = [
        ("plan_sha256", plan, "抽查计划"),
        ("frame_sha256", frame, "抽查名录（企业及其分类）"),
        ("enterprises_sha256", enterprises, "名录企业的区划、行业和名称"),
        ("exclusions_sha256", exclusions, "最短间隔排除名单"),
        ("inspectors_sha256", inspectors, "在岗执法检查人员名录"),
        ("conflicts_sha256", conflicts, "回避关系"),
        ("triggers_sha256", triggers, "定向检查线索"),
    ]

    /// Tab-separated, LF-terminated lines. A tab or line break inside a field (a name, a
    /// reason) would split the record, so it is written as a space.
    public static func lines(_ rows: [[String]]) -> [UInt8] {
        var out: [UInt8] = []
        for row in rows { append(row, to: &out) }
        return out
    }

    /// Records already joined by tabs, one a line, as `lines` writes them split at their tabs:
    /// the tabs kept, a line break inside written as a space. (Split first, a year of draws'
    /// withdrawal pairs made hundreds of thousands of `String`s only to be joined again.)
    package static func joinedLines(_ rows: [String]) -> [UInt8] {
        var out: [UInt8] = []
        for row in rows {
            var row = row
            row.withUTF8 { bytes in
                if bytes.contains(where: { splitsRecord($0) && $0 != 0x09 }) {
                    for byte in bytes { out.append(splitsRecord(byte) && byte != 0x09 ? 0x20 : byte) }
                } else {
                    out.append(contentsOf: bytes)
                }
            }
            out.append(0x0A)
        }
        return out
    }

    /// Appends one record.
    static func append(_ row: [String], to out: inout [UInt8]) {
        for (i, field) in row.enumerated() {
            if i > 0 { out.append(0x09) }
            appendField(field, to: &out)
        }
        out.append(0x0A)
    }

    /// Appends one field's UTF-8 bytes, a tab or line break written as a space.
    static func appendField(_ field: String, to out: inout [UInt8]) {
        var field = field
        field.withUTF8 { appendField($0, to: &out) }
    }

    /// `appendField(_:to:)` for a field's UTF-8 bytes.
    static func appendField(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        if bytes.contains(where: splitsRecord) {
            for byte in bytes { out.append(splitsRecord(byte) ? 0x20 : byte) }
        } else {
            out.append(contentsOf: bytes)
        }
    }

    /// A tab or line break, which inside a field would split its record: written as a space
    /// (one byte for one, so a field keeps its byte count).
    static func splitsRecord(_ byte: UInt8) -> Bool { byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Writes lines into a buffer sized beforehand, from `offset` on: `appendField`'s bytes,
    /// for threads that each fill their own part of one file. A writer without a buffer only
    /// counts, to size one.
    struct LineWriter {
        let buffer: UnsafeMutableBufferPointer<UInt8>?
        private(set) var offset: Int

        init(_ buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) { self.buffer = buffer; self.offset = offset }
        private init() { buffer = nil; offset = 0 }

        /// A writer that counts the bytes it would write.
        static func counting() -> LineWriter { LineWriter() }

        /// `appendField(_:to:)`.
        mutating func field(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard !bytes.isEmpty else { return }
            if let buffer {
                precondition(offset + bytes.count <= buffer.count, "a line runs past the buffer")
                let out = buffer.baseAddress! + offset
                out.update(from: bytes.baseAddress!, count: bytes.count)
                for j in 0..<bytes.count where splitsRecord(out[j]) { out[j] = 0x20 }
            }
            offset += bytes.count
        }

        mutating func field(_ text: String) {
            var text = text
            text.withUTF8 { field($0) }
        }

        mutating func tab() { byte(0x09) }
        mutating func newline() { byte(0x0A) }

        private mutating func byte(_ value: UInt8) {
            if let buffer {
                precondition(offset < buffer.count, "a line runs past the buffer")
                buffer[offset] = value
            }
            offset += 1
        }
    }

    /// Lowercase hex SHA-256 of bytes.
    public static func sha256(_ bytes: [UInt8]) -> String { Hex.lowercase(SHA256.hash(data: bytes)) }

    /// Canonical JSON text of a document plus the final line feed, as every JSON file of the bundle is written.
    static func json(_ value: JSONValue) -> [UInt8] { Array((value.canonicalText + "\n").utf8) }

    /// A JSON document of the bundle, read with Foundation's `JSONSerialization` (JSONValue's
    /// `Codable` path costs a thrown error per attempted type, 80 times slower, and the
    /// verifier reads every receipt). Nil for anything that is not JSON, or holds a number
    /// that is not an integer (no bundle document has one).
    public static func parseJSON(_ bytes: [UInt8]) -> JSONValue? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else { return nil }
        return jsonValue(object)
    }

    private static func jsonValue(_ object: Any) -> JSONValue? {
        switch object {
        case let text as String: return .string(text)
        case is NSNull: return .null
        case let number as NSNumber:
            // JSONSerialization makes booleans NSNumbers of type "c" (char) and integers of a
            // wider integer type; "d" and "f" are fractions.
            switch String(cString: number.objCType) {
            case "c": return .bool(number.boolValue)
            case "d", "f": return nil
            case "Q": return number.uint64Value <= UInt64(Int64.max) ? .int(number.int64Value) : nil
            default: return .int(number.int64Value)
            }
        case let array as [Any]:
            var items: [JSONValue] = []
            items.reserveCapacity(array.count)
            for item in array { guard let value = jsonValue(item) else { return nil }; items.append(value) }
            return .array(items)
        case let dictionary as [String: Any]:
            var members: [String: JSONValue] = [:]
            for (key, item) in dictionary { guard let value = jsonValue(item) else { return nil }; members[key] = value }
            return .object(members)
        default: return nil
        }
    }

    /// Whether a text is 64 lowercase hexadecimal digits (a SHA-256).
    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
