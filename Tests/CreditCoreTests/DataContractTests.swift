@testable import CreditCore
import Testing

@Suite struct DataContractTests {
    /// The hand-written ordinals of the contract's fields follow `allCases`: the per-field
    /// tables of the decoder are indexed by them.
    @Test func fieldOrdinalsFollowTheirDeclarationOrder() {
        #expect(Field.allCases.enumerated().allSatisfy { $0.offset == $0.element.ordinal })
        #expect(Set(Field.allCases.map(\.rawValue)).count == Field.allCases.count)
    }

    /// Industry codes as open-data registers give them: the digits alone, or a spreadsheet number.
    @Test func industryCodesWithoutTheirSectionLetter() {
        #expect(IndustryCode(exported: "5245.0")?.rawValue == "F5245")
        #expect(IndustryCode(exported: "1391")?.rawValue == "C1391")
        #expect(IndustryCode(exported: "0141")?.rawValue == "A0141")
        #expect(IndustryCode(exported: "97")?.rawValue == "T97")
        #expect(IndustryCode(exported: "F5123")?.rawValue == "F5123")
        #expect(IndustryCode(exported: "98") == nil && IndustryCode(exported: "5245.5") == nil && IndustryCode(exported: "批发") == nil)
    }

    /// Dates as platforms export them: milliseconds since 1970 (the day in Beijing), dots, a time.
    @Test func platformDateForms() {
        #expect(CalendarDate(parsing: "1736035200000") == CalendarDate(iso: "2025-01-05"))  // 2025-01-05 08:00 +08:00
        #expect(CalendarDate(parsing: "1736006399000") == CalendarDate(iso: "2025-01-04"))  // 23:59:59 +08:00
        #expect(CalendarDate(parsing: "2025.1.5") == CalendarDate(iso: "2025-01-05"))
        #expect(CalendarDate(parsing: "2008-06-16 00:00:00") == CalendarDate(iso: "2008-06-16"))
        #expect(CalendarDate(parsing: "20250105") == CalendarDate(iso: "2025-01-05"))
    }

    /// Header names compare without bracket width, whitespace or letter case.
    @Test func headerNamesCompareLoosely() {
        let canonical = HeaderName.normalized("行政相对人代码_1（统一社会信用代码）")
        #expect(HeaderName.normalized("行政相对人代码_1 (统一社会信用代码) ") == canonical)
        #expect(HeaderName.normalized("行政相对人代码_1　(统一社会信用代码)") == canonical)
        #expect(HeaderName.normalized("cf_xdr_mc") == HeaderName.normalized("CF_XDR_MC"))
        #expect(HeaderName.normalized("ＣＦ＿ＷＳＨ") == HeaderName.normalized("CF_WSH"))
        #expect(HeaderName.normalized("罚款金额（万元）") != HeaderName.normalized("罚款金额"))
    }

    /// The quick test says "already normalised" only where normalising changes nothing, and
    /// says it for the usual values.
    @Test func theQuickTestNeverSkipsAValueThatNormalises() {
        let values = ["罚款、没收违法所得", "警告", "2", "a_b-c.d/1", "《食品安全法》第一条", "普通程序", "罚款；警告",
                      "CF_XDR_MC", "罚款 警告", "罚款　警告", "【警告】", "（一般）", "Ａ", "ｂ", "\u{FEFF}警告", "é", "É", "ǅ",
                      "警\u{00A0}告", "x\ty", "", "〇", "〈一〉", "\u{3000}", "Ω", "ω"]
        for value in values where HeaderName.isNormalized(value) {
            #expect(HeaderName.normalized(value) == value, "\(value)")
        }
        for value in ["罚款、没收违法所得", "警告", "2", "a_b-c.d/1", "《食品安全法》第一条", "〈一〉"] {
            #expect(HeaderName.isNormalized(value), "\(value)")
        }
        for value in ["CF_XDR_MC", "罚款 警告", "罚款　警告", "【警告】", "（一般）", "Ａ"] {
            #expect(!HeaderName.isNormalized(value), "\(value)")
        }
    }

    /// Amounts in 元 convert to 万元 exactly, to the fen.
    @Test func amountsInYuanConvertExactly() throws {
        #expect(try Amount("5000", unit: .yuan) == Amount(fen: 500_000))
        #expect(try Amount("12.34", unit: .yuan) == Amount(fen: 1_234))
        #expect(try Amount("1,200", unit: .yuan) == Amount(fen: 120_000))
        #expect(throws: Amount.Problem.self) { try Amount("0.001", unit: .yuan) }
        #expect(try Amount("0.5", unit: .wanYuan) == Amount(fen: 500_000))
    }
}
