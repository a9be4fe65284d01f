import ArgumentParser
import CreditCharts
import CreditCore
import CreditRepair
import CreditRules
import CreditStore
import Foundation

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "An enterprise's class, score and why: contributions with their basis, and what would change the class.",
        aliases: ["explain"])

    @OptionGroup var options: DatabaseOptions
    @Argument(help: "统一社会信用代码") var uscc: String
    @Option(name: .customLong("as-of"), help: "Classify live as of this date with the rules in force (default: the latest stored run).")
    var asOf: String?
    @Flag(help: "List the class in every stored run.") var history = false
    @Option(help: "Write the class in every stored run as an SVG timeline to FILE.") var chart: String?
    @Option(help: "Output format: table or json (csv: the contributions, or with --history the runs).") var format: OutputFormat = .table

    func run() throws {
        let code = try parseCode(uscc)
        let database = try options.open()
        let runner = ClassificationRunner(database: database, listingTerms: try options.rulesDirectory.repairRules().listingTerms)
        if let chart {
            guard let timeline = try runner.historyChart(code.rawValue) else { throw CLIError("\(code) is not in the enterprise register") }
            try writeChart(.history(timeline), to: chart)
        }
        if history {
            let runs = try runner.history(code.rawValue)
            if format == .table, runs.isEmpty { print("尚无分类批次包含 \(code)"); return }
            var table = TextTable(["批次", "基准日", "类别", "风险分", "直接判定", "分类时间"], rightAligned: [0, 3])
            for r in runs { table.add(["\(r.runID)", r.asOf.description, r.riskClass.rawValue, "\(r.score)", r.overrides.joined(separator: ","), beijing(r.createdAt)]) }
            try printListing(table, json: runs, format: format)
            return
        }
        // The stored run (reproduced exactly from its rules, as-of and knowledge cut-off), or a live classification.
        let ruleSet: LoadedRuleSet
        let date: CalendarDate
        var knownBy: Timestamp?
        var stored: StoredClassification?
        if asOf == nil, let latest = try runner.history(code.rawValue).first, let text = try runner.rulesText(run: latest.runID) {
            do { ruleSet = try LoadedRuleSet(text: text, file: "run \(latest.runID)") } catch { throw CLIError(error.description) }
            date = latest.asOf
            knownBy = Timestamp(iso: latest.knownBy)
            stored = latest
        } else {
            date = try parseAsOf(asOf)
            ruleSet = try options.rulesDirectory.classificationRules(asOf: date)
        }
        guard let (enterprise, records, result) = try runner.classifyOne(code.rawValue, ruleSet: ruleSet.rules, asOf: date, knownBy: knownBy) else {
            throw CLIError("\(code) is not in the enterprise register")
        }
        if let stored, stored.score != result.score || stored.riskClass != result.riskClass {
            printError("warning: re-classification gives \(result.riskClass.rawValue)/\(result.score), run \(stored.runID) stored \(stored.riskClass.rawValue)/\(stored.score)")
        }
        let counterfactual = Classifier(rules: ruleSet.rules).counterfactual(enterprise, records: records, asOf: date)
        let repairRules = try options.rulesDirectory.repairRules(), calendar = try options.rulesDirectory.calendar()
        // The current full records (classification reads only the fields it scores).
        let penalties = try RepairStore(database: database, rules: repairRules).reportData(uscc: code.rawValue)?.1.filter { $0.category == .penalty } ?? []
        let publication = penalties.map { repairRules.publication($0, calendar: calendar) }
        let lists = StandingView(try runner.standing(code.rawValue, knownBy: knownBy), registered: enterprise, asOf: date)
        if format == .json {
            try printJSON(EnterpriseExplanation(enterprise: enterprise, result: result, counterfactual: counterfactual, rules: ruleSet.rules, asOf: date,
                                                rulesSHA256: ruleSet.sha256, runID: stored?.runID, history: try runner.history(code.rawValue),
                                                publication: publication, lists: lists))
            return
        }
        let names = Dictionary(ruleSet.rules.indicators.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var table = TextTable(["指标", "类别", "决定文书号", "决定日期", "原始分", "衰减后", "计分", "依据"], rightAligned: [4, 5, 6])
        for c in result.contributions.sorted(by: { abs($0.points) > abs($1.points) }) {
            table.add([names[c.indicator] ?? c.indicator, c.category?.chineseName ?? "登记信息", c.documentNumber ?? "-", c.decisionDate?.description ?? "-",
                       "\(c.rawPoints)", "\(c.decayedPoints)", "\(c.points)", c.basis])
        }
        if format == .csv { printCSV(table); return }
        print("\(enterprise.name)  \(code)")
        print("类别 \(result.riskClass.chineseName)  风险分 \(result.score)  基准日 \(date)  "
              + (stored.map { "分类批次 \($0.runID)" } ?? "即时分类（未保存）") + "  规则 \(ruleSet.rules.id) \(ruleSet.rules.version)")
        if !result.overrides.isEmpty {
            let overrideNames = result.overrides.map { id in ruleSet.rules.overrides.first { $0.id == id }?.name ?? id }
            print("直接判定：\(overrideNames.joined(separator: "、"))（仅按分值为 \(result.scoreClass.rawValue) 类）")
        }
        print(table.render())
        print("\n如何改变类别：")
        for o in counterfactual.overrides {
            print("  直接判定“\(o.name)”\(o.effect)；解除方式：\(o.liftedBy)"
                  + (o.expiresOn.map { "；\($0) 起不再适用" } ?? "") + " → 解除后为 \(o.classWithout.rawValue) 类")
        }
        if counterfactual.records.isEmpty { print("  任何单条记录的修复或到期都不会改变类别") }
        for r in counterfactual.records {
            print("  \(r.category.chineseName) \(r.documentNumber) 修复或到期 → \(r.classWithout.rawValue) 类（风险分 \(r.scoreWithout)）")
        }
        if let on = counterfactual.changesOn, let then = counterfactual.classThen {
            print("  如无新记录，将于 \(on) 变为 \(then.rawValue) 类（分值衰减、计分期届满）")
        } else {
            print("  如无新记录，今后 5 年内类别不变")
        }
        QueryCommand.printPublication(publication)
        QueryCommand.printLists(lists)
    }

    /// 经营异常名录 / 严重违法失信名单 and 信用承诺: each list flag with its source, every
    /// listing with its list-in and list-out dates, every commitment with its check.
    static func printLists(_ lists: StandingView) {
        print("\n名录 lists as of \(lists.asOf):")
        for (name, flag) in [("经营异常名录", lists.abnormal), ("严重违法失信名单", lists.serious)] {
            print("  \(name)：\(flag.listed ? "列入" : "未列入")（来源：\(flag.sourceName)）")
        }
        if !lists.listings.isEmpty {
            var table = TextTable(["名录", "决定书文号", "列入日期", "列入原因", "作出决定机关", "移出日期", "移出原因", "as-of"])
            for l in lists.listings {
                table.add([l.listName, l.documentNo, l.listedOn.description, l.reasonText ?? l.reason, l.agency, l.removedOn?.description ?? "-",
                           l.removalReason ?? "-", l.inForce ? "在列" : "不在列"])
            }
            print(table.render())
        }
        guard !lists.commitments.isEmpty else { return }
        print("\n信用承诺 commitments（告知承诺）:")
        var table = TextTable(["承诺书编号", "事项", "承诺日期", "核查期限", "核查日期", "核查结果", "修复日期", "计入"])
        for c in lists.commitments {
            table.add([c.documentNo, "\(c.itemName)（\(c.itemCode)）", c.committedOn.description, c.checkDue?.description ?? "-",
                       c.checkedOn?.description ?? "-", c.outcome?.rawValue ?? "未核查", c.repairedOn?.description ?? "-", c.counts ? "是" : "否"])
        }
        print(table.render())
    }

    /// 行政处罚公示: each penalty's legal publication dates, what they run from, and disagreements.
    static func printPublication(_ publication: [PenaltyPublication]) {
        guard !publication.isEmpty else { return }
        print("\n行政处罚信息公示（总局令第45号第十三条：公示期自公示之日起计算）：")
        var table = TextTable(["决定文书号", "实施机关", "决定日期", "公示", "起算", "公示截止", "可申请修复", "导出截止期"])
        for p in publication {
            let a = p.assessment
            table.add([p.documentNumber, p.agency, p.decisionDate.description, a.published ? (a.periodMonths.map { "\($0)个月" } ?? "是") : "否",
                       a.start.map { "\($0) \(a.startBasis == .publicationDate ? "公示日期" : "决定日期*")" } ?? "-",
                       a.end?.description ?? "-", a.repairable ? (a.earliestRepair?.description ?? "-") : "否",
                       a.declaredEnd.map { $0.description + (a.declaredEndDisagrees == false ? "" : " ≠") } ?? ""])
        }
        print(table.render())
        for p in publication { for note in p.notes { print("  \(p.documentNumber): \(note)") } }
    }
}
