import CreditCore
import CreditStore
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

    /// Reads and prepares the file at `path`.
    /// - Parameter hashAlongside: take the SHA-256 on another thread while this one checks
    ///   the text (when nothing else is running); otherwise one after the other.
    static func prepare(_ path: String, encoding forced: SourceEncoding?, hashAlongside: Bool) -> PreparedFile {
        guard let raw = FileBytes.contents(of: path) else { return .unreadable }
        let digest = Mutex<String?>(nil), hashing = DispatchGroup()
        let hash: @Sendable () -> Void = { [raw] in
            let sha = Hex.lowercase(SHA256.hash(data: raw))
            digest.withLock { $0 = sha }
        }
        if hashAlongside { DispatchQueue.global().async(group: hashing, execute: hash) }
        let decoded: (bytes: [UInt8], encoding: SourceEncoding)
        do { decoded = try TextDecoding.utf8Bytes(raw, forced: forced) } catch { return .undecodable(error) }
        if hashAlongside { hashing.wait() } else { hash() }
        return .text(bytes: decoded.bytes, encoding: decoded.encoding, sha256: digest.withLock { $0! }, size: raw.count)
    }
}

/// The files of one import run, each prepared on a background thread while the files before
/// it are still being written: reading, checking and hashing a file then overlaps the end of
/// the previous one (its last batches, name index and commit) instead of following it.
/// Besides the file being written, memory holds at most the next large file and the small
/// ones before it.
final class FilePreparations: Sendable {
    /// One file: claimed once (by a background start or by `take`); `done` is left when its
    /// preparation is stored, or taken on the spot.
    private final class Slot: Sendable {
        let started = Atomic<Bool>(false)
        let done = DispatchGroup()
        let result = Mutex<PreparedFile?>(nil)

        init() { done.enter() }
        deinit { if !started.load(ordering: .acquiring) { done.leave() } }
    }

    private let paths: [String]
    private let encoding: SourceEncoding?
    private let slots: [Slot]
    /// Each file's size (0 when it cannot be read: its import reports why).
    private let sizes: [Int]

    init(paths: [String], encoding: SourceEncoding?) {
        self.paths = paths
        self.encoding = encoding
        slots = paths.map { _ in Slot() }
        sizes = paths.map { FileBytes.size(of: $0) ?? 0 }
    }

    /// Starts preparing the files after `index`, up to and including the next large one (the
    /// small ones import in a moment). Called when the second core is free: file `index` has
    /// been parsed.
    func startAhead(of index: Int) {
        var next = index + 1
        while slots.indices.contains(next) {
            start(next)
            if sizes[next] >= Importer.parallelParsingSize { break }
            next += 1
        }
    }

    /// Starts preparing file `index` in the background (no-op when started or out of range).
    private func start(_ index: Int) {
        guard slots.indices.contains(index), !claim(index) else { return }
        let slot = slots[index], path = paths[index], encoding = encoding
        DispatchQueue.global().async {
            let prepared = PreparedFile.prepare(path, encoding: encoding, hashAlongside: false)
            slot.result.withLock { $0 = prepared }
            slot.done.leave()
        }
    }

    /// File `index`, prepared: waits for a background preparation, or prepares it here if none
    /// started. The slot lets go of the bytes.
    func take(_ index: Int) -> PreparedFile {
        let slot = slots[index]
        if !claim(index) {
            defer { slot.done.leave() }
            return PreparedFile.prepare(paths[index], encoding: encoding, hashAlongside: true)
        }
        slot.done.wait()
        return slot.result.withLock { $0.take()! }
    }

    /// Marks file `index` as started; true if it already was.
    private func claim(_ index: Int) -> Bool {
        slots[index].started.exchange(true, ordering: .acquiringAndReleasing)
    }
}
