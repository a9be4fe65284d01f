import CreditCore

/// One of the charts a regulator reads instead of a table. Each renders as a standalone,
/// accessible SVG (`ChartRenderer.svg`) and as an HTML table of the same numbers
/// (`ChartRenderer.tableHTML`) for screen readers and print.
public enum Chart: Sendable, Hashable {
    /// Enterprises per class A–D.
    case classDistribution(ClassDistributionChart)
    /// The what-if migration matrix (old class × new class) as a heatmap.
    case migration(MigrationHeatmap)
    /// Class shares per 行政区划, as 100 % stacked bars.
    case regions(RegionClassChart)
    /// An enterprise's class in every stored run.
    case history(ClassHistoryChart)
    /// The chance of inspection within 12 months per class, from the sampling plan.
    case inspectionChance(InspectionChanceChart)
    /// 合规率 and 归集及时率 per 数据来源单位 over months.
    case quality(QualityTrendChart)

    var body: any ChartBody {
        switch self {
        case .classDistribution(let chart): chart
        case .migration(let chart): chart
        case .regions(let chart): chart
        case .history(let chart): chart
        case .inspectionChance(let chart): chart
        case .quality(let chart): chart
        }
    }

    /// The chart's title (also its `<title>` and the table's caption).
    public var title: String { body.title }

    /// The data table with the chart's numbers (no rows when the chart has no data: 无数据).
    public var table: DataTable {
        let body = body, table = body.table
        return body.isEmpty ? DataTable(caption: table.caption, columns: table.columns, rows: []) : table
    }
}

/// The numbers of a chart as rows of text: the chart's accessible fallback.
public struct DataTable: Sendable, Hashable {
    public var caption: String
    public var columns: [String]
    public var rows: [[String]]

    public init(caption: String, columns: [String], rows: [[String]]) {
        self.caption = caption; self.columns = columns; self.rows = rows
    }

    /// `<table>` with a caption, column headers (`scope="col"`) and the first cell of each row
    /// as its header (`scope="row"`); every text escaped. No rows: one cell 无数据.
    public var html: String {
        var out = "<table class=\"chart-data\"><caption>\(xmlEscaped(caption))</caption><thead><tr>"
        for column in columns { out += "<th scope=\"col\">\(xmlEscaped(column))</th>" }
        out += "</tr></thead><tbody>"
        if rows.isEmpty { out += "<tr><td colspan=\"\(max(1, columns.count))\">无数据</td></tr>" }
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() {
                out += i == 0 ? "<th scope=\"row\">\(xmlEscaped(cell))</th>" : "<td>\(xmlEscaped(cell))</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table>"
    }
}

/// Renders charts to SVG text: same chart, same bytes.
public struct ChartRenderer: Sendable {
    /// Prefix of the `id`s of `<title>` and `<desc>`, which `aria-labelledby` names; give each
    /// chart on one page its own (letters, digits, `-` and `_`; anything else is dropped).
    public var idPrefix: String?

    /// - Parameter idPrefix: the ids' prefix; nil = `chart-` and the chart's kind.
    public init(idPrefix: String? = nil) { self.idPrefix = idPrefix }

    /// The chart as a standalone SVG document (`image/svg+xml`), scalable through its
    /// `viewBox`, with `role="img"`, `<title>` and `<desc>`. Empty data draws 无数据.
    public func svg(_ chart: Chart) -> String {
        let body = chart.body
        let id = identifier(for: body)
        var canvas = SVGCanvas()
        let m = ChartStyle.margin
        canvas.text(fitted(body.title, width: ChartStyle.width - 2 * m, size: ChartStyle.titleFontSize), x: m, y: 20,
                    size: ChartStyle.titleFontSize, bold: true)
        var top = 34.0
        for line in wrapped(body.note ?? "", width: ChartStyle.width - 2 * m, size: ChartStyle.smallFontSize) {
            canvas.text(line, x: m, y: top + 6, size: ChartStyle.smallFontSize, fill: ChartStyle.mutedText)
            top += 18
        }
        if body.note?.isEmpty == false { top += 2 }
        let bottom: Double
        if body.isEmpty {
            canvas.rect(x: m, y: top + 8, width: ChartStyle.width - 2 * m, height: 96, fill: ChartStyle.panel, stroke: ChartStyle.gridLine)
            canvas.text("无数据", x: ChartStyle.width / 2, y: top + 56, size: ChartStyle.titleFontSize, anchor: .middle, fill: ChartStyle.mutedText)
            bottom = top + 112
        } else {
            bottom = body.draw(&canvas, top: top + 8)
        }
        let height = (bottom + m).rounded(.up)
        let note = body.note.map { $0.isEmpty ? "" : "\($0)。" } ?? ""
        let description = body.isEmpty ? "\(body.title)：无数据。" : note + body.summary
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(number(ChartStyle.width)) \(number(height))" \
            width="\(number(ChartStyle.width))" height="\(number(height))" style="max-width:100%;height:auto" \
            role="img" aria-labelledby="\(id)-title \(id)-desc" font-family="\(ChartStyle.fontFamily)">\
            <title id="\(id)-title">\(xmlEscaped(body.title))</title>\
            <desc id="\(id)-desc">\(xmlEscaped(description))</desc>\
            <rect width="100%" height="100%" fill="\(ChartStyle.background)"/>\
            \(canvas.markup)</svg>

            """
    }

    /// The chart's numbers as an HTML `<table>`.
    public func tableHTML(_ chart: Chart) -> String { chart.table.html }

    /// The SVG and its table in one `<figure>`, for a page to insert as it is.
    public func figureHTML(_ chart: Chart) -> String {
        "<figure class=\"chart\">\(svg(chart))\(tableHTML(chart))</figure>"
    }

    private func identifier(for body: any ChartBody) -> String {
        let wanted = idPrefix ?? "chart-\(type(of: body).kind)"
        let kept = String(wanted.unicodeScalars.filter { ("0"..."9").contains($0) || ("a"..."z").contains($0)
            || ("A"..."Z").contains($0) || $0 == "-" || $0 == "_" }.map(Character.init))
        return kept.first.map { $0.isLetter } == true ? kept : "chart-" + kept
    }
}

/// What every chart provides to the shared frame (title, description, empty state).
protocol ChartBody: Sendable {
    /// A word naming the kind of chart, for ids: `classes`, `migration` …
    static var kind: String { get }
    var title: String { get }
    /// A line under the title (the run, the date, the months), or nil.
    var note: String? { get }
    /// Nothing to draw: the frame shows 无数据.
    var isEmpty: Bool { get }
    /// The `<desc>`: what the chart shows, in sentences with its key numbers.
    var summary: String { get }
    var table: DataTable { get }
    /// Draws the chart below `top`; returns the lowest y it used.
    func draw(_ canvas: inout SVGCanvas, top: Double) -> Double
}

/// A share as a percentage with two decimals (`6.42%`), `-` of nothing.
func percent(_ part: Int, of whole: Int) -> String {
    whole == 0 ? "-" : Rate(part, of: whole).description + "%"
}

/// A share in whole percent (`87%`), rounded half up.
func wholePercent(_ part: Int, of whole: Int) -> String {
    whole == 0 ? "-" : "\((part * 200 + whole) / (2 * whole))%"
}

/// A line of parts separated by ` · ` broken into lines that fit `width` (at most three; a
/// part too long for a line is cut with an ellipsis).
func wrapped(_ text: String, width: Double, size: Double) -> [String] {
    guard !text.isEmpty else { return [] }
    var lines: [String] = []
    for part in text.split(separator: " · ", omittingEmptySubsequences: false).map(String.init) {
        if let last = lines.last, textWidth(last + " · " + part, size: size) <= width {
            lines[lines.count - 1] = last + " · " + part
        } else {
            lines.append(fitted(part, width: width, size: size))
        }
    }
    if lines.count > 3 { lines = Array(lines.prefix(2)) + [fitted(lines.dropFirst(2).joined(separator: " · "), width: width, size: size)] }
    return lines
}
