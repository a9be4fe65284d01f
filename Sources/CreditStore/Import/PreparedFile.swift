import CreditCore
import Crypto
import Dispatch
import Synchronization

/// A data file made ready to parse: read whole, its text checked as UTF-8 or converted from
/// GB18030, and its SHA-256 taken (the identity of its import batch).
enum PreparedFile: Sendable {
    case unreadable
    case undecodable(EncodingProblem)
    /// `bytes`: the UTF-8 text; `size`: the file's size as read.
    case text(bytes: [UInt8], encoding: SourceEncoding, sha256: String, size: Int)

    /// Reads and prepares the file at `path`: the SHA-256 is taken on another core while this
    /// one checks the text.
    static func prepare(_ path: String, encoding forced: SourceEncoding?) -> PreparedFile {
        guard let raw = FileBytes.contents(of: path) else { return .unreadable }
        let digest = Mutex<String?>(nil), hashing = DispatchGroup()
        DispatchQueue.global().async(group: hashing) { [raw] in
            let sha = Hex.lowercase(SHA256.hash(data: raw))
            digest.withLock { $0 = sha }
        }
        let decoded: (bytes: [UInt8], encoding: SourceEncoding)
        do { decoded = try TextDecoding.utf8Bytes(raw, forced: forced) } catch { return .undecodable(error) }
        hashing.wait()
        return .text(bytes: decoded.bytes, encoding: decoded.encoding, sha256: digest.withLock { $0! }, size: raw.count)
    }
}
