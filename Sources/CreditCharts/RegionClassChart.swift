import CreditCore

/// Class shares per 行政区划: one 100 % stacked bar per region, A to D from left to right,
/// with the region's enterprise count at the end, so regions of any size compare by mix.
public struct RegionClassChart: Sendable, Hashable {
    public struct Region: Sendable, Hashable {
        /// The region as shown: its name, or its 6-digit code.
        public var label: String
        public var counts: [RiskClass: Int]
        public init(label: String, counts: [RiskClass: Int]) { self.label = label; self.counts = counts }

        func count(_ riskClass: RiskClass) -> Int { max(0, counts[riskClass] ?? 0) }
        var total: Int { RiskClass.allCases.reduce(0) { $0 + count($1) } }
    }

    public var title: String
    public var note: String?
    /// In the order drawn.
    public var regions: [Region]

    /// - Parameters:
    ///   - regions: per region the enterprises per class, in the order to draw.
    ///   - title: the chart's title.
    ///   - note: a line under the title, e.g. the run and its as-of date.
    public init(regions: [Region], title: String = "各行政区划企业信用风险分类", note: String? = nil) {
        self.regions = regions; self.title = title; self.note = note
    }
}

extension RegionClassChart: ChartBody {
    static let kind = "regions"
    var isEmpty: Bool { regions.allSatisfy { $0.total == 0 } }

    var summary: String {
        let total = regions.reduce(0) { $0 + $1.total }
        var text = "\(regions.count) 个行政区划，共 \(total) 家企业。"
        let counted = regions.filter { $0.total > 0 }
        // The region with the largest share of C and D (cross-multiplied: exact, no rounding).
        if let worst = counted.max(by: { ($0.count(.c) + $0.count(.d)) * $1.total < ($1.count(.c) + $1.count(.d)) * $0.total }) {
            text += "C、D 类占比最高的是 \(worst.label)（\(percent(worst.count(.c) + worst.count(.d), of: worst.total))）。"
        }
        return text
    }

    var table: DataTable {
        DataTable(caption: title, columns: ["行政区划"] + RiskClass.allCases.map(ClassPalette.shortLabel) + ["合计", "C、D 类占比"],
                  rows: regions.map { region in
                      [region.label] + RiskClass.allCases.map { "\(region.count($0))" }
                          + ["\(region.total)", percent(region.count(.c) + region.count(.d), of: region.total)]
                  })
    }

    func draw(_ canvas: inout SVGCanvas, top: Double) -> Double {
        let m = ChartStyle.margin, rowHeight = 26.0, barHeight = 18.0
        // Legend.
        var x = m
        for riskClass in RiskClass.allCases {
            canvas.rect(x: x, y: top, width: 12, height: 12, fill: ClassPalette.color(riskClass))
            canvas.text(ClassPalette.shortLabel(riskClass), x: x + 16, y: top + 6, size: ChartStyle.smallFontSize)
            x += 16 + textWidth(ClassPalette.shortLabel(riskClass), size: ChartStyle.smallFontSize) + 14
        }
        let totals = regions.map { "共 \($0.total)" }
        // Room for a county name with its code, `高碑店市（130684）`.
        let labelWidth = min(150, (regions.map { textWidth($0.label, size: ChartStyle.smallFontSize) }.max() ?? 0) + 8)
        let totalWidth = (totals.map { textWidth($0, size: ChartStyle.smallFontSize) }.max() ?? 0) + 8
        let x0 = m + labelWidth, barWidth = ChartStyle.width - m - x0 - totalWidth
        let y0 = top + 24
        for (i, region) in regions.enumerated() {
            let y = y0 + Double(i) * rowHeight
            let parts = RiskClass.allCases.map { "\($0.rawValue) \(region.count($0))" }.joined(separator: "，")
            canvas.group(label: "\(region.label)：\(parts)，共 \(region.total) 家") { c in
                c.text(fitted(region.label, width: labelWidth - 8, size: ChartStyle.smallFontSize), x: m, y: y + barHeight / 2,
                       size: ChartStyle.smallFontSize)
                if region.total == 0 {
                    c.rect(x: x0, y: y, width: barWidth, height: barHeight, fill: ChartStyle.panel, stroke: ChartStyle.gridLine)
                }
                // Segment edges from cumulative counts, so the segments always fill the bar exactly.
                var before = 0
                for riskClass in RiskClass.allCases where region.total > 0 {
                    let n = region.count(riskClass)
                    let left = x0 + barWidth * Double(before) / Double(region.total)
                    let right = x0 + barWidth * Double(before + n) / Double(region.total)
                    before += n
                    guard n > 0 else { continue }
                    c.rect(x: left, y: y, width: right - left, height: barHeight, fill: ClassPalette.color(riskClass))
                    let share = wholePercent(n, of: region.total)
                    if right - left >= textWidth(share, size: ChartStyle.smallFontSize) + 6 {
                        c.text(share, x: (left + right) / 2, y: y + barHeight / 2, size: ChartStyle.smallFontSize, anchor: .middle,
                               fill: "#ffffff")
                    }
                }
                c.text(totals[i], x: ChartStyle.width - m, y: y + barHeight / 2, size: ChartStyle.smallFontSize, anchor: .end,
                       fill: ChartStyle.mutedText)
            }
        }
        return y0 + Double(regions.count) * rowHeight - (rowHeight - barHeight)
    }
}
