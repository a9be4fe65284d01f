/// A draw's identifier: 1–64 characters of `0-9 A-Z a-z . _ -`, never containing `..`.
///
/// The id names the bundle's directory (`draws/ID`), the public page (`/public/draws/ID`) and
/// is part of the seed, so it must be a safe path component and a plain ASCII word.
public struct DrawID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// Why a text is not a draw id.
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        public enum Reason: Sendable, Hashable {
            case empty
            case tooLong(count: Int)
            case character(Character, position: Int)
            case dotDot
        }
        public var text: String
        public var reason: Reason

        public init(text: String, reason: Reason) { self.text = text; self.reason = reason }

        public var description: String {
            switch reason {
            case .empty: "抽查编号不能为空"
            case .tooLong(let count): "抽查编号“\(text)”有 \(count) 个字符，最多 \(DrawID.maximumLength) 个"
            case .character(let c, let position):
                "抽查编号“\(text)”的第 \(position) 个字符“\(c)”不允许（只能用 0-9、A-Z、a-z、点、下划线和连字符）"
            case .dotDot: "抽查编号“\(text)”含有“..”（不能作为目录名）"
            }
        }
    }

    public static let maximumLength = 64

    /// - Throws: `Invalid` naming the first offending character, the length, or `..`.
    public init(_ text: String) throws(Invalid) {
        guard !text.isEmpty else { throw Invalid(text: text, reason: .empty) }
        for (offset, c) in text.enumerated() {
            guard let a = c.asciiValue, (a >= 0x30 && a <= 0x39) || (a >= 0x41 && a <= 0x5A) || (a >= 0x61 && a <= 0x7A)
                    || a == UInt8(ascii: ".") || a == UInt8(ascii: "_") || a == UInt8(ascii: "-") else {
                throw Invalid(text: text, reason: .character(c, position: offset + 1))
            }
        }
        guard text.utf8.count <= Self.maximumLength else { throw Invalid(text: text, reason: .tooLong(count: text.utf8.count)) }
        guard !text.contains("..") else { throw Invalid(text: text, reason: .dotDot) }
        rawValue = text
    }

    public var description: String { rawValue }
    public static func < (l: Self, r: Self) -> Bool { l.rawValue < r.rawValue }
}
