import CreditCore
@testable import CreditStore
import Testing

/// The walk along values sorted by code finds, for codes asked for in ascending order, what a
/// dictionary lookup finds — the classification's listings and repair exclusions by enterprise.
@Suite struct CodeOrderedValuesTests {
    /// 18 characters of the code alphabet, from the project's seeded generator (no two runs differ).
    static func code(_ generator: inout SeededGenerator) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        return String((0..<18).map { _ in alphabet[generator.int(below: alphabet.count)] })
    }

    @Test func walkingInCodeOrderFindsWhatTheDictionaryFinds() throws {
        var generator = SeededGenerator(seed: 7)
        let register = (0..<5_000).map { _ in Self.code(&generator) }
        var byCode: [String: Int] = [:]
        for (k, code) in register.enumerated() where k % 7 == 0 { byCode[code] = k }
        // Codes the register does not have, and keys no register code can equal.
        for _ in 0..<50 { byCode[Self.code(&generator)] = -1 }
        byCode["SHORT"] = -2
        byCode[""] = -3
        var walk = CodeOrderedValues(byCode)
        var found = 0
        for code in Set(register).sorted() {
            let key = try #require(Array(code.utf8).withUnsafeBufferPointer { ClassificationSource.CodeKey($0) })
            #expect(walk.value(for: key) == byCode[code], "\(code)")
            if byCode[code] != nil { found += 1 }
        }
        #expect(found == Set(register.enumerated().filter { $0.offset % 7 == 0 }.map(\.element)).count)
        #expect(!walk.isEmpty && CodeOrderedValues([String: Int]()).isEmpty)
    }

    @Test func aWalkStartedLaterStillFindsItsCodes() throws {
        var generator = SeededGenerator(seed: 11)
        let codes = (0..<300).map { _ in Self.code(&generator) }.sorted()
        let byCode = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($0.element, $0.offset) })
        // The second half of the register, as the second classifying worker visits it.
        var walk = CodeOrderedValues(byCode)
        for (k, code) in codes.enumerated() where k >= 150 {
            let key = try #require(Array(code.utf8).withUnsafeBufferPointer { ClassificationSource.CodeKey($0) })
            #expect(walk.value(for: key) == k)
        }
    }
}
