import CreditCore
import CreditRules
import CreditSampling
import Testing

/// The draw's batch reads of its frozen frame and files give exactly what the one-by-one reads
/// gave (the bundles' bytes depend on them).
@Suite struct FrameLookupTests {
    /// `indices(of:)` finds every code where `index(of:)` does: codes of every length (longer
    /// than the 24 bytes the sort compares as words, empty, non-ASCII), repeated frame codes (the
    /// first), repeated and missing queries, in no order.
    @Test func batchLookupsMatchOneByOne() {
        var generator = SeededGenerator(seed: 20261203)
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        func code() -> String {
            let length = [18, 18, 18, 1, 17, 19, 30][Int.random(in: 0..<7, using: &generator)]
            return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
        }
        var codes = (0..<3_000).map { _ in code() }
        codes += ["", "中文代码", "91310000MA1FL0000X", "91310000MA1FL0000X", codes[7], codes[7] + "0"]
        let members = FrozenDraw.sortedByCode(codes.map {
            FrameMember(uscc: $0, name: "n", riskClass: .b, region: "310101", section: "F")
        })
        let frame = PackedMembers(members)
        var queries = Array(codes.prefix(2_000)) + (0..<500).map { _ in code() } + ["", "中文", "中文代码", codes[7], codes[7]]
        queries.shuffle(using: &generator)
        let expected: [Int?] = queries.map { frame.index(of: $0) }
        // Both against a plain scan of the sorted codes (they share the binary search).
        let sortedCodes = members.map(\.uscc)
        #expect(expected == queries.map { sortedCodes.firstIndex(of: $0) })
        #expect(frame.indices(of: queries) == expected)
        #expect(expected.contains(nil) && expected.contains { $0 != nil })
        #expect(frame.indices(of: []).isEmpty)
    }

    /// `joinedLines` writes what `lines` wrote for the same records split at their tabs: the
    /// tabs kept (a tab is a grapheme of its own, even before a combining mark), a line break
    /// inside a record as a space.
    @Test func joinedLinesAreTheSplitLines() {
        let rows = ["31010000001\t91310000MA1FL0000X", "a\t\u{301}b", "x\r\ny\tz", "\t", "", "中\t文\n", "a\t\tb", "no tab", "\r"]
        let split = rows.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(DrawFiles.joinedLines(rows) == DrawFiles.lines(split))
        #expect(DrawFiles.joinedLines([]).isEmpty)
    }
}
