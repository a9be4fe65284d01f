import CreditCore
import Foundation
import Testing

@Suite struct UnifiedSocialCreditCodeTests {
    @Test(arguments: ["91350100M000100Y43", "91110000600037341L"])
    func acceptsTheStandardsExamples(_ code: String) throws {
        let parsed = try UnifiedSocialCreditCode(code)
        #expect(parsed.rawValue == code)
        #expect(!parsed.warnings.contains { if case .allowListed = $0 { true } else { false } })
    }

    @Test func readsTheParts() throws {
        let code = try UnifiedSocialCreditCode("91350100M000100Y43")
        #expect(code.registeringAuthority == "9")
        #expect(code.divisionCode == "350100")
        #expect(code.organisationCode == "M000100Y4")
    }

    @Test func acceptsLowercaseInput() throws {
        #expect(try UnifiedSocialCreditCode("91110000600037341l").rawValue == "91110000600037341L")
    }

    /// Each code is wrong in a different way.
    @Test(arguments: [
        ("", UnifiedSocialCreditCode.Problem.empty),
        ("9135010", .wrongLength(7)),
        ("91350100M000100Y431", .wrongLength(19)),
        ("91350100M000100Y4Z", .invalidCharacter("Z", position: 18)),
        ("91I50100M000100Y43", .invalidCharacter("I", position: 3)),
        ("9135010OM000100Y43", .invalidCharacter("O", position: 8)),
        ("913501S0M000100Y43", .invalidCharacter("S", position: 7)),
        ("9135A100M000100Y43", .divisionNotNumeric),
        ("97350100M000100Y43", .unknownEntityType("7")),
        ("91350100M000100Y42", .wrongCheckCharacter(expected: "3", found: "2")),
        ("91110000600037341X", .wrongCheckCharacter(expected: "L", found: "X")),
        ("91350100M000100Ｙ43", .wrongLength(18)),
    ])
    func rejectsWrongCodes(_ code: String, _ expected: UnifiedSocialCreditCode.Problem) {
        #expect(throws: expected) { try UnifiedSocialCreditCode(code) }
    }

    @Test func checkCharacterThirtyOneBecomesZero() throws {
        // Find a body whose weighted sum is a multiple of 31: the check character must be 0.
        var found: String?
        for n in 0..<1000 {
            let body = "9113060" + String(format: "%03d", n) + "0000000"
            let full = UnifiedSocialCreditCode.completing(body)!
            var sum = 0
            for (i, ch) in full.prefix(17).enumerated() {
                sum += UnifiedSocialCreditCode.alphabet.firstIndex(of: ch.asciiValue!)! * UnifiedSocialCreditCode.weights[i]
            }
            if sum % 31 == 0 { found = full; break }
        }
        let code = try #require(found)
        #expect(code.last == "0")
        #expect(try UnifiedSocialCreditCode(code).rawValue == code)
    }

    @Test func legacyPilotCodeNeedsTheAllowList() throws {
        #expect(throws: UnifiedSocialCreditCode.Problem.self) { try UnifiedSocialCreditCode("91350100M0001TGQXM") }
        let code = try UnifiedSocialCreditCode("91350100M0001TGQXM", allowList: ["91350100M0001TGQXM"])
        #expect(code.warnings.contains { if case .allowListed = $0 { true } else { false } })
    }

    @Test func organisationCodeCheckIsOnlyAWarning() throws {
        // 60003734-1 passes GB 11714 (Σ = 109, 11 − 109 mod 11 = 1).
        #expect(try UnifiedSocialCreditCode("91110000600037341L").warnings.isEmpty)
        // MA000000-1 does not (Σ = 136, check 7), yet the code is valid with a warning.
        let built = try UnifiedSocialCreditCode(UnifiedSocialCreditCode.completing("91130602MA0000001")!)
        #expect(built.warnings == [.organisationCodeCheck(expected: "7", found: "1")])
    }
}
