import ArgumentParser
import CreditCore
import CreditRepair
import CreditStore
import Foundation

/// `credit commitments`: the commitment register (告知承诺, 信用承诺.csv).
struct CommitmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commitments", abstract: "信用承诺 (告知承诺): follow-up checks coming due and overdue.",
        subcommands: [Due.self])

    struct Due: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List unchecked commitments whose follow-up check is overdue or due soon.",
            discussion: """
                The check is due on the row's 核查期限, else check_within_months of its approval item in Rules/eligibility.yaml
                after the day of the commitment (e.g. SP-JY 食品经营许可: one month, plan item 14 先证后验). Commitments of an
                item not in approval_items and without a 核查期限 are listed apart.
                """)
        @OptionGroup var options: DatabaseOptions
        @Option(name: .customLong("as-of"), help: "The day to count from (default: today).") var asOf: String?
        @Option(help: "Also list checks due within this many days after the as-of date.") var within = 14
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        struct Output: Encodable {
            var asOf: CalendarDate
            var withinDays: Int
            var checks: [CommitmentCheck]
            var undated: [String]
            enum CodingKeys: String, CodingKey { case asOf = "as_of", withinDays = "within_days", checks, undated }
        }

        func validate() throws { if within < 0 { throw ValidationError("--within must be zero or more days") } }

        func run() throws {
            let date = try parseAsOf(asOf)
            let directory = options.rulesDirectory
            let store = RepairStore(database: try options.open(), rules: try directory.repairRules())
            let (checks, undated) = try directory.eligibilityRules().checksDue(try store.commitments(), asOf: date, windowDays: within)
            let overdue = checks.filter { $0.state == .overdue }.count
            if format == .table { print("as of \(date): \(overdue) overdue, \(checks.count - overdue) due within \(within) days") }
            var table = TextTable(["状态", "核查期限", "天数", "统一社会信用代码", "企业名称", "承诺书编号", "审批事项", "承诺日期", "审批机关", "期限依据"],
                                  rightAligned: [2])
            for c in checks {
                table.add([c.state.rawValue, c.due.description, "\(c.daysLeft)", c.uscc, c.subjectName, c.documentNo, "\(c.itemName)（\(c.itemCode)）",
                           c.committedOn.description, c.agency, c.dueBasis])
            }
            try printListing(table, json: Output(asOf: date, withinDays: within, checks: checks, undated: undated.map(\.documentNumber)), format: format)
            if format == .table, !undated.isEmpty {
                print("\n\(undated.count) commitment(s) with no 核查期限 and an item not in approval_items (Rules/eligibility.yaml):")
                for c in undated { print("  \(c.uscc) \(c.documentNumber) \(c.itemName)（\(c.itemCode)）\(c.committedOn)") }
            }
        }
    }
}
