import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings data exports arrive in.
public enum SourceEncoding: String, Sendable, CaseIterable {
    case utf8, gb18030
}

/// An undecodable byte sequence, located by line.
public struct EncodingProblem: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var encoding: SourceEncoding
    /// Non-blank lines from `line` to the end of the file: what was not read.
    public var linesLeft = 1
    public var description: String {
        "line \(line): invalid \(encoding == .utf8 ? "UTF-8" : "GB18030") byte sequence (use --encoding to override detection)"
    }
}

/// Text as UTF-8 bytes, and where it was cut when the file is damaged.
public struct DecodedText: Sendable {
    public var bytes: [UInt8]
    public var encoding: SourceEncoding
    /// The first undecodable line: `bytes` end before it, and the rest of the file is not read.
    public var damage: EncodingProblem?
}

/// Detects UTF-8 (with or without BOM) or GB18030/GBK and converts to UTF-8 bytes.
/// Never substitutes replacement characters: an invalid sequence is reported with its line,
/// and the text ends before that line.
///
/// Detection: valid UTF-8 is UTF-8. Otherwise the file is GB18030 when it decodes as GB18030
/// and the UTF-8 read before the first bad byte holds fewer than two three-byte sequences (the
/// form of every Chinese character in UTF-8). GB18030 text makes valid two-byte UTF-8 by
/// chance (`统` is `CD B3`) but hardly ever two three-byte sequences before its first invalid
/// byte, while a damaged UTF-8 file has Chinese before the damage and rarely decodes as
/// GB18030 (an odd number of high bytes before any ASCII byte fails).
public enum TextDecoding {
    /// - Returns: the UTF-8 bytes (BOM removed), the encoding found or forced, and the damage.
    public static func decode(_ data: [UInt8], forced: SourceEncoding? = nil) -> DecodedText {
        var body = data
        if body.starts(with: [0xEF, 0xBB, 0xBF]) {
            body.removeFirst(3)
            if forced != .gb18030 { return utf8(body) }
        }
        switch forced {
        case .utf8: return utf8(body)
        case .gb18030: return gb18030(body)
        case nil:
            let check = firstInvalidUTF8(body)
            guard check.offset != nil else { return DecodedText(bytes: body, encoding: .utf8) }
            let asGB = gb18030(body)
            if asGB.damage == nil, check.threeByteSequences < 2 { return asGB }
            if check.threeByteSequences > 0 || asGB.damage == nil { return utf8(body) }
            return asGB
        }
    }

    /// - Returns: the UTF-8 bytes (BOM removed) and the encoding found or forced; throws at
    ///   any damage (for callers that load nothing from a damaged file).
    public static func utf8Bytes(_ data: [UInt8], forced: SourceEncoding? = nil) throws(EncodingProblem)
        -> (bytes: [UInt8], encoding: SourceEncoding) {
        let text = decode(data, forced: forced)
        if let damage = text.damage { throw damage }
        return (text.bytes, text.encoding)
    }

    private static func utf8(_ body: [UInt8]) -> DecodedText {
        guard let bad = firstInvalidUTF8(body).offset else { return DecodedText(bytes: body, encoding: .utf8) }
        return cut(body, at: bad, encoding: .utf8, converted: body)
    }

    /// The text before the line holding `offset` (an offset in `raw`), and the damage there.
    private static func cut(_ raw: [UInt8], at offset: Int, encoding: SourceEncoding, converted: [UInt8],
                            convertedEnd: Int? = nil) -> DecodedText {
        let line = lineNumber(of: offset, in: raw)
        var left = 0, blank = true, index = offset
        while index > 0, raw[index - 1] != 0x0A { index -= 1 }
        while index < raw.count {
            let b = raw[index]
            if b == 0x0A { if !blank { left += 1 }; blank = true } else if b != 0x0D, b != 0x20 { blank = false }
            index += 1
        }
        if !blank { left += 1 }
        // The converted text up to the start of the damaged line (line breaks are ASCII in both encodings).
        var end = convertedEnd ?? offset
        var lines = 1
        var kept = 0
        for i in 0..<min(end, converted.count) where converted[i] == 0x0A {
            lines += 1
            if lines == line { kept = i + 1 }
        }
        if line == 1 { kept = 0 }
        end = kept
        return DecodedText(bytes: Array(converted[..<end]), encoding: encoding,
                           damage: EncodingProblem(line: line, encoding: encoding, linesLeft: max(left, 1)))
    }

    static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A { line += 1 }
        return line
    }

    /// The offset of the first byte that is not well-formed UTF-8, and how many valid
    /// three-byte sequences came before it.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (offset: Int?, threeByteSequences: Int) {
        bytes.withUnsafeBufferPointer { b in
            var i = 0, multibyte = 0
            let n = b.count
            while i < n {
                // Eight ASCII bytes at a time.
                if i + 8 <= n, UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8; continue
                }
                let c = b[i]
                if c < 0x80 { i += 1; continue }
                // The common case of Chinese text: a three-byte sequence led by E1…EC or EE…EF.
                if (c >= 0xE1 && c <= 0xEC) || c >= 0xEE && c <= 0xEF, i + 2 < n,
                   b[i + 1] & 0xC0 == 0x80, b[i + 2] & 0xC0 == 0x80 {
                    multibyte += 1; i += 3; continue
                }
                let need: Int
                var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
                switch c {
                case 0xC2...0xDF: need = 1
                case 0xE0: need = 2; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: need = 2
                case 0xED: need = 2; upper = 0x9F
                case 0xF0: need = 3; lower = 0x90
                case 0xF1...0xF3: need = 3
                case 0xF4: need = 3; upper = 0x8F
                default: return (i, multibyte)
                }
                guard i + need < n else { return (i, multibyte) }
                let second = b[i + 1]
                guard second >= lower, second <= upper else { return (i, multibyte) }
                var k = 2
                while k <= need {
                    guard b[i + k] & 0xC0 == 0x80 else { return (i, multibyte) }
                    k += 1
                }
                if need == 2 { multibyte += 1 }
                i += need + 1
            }
            return (nil, multibyte)
        }
    }

    /// GB18030 → UTF-8 through the C library's iconv; at an invalid sequence, the text before
    /// its line and the damage.
    static func gb18030(_ input: [UInt8]) -> DecodedText {
        let converted = iconvert(input, from: "GB18030", to: "UTF-8")
        guard let failedAt = converted.failedAt else { return DecodedText(bytes: converted.bytes, encoding: .gb18030) }
        return cut(input, at: failedAt, encoding: .gb18030, converted: converted.bytes, convertedEnd: converted.bytes.count)
    }

    /// UTF-8 → GB18030 (what Excel on Chinese Windows writes), for the generator and tests.
    public static func gb18030Bytes(fromUTF8 input: [UInt8]) -> [UInt8]? {
        let converted = iconvert(input, from: "UTF-8", to: "GB18030")
        return converted.failedAt == nil ? converted.bytes : nil
    }

    /// Converts with the C library's iconv: the bytes produced, and where the input stopped
    /// being convertible (nil: all of it converted).
    private static func iconvert(_ input: [UInt8], from: String, to: String) -> (bytes: [UInt8], failedAt: Int?) {
        let cd = iconv_open(to, from)
        guard cd != iconv_t(bitPattern: -1) else { return ([], 0) }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var failedAt: Int?
        var produced = 0
        input.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                guard inBuffer.count > 0 else { return }
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer<CChar>(mutating: UnsafeRawPointer(inBuffer.baseAddress!).assumingMemoryBound(to: CChar.self))
                var inLeft = inBuffer.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if result == -1 || inLeft > 0 { failedAt = inBuffer.count - inLeft }
                produced = outBuffer.count - outLeft
            }
        }
        return (Array(output[0..<produced]), failedAt)
    }
}
