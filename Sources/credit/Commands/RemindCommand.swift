import ArgumentParser
import CreditCore
import CreditRepair
import CreditIngest
import CreditStore
import Foundation

struct RemindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: "信用提示: today's lists, their dispatch by SMS, call list and training roster, delivery receipts, and what each enterprise was told.",
        subcommands: [List.self, Send.self, Receipts.self, History.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The lists: repair possible, publication ending, fines to pay, training invitations (phone numbers unmasked).")
        @OptionGroup var options: DatabaseOptions
        @Option(name: .customLong("as-of"), help: "Date of the lists (default: today).") var asOf: String?
        @Option(help: "Look ahead this many days (default: repair.yaml reminders.window_days).") var within: Int?
        @Option(help: "Output format: table, json or csv (csv has every column, the message text included).") var format: OutputFormat = .table

        func run() throws {
            let date = try parseAsOf(asOf)
            let rules = try options.rulesDirectory.repairRules()
            let store = RepairStore(database: try options.open(), rules: rules)
            let reminders = rules.reminders(try store.reminderInputs(asOf: date), asOf: date, withinDays: within)
            switch format {
            case .json: try printJSON(reminders)
            case .csv:
                var table = TextTable(["统一社会信用代码", "企业名称", "联系电话", "提示类型", "渠道", "内容", "短信条数", "决定文书号", "告知书编号", "日期"])
                for r in reminders {
                    table.add([r.uscc, r.name, r.phone ?? "", r.kind.rawValue, r.channel.rawValue, r.message, "\(r.segments)",
                               r.documentNumber, r.noticeNumber ?? "", r.date.description])
                }
                try printListing(table, json: reminders, format: .csv)
            case .table:
                var table = TextTable(["统一社会信用代码", "企业名称", "电话", "类型", "渠道", "日期", "条数"], rightAligned: [6])
                for r in reminders { table.add([r.uscc, r.name, r.phone ?? "", r.kind.rawValue, r.channel.rawValue, r.date.description, "\(r.segments)"]) }
                print(table.render())
                print("截至 \(date) 共 \(reminders.count) 条提醒（--format csv 含短信内容）")
            }
        }
    }

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dispatch today's reminders of one channel as a batch file, recording each so it is never sent twice.",
            discussion: """
                sms: a CSV for the SMS gateway (mobile, content, template_code, sign_name, out_id, batch_id, segments); \
                call: a call list for officers; training: the roster of the next 信用修复培训 session (public-service.yaml).
                """)
        @OptionGroup var options: DatabaseOptions
        @Option(help: "sms, call or training.") var channel: DispatchChannel
        @Option(name: .customLong("as-of"), help: "Date of the lists (default: today).") var asOf: String?
        @Option(help: "Look ahead this many days (default: repair.yaml reminders.window_days).") var within: Int?
        @Option(help: "Directory for the batch file (default: out/reminders).") var out = "out/reminders"

        func run() throws {
            let date = try parseAsOf(asOf)
            let directory = options.rulesDirectory
            let rules = try directory.repairRules()
            let database = try options.open()
            let reminders = rules.reminders(try RepairStore(database: database, rules: rules).reminderInputs(asOf: date), asOf: date, withinDays: within)
            let service = try directory.publicServiceRules()
            let batch = try ReminderDispatchStore(database: database, service: service).dispatch(reminders, channel: channel, now: .now, actor: "cli")
            for (uscc, reason) in batch.skipped.prefix(20) { printError("skipped \(uscc): \(reason)") }
            guard !batch.dispatched.isEmpty else {
                print("nothing new to send by \(channel.chineseName) (\(batch.alreadySent) already sent, \(batch.skipped.count) skipped)")
                return
            }
            var lines: [String]
            switch channel {
            case .sms:
                lines = [csvLine(["mobile", "content", "template_code", "sign_name", "out_id", "batch_id", "segments"])]
                lines += batch.dispatched.map {
                    csvLine([$0.phone ?? "", $0.text, $0.template, service.smsSignature, "\($0.id)", $0.batch, "\(Reminder.smsSegments($0.text))"])
                }
            case .call:
                lines = [csvLine(["编号", "统一社会信用代码", "企业名称", "联系电话", "提示类型", "话术", "批次"])]
                lines += batch.dispatched.map { csvLine(["\($0.id)", $0.uscc, $0.name, $0.phone ?? "", $0.kind, $0.text, $0.batch]) }
            case .training:
                lines = [csvLine(["编号", "培训日期", "培训地点", "统一社会信用代码", "企业名称", "联系电话", "通知内容", "批次"])]
                lines += batch.dispatched.map {
                    csvLine(["\($0.id)", $0.trainingDate ?? "", $0.trainingPlace ?? "", $0.uscc, $0.name, $0.phone ?? "", $0.text, $0.batch])
                }
            }
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let path = (out as NSString).appendingPathComponent("\(batch.batch).csv")
            // A BOM, so Excel on Chinese Windows opens the file as UTF-8.
            try Data(("\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: URL(fileURLWithPath: path))
            print("wrote \(path): \(batch.dispatched.count) reminders by \(channel.chineseName) (batch \(batch.batch); \(batch.alreadySent) already sent before, \(batch.skipped.count) skipped)")
        }
    }

    struct Receipts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the SMS gateway's delivery report (out_id/流水号 and status/状态 columns): delivered or failed with the reason.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The delivery-report CSV.") var file: String

        func run() throws {
            let bytes: [UInt8]
            do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file))) } catch { throw CLIError("\(file): cannot be read") }
            let receipts: [DeliveryReceipt]
            do { receipts = try ReminderDispatchStore.receipts(file: (file as NSString).lastPathComponent, bytes: bytes) } catch let error as ReceiptFileError {
                printError(error.description)
                throw ExitCode(3)
            }
            let store = ReminderDispatchStore(database: try options.open(), service: try options.rulesDirectory.publicServiceRules())
            let (updated, unknown) = try store.applyReceipts(receipts, now: .now, actor: "cli")
            let failed = receipts.filter { !$0.delivered }.count
            print("\(updated) receipts applied (\(receipts.count - failed) delivered, \(failed) failed)")
            if !unknown.isEmpty {
                printError("\(unknown.count) receipts name no SMS this system sent: \(unknown.prefix(10).map(String.init).joined(separator: ", "))")
                throw ExitCode(3)
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What an enterprise was told, when, by which channel, and whether it arrived (phone masked).")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "统一社会信用代码") var uscc: String
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        func run() throws {
            let code = try parseCode(uscc)
            let history = try ReminderDispatchStore(database: try options.open(), service: try options.rulesDirectory.publicServiceRules())
                .history(uscc: code.rawValue)
            var table = TextTable(["编号", "时间", "渠道", "类型", "电话", "状态", "内容"], rightAligned: [0])
            let status = ["dispatched": "已发出", "delivered": "已送达", "failed": "失败"]
            for h in history {
                table.add(["\(h.id)", Timestamp(iso: h.dispatchedAt)?.chinaMinute ?? h.dispatchedAt, h.channel.chineseName, h.kind, h.phone ?? "",
                           (status[h.status] ?? h.status) + (h.statusReason.map { "（\($0)）" } ?? ""), h.text])
            }
            try printListing(table, json: history, format: format)
            if format == .table { print("共向 \(code) 发送提醒 \(history.count) 条") }
        }
    }
}

extension DispatchChannel: ExpressibleByArgument {}
