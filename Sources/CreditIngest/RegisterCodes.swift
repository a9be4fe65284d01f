import CreditCore
import CreditStore
import GRDB
import GRDBSQLite

/// The enterprise register's codes (统一社会信用代码) in memory for the length of an import
/// run, so that each record a file adds is checked against the register in a hash set as it
/// is parsed: the count of records naming a code the register lacks (a warning). Asking the
/// register once per file instead read the whole `uscc` index of the records every time.
///
/// Codes only ever join the register, so the set is read at the first records file and
/// dropped after every enterprise file, loaded or not (the next records file reads it again).
final class RegisterCodes {
    /// An 18-byte code packed into integers (codes are ASCII; any other length never matches).
    struct Code: Hashable, Sendable {
        var head: UInt64, middle: UInt64, tail: UInt16

        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count == 18, let base = bytes.baseAddress else { return nil }
            let raw = UnsafeRawPointer(base)
            head = raw.loadUnaligned(as: UInt64.self)
            middle = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            tail = raw.loadUnaligned(fromByteOffset: 16, as: UInt16.self)
        }

        init?(_ code: UnifiedSocialCreditCode) {
            var text = code.rawValue
            guard let code = text.withUTF8({ Code($0) }) else { return nil }
            self = code
        }
    }

    private var codes: Set<Code>?

    /// Forgets the codes (after the register changed).
    func invalidate() { codes = nil }

    /// The register's codes, read first if needed.
    func codes(_ db: Database) throws -> Set<Code> {
        if let codes { return codes }
        let read = try Self.read(db)
        codes = read
        return read
    }

    /// Every code in the register: a scan of its primary-key index.
    private static func read(_ db: Database) throws -> Set<Code> {
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM enterprise") ?? 0
        var codes = Set<Code>(minimumCapacity: count)
        let raw = RawStatement(try db.makeStatement(sql: "SELECT uscc FROM enterprise"))
        while try raw.step(db) {
            raw.withBytes(0) { if let code = Code($0) { codes.insert(code) } }
        }
        return codes
    }
}
