import CreditCharts
import CreditCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// What an XML parser saw in a rendered chart or table.
final class ParsedMarkup: NSObject, XMLParserDelegate {
    struct Element { var name: String; var attributes: [String: String]; var text = "" }
    var elements: [Element] = []
    private var open: [Int] = []
    var error: (any Error)?

    /// Parses `text`; nil when it is not well-formed XML.
    static func parse(_ text: String) -> ParsedMarkup? {
        let result = ParsedMarkup()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = result
        return parser.parse() ? result : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        open.append(elements.count)
        elements.append(Element(name: name, attributes: attributes))
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { open.removeLast() }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        for i in open { elements[i].text += string }
    }

    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }
    /// The texts of the table cells (th and td).
    var cells: [String] { elements.filter { $0.name == "td" || $0.name == "th" }.map(\.text) }
}

/// One chart of each kind with numbers that occur nowhere else, and hostile text where the input has text.
enum Samples {
    static let hostile = "<script>alert(\"x\")</script> & 公司\u{01}\u{0B}\u{FFFE}"

    static var distribution: ClassDistributionChart {
        ClassDistributionChart(counts: [.a: 321, .b: 4371, .c: 231, .d: 77], note: "第 3 次分类 · 基准日 2026-11-27")
    }
    static var migration: MigrationHeatmap {
        MigrationHeatmap(matrix: [[300, 17, 3, 1], [11, 4301, 52, 7], [0, 23, 205, 3], [0, 0, 2, 75]])
    }
    static var regions: RegionClassChart {
        RegionClassChart(regions: [
            .init(label: "130602", counts: [.a: 41, .b: 903, .c: 37, .d: 19]),
            .init(label: hostile, counts: [.a: 12, .b: 388, .c: 26, .d: 9]),
            .init(label: "130638", counts: [.b: 5]),
        ])
    }
    static var history: ClassHistoryChart {
        ClassHistoryChart(name: hostile, uscc: "91130632MA001LGYX0", runs: [
            .init(runID: 1, asOf: CalendarDate(iso: "2026-01-05")!, riskClass: .b, score: 312),
            .init(runID: 2, asOf: CalendarDate(iso: "2026-02-03")!, riskClass: .c, score: 561),
            .init(runID: 4, asOf: CalendarDate(iso: "2026-04-01")!, riskClass: .d, score: 48, overrides: ["serious-list"]),
            .init(runID: 3, asOf: CalendarDate(iso: "2026-03-02")!, riskClass: .c, score: 598),
        ])
    }
    static var inspection: InspectionChanceChart {
        InspectionChanceChart(lines: [
            .init(riskClass: .a, rate: "1%", frame: 301, eligible: 299, tasks: 3, chanceWithin12Months: 0.113_616),
            .init(riskClass: .b, rate: "3%", frame: 4203, eligible: 4190, tasks: 126, chanceWithin12Months: 0.306_157),
            .init(riskClass: .c, rate: "10%", frame: 219, eligible: 217, tasks: 22, chanceWithin12Months: 0.717_570),
            .init(riskClass: .d, rate: "30%", frame: 71, eligible: 70, tasks: 21, chanceWithin12Months: 0.986_159),
        ])
    }
    static var quality: QualityTrendChart {
        let months = ["2026-01", "2026-02", "2026-03"].map { CalendarMonth($0)! }
        func p(_ s: Int, _ c: Int, _ w: Int, _ o: Int) -> QualityTrendChart.Point { .init(submitted: s, compliant: c, withReportDate: w, onTime: o) }
        return QualityTrendChart(
            months: months,
            total: .init(name: "合计", points: [p(1210, 1187, 1003, 911), p(1310, 1297, 1101, 1013), p(97, 93, 0, 0)]),
            agencies: [
                .init(name: hostile, points: [p(610, 601, 503, 461), p(0, 0, 0, 0), p(97, 93, 0, 0)]),
                .init(name: "保定市安新县市场监督管理局", points: [p(600, 586, 500, 450), p(1310, 1297, 1101, 1013), p(0, 0, 0, 0)]),
            ])
    }

    static var all: [Chart] {
        [.classDistribution(distribution), .migration(migration), .regions(regions), .history(history),
         .inspectionChance(inspection), .quality(quality)]
    }

    static var empty: [Chart] {
        [.classDistribution(.init(counts: [:])), .migration(.init(matrix: [])), .regions(.init(regions: [])),
         .history(.init(name: "某公司", uscc: "91130632MA001LGYX0", runs: [])), .inspectionChance(.init(lines: [])),
         .quality(.init(months: [], total: nil, agencies: []))]
    }

    /// Every number of a chart's input, as the table should show it.
    static func values(_ chart: Chart) -> [String] {
        switch chart {
        case .classDistribution(let c): return RiskClass.allCases.map { "\(c.counts[$0] ?? 0)" }
        case .migration(let c): return c.matrix.flatMap { $0.map(String.init) }
        case .regions(let c): return c.regions.flatMap { r in RiskClass.allCases.map { "\(r.counts[$0] ?? 0)" } }
        case .history(let c): return c.runs.flatMap { ["\($0.runID)", "\($0.score)", $0.asOf.description] + $0.overrides }
        case .inspectionChance(let c): return c.lines.flatMap { [$0.rate, "\($0.frame)", "\($0.eligible)", "\($0.tasks)"] }
        case .quality(let c):
            return ([c.total].compactMap { $0 } + c.agencies).flatMap { $0.points.flatMap { p in
                ["\(p.submitted)", "\(p.compliant)", "\(p.withReportDate)", "\(p.onTime)"] } }
        }
    }
}

@Suite struct ChartTests {
    let renderer = ChartRenderer()

    @Test(arguments: Samples.all + Samples.empty)
    func everyChartIsWellFormedAccessibleSVG(_ chart: Chart) throws {
        let svg = renderer.svg(chart)
        let parsed = try #require(ParsedMarkup.parse(svg), "not well-formed: \(svg)")
        let root = try #require(parsed.elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["viewBox"]?.hasPrefix("0 0 440 ") == true)
        #expect(root.attributes["style"] == "max-width:100%;height:auto")
        // aria-labelledby names the <title> and the <desc>, the SVG's first two children.
        let ids = try #require(root.attributes["aria-labelledby"]).split(separator: " ").map(String.init)
        #expect(ids.count == 2)
        #expect(parsed.elements[1].name == "title" && parsed.elements[1].attributes["id"] == ids[0])
        #expect(parsed.elements[2].name == "desc" && parsed.elements[2].attributes["id"] == ids[1])
        #expect(parsed.elements[1].text == xmlUnsafeDropped(chart.title))
        #expect(parsed.elements[2].text.count > 6)
    }

    @Test(arguments: Samples.all + Samples.empty)
    func textStaysReadableAt400Pixels(_ chart: Chart) throws {
        let parsed = try #require(ParsedMarkup.parse(renderer.svg(chart)))
        let sizes = parsed.all("text").compactMap { $0.attributes["font-size"].flatMap(Double.init) }
        #expect(!sizes.isEmpty)
        // The drawing is 440 units wide: shown 400 px wide, no text is under 10 px.
        #expect(sizes.allSatisfy { $0 * 400 / 440 >= 10 }, "\(sizes)")
        // Nothing is drawn outside the viewBox horizontally.
        for element in parsed.all("rect") + parsed.all("text") {
            if let x = element.attributes["x"].flatMap(Double.init) { #expect(x >= 0 && x <= 440, "\(element)") }
        }
    }

    @Test(arguments: Samples.all)
    func theSameChartGivesTheSameBytes(_ chart: Chart) {
        #expect(renderer.svg(chart) == renderer.svg(chart))
        #expect(renderer.tableHTML(chart) == renderer.tableHTML(chart))
    }

    /// Input order that means nothing (dictionary insertion, the order runs are listed in)
    /// changes nothing in the bytes.
    @Test func meaninglessInputOrderDoesNotChangeTheBytes() {
        var reversed: [RiskClass: Int] = [:]
        for riskClass in RiskClass.allCases.reversed() { reversed[riskClass] = Samples.distribution.counts[riskClass] }
        #expect(renderer.svg(.classDistribution(Samples.distribution)) == renderer.svg(.classDistribution(.init(counts: reversed, note: Samples.distribution.note))))
        var history = Samples.history
        let original = renderer.svg(.history(history))
        history.runs.reverse()
        #expect(renderer.svg(.history(history)) == original)
    }

    @Test(arguments: Samples.all)
    func everyInputValueIsInTheTableFallback(_ chart: Chart) throws {
        let parsed = try #require(ParsedMarkup.parse(renderer.tableHTML(chart)))
        #expect(parsed.elements.first?.name == "table")
        #expect(parsed.all("caption").first?.text == xmlUnsafeDropped(chart.title))
        let cells = Set(parsed.cells)
        for value in Samples.values(chart) { #expect(cells.contains(value), "\(value) missing from \(cells.sorted())") }
        // Every row has as many cells as there are columns.
        let columns = parsed.all("th").filter { $0.attributes["scope"] == "col" }.count
        #expect(parsed.all("tr").dropFirst().allSatisfy { row in row.text.isEmpty == false } && columns == chart.table.columns.count)
        #expect(chart.table.rows.allSatisfy { $0.count == columns })
    }

    @Test func derivedFiguresAreInTheTables() {
        let distribution = Samples.distribution.tableRows
        #expect(distribution.contains(["A 信用风险低", "321", "6.42%"]))
        #expect(distribution.contains(["合计", "5000", "100.00%"]))
        #expect(Chart.migration(Samples.migration).table.rows[1] == ["B 信用风险一般", "11", "4301", "52", "7", "4371", "70"])
        #expect(Chart.inspectionChance(Samples.inspection).table.rows.map { $0.last! } == ["11.4%", "30.6%", "71.8%", "98.6%"])
        let quality = Chart.quality(Samples.quality).table.rows
        #expect(quality.contains(["合计", "2026-01", "1210", "1187", "98.10%", "1003", "911", "90.83%"]))
        #expect(quality.contains(["保定市安新县市场监督管理局", "2026-03", "0", "0", "-", "0", "0", "-"]))
        #expect(Chart.history(Samples.history).table.rows.map { $0[0] } == ["2026-01-05", "2026-02-03", "2026-03-02", "2026-04-01"])
    }

    @Test(arguments: Samples.all)
    func hostileTextIsEscapedEverywhere(_ chart: Chart) throws {
        for markup in [renderer.svg(chart), renderer.tableHTML(chart), renderer.figureHTML(chart)] {
            #expect(ParsedMarkup.parse(markup) != nil, "\(markup)")
            #expect(!markup.contains("<script"))
            #expect(!markup.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0xFFFE || $0.value == 0xFFFF })
        }
        if case .regions = chart {
            #expect(renderer.tableHTML(chart).contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 公司</th>"))
        }
    }

    @Test(arguments: Samples.empty)
    func emptyDataDrawsNoData(_ chart: Chart) throws {
        let parsed = try #require(ParsedMarkup.parse(renderer.svg(chart)))
        #expect(parsed.all("text").contains { $0.text == "无数据" })
        #expect(parsed.all("desc").first?.text.contains("无数据") == true)
        let table = try #require(ParsedMarkup.parse(renderer.tableHTML(chart)))
        #expect(table.cells.contains("无数据"))
    }

    @Test func idsFollowTheKindOrTheCallersPrefix() throws {
        let chart = Chart.regions(Samples.regions)
        #expect(renderer.svg(chart).contains("aria-labelledby=\"chart-regions-title chart-regions-desc\""))
        #expect(ChartRenderer(idPrefix: "r2\"><x").svg(chart).contains("aria-labelledby=\"r2x-title r2x-desc\""))
        #expect(ChartRenderer(idPrefix: "9").svg(chart).contains("id=\"chart-9-title\""))
    }

    @Test func theRegionBarsAreFilledExactlyByTheirSegments() throws {
        let parsed = try #require(ParsedMarkup.parse(renderer.svg(.regions(Samples.regions))))
        let classFills = Set(RiskClass.allCases.map(ClassPalette.color))
        let segments = parsed.all("rect").filter { classFills.contains($0.attributes["fill"] ?? "") && $0.attributes["height"] == "18" }
        let rows = Dictionary(grouping: segments) { $0.attributes["y"]! }
        #expect(rows.count == 3)
        let widths = rows.values.map { $0.reduce(0.0) { $0 + Double($1.attributes["width"]!)! } }
        // One decimal per coordinate: the sums agree to within rounding.
        #expect(widths.allSatisfy { abs($0 - widths[0]) <= 0.2 }, "\(widths)")
    }

    @Test func theHistoryFollowsTheRunsInDateOrder() throws {
        let parsed = try #require(ParsedMarkup.parse(renderer.svg(.history(Samples.history))))
        let fills = parsed.all("circle").map { $0.attributes["fill"]! }
        #expect(fills == [RiskClass.b, .c, .c, .d].map(ClassPalette.color))
        let xs = parsed.all("circle").map { Double($0.attributes["cx"]!)! }
        #expect(xs == xs.sorted() && Set(xs).count == 4)
        #expect(parsed.all("circle").last?.text.contains("直接判定 serious-list") == true)
    }

    @Test func aMonthWithoutRecordsLeavesAGapInTheLine() throws {
        let parsed = try #require(ParsedMarkup.parse(renderer.svg(.quality(Samples.quality))))
        // The hostile agency has months 1 and 3 but not 2: two dots and no line for it in each column.
        let lines = parsed.all("polyline").count
        // total: compliance 3 months (one line), timeliness 2 months (one line); Anxin: months 1–2 (one line each).
        #expect(lines == 4)
        #expect(parsed.all("desc").first?.text.contains("合规率最低的是") == true)
    }
}

@Suite struct PaletteTests {
    static func contrast(_ a: String, _ b: String) -> Double {
        func luminance(_ hex: String) -> Double {
            let v = Int(hex.dropFirst(), radix: 16)!
            func lin(_ c: Int) -> Double { let s = Double(c) / 255; return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4) }
            return 0.2126 * lin((v >> 16) & 255) + 0.7152 * lin((v >> 8) & 255) + 0.0722 * lin(v & 255)
        }
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test func classColoursCarryWhiteTextAtAA() {
        for riskClass in RiskClass.allCases { #expect(Self.contrast(ClassPalette.color(riskClass), "#ffffff") >= 4.5, "\(riskClass)") }
        // The orange the pages used fails, which is why C changed.
        #expect(Self.contrast("#ef6c00", "#ffffff") < 4.5)
    }

    /// Every text the charts draw meets AA against what it is drawn on.
    @Test(arguments: Samples.all)
    func everyTextMeetsAAOnItsBackground(_ chart: Chart) throws {
        let svg = ChartRenderer().svg(chart)
        let parsed = try #require(ParsedMarkup.parse(svg))
        let rects = parsed.all("rect").compactMap { r -> (x: Double, y: Double, w: Double, h: Double, fill: String)? in
            guard let x = r.attributes["x"].flatMap(Double.init), let y = r.attributes["y"].flatMap(Double.init),
                  let w = r.attributes["width"].flatMap(Double.init), let h = r.attributes["height"].flatMap(Double.init) else { return nil }
            return (x, y, w, h, r.attributes["fill"]!)
        }
        for text in parsed.all("text") {
            let x = Double(text.attributes["x"]!)!, y = Double(text.attributes["y"]!)! - 4
            // The last rectangle drawn under the text's anchor, else the white background.
            let under = rects.last { x >= $0.x && x <= $0.x + $0.w && y >= $0.y && y <= $0.y + $0.h }?.fill ?? "#ffffff"
            let color = text.attributes["fill"]!
            guard color != under else { continue }
            #expect(Self.contrast(color, under) >= 4.5, "\(text.text) \(color) on \(under)")
        }
    }

    @Test func heatmapTextMeetsAAAtEveryShade() {
        for n in [1, 2, 3, 10, 50, 100, 999, 4300] {
            let chart = MigrationHeatmap(matrix: [[4300, n, 1, 0], [n, 4300, 0, 0], [0, 1, n, 0], [0, 0, 0, 1]])
            let svg = ChartRenderer().svg(.migration(chart))
            let parsed = ParsedMarkup.parse(svg)!
            let cells = parsed.all("rect").filter { $0.attributes["width"] == "88" }
            let texts = parsed.all("text").filter { $0.attributes["text-anchor"] == "middle" && Int($0.text) != nil }
            #expect(cells.count == 16 && texts.count == 16)
            for (cell, text) in zip(cells, texts) {
                #expect(Self.contrast(text.attributes["fill"]!, cell.attributes["fill"]!) >= 4.5, "\(text.text) on \(cell.attributes["fill"]!)")
            }
        }
    }
}

/// The text as it reaches a parser: characters XML forbids dropped.
func xmlUnsafeDropped(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.filter { !($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") && $0.value != 0xFFFE && $0.value != 0xFFFF }))
}

extension ClassDistributionChart {
    var tableRows: [[String]] { Chart.classDistribution(self).table.rows }
}
