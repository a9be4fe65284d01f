import Foundation

/// A JSON value, for audit-event payloads and other canonical documents.
public enum JSONValue: Sendable, Hashable, Codable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral {
    case string(String), int(Int64), bool(Bool), null
    case array([JSONValue])
    case object([String: JSONValue])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(Int64(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(_ value: String?) { self = value.map(JSONValue.string) ?? .null }

    /// An object with one member per key of `keys` (in `allCases` order) whose value is not nil,
    /// named by the key's `stringValue` — the members `JSONEncoder` writes for a `Codable` type whose
    /// synthesised encoding uses `encodeIfPresent`, when `value` switches over every key.
    public static func object<Key: CodingKey & CaseIterable>(
        keyedBy keys: Key.Type, _ value: (Key) -> JSONValue?
    ) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for key in keys.allCases {
            if let member = value(key) { members[key.stringValue] = member }
        }
        return .object(members)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .bool(let b): try c.encode(b)
        case .null: try c.encodeNil()
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Canonical JSON: keys sorted, no insignificant whitespace, `/` unescaped — the form
    /// that is hashed, so the same value always gives the same bytes.
    ///
    /// Written directly (the audit log hashes one per event, the server logs every lookup) with
    /// exactly `JSONEncoder`'s bytes for `[.sortedKeys, .withoutEscapingSlashes]` — a test holds
    /// the two equal. Objects with a non-ASCII key go through `JSONEncoder` itself, whose key
    /// order for such keys is its own business.
    public var canonicalText: String { text(escapingSlashes: false) }

    /// JSON with sorted keys and no insignificant whitespace; `/` written `\/` when
    /// `escapingSlashes`: exactly `JSONEncoder`'s bytes for `[.sortedKeys]` (plus
    /// `.withoutEscapingSlashes` when not), which a test holds equal. Stored documents (a
    /// notice's content) were written by `JSONEncoder` with escaped slashes, and keep its bytes.
    public func text(escapingSlashes: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        return write(into: &out, escapingSlashes: escapingSlashes)
            ? String(decoding: out, as: UTF8.self) : encoderText(escapingSlashes: escapingSlashes)
    }

    /// The canonical text as `JSONEncoder` writes it: the reference for `canonicalText`.
    var encoderText: String { encoderText(escapingSlashes: false) }

    /// The text as `JSONEncoder` writes it: the reference for `text(escapingSlashes:)`.
    func encoderText(escapingSlashes: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = escapingSlashes ? [.sortedKeys] : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail: every case maps to a JSON value.
        return String(decoding: (try? encoder.encode(self)) ?? Data("null".utf8), as: UTF8.self)
    }

    /// Appends the bytes; false when an object has a non-ASCII key.
    private func write(into out: inout [UInt8], escapingSlashes: Bool) -> Bool {
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let i): out += String(i).utf8
        case .string(let text): Self.write(text, into: &out, escapingSlashes: escapingSlashes)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                guard item.write(into: &out, escapingSlashes: escapingSlashes) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard members.keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else { return false }
            out.append(UInt8(ascii: "{"))
            for (k, key) in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                Self.write(key, into: &out, escapingSlashes: escapingSlashes)
                out.append(UInt8(ascii: ":"))
                guard members[key]!.write(into: &out, escapingSlashes: escapingSlashes) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        }
        return true
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\b \t \n \f \r` or
    /// `\u00xx`, `/` as `\/` when `escapingSlashes`, everything else (non-ASCII included) as is.
    /// Runs of bytes that need no escape are copied whole (a notice's paragraphs are long).
    private static func write(_ text: String, into out: inout [UInt8], escapingSlashes: Bool) {
        let hex = Hex.digits.utf8Start
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var run = 0
            for (i, byte) in bytes.enumerated() {
                let escape: UInt8  // the character after the backslash
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): escape = byte
                case UInt8(ascii: "/") where escapingSlashes: escape = byte
                case 0x08: escape = UInt8(ascii: "b")
                case 0x09: escape = UInt8(ascii: "t")
                case 0x0A: escape = UInt8(ascii: "n")
                case 0x0C: escape = UInt8(ascii: "f")
                case 0x0D: escape = UInt8(ascii: "r")
                case 0..<0x20: escape = UInt8(ascii: "u")
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                run = i + 1
                out += [UInt8(ascii: "\\"), escape]
                if escape == UInt8(ascii: "u") { out += [UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]] }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}
