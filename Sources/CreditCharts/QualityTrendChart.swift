import CreditCore

/// 合规率 and 归集及时率 per 数据来源单位 over months: a row per agency (the total first) with a
/// small line of each rate over the months and the latest month's value. Rows of small lines
/// rather than one line per agency in a single plot: a city has dozens of agencies, which one
/// plot cannot keep apart at 400 px. Both columns share one vertical scale, so rows compare.
public struct QualityTrendChart: Sendable, Hashable {
    /// One agency's counts in one month (domain.md §6: 合规率 = compliant ÷ submitted,
    /// 及时率 = on time ÷ records with a report date).
    public struct Point: Sendable, Hashable {
        public var submitted: Int
        public var compliant: Int
        public var withReportDate: Int
        public var onTime: Int
        public init(submitted: Int, compliant: Int, withReportDate: Int, onTime: Int) {
            self.submitted = submitted; self.compliant = compliant; self.withReportDate = withReportDate; self.onTime = onTime
        }
        public var compliance: Rate { Rate(compliant, of: submitted) }
        public var timeliness: Rate { Rate(onTime, of: withReportDate) }
    }

    public struct Agency: Sendable, Hashable {
        public var name: String
        /// One per month of the chart, in order.
        public var points: [Point]
        public init(name: String, points: [Point]) { self.name = name; self.points = points }
    }

    public var title: String
    public var note: String?
    public var months: [CalendarMonth]
    /// All agencies together, drawn first; nil = no total row.
    public var total: Agency?
    public var agencies: [Agency]

    /// - Parameters:
    ///   - months: the months, in order.
    ///   - total: the counts of all agencies together (drawn first, in bold).
    ///   - agencies: per agency a point per month.
    ///   - title: the chart's title.
    public init(months: [CalendarMonth], total: Agency?, agencies: [Agency], title: String = "数据质量：合规率与归集及时率") {
        self.months = months; self.total = total; self.agencies = agencies; self.title = title
        note = months.first.map { first in "\(first) 至 \(months.last!)，按决定日期所在月份" }
    }

    var rows: [Agency] { (total.map { [$0] } ?? []) + agencies }

    enum Metric: CaseIterable {
        case compliance, timeliness
        var name: String { self == .compliance ? "合规率" : "归集及时率" }
        func rate(_ point: Point) -> Rate { self == .compliance ? point.compliance : point.timeliness }
    }

    /// The month's rate of a row (nil when the row has no point for it or nothing was counted).
    func value(_ row: Agency, _ month: Int, _ metric: Metric) -> Int? {
        month < row.points.count ? metric.rate(row.points[month]).basisPointsOfPercent : nil
    }

    /// The latest month with a value, and the value.
    func latest(_ row: Agency, _ metric: Metric) -> (month: Int, value: Int)? {
        months.indices.reversed().lazy.compactMap { m in value(row, m, metric).map { (m, $0) } }.first
    }

    /// The lower end of the shared scale in hundredths of a percent: the lowest value rounded
    /// down to 10 %, at most 90 % (so the scale spans at least 10 points).
    var scaleFloor: Int {
        let lowest = rows.flatMap { row in months.indices.flatMap { m in Metric.allCases.compactMap { value(row, m, $0) } } }.min() ?? 0
        return min(9_000, lowest / 1_000 * 1_000)
    }
}

extension QualityTrendChart {
    /// The start every agency's name shares, when there are two or more and each name goes on after it.
    var sharedPrefix: String {
        guard agencies.count > 1, var prefix = agencies.first.map({ Array($0.name) }) else { return "" }
        for agency in agencies.dropFirst() {
            prefix = Array(zip(prefix, agency.name).prefix { $0 == $1 }.map(\.0))
        }
        return agencies.allSatisfy { $0.name.count > prefix.count } ? String(prefix) : ""
    }
}

extension QualityTrendChart: ChartBody {
    static let kind = "quality"
    var isEmpty: Bool { months.isEmpty || rows.allSatisfy { $0.points.allSatisfy { $0.submitted == 0 && $0.withReportDate == 0 } } }

    var summary: String {
        var text = "\(agencies.count) 个数据来源单位。"
        for metric in Metric.allCases {
            if let total, let last = latest(total, metric) {
                text += "合计\(metric.name)最近一个月（\(months[last.month])）\(Rate.text(last.value))。"
            }
            let lowest = agencies.compactMap { a in latest(a, metric).map { (a, $0) } }.min { ($0.1.value, $0.0.name) < ($1.1.value, $1.0.name) }
            if let (agency, last) = lowest {
                text += "\(metric.name)最低的是 \(agency.name)（\(months[last.month]) \(Rate.text(last.value))）。"
            }
        }
        return text
    }

    var table: DataTable {
        DataTable(caption: title, columns: ["数据来源单位", "月份", "报送", "合规", "合规率", "有上报日期", "及时", "归集及时率"],
                  rows: rows.flatMap { row in
                      months.indices.map { m -> [String] in
                          let p = m < row.points.count ? row.points[m] : Point(submitted: 0, compliant: 0, withReportDate: 0, onTime: 0)
                          return [row.name, months[m].description, "\(p.submitted)", "\(p.compliant)", Rate.percentText(p.compliance),
                                  "\(p.withReportDate)", "\(p.onTime)", Rate.percentText(p.timeliness)]
                      }
                  })
    }

    func draw(_ canvas: inout SVGCanvas, top: Double) -> Double {
        let m = ChartStyle.margin, rowHeight = 30.0, small = ChartStyle.smallFontSize
        let nameWidth = 150.0, valueWidth = textWidth("100.00%", size: small) + 6
        let columnWidth = (ChartStyle.width - 2 * m - nameWidth) / 2, sparkWidth = columnWidth - valueWidth - 12
        let floor = scaleFloor
        canvas.text("数据来源单位", x: m, y: top + 6, size: small, bold: true)
        for (c, metric) in Metric.allCases.enumerated() {
            let x = m + nameWidth + Double(c) * columnWidth
            canvas.text(metric.name, x: x, y: top + 6, size: small, bold: true)
            canvas.text("最近", x: x + sparkWidth + 6 + valueWidth, y: top + 6, size: small, anchor: .end, fill: ChartStyle.mutedText)
        }
        // Names of one city's agencies share a start (保定市…): drawn without it, so that what
        // tells them apart fits; the table keeps the whole names.
        let shared = sharedPrefix
        canvas.text("纵轴 \(floor / 100)%–100%，每格一个月" + (shared.isEmpty ? "" : "；单位名称略去“\(shared)”"), x: m, y: top + 24,
                    size: small, fill: ChartStyle.mutedText)
        let y0 = top + 38
        for (r, row) in rows.enumerated() {
            let y = y0 + Double(r) * rowHeight, isTotal = r == 0 && total != nil
            canvas.group(label: row.name) { c in
                c.text(fitted(isTotal ? "合计" : String(row.name.dropFirst(shared.count)), width: nameWidth - 8, size: small),
                       x: m, y: y + rowHeight / 2, size: small, bold: isTotal)
                for (column, metric) in Metric.allCases.enumerated() {
                    let x = m + nameWidth + Double(column) * columnWidth
                    c.rect(x: x, y: y + 4, width: sparkWidth, height: rowHeight - 8, fill: ChartStyle.panel)
                    func point(_ month: Int, _ value: Int) -> (x: Double, y: Double) {
                        let fx = months.count == 1 ? 0.5 : Double(month) / Double(months.count - 1)
                        let fy = Double(value - floor) / Double(10_000 - floor)
                        return (x + 3 + (sparkWidth - 6) * fx, y + rowHeight - 7 - (rowHeight - 14) * fy)
                    }
                    // Runs of consecutive months with a value are lines; a month alone is a dot.
                    var run: [(x: Double, y: Double)] = []
                    func flush() {
                        if run.count > 1 { c.polyline(run, stroke: ClassPalette.color(.b), width: 1.5) }
                        else if let only = run.first { c.circle(x: only.x, y: only.y, radius: 2, fill: ClassPalette.color(.b)) }
                        run = []
                    }
                    for month in months.indices {
                        if let v = value(row, month, metric) { run.append(point(month, v)) } else { flush() }
                    }
                    flush()
                    let last = latest(row, metric)
                    if let last { c.circle(x: point(last.month, last.value).x, y: point(last.month, last.value).y, radius: 2.5, fill: ChartStyle.text) }
                    c.text(last.map { Rate.text($0.value) } ?? "-", x: x + sparkWidth + 6 + valueWidth, y: y + rowHeight / 2, size: small,
                           anchor: .end, bold: isTotal)
                }
            }
        }
        return y0 + Double(rows.count) * rowHeight
    }
}

extension Rate {
    /// `98.50%` from hundredths of a percent.
    static func text(_ hundredths: Int) -> String {
        "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)%"
    }

    /// `98.50%`, or `-` when nothing was counted.
    static func percentText(_ rate: Rate) -> String { rate.basisPointsOfPercent == nil ? "-" : rate.description + "%" }
}
