import ArgumentParser
import CreditCore
import CreditStore
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The hash-chained audit log.",
        subcommands: [Verify.self, Head.self, List.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-check the whole hash chain and that it still holds every published head; exit 1 at the first break.",
            discussion: """
                Every draw's commitment and receipt publish the chain's head at that moment; a log truncated, or rewritten
                with its hashes recomputed, no longer contains them. --expect-head checks a head noted earlier the same way.
                """)
        @OptionGroup var options: DatabaseOptions
        @Option(name: .customLong("expect-head"), help: "A head hash noted earlier (credit audit head); the chain must still contain it.")
        var expectHead: String?

        func validate() throws {
            if let expectHead, !(expectHead.count == 64 && expectHead.allSatisfy(\.isHexDigit)) {
                throw ValidationError("--expect-head must be a SHA-256 (64 hex digits)")
            }
        }

        func run() throws {
            let result = try AuditStore(database: try options.open()).verify(expectHead: expectHead)
            if let broken = result.firstBreak {
                printError("audit log BROKEN at \(broken) (\(result.checked) events verified before it)")
                throw ExitCode.failure
            }
            print("audit log intact: \(result.checked) events verified, \(result.anchors) published heads found; head \(result.head)")
            // The lookup journal (查询留痕), a chain of its own beside the database, when the server has written one.
            let journalPath = LookupJournal.path(besides: options.db)
            guard FileManager.default.fileExists(atPath: journalPath) else { return }
            let journal = try LookupJournal.open(besides: options.db).verify()
            if let broken = journal.firstBreak {
                printError("lookup journal \(journalPath) BROKEN at \(broken) (\(journal.checked) events verified before it)")
                throw ExitCode.failure
            }
            print("lookup journal intact: \(journal.checked) events verified (\(journalPath))")
        }
    }

    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the chain's last event: sequence number and hash (note it; `audit verify --expect-head HASH` checks it later).")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        func run() throws {
            let head = try AuditStore(database: try options.open()).head()
            if format != .table {
                var table = TextTable(["序号", "哈希"])
                table.add(["\(head.seq)", head.hash])
                try printListing(table, json: head, format: format)
                return
            }
            print("\(head.seq) \(head.hash)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the latest audit events.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Only events of this kind (import, classify, draw-prepare, draw, void, notice, repair, report-issue, reminder-dispatch; lookup reads the lookup journal).")
        var kind: String?
        @Option(help: "How many events.") var limit = 20
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        func run() throws {
            let journalPath = LookupJournal.path(besides: options.db)
            let events = kind == "lookup" && FileManager.default.fileExists(atPath: journalPath)
                ? try LookupJournal.open(besides: options.db).events(limit: limit)
                : try AuditStore(database: try options.open()).events(kind: kind, limit: limit)
            let header = ["序号", "时间", "类型", "操作人", "内容", "哈希"]
            var table = TextTable(header, rightAligned: [0]), full = TextTable(header)
            for e in events {
                table.add(["\(e.seq)", e.at.chinaMinute, e.kind, e.actor, String(e.payload.canonicalText.prefix(80)), String(e.hash.prefix(12))])
                full.add(["\(e.seq)", e.at.description, e.kind, e.actor, e.payload.canonicalText, e.hash])
            }
            try printListing(table, csv: full, json: events.map { JSONValue.object(["seq": .int($0.seq), "at": .string($0.at.description), "kind": .string($0.kind),
                                                                                  "actor": .string($0.actor), "payload": $0.payload, "hash": .string($0.hash)]) },
                             format: format)
        }
    }
}
