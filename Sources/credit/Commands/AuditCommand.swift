import ArgumentParser
import CreditCore
import CreditStore
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The hash-chained audit log.",
        subcommands: [Verify.self, List.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-check the whole hash chain; exit 1 at the first break.")
        @OptionGroup var options: DatabaseOptions

        func run() throws {
            let result = try options.open().writer.read { db in try AuditLog.verify(db) }
            if let broken = result.firstBreak {
                printError("audit log BROKEN at \(broken) (\(result.checked) events verified before it)")
                throw ExitCode.failure
            }
            print("audit log intact: \(result.checked) events verified")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the latest audit events.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Only events of this kind (import, classify, draw, void, notice, repair, rules-release, lookup).")
        var kind: String?
        @Option(help: "How many events.") var limit = 20
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func run() throws {
            let events = try options.open().writer.read { db in try AuditLog.events(db, kind: kind, limit: limit) }
            if format == .json {
                try printJSON(events.map { JSONValue.object(["seq": .int($0.seq), "at": .string($0.at.description), "kind": .string($0.kind),
                                                             "actor": .string($0.actor), "payload": $0.payload, "hash": .string($0.hash)]) })
                return
            }
            var table = TextTable(["seq", "at", "kind", "actor", "payload", "hash"], rightAligned: [0])
            for e in events {
                table.add(["\(e.seq)", e.at.description, e.kind, e.actor, String(e.payload.canonicalText.prefix(80)), String(e.hash.prefix(12))])
            }
            print(table.render())
        }
    }
}
