import CreditCore

/// Per class, the chance that an enterprise is inspected at least once in the next 12 monthly
/// draws under the sampling plan, 1 − (1 − rate)^12: bars on a 0–100 % axis.
public struct InspectionChanceChart: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var riskClass: RiskClass
        /// The monthly rate as the plan writes it (`3%`).
        public var rate: String
        /// Enterprises of the class in the frame, and eligible this month.
        public var frame: Int
        public var eligible: Int
        /// Tasks this month.
        public var tasks: Int
        /// 0…1.
        public var chanceWithin12Months: Double

        public init(riskClass: RiskClass, rate: String, frame: Int, eligible: Int, tasks: Int, chanceWithin12Months: Double) {
            self.riskClass = riskClass; self.rate = rate; self.frame = frame; self.eligible = eligible; self.tasks = tasks
            self.chanceWithin12Months = chanceWithin12Months
        }

        /// The chance in tenths of a percent, rounded half away from zero: 0…1000.
        var permille: Int {
            guard chanceWithin12Months.isFinite else { return 0 }
            return Int((chanceWithin12Months * 1000).rounded()).clamped(to: 0...1000)
        }

        /// `11.4%`.
        var chanceText: String { "\(permille / 10).\(permille % 10)%" }
    }

    public var title: String
    public var note: String?
    public var lines: [Line]

    /// - Parameters:
    ///   - lines: one per class, in the order to draw.
    ///   - title: the chart's title.
    ///   - note: a line under the title, e.g. the plan and its source.
    public init(lines: [Line], title: String = "12个月内至少被抽查一次的概率", note: String? = nil) {
        self.lines = lines; self.title = title; self.note = note
    }
}

extension InspectionChanceChart: ChartBody {
    static let kind = "inspection"
    var isEmpty: Bool { lines.isEmpty }

    var summary: String {
        "按抽查计划，一家企业在12个月内至少被抽查一次的概率："
            + lines.map { "\(ClassPalette.fullLabel($0.riskClass)) \($0.chanceText)（每月抽查比例 \($0.rate)）" }.joined(separator: "，") + "。"
    }

    var table: DataTable {
        DataTable(caption: title, columns: ["类别", "每月抽查比例", "名录企业", "可抽企业", "本月任务", "12个月内至少被抽查一次的概率"],
                  rows: lines.map { [ClassPalette.fullLabel($0.riskClass), $0.rate, "\($0.frame)", "\($0.eligible)", "\($0.tasks)", $0.chanceText] })
    }

    func draw(_ canvas: inout SVGCanvas, top: Double) -> Double {
        let m = ChartStyle.margin, rowHeight = 34.0, barHeight = 22.0
        let values = lines.map { "\($0.chanceText)（每月 \($0.rate)）" }
        let valueWidth = (values.map { textWidth($0, size: ChartStyle.smallFontSize) }.max() ?? 0) + 8
        let x0 = m + 60, axisWidth = ChartStyle.width - m - x0 - valueWidth
        let y0 = top + 20, bottom = y0 + Double(lines.count) * rowHeight - (rowHeight - barHeight)
        for tick in stride(from: 0, through: 100, by: 25) {
            let x = x0 + axisWidth * Double(tick) / 100
            canvas.line(x1: x, y1: y0 - 4, x2: x, y2: bottom, stroke: ChartStyle.gridLine, dashed: tick != 0)
            canvas.text("\(tick)%", x: x, y: top + 6, size: ChartStyle.smallFontSize, anchor: .middle, fill: ChartStyle.mutedText)
        }
        for (i, line) in lines.enumerated() {
            let y = y0 + Double(i) * rowHeight, width = axisWidth * Double(line.permille) / 1000
            canvas.group(label: "\(ClassPalette.fullLabel(line.riskClass))：\(values[i])") { c in
                c.text(ClassPalette.shortLabel(line.riskClass), x: m, y: y + barHeight / 2, bold: true)
                c.rect(x: x0, y: y, width: max(width, 1), height: barHeight, fill: ClassPalette.color(line.riskClass))
                c.text(values[i], x: x0 + max(width, 1) + 6, y: y + barHeight / 2, size: ChartStyle.smallFontSize)
            }
        }
        return bottom
    }
}
