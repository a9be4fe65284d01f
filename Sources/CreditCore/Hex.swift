/// Lowercase hexadecimal text of bytes (digests, tokens): the one encoder every module uses,
/// instead of `String(format: "%02x")` per byte, which costs about a microsecond each.
public enum Hex {
    /// `"0a1b…"`, two digits per byte.
    public static func lowercase<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        digits.withUTF8Buffer { table in
            for b in bytes {
                out.append(table[Int(b >> 4)])
                out.append(table[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The sixteen digits, by value (also the `\u00xx` escapes of canonical JSON).
    static let digits: StaticString = "0123456789abcdef"
}
