import ArgumentParser

/// `credit` — the CreditEngine command line.
@main
struct Credit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit",
        abstract: "CreditEngine: enforcement data → credit-risk classes → double-random draws → credit repair.",
        discussion: "Exit codes: 0 ok, 1 failure, 2 usage error, 3 done but some input was rejected.",
        subcommands: [
            ImportCommand.self, QualityCommand.self, AuditCommand.self, GenerateCommand.self, DemoCommand.self,
        ])
}
