/// Reads what a penalty's free text (`处罚内容`, the 2016 standard's `处罚结果`, GSXT's
/// `行政处罚内容`) says when the export has no typed columns for it: the art. 9 types named,
/// and the fine and confiscation stated in 元 or 万元 (`罚款人民币5000元`, `罚款2万元`,
/// `处以3,000元罚款`, `没收违法所得1200元`). Amounts in Chinese numerals are not read.
public enum PenaltyText {
    /// The art. 9 types the text names, in canonical order.
    public static func types(in text: String) -> [PenaltyType] {
        var found: [PenaltyType] = []
        func has(_ word: String) -> Bool { text.contains(word) }
        if has("警告") { found.append(.warning) }
        if has("通报批评") { found.append(.circulatedCriticism) }
        if has("罚款") { found.append(.fine) }
        if has("没收违法所得") { found.append(.confiscateIllegalGains) }
        if has("没收非法财物") || has("没收") && !has("没收违法所得") { found.append(.confiscateIllegalProperty) }
        if has("暂扣") { found.append(.suspendLicence) }
        if has("降低资质等级") { found.append(.lowerQualification) }
        if has("吊销营业执照") { found.append(.revokeBusinessLicence) }
        if has("吊销") && text.replacingOccurrences(of: "吊销营业执照", with: "").contains("吊销") { found.append(.revokeLicence) }
        if has("限制开展生产经营活动") || has("限制生产经营") { found.append(.restrictOperations) }
        if has("责令停产停业") || has("责令停业") || has("责令停产") { found.append(.orderSuspension) }
        if has("责令关闭") { found.append(.orderClosure) }
        if has("限制从业") { found.append(.restrictEmployment) }
        if has("行政拘留") { found.append(.detention) }
        return found.sorted()
    }

    /// The fine and the confiscated amount the text states, in 万元 (exact).
    public static func amounts(in text: String) -> (fine: Amount?, confiscation: Amount?) {
        var fine: Amount?, confiscation: Amount?
        for clause in clauses(text) {
            guard let amount = amount(in: clause) else { continue }
            if clause.contains("没收") {
                if confiscation == nil { confiscation = amount }
            } else if clause.contains("罚款") || clause.contains("罚金") {
                if fine == nil { fine = amount }
            }
        }
        return (fine, confiscation)
    }

    /// The clauses of a text: split at `，。；;、`, line breaks, and commas that do not group digits.
    static func clauses(_ text: String) -> [Substring] {
        let characters = Array(text)
        var clauses: [Substring] = []
        var start = text.startIndex, index = text.startIndex
        for (position, character) in characters.enumerated() {
            var separates = "，。；;、\n".contains(character)
            if character == "," {
                let digitBefore = position > 0 && characters[position - 1].isASCII && characters[position - 1].isNumber
                let digitAfter = position + 1 < characters.count && characters[position + 1].isASCII && characters[position + 1].isNumber
                separates = !(digitBefore && digitAfter)
            }
            let next = text.index(after: index)
            if separates {
                clauses.append(text[start..<index])
                start = next
            }
            index = next
        }
        clauses.append(text[start...])
        return clauses
    }

    /// The first `数字[万]元` of a clause, in 万元.
    static func amount(in clause: Substring) -> Amount? {
        let characters = Array(clause)
        var i = 0
        while i < characters.count {
            guard characters[i].isASCII, characters[i].isNumber else { i += 1; continue }
            var digits = ""
            while i < characters.count, characters[i].isASCII, characters[i].isNumber || characters[i] == "." || characters[i] == "," {
                if characters[i] != "," { digits.append(characters[i]) }
                i += 1
            }
            var unit: AmountUnit?
            if i < characters.count, characters[i] == "元" { unit = .yuan }
            if i + 1 < characters.count, characters[i] == "万", characters[i + 1] == "元" { unit = .wanYuan }
            if let unit, let amount = try? Amount(digits, unit: unit) { return amount }
        }
        return nil
    }
}

extension Amount {
    /// Parses a decimal number in `unit`, exactly: `5000` 元 is 0.5 万元.
    public init(_ text: String, unit: AmountUnit) throws(Problem) {
        switch unit {
        case .wanYuan: try self.init(wanYuan: text)
        case .yuan:
            // 元 with at most two decimals (fen): shift the decimal point four places left.
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw .notANumber(text) }
            if parts.count == 2, parts[1].count > 2, parts[1].dropFirst(2).contains(where: { $0 != "0" }) {
                throw .tooPrecise(text)
            }
            let yuan = try Amount(wanYuan: text)  // the same digits read as 万元 …
            self.init(fen: yuan.fen / 10_000)     // … are 10,000 times the amount in 元
            if yuan.fen % 10_000 != 0 { throw .tooPrecise(text) }
        }
    }
}
