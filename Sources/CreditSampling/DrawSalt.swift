import CreditCore
import Crypto

/// The secret `K` of a version-2 draw: 256 bits drawn by the adapter from the system CSPRNG
/// when the draw is prepared. Its SHA-256 is published in the commitment; `K` itself goes
/// only to auditors, because with it every ticket — and from the tickets each class's
/// threshold — can be computed.
public struct DrawSalt: Sendable, Hashable, CustomStringConvertible {
    /// `K` as 64 lowercase hexadecimal digits (the form that enters the seed and is hashed).
    public let hex: String

    /// Why a text is not a salt.
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        public var text: String
        public var description: String {
            "密钥 K 必须是 64 位小写十六进制数字（256 位），收到 \(text.utf8.count) 个字符"
        }
    }

    /// From 32 random bytes (the adapter draws them).
    public init(bytes: [UInt8]) throws(Invalid) {
        guard bytes.count == 32 else { throw Invalid(text: Hex.lowercase(bytes)) }
        hex = Hex.lowercase(bytes)
    }

    /// 256 bits from a generator the adapter passes in: the system CSPRNG
    /// (`SystemRandomNumberGenerator`) for a real draw, a seeded one in tests.
    public init(using generator: inout some RandomNumberGenerator) {
        var bytes: [UInt8] = []
        for _ in 0..<4 { withUnsafeBytes(of: generator.next().bigEndian) { bytes += $0 } }
        hex = Hex.lowercase(bytes)
    }

    /// From its hexadecimal text (an auditor's `--salt`, or `audit/salt.txt`).
    public init(hex text: String) throws(Invalid) {
        guard text.utf8.count == 64, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
            throw Invalid(text: text)
        }
        hex = text
    }

    /// `salt_sha256`: SHA-256 of `K`'s lowercase hex, as the commitment publishes it.
    public var sha256: String { Hex.lowercase(SHA256.hash(data: Array(hex.utf8))) }

    /// Never prints `K` by accident (logs, error messages).
    public var description: String { "DrawSalt(sha256: \(sha256))" }
}

/// The seed of a draw (architecture.md): version 1 `draw_id|public_randomness`, version 2
/// `draw_id|public_randomness|hex(K)`. The one place the formula is written: the draw and
/// its verifier both call it.
public enum DrawSeed {
    public static func make(drawID: String, randomness: String, salt: DrawSalt?) -> String {
        guard let salt else { return drawID + "|" + randomness }
        return drawID + "|" + randomness + "|" + salt.hex
    }
}
