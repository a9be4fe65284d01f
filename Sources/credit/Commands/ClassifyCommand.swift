import ArgumentParser
import CreditCharts
import CreditCore
import CreditRepair
import CreditRules
import CreditStore
import Foundation

struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "企业信用风险分类: classify every enterprise A–D and store the run (or compare a candidate rule set).",
        discussion: """
            The rule set in force at the as-of date is taken from --rules (a directory of classification*.yaml
            or one file). --known-by reproduces a past run: only record versions known by then count.
            --compare classifies with the candidate rules without storing anything and prints the A–D
            migration matrix against the rules of the latest stored run.
            """)

    @OptionGroup var options: DatabaseOptions
    @Option(name: .customLong("as-of"), help: "The date classes are for (default: today).") var asOf: String?
    @Option(name: .customLong("known-by"), help: "Use only data known by this date (end of day) or timestamp.") var knownBy: String?
    @Flag(help: "What-if: compare the candidate rules (--rules) with the latest stored run's rules; store nothing.") var compare = false
    @Flag(name: .customLong("by-region"), help: "With --compare: a migration matrix per region too; with --chart: a region × class chart too (FILE-regions.svg).")
    var byRegion = false
    @Option(help: "Write an SVG chart to FILE: the class distribution, or with --compare the migration heatmap.") var chart: String?
    @Option(help: "With --compare: how many movers to list.") var movers = 50
    @Option(help: "Output format: table, json or csv (the counts by region and industry; with --compare the movers).") var format: OutputFormat = .table

    func run() throws {
        let database = try options.open()
        let asOfDate = try parseAsOf(asOf)
        let knownByTime = try parseKnownBy(knownBy)
        let runner = ClassificationRunner(database: database, listingTerms: try options.rulesDirectory.repairRules().listingTerms)
        let candidate = try options.rulesDirectory.classificationRules(asOf: asOfDate)
        // Names beside codes in tables and charts; without a readable code-names file, codes alone.
        let names = (try? options.rulesDirectory.repairRules().codeNames) ?? CodeNames()
        if compare {
            guard let latest = try runner.latestRun() else { throw CLIError("no stored run to compare with; run `credit classify` first") }
            let baseline: LoadedRuleSet
            do { baseline = try LoadedRuleSet(text: latest.rulesText, file: "run \(latest.id)") } catch { throw CLIError(error.description) }
            let migration = try runner.compare(baseline: baseline.rules, candidate: candidate.rules, asOf: asOfDate, knownBy: knownByTime)
            if let chart {
                try writeChart(.migration(MigrationHeatmap(migration, note: "基准日 \(asOfDate) · 现行规则（第 \(latest.id) 次分类）\(baseline.rules.id) \(baseline.rules.version) · 候选规则 \(candidate.rules.id) \(candidate.rules.version)")), to: chart)
            }
            if format == .json { try printJSON(migration); return }
            func moversTable(_ limit: Int) -> TextTable {
                var table = TextTable(["统一社会信用代码", "企业名称", "区划", "原", "新", "原分", "新分", "主要原因"], rightAligned: [5, 6])
                for m in migration.movers.prefix(limit) {
                    table.add([m.uscc, m.name, names.region(m.region), m.oldClass.rawValue, m.newClass.rawValue, "\(m.oldScore)", "\(m.newScore)", m.responsible])
                }
                return table
            }
            if format == .csv { try printListing(moversTable(.max), json: migration, format: .csv); return }
            print("假设分析，基准日 \(asOfDate)：第 \(latest.id) 次分类的规则（\(baseline.rules.id) \(baseline.rules.version)，\(baseline.sha256.prefix(12))）→ 候选规则 \(candidate.rules.id) \(candidate.rules.version)（\(candidate.sha256.prefix(12))）")
            print(Self.matrixTable(migration.matrix))
            if byRegion {
                for region in migration.byRegion.keys.sorted() {
                    print("\n行政区划 \(names.region(region))")
                    print(Self.matrixTable(migration.byRegion[region]!))
                }
            }
            print("\n\(migration.movers.count) 户企业类别改变" + (migration.movers.count > movers ? "（列出前 \(movers) 户；--format csv 列出全部）" : ""))
            print(moversTable(movers).render())
            return
        }
        let started = Date()
        if stderrIsTerminal { FileHandle.standardError.write(Data("正在按 \(candidate.rules.id) \(candidate.rules.version) 分类（基准日 \(asOfDate)）…".utf8)) }
        let summary = try runner.run(candidate, asOf: asOfDate, knownBy: knownByTime, now: .now, store: true)
        if stderrIsTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let seconds = Date().timeIntervalSince(started)
        if let chart {
            try writeChart(.classDistribution(ClassDistributionChart(summary)), to: chart)
            if byRegion {
                try writeChart(.regions(RegionClassChart(summary, regionName: { names.region($0) })), to: chartPath(chart, suffix: "-regions"))
            }
        }
        if format == .json { try printJSON(summary); return }
        if format == .csv { try printListing(Self.distributionTable(summary, names: names), json: summary, format: .csv); return }
        print("run \(summary.runID ?? 0): \(summary.counts.total) enterprises as of \(summary.asOf), known by \(summary.knownBy), rules \(summary.rulesetID) \(summary.rulesetVersion) (sha256 \(summary.rulesetSHA256.prefix(12))…) in \(String(format: "%.1f", seconds)) s")
        print(Self.distribution(summary, names: names))
    }

    static func matrixTable(_ m: [[Int]]) -> String {
        var table = TextTable(["原＼新", "A", "B", "C", "D"], rightAligned: [1, 2, 3, 4])
        for (i, row) in m.enumerated() { table.add([RiskClass(rank: i).rawValue] + row.map(String.init)) }
        return table.render()
    }

    /// One table for CSV: the whole city, then each region and industry section, with the
    /// counts of each class.
    static func distributionTable(_ summary: ClassificationRunSummary, names: CodeNames) -> TextTable {
        var table = TextTable(["维度", "名称", "A", "B", "C", "D", "合计"])
        let c = summary.counts
        table.add(["全部", "", "\(c[.a])", "\(c[.b])", "\(c[.c])", "\(c[.d])", "\(c.total)"])
        for key in summary.byRegion.keys.sorted() {
            let g = summary.byRegion[key]!
            table.add(["行政区划", names.region(key), "\(g.a)", "\(g.b)", "\(g.c)", "\(g.d)", "\(g.total)"])
        }
        for key in summary.byIndustry.keys.sorted() {
            let g = summary.byIndustry[key]!
            table.add(["行业门类", names.section(key), "\(g.a)", "\(g.b)", "\(g.c)", "\(g.d)", "\(g.total)"])
        }
        return table
    }

    /// The class counts, then per region and per industry section, named from `names`
    /// (`竞秀区（130602）`, `F 批发和零售业`).
    static func distribution(_ summary: ClassificationRunSummary, names: CodeNames = CodeNames()) -> String {
        func percent(_ n: Int, _ total: Int) -> String { total == 0 ? "-" : Rate(n, of: total).description + "%" }
        var out: [String] = []
        let c = summary.counts
        var total = TextTable(["类别", "企业数", "占比"], rightAligned: [1, 2])
        for rc in RiskClass.allCases { total.add(["\(rc.rawValue) \(rc.chineseName)", "\(c[rc])", percent(c[rc], c.total)]) }
        out.append(total.render())
        let region: (String) -> String = { names.region($0) }
        let section: (String) -> String = { names.section($0) }
        for (title, groups, label) in [("行政区划", summary.byRegion, region), ("行业门类", summary.byIndustry, section)] {
            var t = TextTable([title, "A", "B", "C", "D", "合计"], rightAligned: [1, 2, 3, 4, 5])
            for key in groups.keys.sorted() {
                let g = groups[key]!
                t.add([label(key), "\(g.a)", "\(g.b)", "\(g.c)", "\(g.d)", "\(g.total)"])
            }
            out.append(t.render())
        }
        return out.joined(separator: "\n\n")
    }
}
