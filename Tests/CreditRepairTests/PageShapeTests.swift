@testable import CreditRepair
import Testing

/// Pages rendered from a compiled shape are the bytes swift-mustache renders, for every
/// template in `Rules/templates` and for texts chosen to break a naive copy: markup characters,
/// a `<` that a combining mark joins into one Character (swift-mustache leaves it), empty
/// texts, the markers' own private-use characters.
@Suite struct PageShapeTests {
    static let hostile = ["<script>alert('x')</script>", "A & B \"公司\"", "<\u{0338} 不小于", "", "\u{F8F0}7a<\u{F8F1}", "雄县宇康快餐店", "'single'", ">"]

    func document(_ i: Int, table: Bool = true, number: Bool = true) -> OfficialDocument {
        let t = Self.hostile
        var body: [OfficialDocument.Block] = [.paragraph(t[i % t.count]), .heading(t[(i + 1) % t.count], level: 1), .heading("二级", level: 2),
                                              .paragraph("第\(i)段：" + t[(i + 2) % t.count])]
        if table {
            body.append(.table(.init(columns: [.init(t[(i + 3) % t.count], percent: 40), .init("金额", percent: 60)],
                                     rows: [[t[(i + 4) % t.count], "\(i)元"], ["合计", t[(i + 5) % t.count]]], showsHeader: i % 2 == 0)))
        }
        return OfficialDocument(issuer: "保定市市场监督管理局" + t[i % t.count], number: number ? "保市监信修告〔2026〕\(i)号" : nil,
                                title: "信用修复告知书" + t[(i + 6) % t.count], addressee: t[(i + 7) % t.count] + "：", body: body,
                                signature: .init(agency: "保定市市场监督管理局", date: "2026年11月\(i % 28 + 1)日"),
                                annotation: i % 3 == 0 ? nil : t[(i + 1) % t.count],
                                imprint: .init(copiesTo: i % 2 == 0 ? [] : ["保定市发展和改革委员会", t[i % t.count]], printedBy: "保定市市场监督管理局", printedOn: "2026年11月27日"),
                                runningHead: i % 4 == 0 ? "报告编号 \(t[(i + 3) % t.count])" : nil)
    }

    @Test(arguments: ["notice.html.mustache", "notice.txt.mustache", "report.html.mustache", "gbt9704.html.mustache"])
    func compiledPagesAreWhatSwiftMustacheRenders(template: String) throws {
        let renderer = documentRenderer
        // Twice over: the first page of a shape compiles it, the later ones are filled in.
        for round in 0..<2 {
            for i in 0..<24 {
                let page = document(i, table: i % 5 != 0, number: i % 7 != 0).page
                let direct = Array(try renderer.render(template, page).utf8)
                #expect(try renderer.renderPage(template, page) == direct, "round \(round), page \(i)")
            }
        }
        #expect(renderer.shapes.compiledCount > 0)
    }

    /// A template that rewrites a text (here upper-casing it) cannot be cut at the markers: its
    /// shape renders through swift-mustache every time, and the output stays right.
    @Test func aTemplateThatRewritesTextsRendersDirectly() throws {
        let renderer = try DocumentRenderer(templates: ["t.mustache": "{{uppercased(title)}}|{{title}}|{{#number}}{{.}}{{/number}}{{^addressee}}无{{/addressee}}"])
        for title in ["abc", "def <&>"] {
            let page = OfficialDocument(issuer: "x", number: "n1", title: title, body: [], signature: nil,
                                        imprint: .init(copiesTo: [], printedBy: "p", printedOn: "d")).page
            #expect(String(decoding: try renderer.renderPage("t.mustache", page), as: UTF8.self) == (try renderer.render("t.mustache", page)))
        }
        #expect(String(decoding: try renderer.renderPage("t.mustache", OfficialDocument(issuer: "x", number: "n1", title: "abc", body: [], signature: nil,
                                                                                             imprint: .init(copiesTo: [], printedBy: "p", printedOn: "d")).page), as: UTF8.self)
                == "ABC|abc|n1无")
        #expect(renderer.shapes.compiledCount == 0)
    }

    /// The escaping of filled-in texts is swift-mustache's, Character by Character.
    @Test func fillingEscapesAsSwiftMustacheDoes() throws {
        let renderer = try DocumentRenderer(templates: ["e.mustache": "{{title}}"])
        var texts = Self.hostile
        texts += (0x20..<0x7F).map { String(UnicodeScalar(UInt8($0))) } + ["e\u{301}<", "&\u{20DD}", "👩‍👩‍👧<"]
        for text in texts {
            let page = OfficialDocument(issuer: "", number: nil, title: text, body: [], signature: nil, imprint: .init(copiesTo: [], printedBy: "", printedOn: "")).page
            var escaped: [UInt8] = []
            PageShapeCache.appendEscaped(text, to: &escaped)
            #expect(escaped == Array(try renderer.render("e.mustache", page).utf8), "\(text)")
        }
    }
}
