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
        print("== 1. 数据归集 import \(paths.joined(separator: ", ")) → \(options.db)")
        let report = Importer(database: database).importPaths(paths, options: importOptions)
        print(ImportCommand.table(report.files))
        for e in report.errors.prefix(20) { print("  error: \(e)") }
        let calendar = try directory.calendar()
        let quality = try QualityReport.read(database, month: nil, calendar: calendar)
        print("\n== 2. 数据质量 quality (合规率 / 归集及时率, 7 working days)")
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
        print("(per reporting unit: credit quality --db \(options.db))")

        let today = Timestamp.now.chinaDate
        let rules = try directory.classificationRules(asOf: today)
        print("\n== 3. 信用风险分类 classify as of \(today) with \(rules.rules.id) \(rules.rules.version)")
        let summary = try ClassificationRunner(database: database, listingTerms: try directory.repairRules().listingTerms)
            .run(rules, asOf: today, knownBy: nil, now: .now, store: true, actor: "demo")
        print("run \(summary.runID ?? 0): \(summary.counts.total) enterprises")
        print(ClassifyCommand.distribution(summary).components(separatedBy: "\n\n").first ?? "")
        print("(by region and industry: credit classify; one enterprise: credit query USCC)")

        // 4. The month's double-random draw: prepared (inputs frozen, K drawn, commitment written),
        // run with a fixed demo randomness, then verified from its bundle.
        let month = CalendarMonth(today)
        let drawID = "\(month)-demo"
        let drawDirectory = "draws/\(drawID)"
        let store = DrawStore(database: database)
        print("\n== 4. 双随机抽取 draw \(drawID): prepare (commitment), run with public randomness \"\(Self.demoRandomness)\" → \(drawDirectory)")
        let (plan, planText) = try directory.samplingPlan()
        do {
            // A demo draw from an earlier run in this folder keeps its date; a recorded one is only written again.
            let existing = try? store.summary(id: drawID)
            if existing?.status != .valid {
                let prepared = try store.prepare(id: drawID, asOf: existing.flatMap { CalendarDate(iso: $0.asOf) } ?? today,
                                                 randomnessSource: Self.demoRandomnessSource, plan: plan, planText: planText, now: .now, actor: "demo")
                try DrawStore.write(prepared.files, to: drawDirectory)
                print("commitment sha256 \(prepared.commitment.sha256) (frame \(prepared.frameCount) enterprises; published before the randomness)")
            }
            let outcome = try store.run(id: drawID, randomness: Self.demoRandomness, now: .now, actor: "demo")
            try DrawStore.write(outcome.files, to: drawDirectory)
            if outcome.alreadyRecorded {
                print("draw \(drawID) was already recorded (draws are immutable); rewrote its bundle")
            } else {
                print(DrawCommand.Plan.transparency(plan, strata: outcome.strata))
            }
            print("\(outcome.tasks) tasks (\(outcome.targeted) targeted), \(outcome.unassigned.count) unassigned (reasons in \(drawDirectory)/audit/assignment.tsv)")
        } catch let error as DrawError {
            print("draw skipped: \(error.description)")
        }
        if FileManager.default.fileExists(atPath: "\(drawDirectory)/receipt.json") {
            do {
                let verified = try DrawVerifier.verify(try DrawStore.read(directory: drawDirectory), parallelism: ProcessInfo.processInfo.activeProcessorCount)
                print("verified: recomputed \(verified.tasks) tasks from \(drawDirectory) (K in audit/salt.txt) — receipt sha256 \(verified.receiptSHA256 ?? "")")
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
        let summary = try store.issueNotices(since: nil, now: .now, actor: "demo", calendar: try directory.calendar())
        try NoticeCommand.write(summary.issued, renderer: renderer, to: "out/notices")
        print("\n== 5. 信用修复告知书 notices → out/notices")
        print("issued \(summary.issued.count) new notices (\(summary.alreadyNoticed) penalties already had one)\(NoticeCommand.breakdown(summary.issued))")
        for (reason, n) in summary.unpublished.sorted(by: { $0.value > $1.value }) { print("  no notice for \(n): \(reason)") }
        let lists = try store.issueListingNotices(since: nil, now: .now, actor: "demo")
        try NoticeCommand.write(lists.issued, renderer: renderer, to: "out/notices")
        print("issued \(lists.issued.count) notices of listing decisions (经营异常名录, 严重违法失信名单; \(lists.alreadyNoticed) already had one, "
              + "\(lists.ended) listings already ended)")
    }
}
