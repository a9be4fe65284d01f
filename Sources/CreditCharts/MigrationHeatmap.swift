import CreditCore
import Foundation  // log1p

/// The what-if migration matrix as a heatmap: rows the class under the rules in force, columns
/// the class under the candidate rules. Unchanged (the diagonal) in grey, riskier moves in red,
/// less risky in green, darker for more enterprises (on a logarithmic scale, so that a few
/// movers still show next to thousands who stay).
public struct MigrationHeatmap: Sendable, Hashable {
    public var title: String
    public var note: String?
    /// matrix[old][new] by class rank (A = 0 … D = 3); missing cells count 0.
    public var matrix: [[Int]]

    /// - Parameters:
    ///   - matrix: enterprises per (old class, new class), indexed by rank.
    ///   - title: the chart's title.
    ///   - note: a line under the title, e.g. the two rule sets.
    public init(matrix: [[Int]], title: String = "规则调整前后的类别迁移", note: String? = nil) {
        self.matrix = matrix; self.title = title; self.note = note
    }

    func cell(_ old: Int, _ new: Int) -> Int {
        old < matrix.count && new < matrix[old].count ? max(0, matrix[old][new]) : 0
    }
    var total: Int { (0..<4).reduce(0) { sum, old in (0..<4).reduce(sum) { $0 + cell(old, $1) } } }
    var riskier: Int { (0..<4).reduce(0) { sum, old in (old + 1..<4).reduce(sum) { $0 + cell(old, $1) } } }
    var lessRisky: Int { (0..<4).reduce(0) { sum, old in (0..<old).reduce(sum) { $0 + cell(old, $1) } } }

    /// The fill and text colours of a cell: white for 0, else the hue of its kind of move, from
    /// pale (one enterprise) to full (the largest cell of that kind); the text black or white,
    /// whichever contrasts more (at least 4.5:1).
    func colors(_ old: Int, _ new: Int) -> (fill: String, text: String) {
        let n = cell(old, new)
        guard n > 0 else { return (ChartStyle.background, ChartStyle.mutedText) }
        let kind = (0..<4).flatMap { o in (0..<4).map { (o, $0) } }.filter { Self.direction($0.0, $0.1) == Self.direction(old, new) }
        let largest = kind.map { cell($0.0, $0.1) }.max() ?? n
        let fill = Self.ramp(Self.direction(old, new), fraction: Self.logFraction(n, of: largest))
        return (fill.hex, fill.textColor.hex)
    }

    /// -1 less risky, 0 unchanged, 1 riskier.
    static func direction(_ old: Int, _ new: Int) -> Int { new == old ? 0 : (new > old ? 1 : -1) }

    /// log(1 + n) / log(1 + largest), from 0.15 (so one enterprise still shows) to 1.
    static func logFraction(_ n: Int, of largest: Int) -> Double {
        guard largest > 1 else { return 1 }
        return 0.15 + 0.85 * log1p(Double(n - 1)) / log1p(Double(largest - 1))
    }

    static func ramp(_ direction: Int, fraction: Double) -> RGB {
        let full = RGB(hex: direction == 0 ? "#455a64" : (direction > 0 ? ClassPalette.color(.d) : ClassPalette.color(.a)))!
        return RGB.white.mixed(with: full, fraction.clamped(to: 0...1))
    }
}

extension MigrationHeatmap: ChartBody {
    static let kind = "migration"
    var isEmpty: Bool { total == 0 }

    var summary: String {
        var text = "共 \(total) 家企业，\(riskier + lessRisky) 家改变类别：风险升高 \(riskier) 家，风险降低 \(lessRisky) 家。"
        let moves = (0..<4).flatMap { o in (0..<4).map { (o, $0) } }.filter { $0.0 != $0.1 && cell($0.0, $0.1) > 0 }
        if let largest = moves.max(by: { cell($0.0, $0.1) < cell($1.0, $1.1) }) {
            text += "最多的是由 \(RiskClass(rank: largest.0).rawValue) 类变为 \(RiskClass(rank: largest.1).rawValue) 类，\(cell(largest.0, largest.1)) 家。"
        }
        return text
    }

    var table: DataTable {
        DataTable(caption: title, columns: ["原类别＼新类别"] + RiskClass.allCases.map(ClassPalette.shortLabel) + ["合计", "改变类别"],
                  rows: (0..<4).map { old in
                      let row = (0..<4).map { cell(old, $0) }
                      return [ClassPalette.fullLabel(RiskClass(rank: old))] + row.map(String.init)
                          + ["\(row.reduce(0, +))", "\(row.reduce(0, +) - row[old])"]
                  })
    }

    func draw(_ canvas: inout SVGCanvas, top: Double) -> Double {
        let m = ChartStyle.margin, labelWidth = 64.0, headerHeight = 40.0, cellHeight = 44.0
        let cellWidth = (ChartStyle.width - 2 * m - labelWidth) / 4
        let x0 = m + labelWidth, y0 = top + headerHeight
        canvas.text("新类别（候选规则）→", x: x0, y: top + 8, size: ChartStyle.smallFontSize, fill: ChartStyle.mutedText)
        canvas.text("原类别↓", x: m, y: top + 28, size: ChartStyle.smallFontSize, fill: ChartStyle.mutedText)
        for new in 0..<4 {
            canvas.text(ClassPalette.shortLabel(RiskClass(rank: new)), x: x0 + (Double(new) + 0.5) * cellWidth, y: top + 28,
                        anchor: .middle, bold: true)
        }
        for old in 0..<4 {
            let y = y0 + Double(old) * cellHeight
            canvas.text(ClassPalette.shortLabel(RiskClass(rank: old)), x: m, y: y + cellHeight / 2, bold: true)
            for new in 0..<4 {
                let (fill, text) = colors(old, new), x = x0 + Double(new) * cellWidth
                let label = "原 \(RiskClass(rank: old).rawValue) 类 → 新 \(RiskClass(rank: new).rawValue) 类：\(cell(old, new)) 家"
                canvas.group(label: label) { c in
                    c.rect(x: x, y: y, width: cellWidth, height: cellHeight, fill: fill, stroke: ChartStyle.gridLine)
                    c.text("\(cell(old, new))", x: x + cellWidth / 2, y: y + cellHeight / 2, anchor: .middle, fill: text, bold: old == new)
                }
            }
        }
        // Legend: the three hues.
        let legendY = y0 + 4 * cellHeight + 18
        var x = m
        for (direction, name) in [(0, "类别不变"), (1, "风险升高"), (-1, "风险降低")] {
            canvas.rect(x: x, y: legendY - 6, width: 12, height: 12, fill: Self.ramp(direction, fraction: 0.8).hex)
            canvas.text(name, x: x + 16, y: legendY, size: ChartStyle.smallFontSize)
            x += 16 + textWidth(name, size: ChartStyle.smallFontSize) + 18
        }
        canvas.text("颜色越深企业越多", x: x, y: legendY, size: ChartStyle.smallFontSize, fill: ChartStyle.mutedText)
        return legendY + 8
    }
}
