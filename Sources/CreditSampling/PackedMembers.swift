import CreditCore
import CreditRules
import Foundation

/// A draw's frame members packed into one byte buffer: the form in which the store reads
/// the register and the verifier reads `audit/enterprises.tsv`, and in which the draw keeps
/// its frame. A million members as `FrameMember`s were two heap strings each, built, sorted,
/// copied, retained and released on every step from the register to the files; here a
/// member is four byte ranges and a class, and a code becomes a `String` only for the few
/// members a draw selects.
public struct PackedMembers: Sendable {
    /// Row `r`'s field `f` — 0 code, 1 name, 2 area, 3 industry (its first character is the
    /// section; the rest is not read) — is `bytes[ends[4r + f] ..< ends[4r + f + 1]]`.
    public let bytes: [UInt8]
    public let ends: [Int]
    /// The members in order, as rows of `bytes`.
    public let rows: [Int32]
    /// Each member's class (same order as `rows`).
    public let classes: [RiskClass]

    /// Members from rows of packed fields; `ends` starts with 0 and holds four ends a row.
    public init(bytes: [UInt8], ends: [Int], rows: [Int32], classes: [RiskClass]) {
        precondition(ends.first == 0 && ends.count % 4 == 1 && rows.count == classes.count, "malformed packed members")
        self.bytes = bytes; self.ends = ends; self.rows = rows; self.classes = classes
    }

    /// Packs members in their order.
    public init(_ members: [FrameMember]) {
        var bytes: [UInt8] = [], ends = [0]
        ends.reserveCapacity(4 * members.count + 1)
        for member in members {
            for field in [member.uscc, member.name, member.region, member.section.map(String.init) ?? ""] {
                bytes.append(contentsOf: field.utf8)
                ends.append(bytes.count)
            }
        }
        self.init(bytes: bytes, ends: ends, rows: (0..<Int32(members.count)).map { $0 }, classes: members.map(\.riskClass))
    }

    public var count: Int { rows.count }

    /// Member `i`'s field `f` within `all` (this value's `bytes`).
    func field(_ i: Int, _ f: Int, in all: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let start = 4 * Int(rows[i]) + f
        return UnsafeBufferPointer(rebasing: all[ends[start]..<ends[start + 1]])
    }

    /// Member `i`'s code.
    public func code(_ i: Int) -> String { bytes.withUnsafeBufferPointer { String(decoding: field(i, 0, in: $0), as: UTF8.self) } }

    /// Member `i` unpacked.
    public func member(_ i: Int) -> FrameMember {
        bytes.withUnsafeBufferPointer { all in
            func text(_ f: Int) -> String { String(decoding: field(i, f, in: all), as: UTF8.self) }
            return FrameMember(uscc: text(0), name: text(1), riskClass: classes[i], region: text(2), section: Self.section(field(i, 3, in: all)))
        }
    }

    /// Every member unpacked (for reading and tests; the draw itself never unpacks them all).
    public var members: [FrameMember] { (0..<count).map(member) }

    /// Area, field and name of member `i`.
    func place(_ i: Int) -> EnterprisePlace {
        bytes.withUnsafeBufferPointer { all in
            EnterprisePlace(region: String(decoding: field(i, 2, in: all), as: UTF8.self), section: Self.section(field(i, 3, in: all)),
                            name: String(decoding: field(i, 1, in: all), as: UTF8.self))
        }
    }

    /// Member `i`'s stratum under a plan (`DoubleRandomDraw.stratum`).
    func stratum(_ i: Int, plan: SamplingPlan, in all: UnsafeBufferPointer<UInt8>) -> String {
        guard !plan.strata.isEmpty else { return classes[i].rawValue }
        return DoubleRandomDraw.stratum(classes[i], region: String(decoding: field(i, 2, in: all), as: UTF8.self),
                                        section: Self.section(field(i, 3, in: all)), plan: plan)
    }

    /// The section of an industry: its first character (an ASCII letter read as such).
    static func section(_ industry: UnsafeBufferPointer<UInt8>) -> Character? {
        industry.first.map { first in
            first < 0x80 ? Character(UnicodeScalar(first)) : String(decoding: industry, as: UTF8.self).first!
        }
    }

    /// The same members in code order (bytewise). The register usually comes in that order
    /// already; otherwise the codes' first 24 bytes are sorted as three integers (a USCC has
    /// 18), and the bytes decide only between codes that agree on those.
    func sortedByCode() -> PackedMembers {
        bytes.withUnsafeBufferPointer { all in
            func code(_ i: Int) -> UnsafeBufferPointer<UInt8> { field(i, 0, in: all) }
            if (1..<max(count, 1)).allSatisfy({ Self.order(code($0 - 1), code($0)) < 0 }) { return self }
            typealias Key = (words: (UInt64, UInt64, UInt64), position: Int32)
            var keys: [Key] = (0..<count).map { (FrozenDraw.codeWords(code($0)), Int32($0)) }
            keys.sort { a, b in
                guard a.words == b.words else { return a.words < b.words }
                let order = Self.order(code(Int(a.position)), code(Int(b.position)))
                return order != 0 ? order < 0 : a.position < b.position
            }
            return PackedMembers(bytes: bytes, ends: ends, rows: keys.map { rows[Int($0.position)] }, classes: keys.map { classes[Int($0.position)] })
        }
    }

    /// The same members sorted by code, their rows laid out in that order. The rows are laid
    /// out first, so that checking the order (the register usually comes sorted) reads them
    /// in sequence: checked where they lay, each code was a cache miss.
    func inCodeOrder() -> PackedMembers { compacted().sortedByCode().compacted() }

    /// The same members with their rows laid out one after the other in member order. The
    /// store's rows lie in table order, which real exports leave in no code order, so walking
    /// the members in code order missed the cache on every row's ends and bytes: nine tenths of
    /// laying out the frame went to those two loads. Here the ends are read in one tight pass
    /// and each row is copied whole in another, so the misses overlap; everything after reads
    /// in order.
    func compacted() -> PackedMembers {
        if rows.indices.allSatisfy({ rows[$0] == Int32($0) }) { return self }
        // Pass one: each row's new field ends, and where its bytes start now.
        var packedEnds: [Int] = [0], starts: [Int] = []
        packedEnds.reserveCapacity(4 * count + 1); starts.reserveCapacity(count)
        ends.withUnsafeBufferPointer { ends in
            var offset = 0
            for row in rows {
                let base = 4 * Int(row), start = ends[base]
                starts.append(start)
                for field in 1...4 { packedEnds.append(offset + ends[base + field] - start) }
                offset += ends[base + 4] - start
            }
        }
        // Pass two: the rows' bytes, one copy each.
        let total = packedEnds[packedEnds.count - 1]
        let packed = bytes.withUnsafeBufferPointer { all in
            [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
                packedEnds.withUnsafeBufferPointer { packedEnds in
                    for (i, start) in starts.enumerated() {
                        let offset = packedEnds[4 * i], length = packedEnds[4 * i + 4] - offset
                        if length > 0 { memcpy(buffer.baseAddress! + offset, all.baseAddress! + start, length) }
                    }
                }
                initialized = total
            }
        }
        return PackedMembers(bytes: packed, ends: packedEnds, rows: (0..<Int32(count)).map { $0 }, classes: classes)
    }

    /// The byte order of two codes: negative, zero or positive (`memcmp`, then the length; the
    /// generic `lexicographicallyPrecedes` compared byte by byte at a fifth of the speed).
    static func order(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        let order = common == 0 ? 0 : Int(memcmp(a.baseAddress!, b.baseAddress!, common))
        return order != 0 ? order : a.count - b.count
    }

    /// The position of a code among members sorted by code (the first, if it repeats).
    package func index(of code: String) -> Int? {
        var code = code
        return code.withUTF8 { wanted in
            bytes.withUnsafeBufferPointer { all in search(wanted, from: 0, below: count, in: all).found }
        }
    }

    /// `index(of:)` of many codes, in their order. The codes are looked up in code order, each
    /// search galloping forward from where the one before it ended: one by one, each search went
    /// down the whole frame and missed the cache at nearly every step (~2.5 µs a code on a
    /// city's frame; a draw looks up every task, exclusion and previous draw's code).
    package func indices(of codes: [String]) -> [Int?] {
        let wanted = codes.map { Array($0.utf8) }
        let inCodeOrder = wanted.indices.sorted { a, b in
            wanted[a].withUnsafeBufferPointer { a in wanted[b].withUnsafeBufferPointer { b in Self.order(a, b) < 0 } }
        }
        var found = [Int?](repeating: nil, count: codes.count)
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            for query in inCodeOrder {
                wanted[query].withUnsafeBufferPointer { code in
                    // Gallop: members before `low` come before the code; `high` (when < count) does not.
                    var low = start, high = start, step = 1
                    while high < count && Self.order(field(high, 0, in: all), code) < 0 {
                        low = high + 1; high = min(count, start + step); step *= 2
                    }
                    let result = search(code, from: low, below: high, in: all)
                    found[query] = result.found
                    start = result.place
                }
            }
        }
        return found
    }

    /// Where `code` goes among the members, searched in `low..<high` (the members before `low`
    /// come before it, those from `high` on do not): the first member not before it, and that
    /// position again as `found` when the member there is the code.
    private func search(_ code: UnsafeBufferPointer<UInt8>, from low: Int, below high: Int,
                        in all: UnsafeBufferPointer<UInt8>) -> (place: Int, found: Int?) {
        var low = low, high = high
        while low < high {
            let mid = (low + high) / 2
            if Self.order(field(mid, 0, in: all), code) < 0 { low = mid + 1 } else { high = mid }
        }
        return (low, low < count && Self.order(field(low, 0, in: all), code) == 0 ? low : nil)
    }
}
