import ArgumentParser
import CreditCore
import CreditIngest
import CreditRules
import Foundation

/// `credit profiles`: the import profiles an import chooses from, and a check of one.
struct ProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "List the import profiles (shipped in Rules/import-profiles/, local in ./import-profiles/), or check one.",
        discussion: "A profile maps one family of real exports onto the data contract (see ../shared/spec/import-profiles.md).",
        subcommands: [List.self, Check.self], defaultSubcommand: List.self)

    /// A profile by name (`name:` or file name) in the catalog, or a YAML file.
    static func resolve(_ text: String, in catalog: ProfileCatalog) throws -> ImportProfile {
        if let found = catalog.named(text) { return found }
        if text.hasSuffix(".yaml") || text.hasSuffix(".yml") || FileManager.default.fileExists(atPath: text) {
            do { return try ProfileCatalog.loadFile(text) } catch { throw CLIError(error.description) }
        }
        throw ValidationError("no import profile '\(text)' (known: \(catalog.profiles.map(\.name).joined(separator: ", ")))")
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the profiles.")
        @Option(name: .long, help: "The rules directory.") var rules: String = RulesDirectory.defaultPath
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        func run() throws {
            let directory = RulesDirectory(path: rules)
            let catalog = directory.profiles()
            switch format {
            case .csv:
                var table = TextTable(["名称", "类别", "识别列（须全部出现）", "列数", "金额单位", "文件"])
                for p in catalog.profiles {
                    table.add([p.name, p.kind.description, p.detect.joined(separator: "、"), "\(p.columns.count)", p.amountUnit.rawValue, p.source])
                }
                printCSV(table)
                for error in catalog.errors { printError(error.description) }
            case .json:
                struct Entry: Encodable {
                    var name: String, category: String, detect: [String], columns: Int, amountUnit: String, file: String
                    enum CodingKeys: String, CodingKey { case name, category, detect, columns, amountUnit = "amount_unit", file }
                }
                struct Listing: Encodable { var profiles: [Entry]; var errors: [String] }
                try printJSON(Listing(profiles: catalog.profiles.map {
                    Entry(name: $0.name, category: $0.kind.description, detect: $0.detect, columns: $0.columns.count,
                          amountUnit: $0.amountUnit.rawValue, file: $0.source)
                }, errors: catalog.errors.map(\.description)))
            default:
                var table = TextTable(["名称", "类别", "识别列（须全部出现）", "列数", "金额单位", "文件"], rightAligned: [3])
                for p in catalog.profiles {
                    table.add([p.name, p.kind.description, p.detect.joined(separator: ", "), "\(p.columns.count)", p.amountUnit.rawValue, p.source])
                }
                print(table.render())
                print("（配置目录：\(directory.profileFolders.joined(separator: "、"))）")
                for error in catalog.errors { printError(error.description) }
            }
            if !catalog.errors.isEmpty { throw ExitCode.failure }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a profile file: YAML, keys, category, contract fields and coded values (errors as file:line:column).")
        @Argument(help: "The profile YAML file.") var file: String

        func run() throws {
            let profile: ImportProfile
            do { profile = try ProfileCatalog.loadFile(file) } catch {
                printError(error.description)
                throw ExitCode.failure
            }
            let fields = Set(profile.columns.map(\.field))
            let required = profile.kind.fields.filter { spec in
                spec.required && !fields.contains(spec.field) && !(spec.unlessPresent.map(fields.contains) ?? false)
                    && !(profile.kind == .records(.inspection) && spec.field == .documentNumber)
            }.map(\.name)
            print("\(file): ok — \(profile.name): \(profile.kind), \(profile.columns.count) columns onto \(fields.count) contract fields, amounts in \(profile.amountUnit.rawValue)"
                  + (profile.detect.isEmpty ? "; no detect (only used with --profile)" : "; chosen when the header has \(profile.detect.joined(separator: ", "))"))
            if !required.isEmpty {
                print("note: required field(s) not mapped, so the file must carry them under the contract's names: \(required.joined(separator: ", "))")
            }
        }
    }
}
