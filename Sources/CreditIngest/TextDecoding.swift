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
    public var description: String {
        "line \(line): invalid \(encoding == .utf8 ? "UTF-8" : "GB18030") byte sequence (use --encoding to override detection)"
    }
}

/// Detects UTF-8 (with or without BOM) or GB18030/GBK and converts to UTF-8 bytes.
/// Never substitutes replacement characters: an invalid sequence is an error with its line.
public enum TextDecoding {
    /// - Returns: the UTF-8 bytes (BOM removed) and the encoding found or forced.
    public static func utf8Bytes(_ data: [UInt8], forced: SourceEncoding? = nil) throws(EncodingProblem)
        -> (bytes: [UInt8], encoding: SourceEncoding) {
        var body = data
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3); if forced != .gb18030 { return try utf8(body) } }
        switch forced {
        case .utf8: return try utf8(body)
        case .gb18030: return (try gb18030(body), .gb18030)
        case nil:
            let check = firstInvalidUTF8(body)
            guard let bad = check.offset else { return (body, .utf8) }
            // Valid multi-byte UTF-8 before the first bad byte means a damaged UTF-8 file,
            // not a GB18030 one: report it as such rather than decoding mojibake.
            if check.sawMultibyte { throw EncodingProblem(line: lineNumber(of: bad, in: body), encoding: .utf8) }
            return (try gb18030(body), .gb18030)
        }
    }

    private static func utf8(_ body: [UInt8]) throws(EncodingProblem) -> (bytes: [UInt8], encoding: SourceEncoding) {
        if let bad = firstInvalidUTF8(body).offset {
            throw EncodingProblem(line: lineNumber(of: bad, in: body), encoding: .utf8)
        }
        return (body, .utf8)
    }

    static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A { line += 1 }
        return line
    }

    /// The offset of the first byte that is not well-formed UTF-8, and whether any valid
    /// multi-byte sequence came before it.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (offset: Int?, sawMultibyte: Bool) {
        bytes.withUnsafeBufferPointer { b in
            var i = 0, multibyte = false
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
                    multibyte = true; i += 3; continue
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
                multibyte = true
                i += need + 1
            }
            return (nil, multibyte)
        }
    }

    /// GB18030 → UTF-8 through the C library's iconv.
    static func gb18030(_ input: [UInt8]) throws(EncodingProblem) -> [UInt8] {
        let cd = iconv_open("UTF-8", "GB18030")
        guard cd != iconv_t(bitPattern: -1) else { throw EncodingProblem(line: 1, encoding: .gb18030) }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var failedAt: Int?
        var produced = 0
        input.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer<CChar>(mutating: UnsafeRawPointer(inBuffer.baseAddress!).assumingMemoryBound(to: CChar.self))
                var inLeft = inBuffer.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                if inLeft == 0 { return }
                let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if result == -1 || inLeft > 0 { failedAt = inBuffer.count - inLeft }
                produced = outBuffer.count - outLeft
            }
        }
        if let failedAt { throw EncodingProblem(line: lineNumber(of: failedAt, in: input), encoding: .gb18030) }
        return Array(output[0..<produced])
    }
}
