import CreditCore
import CreditSampling
import Testing

@Suite struct ConsistentSamplerTests {
    /// The test vectors of architecture.md (Rivest's consistent-sampler 1.0.10).
    @Test func reproducesTheReferenceOrder() {
        let sampler = ConsistentSampler(seed: "31415")
        let order = sampler.order(["A-1", "A-2", "A-3", "B-1", "B-2", "B-3"])
        #expect(order.map(\.id) == ["B-1", "A-3", "B-2", "A-1", "B-3", "A-2"])
        #expect(order.map { String($0.ticket.prefix(11)) } == ["0.134908443", "0.385336754", "0.393594229", "0.444404090", "0.544560037", "0.648807809"])
    }

    @Test func reproducesTheFullTickets() {
        #expect(ConsistentSampler(seed: "01382438112797316654").ticket("AB-130")
                == "0.26299714122838008416507544297546663599715395525154425586041245287750224561854")
        #expect(ConsistentSampler(seed: "2026-11|31415").ticket("91130606310000022Q")
                == "0.42612603345984723511896415158350641214470850488284069819920552648659785138142")
    }

    @Test func theFastKeyOrdersLikeTheTicket() {
        let sampler = ConsistentSampler(seed: "key-check")
        let ids = (0..<2000).map { "ID-\($0)" }
        let byTicket = ids.sorted { sampler.ticket($0) < sampler.ticket($1) }
        #expect(sampler.order(ids).map(\.id) == byTicket)
        #expect(sampler.lowest(25, of: ids) == Array(byTicket.prefix(25)))
    }

    /// The key is the ticket's first 19 fraction digits: the keyer (BoringSSL's context held as
    /// a value) hashes exactly as the full ticket (swift-crypto's `SHA256.hash`), for ids of
    /// every length from empty to three blocks past the seed's hash, ASCII and CJK, whole or
    /// split anywhere.
    @Test func theKeyIsTheTicketsFirstDigits() {
        let sampler = ConsistentSampler(seed: "digits|2026-12|K")
        let keyer = sampler.keyer()
        let ids = (0...200).map { String(repeating: "9", count: $0) } + (0...70).map { String(repeating: "执", count: $0) + "/\($0)" }
        for id in ids {
            let expected = UInt64(sampler.ticket(id).dropFirst(2).prefix(19))
            #expect(sampler.ticketKey(id) == expected, "id of \(id.utf8.count) bytes")
            let bytes = Array(id.utf8)
            for cut in Set([0, bytes.count / 3, bytes.count]) {
                let split = bytes[..<cut].withUnsafeBytes { a in bytes[cut...].withUnsafeBytes { b in keyer.key(a, b) } }
                #expect(split == expected, "id of \(bytes.count) bytes cut at \(cut)")
            }
        }
    }

    /// The remainder by 10¹⁹ with a precomputed reciprocal is the full-width division's, for a
    /// million pseudo-random 128-bit numbers and the edges (high 0, 1 and 10¹⁹ − 1; low 0, 1,
    /// 10¹⁹ − 1, 10¹⁹, 10¹⁹ + 1, 2⁶⁴ − 1).
    @Test func theRemainderByTenToTheNineteenIsTheDivisions() {
        let divisor: UInt64 = 10_000_000_000_000_000_000
        var generator = SeededGenerator(seed: 0x9E37_79B9_7F4A_7C15)
        var pairs: [(UInt64, UInt64)] = (0..<1_000_000).map { _ in (generator.next() % divisor, generator.next()) }
        for high in [0, 1, divisor - 1] { for low in [0, 1, divisor - 1, divisor, divisor + 1, UInt64.max] { pairs.append((high, low)) } }
        let wrong = pairs.filter { ConsistentSampler.TicketKeyer.remainder(high: $0.0, low: $0.1) != divisor.dividingFullWidth((high: $0.0, low: $0.1)).remainder }
        #expect(wrong.isEmpty, "first wrong: \(wrong.first.map { "\($0)" } ?? "")")
    }

    /// A thread's own keyer (a fresh copy of the seeded hash state) and keys computed on two
    /// threads with one keyer each are the shared sampler's keys, for an id given whole or in
    /// two parts (the inspector candidates' `USCC + "/"` and 执法证号).
    @Test func threadKeyersGiveTheSamplersKeys() {
        let sampler = ConsistentSampler(seed: "keyer|2026-12|K")
        let ids = (0..<10_000).map { "91110000\(String(format: "%010d", $0 * 7919))/执法\($0 % 97)" }
        let serial = ids.map(sampler.ticketKey)
        let parallel = sampler.ticketKeys(ids, parallelism: 2)
        #expect(parallel.count == serial.count)
        #expect(parallel.indices.first { parallel[$0] != serial[$0] } == nil, "first id whose key differs")
        let keyer = sampler.keyer()
        for (id, key) in zip(ids.prefix(500), serial) {
            let parts = id.split(separator: "/", maxSplits: 1).map { Array($0.utf8) }
            let first = parts[0] + Array("/".utf8)
            let split = first.withUnsafeBytes { a in parts[1].withUnsafeBytes { b in keyer.key(a, b) } }
            #expect(keyer.key(id) == key)
            #expect(split == key)
        }
    }

    /// An inspector candidate's key from the task's prefix block and the certificate's suffix
    /// block is the key of the whole id; below a threshold it is given, above it nil — at
    /// thresholds around the key: equal, one less, the same first four digits with the rest
    /// lower or higher, and first digits one apart (the shortcut decides by those digits).
    @Test func aCandidatesKeyFromBlocksIsTheIdsKey() {
        let sampler = ConsistentSampler(seed: "blocks|2026-12|K")
        let keyer = sampler.keyer()
        var generator = SeededGenerator(seed: 21)
        let digits15: UInt64 = 1_000_000_000_000_000
        for n in 0..<3_000 {
            let prefix = Array("91\(String(format: "%06d", generator.int(below: 999_999)))MA\(String(format: "%08d", n))/".utf8)
            let certificate = Array("执法\(String(repeating: "9", count: n % 30))-\(n)".utf8)
            let expected = prefix.withUnsafeBytes { a in certificate.withUnsafeBytes { b in keyer.key(a, b) } }
            let prefixBlock = prefix.withUnsafeBytes { ConsistentSampler.TicketKeyer.prefixBlock($0) }
            guard let suffixBlock = certificate.withUnsafeBytes({ ConsistentSampler.TicketKeyer.suffixBlock($0, after: prefix.count) }) else {
                #expect(prefix.count + certificate.count > 55, "a one-block id without a suffix block")
                continue
            }
            #expect(keyer.key(prefixBlock, suffixBlock) == expected)
            let first = expected / digits15
            let thresholds: [UInt64] = [.max, expected, expected &- 1, expected + 1, first * digits15, first * digits15 + digits15 - 1,
                                        first &* digits15 &- 1, (first + 1) * digits15, generator.next() % (10_000 * digits15)]
            for threshold in thresholds {
                #expect(keyer.key(prefixBlock, suffixBlock, ifAtMost: threshold) == (expected <= threshold ? expected : nil),
                        "id \(n), key \(expected), threshold \(threshold)")
            }
        }
        // 56 bytes and more do not end in one block.
        #expect(Array(repeating: UInt8(ascii: "x"), count: 37).withUnsafeBytes { ConsistentSampler.TicketKeyer.suffixBlock($0, after: 19) } == nil)
    }

    /// Selection finds the value a sort puts at each position, in arrays with many equal
    /// values, all equal, sorted, reversed and random.
    @Test func selectingARankIsSortingThenIndexing() {
        var generator = SeededGenerator(seed: 7)
        var arrays: [[UInt64]] = [[5], [2, 1], Array(repeating: 9, count: 100), Array(0..<300), Array((0..<300).reversed())]
        for size in [3, 10, 65, 1_000, 5_000] {
            arrays.append((0..<size).map { _ in UInt64(generator.int(below: 20)) })
            arrays.append((0..<size).map { _ in generator.next() })
        }
        for values in arrays {
            let sorted = values.sorted()
            for position in Set([0, values.count - 1, values.count / 2] + (0..<20).map { _ in generator.int(below: values.count) }) {
                var copy = values
                #expect(ConsistentSampler.selectRank(position, in: &copy) == sorted[position], "position \(position) of \(values.count)")
            }
        }
    }

    /// Consistent sampling: any subset's order is the superset's order filtered to it, so
    /// strata and regions can be drawn separately and merged exactly.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func subsetOrderIsTheFilteredSupersetOrder(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let sampler = ConsistentSampler(seed: "property|\(seed)")
        let superset = (0..<(50 + rng.int(below: 400))).map { "E\(seed)-\($0)-\(rng.int(below: 1_000_000))" }
        let full = sampler.order(superset).map(\.id)
        for _ in 0..<10 {
            let subset = superset.filter { _ in rng.chance(perMille: 300) }
            let members = Set(subset)
            #expect(sampler.order(subset.shuffled(using: &rng)).map(\.id) == full.filter(members.contains))
        }
    }
}

@Suite struct TicketOrderTests {
    /// The lowest few by a bounded buffer, or by sorting, equal the full ticket order's prefix,
    /// ties of the 19-digit key included.
    @Test(arguments: [1, 2, 16, 64, 65, 500])
    func theLowestArePrefixOfTheFullOrder(limit: Int) {
        let sampler = ConsistentSampler(seed: "order|\(limit)")
        let ids = (0..<1000).map { "ID-\($0)" }
        var pairs = ids.indices.map { (key: sampler.ticketKey(ids[$0]), index: Int32($0)) }
        // Force ties: several ids share a key; the full tickets decide.
        for i in stride(from: 0, to: 1000, by: 97) { pairs[i].key = pairs[0].key }
        let full = ids.indices.sorted { a, b in
            pairs[a].key != pairs[b].key ? pairs[a].key < pairs[b].key : (sampler.ticket(ids[a]), ids[a]) < (sampler.ticket(ids[b]), ids[b])
        }
        let lowest = sampler.lowest(limit, of: pairs) { ids[Int($0)] }
        #expect(lowest.map { Int($0.index) } == Array(full.prefix(limit)))
    }
}
