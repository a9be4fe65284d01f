import CreditCharts
import CreditCore
import CreditRules
import CreditSampling
import GRDB

// The charts' data from what the store and the core compute: one place, for the command
// line and the server alike.

extension ClassCounts {
    /// The counts keyed by class, as the charts take them.
    var byClass: [RiskClass: Int] { Dictionary(uniqueKeysWithValues: RiskClass.allCases.map { ($0, self[$0]) }) }
}

extension ClassificationRunSummary {
    /// `第 3 次分类 · 基准日 2026-11-27 · 规则 henan-2023 1.2` (`试算` for a run not stored).
    var chartNote: String {
        (runID.map { "第 \($0) 次分类" } ?? "试算") + " · 基准日 \(asOf) · 规则版本 \(rulesetVersion)"
    }
}

extension ClassDistributionChart {
    /// Enterprises per class in a classification run.
    public init(_ summary: ClassificationRunSummary) {
        self.init(counts: summary.counts.byClass, note: summary.chartNote)
    }
}

extension RegionClassChart {
    /// Enterprises per class and 行政区划 in a run, in code order, labelled by `regionName`
    /// (the code itself by default; `竞秀区（130602）` with the names of `Rules/code-names.yaml`).
    public init(_ summary: ClassificationRunSummary, regionName: (String) -> String = { $0 }) {
        self.init(regions: summary.byRegion.keys.sorted().map { RegionClassChart.Region(label: regionName($0), counts: summary.byRegion[$0]!.byClass) },
                  note: summary.chartNote)
    }
}

extension MigrationHeatmap {
    /// The migration matrix of a what-if comparison.
    /// - Parameter note: the two rule sets compared.
    public init(_ migration: ClassMigration, note: String?) {
        self.init(matrix: migration.matrix, note: note)
    }
}

extension ClassHistoryChart {
    /// An enterprise's class in each stored run.
    public init(name: String, uscc: String, history: [StoredClassification]) {
        self.init(name: name, uscc: uscc, runs: history.map {
            Run(runID: $0.runID, asOf: $0.asOf, riskClass: $0.riskClass, score: $0.score, overrides: $0.overrides)
        })
    }
}

extension InspectionChanceChart {
    /// The chance of inspection within 12 months per class, from a plan preview.
    /// - Parameter asOf: the date of the frame the preview counted.
    public init(_ preview: PlanPreview, asOf: CalendarDate) {
        self.init(lines: preview.classes.compactMap { line in
            RiskClass(rawValue: line.riskClass).map {
                Line(riskClass: $0, rate: DecimalRate(line.rate)?.percentText ?? line.rate, frame: line.frame, eligible: line.eligible, tasks: line.tasks,
                     chanceWithin12Months: line.chanceWithin12Months)
            }
        }, note: "抽查计划 \(preview.planID) · 名录截至 \(asOf)")
    }
}

extension DecimalRate {
    /// The rate in percent, exactly: `0.01` → `1%`, `0.015` → `1.5%`.
    var percentText: String {
        // The denominator is a power of ten, so the division ends.
        var remainder = numerator * 100 % denominator, text = "\(numerator * 100 / denominator)"
        if remainder != 0 { text += "." }
        while remainder != 0 {
            remainder *= 10
            text += "\(remainder / denominator)"
            remainder %= denominator
        }
        return text + "%"
    }
}

extension QualityTrendChart {
    /// 合规率 and 归集及时率 per agency and month.
    public init(_ series: QualitySeries) {
        func point(_ row: QualityReport.Row?) -> Point {
            Point(submitted: row?.submitted ?? 0, compliant: row?.compliant ?? 0, withReportDate: row?.withReportDate ?? 0,
                  onTime: row?.onTime ?? 0)
        }
        let agencies = series.agencies.map { name in
            Agency(name: name, points: series.months.map { month in point(month.rows.first { $0.sourceUnit == name }) })
        }
        self.init(months: series.months.compactMap { CalendarMonth($0.month) },
                  total: Agency(name: "合计", points: series.months.map { point($0.totals) }), agencies: agencies)
    }
}

extension ClassificationRunner {
    /// An enterprise's class history as a chart; nil when it is not in the register.
    public func historyChart(_ uscc: String) throws -> ClassHistoryChart? {
        guard let name = try database.writer.read({ db in
            try String.fetchOne(db, sql: "SELECT name FROM enterprise WHERE uscc = ?", arguments: [uscc])
        }) else { return nil }
        return ClassHistoryChart(name: name, uscc: uscc, history: try history(uscc))
    }
}
