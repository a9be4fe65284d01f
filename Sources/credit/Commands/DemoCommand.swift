import ArgumentParser
import CreditCore
import CreditIngest
import CreditRepair
import CreditRules
import CreditSampling
import CreditStore
import Foundation

struct DemoCommand: ParsableCommand {
    /// A fixed public randomness for the demo draw; a real draw uses a value announced in
    /// advance (randomness beacon round, lottery result).
    static let demoRandomness = "demo-31415926"
    /// What the demo's commitment names as its randomness source.
    static let demoRandomnessSource = "演示用固定值 demo-31415926（实际抽取须事先指定公开的随机数来源，如某期彩票开奖号码）"


    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the monthly cycle on SampleData/ into ./credit.db: import, quality, classification, draw and verification, notices.")

    @OptionGroup var options: DatabaseOptions

    @Option(help: "The sample data directory.")
    var data = "SampleData"

    func run() throws {
        let database = try options.openCreating()
        let directory = options.rulesDirectory
        let importOptions = ImportOptions(knownAt: .now, allowList: try directory.allowList(), actor: "demo",
                                          profiles: directory.profiles().profiles)
        var paths = [data]
        let corrections = (data as NSString).appendingPathComponent("corrections")
        if FileManager.default.fileExists(atPath: corrections) { paths.append(corrections) }
        print("== 1. 数据归集：导入 \(paths.joined(separator: "、")) → \(options.db)")
        let report = Importer(database: database).importPaths(paths, options: importOptions)
        print(ImportCommand.table(report.files))
        for e in report.errors.prefix(20) { print("  错误：\(e)") }
        let calendar = try directory.calendar()
        let quality = try QualityReport.read(database, month: nil, calendar: calendar)
        print("\n== 2. 数据质量：合规率、归集及时率（7 个工作日内上报为及时）")
        var q = TextTable(["类别", "报送", "合规率%", "及时率%", "重复", "代码错误"], rightAligned: [1, 2, 3, 4, 5])
        var byCategory: [String: QualityReport.Row] = [:]
        for row in quality.rows {
            if var r = byCategory[row.category ?? ""] { r.add(row); byCategory[row.category ?? ""] = r } else { byCategory[row.category ?? ""] = row }
        }
        for category in RecordCategory.allCases {
            guard let r = byCategory[category.rawValue] else { continue }
            q.add([category.chineseName, "\(r.submitted)", r.complianceRate.description, r.timelinessRate.description,
                   "\(r.duplicates)", "\(r.usccErrors)"])
        }
        let t = quality.totals
        q.add(["合计", "\(t.submitted)", t.complianceRate.description, t.timelinessRate.description, "\(t.duplicates)", "\(t.usccErrors)"])
        print(q.render())
        print("（按报送单位：credit quality --db \(options.db)）")

        let today = Timestamp.now.chinaDate
        let rules = try directory.classificationRules(asOf: today)
        print("\n== 3. 信用风险分类：基准日 \(today)，规则 \(rules.rules.id) \(rules.rules.version)")
        let summary = try ClassificationRunner(database: database, listingTerms: try directory.repairRules().listingTerms)
            .run(rules, asOf: today, knownBy: nil, now: .now, store: true, actor: "demo")
        print("第 \(summary.runID ?? 0) 次分类：\(summary.counts.total) 户企业")
        print(ClassifyCommand.distribution(summary).components(separatedBy: "\n\n").first ?? "")
        print("（按区划、行业：credit classify；单户企业：credit query 统一社会信用代码）")

        // 4. The month's double-random draw: prepared (inputs frozen, K drawn, commitment written),
        // run with a fixed demo randomness, then verified from its bundle.
        let month = CalendarMonth(today)
        let drawID = "\(month)-demo"
        let drawDirectory = "draws/\(drawID)"
        let store = DrawStore(database: database)
        print("\n== 4. 双随机抽取 \(drawID)：先准备并公布承诺，再以公共随机数“\(Self.demoRandomness)”抽取 → \(drawDirectory)")
        let (plan, planText) = try directory.samplingPlan()
        do {
            // A demo draw from an earlier run in this folder keeps its date; a recorded one is only written again.
            let existing = try? store.summary(id: drawID)
            if existing?.status != .valid {
                let prepared = try store.prepare(id: drawID, asOf: existing.flatMap { CalendarDate(iso: $0.asOf) } ?? today,
                                                 randomnessSource: Self.demoRandomnessSource, plan: plan, planText: planText, now: .now, actor: "demo")
                try DrawStore.write(prepared.files, to: drawDirectory)
                print("承诺摘要 \(prepared.commitment.sha256)（名录 \(prepared.frameCount) 户；在公共随机数产生前公布）")
            }
            let outcome = try store.run(id: drawID, randomness: Self.demoRandomness, now: .now, actor: "demo")
            try DrawStore.write(outcome.files, to: drawDirectory)
            if outcome.alreadyRecorded {
                print("抽查 \(drawID) 此前已记录（抽取结果不可更改），已重新写出其材料包")
            } else {
                print(DrawCommand.Plan.transparency(plan, strata: outcome.strata))
            }
            print("\(outcome.tasks) 项任务（定向 \(outcome.targeted) 项），\(outcome.unassigned.count) 项未能分配执法人员（原因见 \(drawDirectory)/audit/assignment.tsv）")
        } catch let error as DrawError {
            print("未抽取：\(error.description)")
        }
        if FileManager.default.fileExists(atPath: "\(drawDirectory)/receipt.json") {
            do {
                let verified = try DrawVerifier.verify(try DrawStore.read(directory: drawDirectory), parallelism: ProcessInfo.processInfo.activeProcessorCount)
                print("复核通过：由 \(drawDirectory) 重新计算出全部 \(verified.tasks) 项任务（K 见 audit/salt.txt）——抽取凭证摘要 \(verified.receiptSHA256 ?? "")")
            } catch let failure as DrawVerifier.Failure {
                throw CLIError("demo draw failed verification: \(failure.description)")
            }
        }
        try issueNotices(database, directory)
    }

    /// 5. 信用修复告知书 for the published penalties, into ./out/notices.
    private func issueNotices(_ database: CreditDatabase, _ directory: RulesDirectory) throws {
        let store = RepairStore(database: database, rules: try directory.repairRules())
        let renderer = try directory.renderer()
        let calendar = try directory.calendar()
        // As `credit notice issue`: stored only once every file is written, no files when not stored.
        let summary = try BackgroundNoticeFiles<RepairNotice>.issue(renderer: renderer, directory: "out/notices") {
            try store.issueNotices(since: nil, now: .now, actor: "demo", calendar: calendar, receiver: $0)
        }
        print("\n== 5. 信用修复告知书 → out/notices")
        print("新发出 \(summary.issuedCount) 份（\(summary.alreadyNoticed) 件处罚此前已告知）\(NoticeCommand.breakdown(summary))")
        for (reason, n) in summary.unpublished.sorted(by: { $0.value > $1.value }) { print("  \(n) 件不发告知书：\(reason)") }
        let lists = try BackgroundNoticeFiles<ListingNotice>.issue(renderer: renderer, directory: "out/notices") {
            try store.issueListingNotices(since: nil, now: .now, actor: "demo", receiver: $0)
        }
        print("列入经营异常名录、严重违法失信名单的告知书新发出 \(lists.issued.count) 份（\(lists.alreadyNoticed) 份此前已发出，"
              + "\(lists.ended) 条列入记录已结束）")
    }
}
