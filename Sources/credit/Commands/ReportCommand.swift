import ArgumentParser
import CreditCore
import CreditPrint
import CreditRepair
import CreditStore
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "企业信用报告: issue one (numbered, registered, checkable) or verify a presented file.",
        subcommands: [Issue.self, Verify.self], defaultSubcommand: Issue.self)

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a report: register data, public records of the seven categories, repairs — no risk class. HTML, DOCX and PDF are numbered and registered.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "统一社会信用代码") var uscc: String
        @Option(help: "html, docx, pdf or json (PDF needs Chromium or LibreOffice installed).") var format: DocumentFormat = .html
        @Option(help: "Write to this file (required for docx and pdf).") var out: String?
        @Flag(help: "The public version (no phone, only the categories the law publishes).") var `public` = false

        func run() throws {
            let code = try parseCode(uscc)
            let directory = options.rulesDirectory
            let rules = try directory.repairRules()
            let database = try options.open()
            let renderer = try directory.renderer()
            let audience: CreditReport.Audience = `public` ? .public : .officer
            if format == .json {
                guard let (enterprise, records, repairs) = try RepairStore(database: database, rules: rules).reportData(uscc: code.rawValue) else {
                    throw CLIError("\(code) is not in the enterprise register")
                }
                let standing = try RepairStore(database: database, rules: rules).standing(uscc: code.rawValue)
                try writeDocument(rules.creditReport(enterprise, records: records, repairs: repairs, today: Timestamp.now.chinaDate, audience: audience,
                                                     standing: standing),
                                  format: format, out: out, renderer: renderer)
                return
            }
            do { _ = try CreditReport.format(named: format.rawValue) } catch { throw ValidationError("--\(error)") }
            if format.isBinary, out == nil { throw ValidationError("--format \(format.rawValue) needs --out FILE") }
            let converter = try pdfConverter(for: format)
            let register = ReportRegister(database: database, rules: rules, service: try directory.publicServiceRules())
            let entry: IssuedReport, rendered: RenderedDocument
            do {
                (entry, rendered) = try register.issue(uscc: code.rawValue, format: format, audience: audience, channel: "officer", actor: "cli",
                                                       now: .now, verificationCode: Self.verificationCode()) { try renderer.render($0, as: $1, pdf: converter) }
            } catch let error as ReportIssueError { throw CLIError(error.description) }
            if let out {
                try rendered.bytes.write(to: URL(fileURLWithPath: out))
                print("wrote \(out): \(entry.number), sha256 \(entry.sha256)")
            } else {
                print(String(decoding: rendered.bytes, as: UTF8.self))
            }
        }

        /// 8 characters from the system CSPRNG, without look-alikes.
        static func verificationCode() -> String {
            let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
            var generator = SystemRandomNumberGenerator()
            return String((0..<8).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a presented report file against the issued-report register; exit 1 unless it is an unaltered original.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The report file (.html, .docx or .pdf).") var file: String

        func run() throws {
            let bytes: Data
            do { bytes = try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw CLIError("\(file): cannot be read (\(error.localizedDescription))") }
            let register = ReportRegister(database: try options.open(), rules: try options.rulesDirectory.repairRules(),
                                          service: try options.rulesDirectory.publicServiceRules())
            switch try register.verify(bytes) {
            case .genuine(let entry):
                print("核验通过：\(file) 是 \(entry.number) 的原件（\(entry.name) \(entry.uscc)，出具于 \(Timestamp(iso: entry.issuedAt)?.chinaMinute ?? entry.issuedAt)），未被修改")
                print("sha256 \(entry.sha256)")
            case .altered(let entry, let digest):
                printError("核验不通过：\(file) 载明报告编号 \(entry.number)，但内容与出具时不一致（已被修改）")
                printError("出具时 sha256 \(entry.sha256)，所交文件 sha256 \(digest)")
                throw ExitCode.failure
            case .unknown(let digest):
                printError("核验不通过：\(file)（sha256 \(digest)）不是本机关出具的报告")
                throw ExitCode.failure
            }
        }
    }
}
