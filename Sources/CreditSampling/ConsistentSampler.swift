import CCryptoBoringSSL
import CreditCore
import Crypto
import Foundation

/// R. Rivest's consistent sampler (`consistent-sampler` 1.0.10 on PyPI, generation 1), the
/// ticket function of the double-random draw (architecture.md, "The double-random draw").
///
/// `ticket(id) = "0." + reverse(decimal digits of int(h, 16), left-padded to ≥ 64 digits)`
/// with `h = sha256hex(sha256hex(seed) + id)`. Ordering ids by ticket gives a random order
/// that is *consistent*: the order of any subset is the superset's order filtered to it, so
/// strata and regions can be drawn separately and merged exactly.
public struct ConsistentSampler: Sendable {
    /// The seed: `DrawSeed.make(drawID:randomness:salt:)`.
    public let seed: String
    private let seedHash: [UInt8]
    /// The ticket keys of ids hashed on the caller's thread (`keyer()` gives a thread its own).
    private let shared: TicketKeyer

    public init(seed: String) {
        self.seed = seed
        seedHash = Array(Hex.lowercase(SHA256.hash(data: Data(seed.utf8))).utf8)
        shared = TicketKeyer(seedHash: seedHash)
    }

    /// The ticket of an id, as the decimal fraction string the reference implementation prints.
    public func ticket(_ id: String) -> String {
        var input = seedHash
        input.append(contentsOf: id.utf8)
        let digest = Array(SHA256.hash(data: input))
        // The hex text of the digest, read as a 256-bit number, is the digest itself.
        var digits = Self.decimalDigits(bigEndian: digest)
        if digits.count < 64 { digits = [UInt8](repeating: UInt8(ascii: "0"), count: 64 - digits.count) + digits }
        return "0." + String(decoding: digits.reversed(), as: UTF8.self)
    }

    /// A 64-bit sort key with the same order as the ticket (its first 19 fraction digits are
    /// the 19 lowest decimal digits of the hash, reversed); equal keys must be resolved with
    /// `ticket(_:)`. Saves the full decimal conversion when ordering many ids.
    public func ticketKey(_ id: String) -> UInt64 { shared.key(id) }

    /// A keyer for one thread, with its own copy of the seeded state. (The state is a plain
    /// value now, so threads sharing one keyer no longer contend on a reference count, as they
    /// did over swift-crypto's `SHA256`; a keyer per thread keeps each one's state local.)
    package func keyer() -> TicketKeyer { TicketKeyer(seedHash: seedHash) }

    /// Computes ticket keys from a SHA-256 state that has absorbed `sha256hex(seed)`, exactly one
    /// 64-byte block: each ticket's hash continues from it, so a short id costs one block, not
    /// two.
    ///
    /// The state is BoringSSL's `SHA256_CTX`, the one swift-crypto's `SHA256` wraps, held as a
    /// plain value: every ticket copies it on the stack. swift-crypto's public `SHA256` keeps
    /// that context in a class, so each copy that absorbs an id allocated, zeroed and freed a
    /// context, and retained and released it: four fifths of a ticket's time, with the hash
    /// itself (the CPU's SHA instructions) a fifth. The function is the same BoringSSL code;
    /// `ConsistentSamplerTests.theKeyIsTheTicketsFirstDigits` checks keys against swift-crypto's
    /// `SHA256.hash`.
    package struct TicketKeyer: Sendable {
        private let seeded: SHA256_CTX
        private let reversedDigits = TicketKeyer.reversedFourDigits

        init(seedHash: [UInt8]) {
            var context = SHA256_CTX()
            CCryptoBoringSSL_SHA256_Init(&context)
            seedHash.withUnsafeBytes { _ = CCryptoBoringSSL_SHA256_Update(&context, $0.baseAddress, $0.count) }
            seeded = context
        }

        /// `ConsistentSampler.ticketKey(_:)`.
        package func key(_ id: String) -> UInt64 {
            var id = id
            return id.withUTF8 { key($0) }
        }

        /// The ticket key of the id whose UTF-8 bytes are `id`.
        package func key(_ id: UnsafeBufferPointer<UInt8>) -> UInt64 {
            key(UnsafeRawBufferPointer(id), UnsafeRawBufferPointer(start: nil, count: 0))
        }

        /// The ticket key of the id whose UTF-8 bytes are `first` followed by `second` (the
        /// inspector candidates' `USCC + "/" + 执法证号`), without building the id.
        package func key(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> UInt64 {
            key(digest: first.count + second.count <= 55 ? oneBlockDigest(first, second) : digest(first, second))
        }

        /// The ticket key of a digest: its remainder by 10¹⁹, digits reversed.
        @inline(__always)
        private func key(digest: (UInt64, UInt64, UInt64, UInt64)) -> UInt64 {
            var remainder = Self.remainder(high: 0, low: digest.0)
            remainder = Self.remainder(high: remainder, low: digest.1)
            remainder = Self.remainder(high: remainder, low: digest.2)
            remainder = Self.remainder(high: remainder, low: digest.3)
            // The 19 digits reversed, four at a time through a table (digit by digit, the chain of
            // 19 divisions cost as much as the hash's block): key = d0 d1 … d18 for the
            // remainder's digits d18 … d1 d0.
            return reversedDigits.withUnsafeBufferPointer { reversed -> UInt64 in
                var key: UInt64 = 0
                for _ in 0..<4 {
                    key = key * 10_000 + UInt64(reversed[Int(remainder % 10_000)])
                    remainder /= 10_000
                }
                return key * 1_000 + UInt64(reversed[Int(remainder)] / 10)  // the last three digits (remainder < 1,000)
            }
        }

        /// The SHA-256 digest of the seed's block and the id, as four big-endian 64-bit limbs
        /// (most significant first), through BoringSSL's `SHA256_Update` and `SHA256_Final`.
        private func digest(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64, UInt64) {
            var context = seeded
            CCryptoBoringSSL_SHA256_Update(&context, first.baseAddress, first.count)
            if !second.isEmpty { CCryptoBoringSSL_SHA256_Update(&context, second.baseAddress, second.count) }
            var bytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &bytes) { _ = CCryptoBoringSSL_SHA256_Final($0.baseAddress!.assumingMemoryBound(to: UInt8.self), &context) }
            return (UInt64(bigEndian: bytes.0), UInt64(bigEndian: bytes.1), UInt64(bigEndian: bytes.2), UInt64(bigEndian: bytes.3))
        }

        /// A message's last (here: only) SHA-256 block after the seed's: 64 bytes as eight words in
        /// memory order.
        package typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

        /// The block of an id's first `prefix.count` bytes, zero after them: with
        /// `suffixBlock(_:after:)` of the rest, word by word `|`, the id's padded block.
        package static func prefixBlock(_ prefix: UnsafeRawBufferPointer) -> Block {
            var block: Block = (0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &block) { block in
                if let source = prefix.baseAddress, prefix.count > 0 { block.baseAddress!.copyMemory(from: source, byteCount: min(prefix.count, 64)) }
            }
            return block
        }

        /// The rest of an id's padded block after a prefix of `prefixLength` bytes: the suffix's
        /// bytes, 0x80, zeros and the message's length in bits (the seed's block included),
        /// zero before `prefixLength`; nil when the id does not end in one block (over 55 bytes).
        package static func suffixBlock(_ suffix: UnsafeRawBufferPointer, after prefixLength: Int) -> Block? {
            let length = prefixLength + suffix.count
            guard length <= 55 else { return nil }
            var block: Block = (0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &block) { block in
                if let source = suffix.baseAddress, suffix.count > 0 {
                    (block.baseAddress! + prefixLength).copyMemory(from: source, byteCount: suffix.count)
                }
                block[length] = 0x80
                block.storeBytes(of: (UInt64(64 + length) * 8).bigEndian, toByteOffset: 56, as: UInt64.self)
            }
            return block
        }

        /// The ticket key of the id whose padded block is `prefix | suffix` (`prefixBlock`,
        /// `suffixBlock`). An inspector's candidates share the task's prefix, and each
        /// certificate's suffix block serves every task: assembling a block is eight `|`s instead
        /// of two copies of a few bytes (calls to `memmove`) and the padding per candidate.
        package func key(_ prefix: Block, _ suffix: Block) -> UInt64 { key(prefix, suffix, ifAtMost: .max)! }

        /// `key(prefix, suffix)` if it is at most `threshold`, else nil. Most of an inspector's
        /// candidates are over the threshold of the few lowest kept so far, and the key's first
        /// four digits tell most of them apart: those digits are the digest's lowest four decimal
        /// digits reversed, the digest modulo 10⁴, which four independent remainders give at once
        /// — the full key chains four reductions modulo 10¹⁹ before its digits are reversed.
        @inline(__always)
        package func key(_ prefix: Block, _ suffix: Block, ifAtMost threshold: UInt64) -> UInt64? {
            let digest = digest(block: (prefix.0 | suffix.0, prefix.1 | suffix.1, prefix.2 | suffix.2, prefix.3 | suffix.3,
                                        prefix.4 | suffix.4, prefix.5 | suffix.5, prefix.6 | suffix.6, prefix.7 | suffix.7))
            if threshold < 10_000 * 1_000_000_000_000_000 {
                // digest mod 10⁴ from each limb's remainder and 2¹⁹², 2¹²⁸, 2⁶⁴ mod 10⁴ (2896, 1456, 1616).
                let low = (digest.0 % 10_000 * 2_896 + digest.1 % 10_000 * 1_456 + digest.2 % 10_000 * 1_616 + digest.3 % 10_000) % 10_000
                let firstDigits = reversedDigits.withUnsafeBufferPointer { UInt64($0[Int(low)]) }
                guard firstDigits <= threshold / 1_000_000_000_000_000 else { return nil }
            }
            let key = key(digest: digest)
            return key <= threshold ? key : nil
        }

        /// `digest` for an id of up to 55 bytes, which ends the message in one block: the block
        /// is padded here (the id, 0x80, zeros, the message's length in bits, the seed's block
        /// included) and compressed from the seeded state with `SHA256_TransformBlocks`, whose
        /// state words are the digest. `SHA256_Update` and `SHA256_Final` copied the id into the
        /// context, padded it there and checked the CPU's features on every call: a third of a
        /// candidate's time besides the compression.
        private func oneBlockDigest(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64, UInt64) {
            var block = Self.suffixBlock(second, after: first.count)!
            withUnsafeMutableBytes(of: &block) { block in
                if let source = first.baseAddress, first.count > 0 { block.baseAddress!.copyMemory(from: source, byteCount: first.count) }
            }
            return digest(block: block)
        }

        /// The digest of the seed's block and a padded last block, as four big-endian limbs.
        @inline(__always)
        private func digest(block: Block) -> (UInt64, UInt64, UInt64, UInt64) {
            var block = block
            var state = seeded.h
            withUnsafeMutableBytes(of: &state) { words in
                withUnsafeBytes(of: &block) { block in
                    CCryptoBoringSSL_SHA256_TransformBlocks(words.baseAddress!.assumingMemoryBound(to: UInt32.self),
                                                           block.baseAddress!.assumingMemoryBound(to: UInt8.self), 1)
                }
            }
            return (UInt64(state.0) << 32 | UInt64(state.1), UInt64(state.2) << 32 | UInt64(state.3),
                    UInt64(state.4) << 32 | UInt64(state.5), UInt64(state.6) << 32 | UInt64(state.7))
        }

        /// (high · 2⁶⁴ + low) mod 10¹⁹, for high < 10¹⁹: Möller and Granlund's division by an
        /// invariant integer ("Improved division by invariant integers", 2011, algorithm 4),
        /// two multiplications with a reciprocal computed once, where `dividingFullWidth` called
        /// the runtime's 128-bit division four times a ticket. 10¹⁹ needs no normalising: its
        /// top bit is set. A test checks it against `dividingFullWidth`.
        @inline(__always)
        package static func remainder(high: UInt64, low: UInt64) -> UInt64 {
            let divisor: UInt64 = 10_000_000_000_000_000_000
            let product = reciprocal.multipliedFullWidth(by: high)
            let (q0, carry) = product.low.addingReportingOverflow(low)
            let q1 = product.high &+ high &+ (carry ? 1 : 0) &+ 1
            var r = low &- q1 &* divisor
            if r > q0 { r = r &+ divisor }
            if r >= divisor { r -= divisor }
            return r
        }

        /// ⌊(2¹²⁸ − 1) / 10¹⁹⌋ − 2⁶⁴.
        private static let reciprocal: UInt64 = 15_581_492_618_384_294_730

        /// Every number below 10,000 with its four digits reversed (1234 → 4321, 12 → 2100).
        private static let reversedFourDigits: [UInt16] = (0..<10_000).map { (n: Int) -> UInt16 in
            let ones = n % 10, tens = n / 10 % 10, hundreds = n / 100 % 10, thousands = n / 1_000
            return UInt16(ones * 1_000 + tens * 100 + hundreds * 10 + thousands)
        }
    }

    /// Sorts `(key, index)` pairs into ticket order: by key, and where keys are equal (the
    /// first 19 digits agree) by the full ticket of `id(index)`, then the id.
    package func sortByTicket(_ pairs: inout [(key: UInt64, index: Int32)], id: (Int32) -> String) {
        pairs.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
        var start = 0
        while start < pairs.count {
            var end = start + 1
            while end < pairs.count && pairs[end].key == pairs[start].key { end += 1 }
            if end - start > 1 {
                pairs[start..<end].sort { (ticket(id($0.index)), id($0.index)) < (ticket(id($1.index)), id($1.index)) }
            }
            start = end
        }
    }

    /// Orders ids by ticket (ties, practically impossible, by id).
    public func order(_ ids: [String]) -> [(id: String, ticket: String)] {
        let keyed = ids.map { (id: $0, key: ticketKey($0)) }
        let sorted = keyed.sorted { a, b in
            a.key != b.key ? a.key < b.key : (ticket(a.id), a.id) < (ticket(b.id), b.id)
        }
        return sorted.map { ($0.id, ticket($0.id)) }
    }

    /// The `k` ids with the lowest tickets, in ticket order, without converting every ticket.
    public func lowest(_ k: Int, of ids: [String]) -> [String] { lowest(k, of: ids, parallelism: 1) }

    /// `lowest(_:of:)` with the ticket keys computed on up to `parallelism` threads (the
    /// result does not depend on it).
    package func lowest(_ k: Int, of ids: [String], parallelism: Int) -> [String] {
        lowest(k, count: ids.count, parallelism: parallelism) { ids[$0] }.map { ids[$0] }
    }

    /// The positions `0..<count` of the `k` lowest tickets of `id(position)`, in ticket order,
    /// with the keys computed on up to `parallelism` threads: the caller's ids stay where they
    /// are (a million codes copied into an array would each be retained and released).
    package func lowest(_ k: Int, count: Int, parallelism: Int, id: @Sendable (Int) -> String) -> [Int] {
        lowest(k, count: count, parallelism: parallelism, key: { keyer, i in keyer.key(id(i)) }, id: id)
    }

    /// `lowest(_:count:parallelism:id:)` with each position's ticket key computed by `key`
    /// from the thread's keyer (e.g. over the id's bytes where they are, without a `String`);
    /// `key(keyer, i)` must equal `keyer.key(id(i))`, and `id` is asked only on ties.
    package func lowest(_ k: Int, count: Int, parallelism: Int, key: @Sendable (TicketKeyer, Int) -> UInt64,
                        id: (Int) -> String) -> [Int] {
        guard k > 0 else { return [] }
        let keys = Parallel.map(count: count, parallelism: parallelism, serialBelow: 4096, placeholder: 0, local: { keyer() }) { keyer, i in
            key(keyer, i)
        }
        let pairs = keys.enumerated().map { (key: $0.element, index: Int32($0.offset)) }
        return lowest(k, of: pairs) { id(Int($0)) }.map { Int($0.index) }
    }

    /// The `limit` lowest `(key, index)` pairs in ticket order (all of them when there are
    /// not more): the keys are sorted alone to find the limit's key, then the pairs up to it
    /// (ties included) are put in ticket order — a fraction of sorting every pair.
    package func lowest(_ limit: Int, of pairs: [(key: UInt64, index: Int32)], id: (Int32) -> String) -> [(key: UInt64, index: Int32)] {
        guard limit < pairs.count else {
            var all = pairs
            sortByTicket(&all, id: id)
            return all
        }
        guard limit > 0 else { return [] }
        let threshold = Self.keyOfRank(limit, in: pairs)
        var chosen = pairs.filter { $0.key <= threshold }
        sortByTicket(&chosen, id: id)
        return Array(chosen.prefix(limit))
    }

    /// The `rank`-th smallest key (1-based, rank ≤ count): for a few, one pass keeping the
    /// lowest in a small sorted buffer (an inspector's candidates); else by selection
    /// (`selectRank`): sorting every key of each stratum took 0.2 s of a city's draw run, selecting 0.12 s.
    static func keyOfRank(_ rank: Int, in pairs: [(key: UInt64, index: Int32)]) -> UInt64 {
        guard rank <= 64 else {
            var keys = pairs.map(\.key)
            return selectRank(rank - 1, in: &keys)
        }
        var lowest = LowestKeys(limit: rank)
        for pair in pairs { lowest.insert(pair.key) }
        return lowest.threshold
    }

    /// The lowest `limit` keys seen so far, in a small sorted buffer (for a few: an inspector's
    /// candidates).
    package struct LowestKeys {
        private let limit: Int
        private var keys: [UInt64] = []  // ascending, at most `limit`

        package init(limit: Int) {
            precondition(limit > 0, "a limit of at least one key")
            self.limit = limit
            keys.reserveCapacity(limit + 1)
        }

        /// The `limit`-th lowest key so far; `UInt64.max` while there are fewer.
        package var threshold: UInt64 { keys.count < limit ? .max : keys[limit - 1] }

        /// Takes a key in, if it is among the lowest `limit` so far.
        package mutating func insert(_ key: UInt64) {
            guard keys.count < limit || key < keys[limit - 1] else { return }
            var i = keys.count
            while i > 0 && keys[i - 1] > key { i -= 1 }
            keys.insert(key, at: i)
            if keys.count > limit { keys.removeLast() }
        }
    }

    /// The value that `values.sorted()[position]` holds, found by Hoare's selection
    /// (quickselect) with a median-of-three pivot: linear time on average; `values` is left
    /// partly reordered. Swift's standard library has no partial sort (nth_element).
    package static func selectRank(_ position: Int, in values: inout [UInt64]) -> UInt64 {
        precondition(values.indices.contains(position), "no value at that position")
        var low = 0, high = values.count - 1
        while low < high {
            let middle = low + (high - low) / 2
            let pivot = max(min(values[low], values[middle]), min(max(values[low], values[middle]), values[high]))
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j { values.swapAt(i, j); i += 1; j -= 1 }
            }
            // values[low...j] ≤ pivot ≤ values[i...high], and values[j+1..<i] == pivot.
            if position <= j { high = j } else if position >= i { low = i } else { return pivot }
        }
        return values[position]
    }

    /// `ticketKey` of many ids, on up to `parallelism` threads.
    package func ticketKeys(_ ids: [String], parallelism: Int) -> [UInt64] {
        ticketKeys(count: ids.count, parallelism: parallelism) { ids[$0] }
    }

    /// `ticketKey(id(i))` for every position `i` in `0..<count`, on up to `parallelism` threads.
    package func ticketKeys(count: Int, parallelism: Int, id: @Sendable (Int) -> String) -> [UInt64] {
        Parallel.map(count: count, parallelism: parallelism, serialBelow: 4096, placeholder: 0, local: { keyer() }) { keyer, i in
            keyer.key(id(i))
        }
    }

    /// Decimal digits (most significant first) of a big-endian unsigned integer, by repeated
    /// division by 10^19 over 64-bit limbs.
    static func decimalDigits(bigEndian bytes: [UInt8]) -> [UInt8] {
        var limbs: [UInt64] = stride(from: 0, to: bytes.count, by: 8).map { start in
            bytes[start..<min(start + 8, bytes.count)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        let base: UInt64 = 10_000_000_000_000_000_000
        var chunks: [UInt64] = []
        while limbs.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for i in limbs.indices {
                let (q, r) = base.dividingFullWidth((high: remainder, low: limbs[i]))
                limbs[i] = q
                remainder = r
            }
            chunks.append(remainder)
        }
        guard let last = chunks.popLast() else { return [UInt8(ascii: "0")] }
        var text = Array(String(last).utf8)
        for chunk in chunks.reversed() {
            let s = Array(String(chunk).utf8)
            text += [UInt8](repeating: UInt8(ascii: "0"), count: 19 - s.count) + s
        }
        return text
    }
}
