import ArgumentParser
import CreditCore
import CreditIngest
import CreditRepair
import CreditStore
import Foundation

extension DrawCommand {
    struct Results: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Inspection results: import them (they become 行政检查 records) and publish results.csv/results.html.",
            subcommands: [Import.self, Publish.self])

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import a results CSV (抽查编号, 统一社会信用代码, 检查结果, 检查日期, 执法证号) and republish each draw's results.")
            @OptionGroup var options: DatabaseOptions
            @Argument(help: "The results CSV file.") var file: String
            @Option(help: "Where to write results.csv and results.html (default: draws/ID/public).") var out: String?
            @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

            func run() throws {
                let database = try options.open()
                let report = try DrawResults(database: database).importFile(file, knownAt: .now, actor: "cli")
                try printListing(ImportCommand.fileTable(report.files), json: ImportJSON(files: report.files, errors: report.errors, warnings: report.warnings),
                                 format: format)
                if format != .json { for e in report.errors { printError("\(e)") } }
                for id in try DrawResults(database: database).drawsWithResults() { try Publish.publish(id, database: database, rules: options.rulesDirectory, out: out, quiet: format != .table) }
                if report.hasRejections { throw exitRejectedInput }
            }
        }

        struct Publish: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Write a draw's results.csv and results.html (一公开) with deadlines.")
            @OptionGroup var options: DatabaseOptions
            @Argument(help: "Draw id.") var id: String
            @Option(help: "Output directory (default: draws/ID/public).") var out: String?

            func run() throws { try Self.publish(id, database: try options.open(), rules: options.rulesDirectory, out: out, quiet: false) }

            static func publish(_ id: String, database: CreditDatabase, rules: RulesDirectory, out: String?, quiet: Bool) throws {
                let today = Timestamp.now.chinaDate
                let results: [PublishedResult]
                // Code order: the tasks' own order follows their tickets, which rank the classes.
                do { results = try DrawResults(database: database).publication(drawID: id, calendar: try rules.calendar(), today: today).sorted { $0.uscc < $1.uscc } }
                catch let error as DrawError { throw CLIError(error.description) }
                let directory = out ?? "draws/\(id)/public"
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                // With a BOM: Excel on Chinese Windows reads a CSV without one as GBK and garbles it.
                var csv = "\u{FEFF}" + csvLine(["抽查编号", "统一社会信用代码", "企业名称", "检查类型", "检查事项", "检查机关", "检查完成日期", "检查结果", "公示截止日期", "截止日期暂定", "状态"]) + "\n"
                for r in results {
                    csv += csvLine([r.drawID, r.uscc, r.name, r.kind, r.item, r.agency, r.finishedOn?.description ?? "", r.result ?? "",
                                    r.deadline?.description ?? "", r.deadline == nil ? "" : r.deadlineProvisional ? "是" : "否", r.status]) + "\n"
                }
                try Data(csv.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent("results.csv"))
                try Data(ResultsPage.html(drawID: id, results: results, today: today).utf8)
                    .write(to: URL(fileURLWithPath: directory).appendingPathComponent("results.html"))
                if !quiet {
                    let overdue = results.filter { $0.status == "逾期公示" }.count
                    let done = results.filter { $0.finishedOn != nil }.count
                    print("published \(directory)/results.csv and results.html: \(done) of \(results.count) tasks done, \(overdue) past the 20-working-day deadline")
                }
            }
        }
    }
}

/// The public results page (一公开): plain HTML, no script, printable.
enum ResultsPage {
    static func html(drawID: String, results: [PublishedResult], today: CalendarDate) -> String {
        let rows = results.map { r in
            let cls = r.status == "逾期公示" ? " class=\"overdue\"" : ""
            return "<tr\(cls)><td>\(escapedMarkup(r.name))</td><td>\(r.uscc)</td><td>\(r.kind)</td><td>\(escapedMarkup(r.item))</td><td>\(escapedMarkup(r.agency))</td>"
                + "<td>\(r.finishedOn?.chinese ?? "—")</td><td>\(escapedMarkup(r.result ?? "检查中"))</td><td>\(r.deadlineText ?? "—")</td><td>\(r.status)</td></tr>"
        }.joined(separator: "\n")
        return """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>双随机抽查结果公示 \(escapedMarkup(drawID))</title>
        <style>
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em; color: #222; }
        h1 { font-size: 1.4em; } table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
        th, td { border: 1px solid #bbb; padding: 0.35em 0.5em; text-align: left; } th { background: #f0f0f0; }
        tr.overdue td { background: #fff1f0; } .note { color: #555; font-size: 0.85em; }
        </style></head><body>
        <h1>“双随机、一公开”抽查检查结果公示（抽查编号 \(escapedMarkup(drawID))）</h1>
        <p class="note">依据国市监信〔2019〕38号，抽查检查结果自检查结束之日起20个工作日内通过国家企业信用信息公示系统向社会公示。生成日期：\(today.chinese)。标注“暂定”的截止日期所在年度尚无国务院办公厅放假安排，按《全国年节及纪念日放假办法》规定的法定节假日推算。抽取过程可复核：见本批次公示的 receipt.json 与抽取说明。</p>
        <table><thead><tr><th>企业名称</th><th>统一社会信用代码</th><th>检查类型</th><th>检查事项</th><th>检查机关</th><th>检查完成日期</th><th>检查结果</th><th>公示截止日期</th><th>状态</th></tr></thead>
        <tbody>
        \(rows)
        </tbody></table></body></html>
        """
    }
}
