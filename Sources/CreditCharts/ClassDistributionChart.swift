import CreditCore

/// Enterprises per class A–D: one bar per class, its count and share.
public struct ClassDistributionChart: Sendable, Hashable {
    public var title: String
    public var note: String?
    /// Enterprises per class; a class not present counts 0.
    public var counts: [RiskClass: Int]

    /// - Parameters:
    ///   - counts: enterprises per class.
    ///   - title: the chart's title.
    ///   - note: a line under the title, e.g. the run and its as-of date.
    public init(counts: [RiskClass: Int], title: String = "企业信用风险分类分布", note: String? = nil) {
        self.counts = counts; self.title = title; self.note = note
    }

    var total: Int { RiskClass.allCases.reduce(0) { $0 + count($1) } }
    func count(_ riskClass: RiskClass) -> Int { max(0, counts[riskClass] ?? 0) }
}

extension ClassDistributionChart: ChartBody {
    static let kind = "classes"
    var isEmpty: Bool { total == 0 }

    var summary: String {
        let parts = RiskClass.allCases.map { "\(ClassPalette.fullLabel($0)) \(count($0)) 家（\(percent(count($0), of: total))）" }
        return "共 \(total) 家企业：" + parts.joined(separator: "，") + "。"
    }

    var table: DataTable {
        DataTable(caption: title, columns: ["类别", "企业数", "占比"],
                  rows: RiskClass.allCases.map { [ClassPalette.fullLabel($0), "\(count($0))", percent(count($0), of: total)] }
                      + [["合计", "\(total)", total == 0 ? "-" : "100.00%"]])
    }

    func draw(_ canvas: inout SVGCanvas, top: Double) -> Double {
        let m = ChartStyle.margin, rowHeight = 34.0, barHeight = 22.0
        let labels = RiskClass.allCases.map { "\(count($0)) 家 \(percent(count($0), of: total))" }
        let labelWidth = 60.0, valueWidth = (labels.map { textWidth($0) }.max() ?? 0) + 8
        let x0 = m + labelWidth, barSpace = ChartStyle.width - m - x0 - valueWidth
        let largest = RiskClass.allCases.map(count).max() ?? 0
        for (i, riskClass) in RiskClass.allCases.enumerated() {
            let y = top + Double(i) * rowHeight, n = count(riskClass)
            let width = largest == 0 ? 0 : barSpace * Double(n) / Double(largest)
            canvas.group(label: "\(ClassPalette.fullLabel(riskClass))：\(labels[i])") { c in
                c.text(ClassPalette.shortLabel(riskClass), x: m, y: y + barHeight / 2, bold: true)
                c.rect(x: x0, y: y, width: max(width, n > 0 ? 1 : 0), height: barHeight, fill: ClassPalette.color(riskClass))
                c.text(labels[i], x: x0 + max(width, 1) + 6, y: y + barHeight / 2)
            }
        }
        return top + 4 * rowHeight - (rowHeight - barHeight)
    }
}
