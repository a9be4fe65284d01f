/// The kinds of file an enterprise may upload with an online repair application.
public enum MaterialMediaType: String, Sendable, CaseIterable {
    case pdf = "application/pdf"
    case png = "image/png"
    case jpeg = "image/jpeg"

    public var chineseName: String {
        switch self {
        case .pdf: "PDF 文档"
        case .png: "PNG 图片"
        case .jpeg: "JPG 图片"
        }
    }
}

/// Why an uploaded material is refused, naming the file.
public struct MaterialFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var fileName: String
    public var reason: String
    public var description: String { "\(fileName)：\(reason)" }
}

/// Checks uploaded materials by their content, never by their name: a renamed executable or
/// archive is refused whatever it is called, and nothing is ever unpacked (so an archive
/// bomb is refused unopened).
public enum MaterialFile {
    /// The type the bytes are, if one of the accepted three: the signature at the start and
    /// the end marker of the format near the end (a truncated or padded file is refused).
    public static func mediaType(of bytes: [UInt8]) -> MaterialMediaType? {
        let tail = bytes.suffix(1024)
        if bytes.starts(with: Array("%PDF-".utf8)), contains(tail, Array("%%EOF".utf8)) { return .pdf }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), bytes.count > 16, Array(bytes[12..<16]) == Array("IHDR".utf8),
           contains(bytes.suffix(16), Array("IEND".utf8)) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]), contains(bytes.suffix(64), [0xFF, 0xD9]) { return .jpeg }
        return nil
    }

    /// The file's type, or the reason it is refused.
    public static func check(name: String, bytes: [UInt8], maxBytes: Int) throws(MaterialFileError) -> MaterialMediaType {
        guard !bytes.isEmpty else { throw MaterialFileError(fileName: name, reason: "文件为空") }
        guard bytes.count <= maxBytes else {
            throw MaterialFileError(fileName: name, reason: "文件大小 \(bytes.count / 1024) KiB，超过上限 \(maxBytes / 1024) KiB")
        }
        guard let type = mediaType(of: bytes) else {
            throw MaterialFileError(fileName: name, reason: "文件内容不是 PDF、JPG 或 PNG（按内容判断，与文件名无关）")
        }
        return type
    }

    static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        var i = haystack.startIndex
        while i <= haystack.endIndex - needle.count {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
