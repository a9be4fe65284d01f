import ArgumentParser
import CreditCore
import CreditRepair
import CreditStore
import Foundation

struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair", abstract: "信用修复 applications: apply, decide, list. History is never deleted.",
        subcommands: [Apply.self, Decide.self, List.self])

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "File an application; an early one is refused with the date it becomes possible.",
            discussion: """
                The materials required depend on the regime of the penalty (Rules/repair.yaml; `credit rules check` lists them):
                  decided from 2026-04-01 (tiered-2026: 国办发〔2025〕22号、国家发展改革委令2025年第36号), three items:
                    --materials 信用修复申请书,履行行政处罚决定的证明材料,信用承诺书
                  decided until 2026-03-31 (samr-2021: 总局令第45号、国市监信规〔2021〕3号):
                    --materials 信用修复申请书,守信承诺书,履行行政处罚决定的证明材料
                A listing or a false commitment (--kind abnormal-list|serious-list|commitment, --record the 决定书文号 or 承诺书编号;
                a GSXT listing without one is named （无文书号）YYYY-MM-DD by its list-in date) takes the materials of its rule in
                Rules/repair.yaml (lists:, false_commitment:):
                  经营异常名录 (as soon as the cause is corrected): --materials 信用修复申请书,守信承诺书,履行法定义务、纠正违法行为的相关材料
                  严重违法失信名单 (after one year of listing, 总局令第44号 第二十条): --materials 信用修复申请书,守信承诺书,履行行政处罚决定的证明材料
                  虚假承诺: --materials 信用修复申请书,纠正违法行为、履行承诺的证明材料,信用承诺书
                An approval moves the enterprise out of the list (or lifts the false commitment) from the day of the decision.
                Synonyms in material_synonyms are accepted (信用修复承诺书 for 信用承诺书, 罚款缴纳凭证 for the proof of performance, …); \
                a refusal names the missing items and the regime's whole set.
                """)
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "统一社会信用代码") var uscc: String
        @Option(help: "What the application is about: penalty, abnormal-list, serious-list or commitment.") var kind: RepairKind = .penalty
        @Option(help: "决定文书号 of the penalty or listing, or 承诺书编号 of the commitment.") var record: String
        @Option(help: "Materials submitted, separated by commas (examples per regime below).") var materials: String

        func run() throws {
            let code = try parseCode(uscc)
            let store = RepairStore(database: try options.open(), rules: try options.rulesDirectory.repairRules())
            do {
                let id = try store.apply(uscc: code.rawValue, kind: kind, documentNumber: record,
                                         materials: materials.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" }).map { $0.trimmingDataWhitespace() },
                                         now: .now, actor: "cli")
                print("application \(id) filed for \(record); decide with: credit repair decide \(id) --approve|--reject --reason …")
            } catch let error as RepairError { throw CLIError(error.description) }
        }
    }

    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve or reject a pending application (logged).")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "Application id.") var id: Int64
        @Flag(help: "Approve: publication ends and the next classification no longer counts the record.") var approve = false
        @Flag(help: "Reject.") var reject = false
        @Option(help: "Reason for the decision.") var reason: String

        func validate() throws { if approve == reject { throw ValidationError("give exactly one of --approve and --reject") } }

        func run() throws {
            let store = RepairStore(database: try options.open(), rules: try options.rulesDirectory.repairRules())
            do { try store.decide(id: id, approve: approve, reason: reason, now: .now, actor: "cli") }
            catch let error as RepairError { throw CLIError(error.description) }
            print("application \(id) \(approve ? "approved" : "rejected"): \(reason)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List applications.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Only this enterprise.") var uscc: String?
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        func run() throws {
            let store = RepairStore(database: try options.open(), rules: try options.rulesDirectory.repairRules())
            let apps = try store.applications(uscc: try uscc.map { try parseCode($0).rawValue })
            var table = TextTable(["编号", "统一社会信用代码", "类别", "决定文书号", "申请时间", "状态", "决定时间", "理由"], rightAligned: [0])
            for a in apps {
                table.add(["\(a.id)", a.uscc, RepairKind(rawValue: a.category)?.chineseName ?? a.category, a.documentNumber, beijing(a.appliedAt), a.status,
                           a.decidedAt.map(beijing) ?? "", a.reason ?? ""])
            }
            try printListing(table, json: apps, format: format)
        }
    }
}

extension RepairKind: ExpressibleByArgument {}

struct EligibilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eligibility", abstract: "信用+审批: may the enterprise use commitment-based approval (告知承诺制)?")
    @OptionGroup var options: DatabaseOptions
    @Argument(help: "统一社会信用代码") var uscc: String
    @Option(help: "Approval item code (approval_items in Rules/eligibility.yaml, e.g. SP-JY): answer for that item.") var item: String?
    @Option(name: .customLong("as-of"), help: "Decide as of this date (default: today).") var asOf: String?
    @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

    func run() throws {
        let code = try parseCode(uscc)
        let directory = options.rulesDirectory
        let store = RepairStore(database: try options.open(), rules: try directory.repairRules())
        let today = try parseAsOf(asOf)
        guard let (enterprise, serious, riskClass) = try store.eligibilityData(uscc: code.rawValue, today: today) else {
            throw CLIError("\(code) is not in the enterprise register")
        }
        let rules = try directory.eligibilityRules()
        if let item, rules.items[item] == nil {
            throw CLIError("unknown approval item '\(item)' (approval_items in Rules/eligibility.yaml: \(rules.items.keys.sorted().joined(separator: ", ")))")
        }
        let decision = rules.decide(enterprise, unrepairedSerious: serious, riskClass: riskClass, item: item,
                                    standing: try store.standing(uscc: code.rawValue), today: today)
        if format != .table {
            var table = TextTable(["统一社会信用代码", "企业名称", "审批事项", "结论", "理由"])
            table.add([code.rawValue, enterprise.name, item ?? "", decision.outcome.rawValue, decision.reasons.joined(separator: "；")])
            try printListing(table, json: decision, format: format)
            return
        }
        print("\(enterprise.name)  \(code)")
        print("结论：\(decision.outcome.rawValue)")
        for reason in decision.reasons { print("  · \(reason)") }
    }
}
