import CreditCore

extension SyntheticCity {
    /// How the generated files look.
    public enum Mode: String, Sendable, CaseIterable {
        /// This generator's own shape: codes in generation order, optional columns mostly empty,
        /// two dozen agencies, one-sentence 违法事实. `SampleData/` and the tests use it.
        case classic
        /// What real exports look like (issue 21): codes in no particular order, every optional
        /// column filled in realistic proportions (实施机关统一社会信用代码, 公示日期, 公示截止期,
        /// 备注), 5 % natural-person penalties, hundreds of agencies (the county bureaus' 市场监管所),
        /// 违法事实 of 100–400 characters. The benchmarks use it.
        case realistic
    }
}

/// Turns the classic rows into realistic ones, row by row and deterministically (its own
/// generator, seeded from the city's seed), so both modes share one generator of facts.
final class RealisticRows {
    private var rng: SeededGenerator
    private var headerSeen: Set<SyntheticCity.File> = []

    init(seed: UInt64) { rng = SeededGenerator(seed: seed ^ 0x7265_616C_6973_7469) }

    /// The record files, whose common columns come first: name, (类别, code,) number, date,
    /// agency, (source,) report date.
    private static let recordFiles: Set<SyntheticCity.File> = [.licensing, .penalty, .coercion, .reward, .confirmation, .adjudication, .inspection]

    func transform(_ file: SyntheticCity.File, _ fields: [String]) -> [String] {
        if !headerSeen.contains(file) {
            headerSeen.insert(file)
            return fields + extraHeader(file)
        }
        var row = fields
        switch file {
        case .enterprises, .conflicts, .triggers, .abnormalList, .seriousList, .commitments:
            // The lists and commitments name the enterprise by its code first, like the register.
            row[0] = Self.scrambled(row[0])
            if file == .conflicts { row[1] = Self.scrambled(row[1]) }
        case .penalty, .penaltyCorrections:
            // CF_XDR_MC, CF_XDR_LB, CF_XDR_SHXYM, CF_WSH, CF_JDRQ, CF_CFJG, CF_SJLY, 上报日期, CF_WFXW, CF_SY, …
            row[2] = Self.scrambled(row[2])
            if file == .penalty, row[1] != "自然人", rng.chance(perMille: 45) {
                row[0] = "\(rng.element(SyntheticCity.surnames))某某"; row[1] = "自然人"; row[2] = ""
            }
            row[5] = office(row[5]); row[6] = row[5]
            row[9] = facts(violation: row[8])
            let decided = CalendarDate(iso: row[4])
            let published = decided.map { $0.adding(days: 1 + rng.int(below: 7)) }
            let declaredEnd = rng.chance(perMille: 400) ? published.map { $0.adding(years: 3).description } ?? "" : ""
            row += [Self.agencyCode(row[5]), published?.description ?? "", declaredEnd, remark()]
        case .licensing:
            row[2] = Self.scrambled(row[2])
            row[5] = office(row[5]); row[6] = row[5]
            row += [Self.agencyCode(row[5]), remark()]
        case .coercion, .reward, .confirmation, .adjudication, .inspection:
            row[1] = Self.scrambled(row[1])
            row[4] = office(row[4])
            row += [Self.agencyCode(row[4]), remark()]
        case .inspectors:
            break
        }
        return row
    }

    private func extraHeader(_ file: SyntheticCity.File) -> [String] {
        switch file {
        case .penalty, .penaltyCorrections: ["CF_CFJGDM", "公示日期", "CF_GSJZQ", "BZ"]
        case .licensing: ["XK_XKJGDM", "BZ"]
        case .coercion, .reward, .confirmation, .adjudication, .inspection: ["实施机关统一社会信用代码", "备注"]
        default: []
        }
    }

    /// A county bureau's row goes, two times in three, to one of its ten 市场监管所.
    private func office(_ agency: String) -> String {
        guard agency.hasSuffix("区市场监督管理局") || agency.hasSuffix("县市场监督管理局") || agency.hasSuffix("市市场监督管理局") && agency != "保定市市场监督管理局",
              rng.chance(perMille: 667) else { return agency }
        return agency + rng.element(Self.offices) + "市场监管所"
    }
    static let offices = ["城关", "东关", "西关", "南关", "北关", "新城", "开发区", "高铁站", "工业园", "中心"]

    /// 100–400 characters of 违法事实 in the style of real decisions.
    private func facts(violation: String) -> String {
        var text = "经查，当事人于\(2020 + rng.int(below: 6))年\(1 + rng.int(below: 12))月起存在\(violation)的行为。"
        let target = 100 + rng.int(below: 300)
        while text.count < target { text += rng.element(Self.factSentences) }
        return String(text.prefix(target))
    }
    static let factSentences = [
        "执法人员现场检查时发现，当事人经营场所内存放的涉案物品未能提供合法来源证明，当事人对上述事实予以确认。",
        "经调取当事人进销货台账、销售票据及相关证人证言，上述违法事实清楚、证据确凿，足以认定。",
        "当事人的上述行为违反了相关法律法规的规定，本局于立案后依法进行了调查取证并告知当事人陈述、申辩的权利。",
        "当事人在规定期限内未提出陈述、申辩意见，亦未要求举行听证。",
        "鉴于当事人积极配合调查，主动消除违法行为危害后果，依法可以从轻处罚。",
        "涉案物品已依法予以扣押，货值金额经核算共计人民币若干元，违法所得已计算在案。",
    ]

    private func remark() -> String { rng.chance(perMille: 150) ? rng.element(["已整改", "已履行", "补录", "信用中国同步"]) : "" }

    /// An agency's own code, stable for its name: 11 (机关) + 130600 + an organisation code.
    static func agencyCode(_ agency: String) -> String {
        var hash: UInt64 = 1469598103934665603
        for byte in agency.utf8 { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
        let alphabet = Array("0123456789")
        var value = hash % 100_000_000, body = ""
        for _ in 0..<8 { body = String(alphabet[Int(value % 10)]) + body; value /= 10 }
        return UnifiedSocialCreditCode.completing("11130600" + body + SyntheticCity.organisationCheck(body))!
    }

    /// The same enterprise under a code in no particular order: the organisation code's six
    /// characters after `MA` go through a bijection of 0..<31⁶ (a multiplier prime to 31), and
    /// both check characters are computed again. The same code always maps to the same code.
    static func scrambled(_ code: String) -> String {
        let chars = Array(code)
        guard chars.count == 18, chars[8] == "M", chars[9] == "A" else { return code }
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var value = 0
        for c in chars[10..<16] { guard let i = alphabet.firstIndex(of: c) else { return code }; value = value * 31 + i }
        let modulus = 887_503_681  // 31⁶
        value = (value * 387_420_489 + 123_456_789) % modulus
        var body = ""
        for _ in 0..<6 { body = String(alphabet[value % 31]) + body; value /= 31 }
        let org8 = "MA" + body
        return UnifiedSocialCreditCode.completing(String(chars[0..<8]) + org8 + SyntheticCity.organisationCheck(org8)) ?? code
    }
}
