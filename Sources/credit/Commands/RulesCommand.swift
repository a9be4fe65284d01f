import ArgumentParser
import CreditCore
import CreditRules
import CreditStore
import Foundation

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "Rule files.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Static checks: load errors (file:line:column), class-band gaps and overlaps, dead indicators, monotonicity.")

        @Argument(help: "A rules directory or a classification rule file.") var path: String = RulesDirectory.defaultPath

        func run() throws {
            let directory = RulesDirectory(path: path)
            var failed = false
            for file in try directory.classificationFiles() {
                let name = (file as NSString).lastPathComponent
                guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
                do {
                    let loaded = try LoadedRuleSet(text: String(decoding: data, as: UTF8.self), file: name)
                    let findings = RuleChecks.check(loaded.rules)
                    for finding in findings { print(finding) }
                    if findings.isEmpty {
                        print("\(name): ok — \(loaded.rules.id) \(loaded.rules.version), \(loaded.rules.indicators.count) indicators, \(loaded.rules.overrides.count) overrides; bands contiguous; every indicator can fire; monotone")
                    }
                    failed = failed || !findings.isEmpty
                } catch {
                    print(error.description)
                    failed = true
                }
            }
            if (try? directory.calendar()) == nil, FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("calendar.yaml")) {
                _ = try directory.calendar()
            }
            if failed { throw ExitCode.failure }
        }
    }
}
