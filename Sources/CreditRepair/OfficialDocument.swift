/// A document laid out after GB/T 9704-2012《党政机关公文格式》, the one layout every notice and
/// report prints in — HTML (through `Rules/templates`), DOCX and text say the same thing:
///
/// - 版头: the issuing agency's name (发文机关标志) in red, the 发文字号 two lines under it, a red
///   separator line as wide as the type area 4 mm under the number;
/// - 主体: the title (2号小标宋, not bold) two lines under the red line, the 主送机关 flush left,
///   the body (3号仿宋, paragraphs two characters in, headings 黑体 / 楷体 / 仿宋 by level), the
///   signature centred over the date, the date four characters from the right, room for the seal
///   above both, and the 附注 in parentheses the line under the date;
/// - 版记: 抄送 (when there are any), 印发机关 and 印发日期 between separator lines;
/// - page numbers `— 1 —` under the type area, odd pages right and even pages left.
public struct OfficialDocument: Sendable, Hashable {
    /// 发文机关标志: the issuing agency's full name, printed in red.
    public var issuer: String
    /// 发文字号 (`保市监信修告〔2026〕1号`), in the 版头 under the agency's name.
    public var number: String?
    public var title: String
    /// 主送机关, ending in a full-width colon.
    public var addressee: String?
    public var body: [Block]
    /// 发文机关署名 and 成文日期.
    public var signature: Signature?
    /// 附注, without its parentheses.
    public var annotation: String?
    public var imprint: Imprint
    /// Printed at the top of every page (a report's number, so a page cannot be swapped unseen).
    public var runningHead: String?

    public enum Block: Sendable, Hashable {
        /// A body paragraph, two characters in.
        case paragraph(String)
        /// A heading: level 1 黑体 (一、), level 2 楷体 (（一）), deeper 仿宋.
        case heading(String, level: Int)
        case table(Table)
    }

    /// A table with a header row; column widths as shares of the type area.
    public struct Table: Sendable, Hashable {
        public var columns: [Column]
        public var rows: [[String]]
        /// Whether the column titles print as a header row (repeated on every page).
        public var showsHeader: Bool

        public struct Column: Sendable, Hashable {
            public var title: String
            /// Percent of the type area's width.
            public var percent: Int
            public init(_ title: String, percent: Int) { self.title = title; self.percent = percent }
        }

        public init(columns: [Column], rows: [[String]], showsHeader: Bool = true) {
            self.columns = columns; self.rows = rows; self.showsHeader = showsHeader
        }
    }

    public struct Signature: Sendable, Hashable {
        /// The signing agency (发文机关署名).
        public var agency: String
        /// 成文日期 (`2026年11月27日`).
        public var date: String
        public init(agency: String, date: String) { self.agency = agency; self.date = date }
    }

    /// 版记: who gets copies (抄送机关), who printed it (印发机关) and when (印发日期).
    public struct Imprint: Sendable, Hashable {
        public var copiesTo: [String]
        public var printedBy: String
        /// `2026年11月27日`; printed with 印发 after it.
        public var printedOn: String
        public init(copiesTo: [String], printedBy: String, printedOn: String) {
            self.copiesTo = copiesTo; self.printedBy = printedBy; self.printedOn = printedOn
        }
    }

    public init(issuer: String, number: String?, title: String, addressee: String? = nil, body: [Block], signature: Signature?,
                annotation: String? = nil, imprint: Imprint, runningHead: String? = nil) {
        self.issuer = issuer; self.number = number; self.title = title; self.addressee = addressee; self.body = body
        self.signature = signature; self.annotation = annotation; self.imprint = imprint; self.runningHead = runningHead
    }
}

// MARK: Layout arithmetic (GB/T 9704-2012 §5, §7)

extension OfficialDocument {
    /// The type area (版心) is 156 mm wide.
    static let typeAreaPoints = 156 / 25.4 * 72
    /// 3号 body characters.
    static let bodyPoints = 16.0

    /// The point size of the agency's name: as large as 小初 (36 pt), but never wider than 90 % of
    /// the type area (a long county agency's name shrinks; 22 pt at least, then it wraps).
    var issuerPoints: Double {
        let fitting = Self.typeAreaPoints * 0.9 / max(1, Self.width(issuer))
        return min(36, max(22, (fitting * 2).rounded(.down) / 2))
    }

    /// Text width in characters of the body font: CJK and full-width 1, ASCII ½.
    static func width(_ text: String) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 0.5 : 1) }
    }

    /// How far (in body characters) the signature and the date stand from the right margin:
    /// the date 4 characters in (右空四字), the signature centred over the date (§7.3.5.1). A
    /// signature wider than the date moves the date left so the signature still fits.
    var signatureIndents: (agency: Double, date: Double)? {
        guard let signature else { return nil }
        let agencyWidth = Self.width(signature.agency), dateWidth = Self.width(signature.date)
        var date = 4.0
        var agency = date + (dateWidth - agencyWidth) / 2
        if agency < 0 { date -= agency; agency = 0 }
        return (agency, date)
    }
}

// MARK: Text

extension OfficialDocument {
    /// The document as lines of text, in print order (also the text form's content).
    public var lines: [String] {
        var result = [issuer] + (number.map { [$0] } ?? []) + [title] + (addressee.map { [$0] } ?? [])
        for block in body {
            switch block {
            case .paragraph(let text): result.append("　　" + text)
            case .heading(let text, let level): result.append(level <= 1 ? text : "　　" + text)
            case .table(let table):
                if table.showsHeader { result.append(table.columns.map(\.title).joined(separator: "　")) }
                result += table.rows.map { $0.joined(separator: "　") }
            }
        }
        if let signature { result += [signature.agency, signature.date] }
        if let annotation { result.append("　　（\(annotation)）") }
        if !imprint.copiesTo.isEmpty { result.append("抄送：\(imprint.copiesTo.joined(separator: "，"))。") }
        result.append("\(imprint.printedBy)　\(imprint.printedOn)印发")
        return result
    }
}
