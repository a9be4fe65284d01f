import ArgumentParser
import CreditStore
import Foundation

/// `credit` — the CreditEngine command line.
@main
struct Credit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit",
        abstract: "CreditEngine: enforcement data → credit-risk classes → double-random draws → credit repair.",
        discussion: "Exit codes: 0 ok, 1 failure, 2 usage error (bad option, argument or code), 3 done but some input was rejected.",
        subcommands: [
            ImportCommand.self, QualityCommand.self, ClassifyCommand.self, QueryCommand.self, RulesCommand.self, DrawCommand.self,
            NoticeCommand.self, RemindCommand.self, RepairCommand.self, ReportCommand.self, EligibilityCommand.self, CommitmentsCommand.self,
            ServeCommand.self, TokenCommand.self,
            AuditCommand.self, GenerateCommand.self, DemoCommand.self, ProfilesCommand.self,
        ])

    /// Runs a command and maps errors to the documented exit codes (ArgumentParser's own
    /// usage code 64 becomes 2).
    static func main() async {
        CreditDatabase.configureSQLiteForThisProcess()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            printError("error: \(error.description)")
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
