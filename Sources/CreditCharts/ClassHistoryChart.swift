import CreditCore

/// An enterprise's class in every stored classification run: a timeline with one lane per
/// class (D, the riskiest, on top), a point per run at its class with the score above it, and
/// a step line between runs (a class holds until the next run).
public struct ClassHistoryChart: Sendable, Hashable {
    public struct Run: Sendable, Hashable {
        public var runID: Int64
        /// The date the run classified for (its as-of date).
        public var asOf: CalendarDate
        public var riskClass: RiskClass
        public var score: Int
        /// Direct assignments (overrides) that set the class, if any.
        public var overrides: [String]

        public init(runID: Int64, asOf: CalendarDate, riskClass: RiskClass, score: Int, overrides: [String] = []) {
            self.runID = runID; self.asOf = asOf; self.riskClass = riskClass; self.score = score; self.overrides = overrides
        }
    }

    public var title: String
    public var note: String?
    /// The runs; drawn by as-of date, then run.
    public var runs: [Run]

    /// - Parameters:
    ///   - name: the enterprise's name, for the title.
    ///   - uscc: its 统一社会信用代码, for the note.
    ///   - runs: its class in each run, any order.
    public init(name: String, uscc: String, runs: [Run]) {
        title = "\(name) 信用风险分类历史"
        note = "统一社会信用代码 \(uscc)"
        self.runs = runs
    }

    var ordered: [Run] { runs.sorted { ($0.asOf, $0.runID) < ($1.asOf, $1.runID) } }
}

extension ClassHistoryChart: ChartBody {
    static let kind = "history"
    var isEmpty: Bool { runs.isEmpty }

    var summary: String {
        let runs = ordered
        guard let first = runs.first, let last = runs.last else { return "\(title)：无数据。" }
        let changes = zip(runs, runs.dropFirst()).filter { $0.riskClass != $1.riskClass }.count
        if runs.count == 1 {
            return "共 1 次分类：\(first.asOf) 为 \(first.riskClass.rawValue) 类（\(ClassPalette.fullLabel(first.riskClass).dropFirst(2))，风险分 \(first.score)）。"
        }
        return "共 \(runs.count) 次分类：最早 \(first.asOf) 为 \(first.riskClass.rawValue) 类（风险分 \(first.score)），"
            + "最近 \(last.asOf) 为 \(last.riskClass.rawValue) 类（风险分 \(last.score)）；其间类别变化 \(changes) 次。"
    }

    var table: DataTable {
        DataTable(caption: title, columns: ["分类基准日", "分类运行", "类别", "风险分", "直接判定"],
                  rows: ordered.map { run in
                      [run.asOf.description, "\(run.runID)", ClassPalette.fullLabel(run.riskClass), "\(run.score)",
                       run.overrides.isEmpty ? "无" : run.overrides.joined(separator: "、")]
                  })
    }

    func draw(_ canvas: inout SVGCanvas, top: Double) -> Double {
        let m = ChartStyle.margin, laneHeight = 34.0, labelWidth = 58.0
        let x0 = m + labelWidth + 14, x1 = ChartStyle.width - m - 36
        let runs = ordered
        func laneY(_ riskClass: RiskClass) -> Double { top + 10 + Double(3 - riskClass.rank) * laneHeight + laneHeight / 2 }
        for riskClass in RiskClass.allCases {
            let y = laneY(riskClass)
            canvas.text(ClassPalette.shortLabel(riskClass), x: m, y: y, fill: ClassPalette.color(riskClass), bold: true)
            canvas.line(x1: x0 - 8, y1: y, x2: x1 + 8, y2: y, stroke: ChartStyle.gridLine)
        }
        let xs = runs.indices.map { i in runs.count == 1 ? (x0 + x1) / 2 : x0 + (x1 - x0) * Double(i) / Double(runs.count - 1) }
        // Step line: the class holds until the next run.
        var points: [(x: Double, y: Double)] = []
        for (i, run) in runs.enumerated() {
            if let previous = points.last { points.append((xs[i], previous.y)) }
            points.append((xs[i], laneY(run.riskClass)))
        }
        if points.count > 1 { canvas.polyline(points, stroke: ChartStyle.mutedText, width: 2) }
        // Scores above the points: every one when few runs, else the first, the last and each change.
        for (i, run) in runs.enumerated() {
            let y = laneY(run.riskClass)
            let tip = "\(run.asOf) 第 \(run.runID) 次分类：\(ClassPalette.fullLabel(run.riskClass))，风险分 \(run.score)"
                + (run.overrides.isEmpty ? "" : "，直接判定 \(run.overrides.joined(separator: "、"))")
            canvas.circle(x: xs[i], y: y, radius: 6, fill: ClassPalette.color(run.riskClass), stroke: "#ffffff", tooltip: tip)
            let changed = i > 0 && runs[i - 1].riskClass != run.riskClass
            if runs.count <= 12 || i == 0 || i == runs.count - 1 || changed {
                canvas.text("\(run.score)", x: xs[i], y: y - 15, size: ChartStyle.smallFontSize, anchor: .middle)
            }
        }
        // Dates under the lanes: as many as fit 84 units apart, always the first and the last.
        let axisY = top + 10 + 4 * laneHeight + 14
        for i in Self.labelled(count: runs.count, fitting: Int((x1 - x0) / 84) + 1) {
            canvas.text(runs[i].asOf.description, x: xs[i], y: axisY, size: ChartStyle.smallFontSize, anchor: .middle,
                        fill: ChartStyle.mutedText)
        }
        return axisY + 8
    }

    /// Indices to label among `count` evenly spaced points when at most `fitting` labels fit:
    /// every `step`-th from the first, and the last in place of the one before it (closer than a step).
    static func labelled(count: Int, fitting: Int) -> [Int] {
        guard count > 0 else { return [] }
        let step = max(1, (count - 1 + max(1, fitting - 1) - 1) / max(1, fitting - 1))
        var indices = Array(stride(from: 0, to: count, by: step))
        if indices.last != count - 1 {
            if indices.count > 1 { indices.removeLast() }
            indices.append(count - 1)
        }
        return indices
    }
}
