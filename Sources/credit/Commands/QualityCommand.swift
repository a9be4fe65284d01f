import ArgumentParser
import CreditCharts
import CreditCore
import CreditRepair
import CreditStore
import Foundation

struct QualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "数据质量报告: per reporting unit and category, 合规率 and 归集及时率 (7 working days).")

    @OptionGroup var options: DatabaseOptions

    @Option(help: "Only records decided in this month (YYYY-MM).")
    var month: String?

    @Option(help: "With --to: the series of months from this one (YYYY-MM), per 数据来源单位.")
    var from: String?

    @Option(help: "With --from: the last month of the series (YYYY-MM).")
    var to: String?

    @Option(help: "Write the series (--from/--to, or the one --month) as an SVG chart to FILE.")
    var chart: String?

    @Flag(help: "Also list every late record.")
    var details = false

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    func validate() throws {
        for (name, value) in [("--month", month), ("--from", from), ("--to", to)] {
            if let value, CalendarMonth(value) == nil { throw ValidationError("\(name) '\(value)' is not YYYY-MM") }
        }
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
        if from != nil, month != nil { throw ValidationError("--month or --from/--to, not both") }
        if from != nil, details { throw ValidationError("--details lists one month's late records: use it with --month") }
        if chart != nil, from == nil, month == nil { throw ValidationError("--chart needs the months: --from and --to, or --month") }
        if let from, let to, let first = CalendarMonth(from), let last = CalendarMonth(to) {
            do { _ = try QualitySeries.months(from: first, to: last) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        let database = try options.open()
        let calendar = try options.rulesDirectory.calendar()
        if let first = (from ?? month).flatMap(CalendarMonth.init), let last = (to ?? month).flatMap(CalendarMonth.init) {
            let series = try QualitySeries.read(database, from: first, to: last, calendar: calendar)
            if let chart { try writeChart(.quality(QualityTrendChart(series)), to: chart) }
            if from != nil { return try printSeries(series) }
        }
        var report = try QualityReport.read(database, month: month.flatMap(CalendarMonth.init), calendar: calendar, details: details)
        if details {
            report.declaredEndDisagreements = try RepairStore(database: database, rules: try options.rulesDirectory.repairRules())
                .declaredEndDisagreements(month: month.flatMap(CalendarMonth.init))
        }
        switch format {
        case .json: try printJSON(report)
        case .csv:
            print("\u{FEFF}" + csvLine(["source_unit", "category", "submitted", "compliant", "compliance_rate", "with_report_date",
                           "on_time", "timeliness_rate", "duplicates", "uscc_errors"]))
            for r in report.rows + [report.totals] {
                print(csvLine([r.sourceUnit ?? "合计", r.category ?? "", "\(r.submitted)", "\(r.compliant)",
                               r.complianceRate.description, "\(r.withReportDate)", "\(r.onTime)",
                               r.timelinessRate.description, "\(r.duplicates)", "\(r.usccErrors)"]))
            }
            if let late = report.late {
                print("")
                print(csvLine(["source_unit", "category", "document_no", "decision_date", "report_date", "deadline", "working_days_taken", "provisional"]))
                for l in late {
                    print(csvLine([l.sourceUnit, l.category, l.documentNumber, l.decisionDate.description,
                                   l.reportDate.description, l.deadline.description, "\(l.workingDaysTaken)", l.provisional ? "true" : "false"]))
                }
            }
            if let disagreements = report.declaredEndDisagreements, !disagreements.isEmpty {
                print("")
                print(csvLine(["source_unit", "agency", "document_no", "uscc", "decision_date", "declared_end", "computed_end", "start_basis"]))
                for d in disagreements {
                    print(csvLine([d.sourceUnit, d.agency, d.documentNumber, d.uscc, d.decisionDate.description, d.declaredEnd.description,
                                   d.computedEnd?.description ?? "", d.startBasis?.rawValue ?? ""]))
                }
            }
        case .table:
            var table = TextTable(["数据来源单位", "类别", "报送", "合规", "合规率%", "有上报日期", "及时", "及时率%", "重复", "代码错误"],
                                  rightAligned: [2, 3, 4, 5, 6, 7, 8, 9])
            for r in report.rows + [report.totals] {
                table.add([r.sourceUnit ?? "合计", r.category.flatMap(RecordCategory.init(rawValue:))?.chineseName ?? "",
                           "\(r.submitted)", "\(r.compliant)", r.complianceRate.description, "\(r.withReportDate)",
                           "\(r.onTime)", r.timelinessRate.description, "\(r.duplicates)", "\(r.usccErrors)"])
            }
            if let month = report.month { print("月份 \(month)") }
            print(table.render())
            if report.provisionalDeadlines > 0 {
                print("注：\(report.provisionalDeadlines) 条记录的7个工作日时限跨入 \(report.provisionalYears.map(String.init).joined(separator: "、")) 年，"
                      + "该年度尚无国务院办公厅放假安排，按《全国年节及纪念日放假办法》法定节假日推算，及时与否为暂定。")
            }
            if let late = report.late, !late.isEmpty {
                print("\n迟报记录 (late records): \(late.count)")
                var lateTable = TextTable(["数据来源单位", "类别", "决定文书号", "决定日期", "上报日期", "截止日期", "工作日"], rightAligned: [6])
                for l in late {
                    lateTable.add([l.sourceUnit, RecordCategory(rawValue: l.category)?.chineseName ?? l.category, l.documentNumber,
                                   l.decisionDate.description, l.reportDate.description, l.deadline.description + (l.provisional ? "（暂定）" : ""),
                                   "\(l.workingDaysTaken)"])
                }
                print(lateTable.render())
            }
            if let disagreements = report.declaredEndDisagreements, !disagreements.isEmpty {
                print("\n公示截止期与依法计算不一致 (declared 公示截止期 ≠ computed; notices and reports use the computed date): \(disagreements.count)")
                var table = TextTable(["数据来源单位", "决定文书号", "统一社会信用代码", "决定日期", "导出截止期", "依法计算", "起算"])
                for d in disagreements {
                    table.add([d.sourceUnit, d.documentNumber, d.uscc, d.decisionDate.description, d.declaredEnd.description,
                               d.computedEnd?.description ?? "不予公示", d.startBasis.map { $0 == .publicationDate ? "公示日期" : "决定日期" } ?? "-"])
                }
                print(table.render())
            }
        }
    }

    /// Per month and agency (the total first): the chart's table, as a table, CSV or JSON.
    func printSeries(_ series: QualitySeries) throws {
        let table = Chart.quality(QualityTrendChart(series)).table
        switch format {
        case .json: try printJSON(series)
        case .csv:
            print("\u{FEFF}" + csvLine(["source_unit", "month", "submitted", "compliant", "compliance_rate", "with_report_date", "on_time", "timeliness_rate"]))
            // Rates as in the one-month CSV: a number without the percent sign.
            for row in table.rows { print(csvLine(row.enumerated().map { [4, 7].contains($0) && $1.hasSuffix("%") ? String($1.dropLast()) : $1 })) }
        case .table:
            print("月份 \(series.from) 至 \(series.to)")
            print(table.textTable(rightAligned: [2, 3, 4, 5, 6, 7]).render())
        }
    }
}
