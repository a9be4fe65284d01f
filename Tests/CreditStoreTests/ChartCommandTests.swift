import CreditCore
import CreditStore
import CreditSynthetic
import Foundation
import GRDB
import Testing
import CreditIngest
import CreditTestSupport

/// `--chart FILE` on the commands that have a chart: each writes an SVG, through the real binary.
@Suite(.serialized) struct ChartCommandTests {
    let folder: TemporaryFolder
    let db: String

    init() throws {
        folder = try TemporaryFolder()
        db = try importedSyntheticCity(into: folder, name: "charts.db", enterprises: 300, seed: 41)
    }

    /// Runs `credit` with the repository's rules: exit status, standard output and error.
    func credit(_ arguments: [String], rules: String? = nil) throws -> (status: Int32, out: String, err: String) {
        try runCredit(arguments, db: db, rules: rules)
    }

    func svg(_ name: String) throws -> String {
        try String(contentsOfFile: folder.path(name), encoding: .utf8)
    }

    @Test func everyChartOptionWritesItsSVG() throws {
        let classify = try credit(["classify", "--as-of", "2026-10-31", "--chart", folder.path("classes.svg"), "--by-region"])
        #expect(classify.status == 0, "\(classify.err)")
        // The tables name regions and industry sections (Rules/code-names.yaml), in Chinese only.
        #expect(classify.out.contains("行政区划") && classify.out.contains("行业门类") && !classify.out.contains("by region"))
        #expect(classify.out.firstMatch(of: /[\p{Han}]+（13\d{4}）/) != nil, "\(classify.out)")
        #expect(classify.err.contains("图表已写入 \(folder.path("classes.svg"))"))
        #expect(try svg("classes.svg").hasPrefix("<svg ") && svg("classes.svg").contains("企业信用风险分类分布"))
        #expect(try svg("classes-regions.svg").contains("各行政区划企业信用风险分类"))

        // A candidate with a narrower band B: enterprises move, and the heatmap says how many.
        let rules = folder.path("candidate")
        try FileManager.default.copyItem(atPath: repositoryRoot.appendingPathComponent("Rules").path, toPath: rules)
        let file = rules + "/classification.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
            .replacingOccurrences(of: "{class: B, from: 200, below: 500}", with: "{class: B, from: 200, below: 400}")
            .replacingOccurrences(of: "{class: C, from: 500, below: 750}", with: "{class: C, from: 400, below: 750}")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let compare = try credit(["classify", "--as-of", "2026-10-31", "--compare", "--chart", folder.path("migration.svg"), "--format", "json"], rules: rules)
        #expect(compare.status == 0, "\(compare.err)")
        let migration = try JSONSerialization.jsonObject(with: Data(compare.out.utf8)) as? [String: Any]
        let movers = (migration?["movers"] as? [Any])?.count ?? 0
        #expect(movers > 0)
        #expect(try svg("migration.svg").contains("\(movers) 家改变类别"))

        let plan = try credit(["draw", "plan", "--as-of", "2026-10-31", "--chart", folder.path("plan.svg")])
        #expect(plan.status == 0, "\(plan.err)")
        #expect(try svg("plan.svg").contains("12个月内至少被抽查一次的概率") && svg("plan.svg").contains("每月抽查比例 1%"))

        let quality = try credit(["quality", "--from", "2026-01", "--to", "2026-06", "--chart", folder.path("quality.svg"), "--format", "csv"])
        #expect(quality.status == 0, "\(quality.err)")
        #expect(quality.out.hasPrefix("\u{FEFF}source_unit,month,submitted,compliant,compliance_rate,with_report_date,on_time,timeliness_rate\n合计,2026-01,"))
        #expect(try svg("quality.svg").contains("2026-01 至 2026-06"))

        let code = try #require(try CreditDatabase.open(path: db).writer.read { db in
            try String.fetchOne(db, sql: "SELECT uscc FROM classification ORDER BY uscc LIMIT 1")
        })
        let query = try credit(["query", code, "--chart", folder.path("history.svg")])
        #expect(query.status == 0, "\(query.err)")
        #expect(try svg("history.svg").contains("信用风险分类历史") && svg("history.svg").contains(code))
    }

    @Test func chartOptionsWithoutWhatTheyNeedAreUsageErrors() throws {
        for (arguments, reason) in [(["quality", "--chart", folder.path("q.svg")], "--chart needs the months"),
                                    (["quality", "--from", "2026-01"], "--from and --to go together"),
                                    (["quality", "--from", "2026-05", "--to", "2026-01"], "起始月份 2026-05 晚于截止月份 2026-01"),
                                    (["quality", "--from", "2026-1", "--to", "2026-02"], "--from '2026-1' is not YYYY-MM")] {
            let result = try credit(arguments)
            #expect(result.status == 2, "\(arguments): \(result.status)")
            #expect(result.err.contains(reason), "\(arguments): \(result.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path("q.svg")))
        let unknown = try credit(["query", "91350100M000100Y43", "--chart", folder.path("h.svg")])
        #expect(unknown.status == 1 && unknown.err.contains("not in the enterprise register"))
    }
}
