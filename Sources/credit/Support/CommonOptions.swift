import ArgumentParser
import CreditCore
import CreditRules
import CreditStore
import Foundation

/// Options every database command shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file.")
    var db: String = "credit.db"

    @Option(name: .long, help: "The rules directory (calendar, rule sets, templates).")
    var rules: String = RulesDirectory.defaultPath

    func open() throws -> CreditDatabase {
        do { return try CreditDatabase.open(path: db) } catch {
            throw CLIError("cannot open database \(db): \(error)")
        }
    }

    var rulesDirectory: RulesDirectory { RulesDirectory(path: rules) }
}

/// Output formats of listing commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// A failure the user can act on: printed without a stack of types, exit code 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Exit code 3: the command finished but rejected some input.
let exitRejectedInput = ExitCode(3)

/// The `Rules/` folder: the calendar, rule sets and templates the engine reads.
struct RulesDirectory {
    var path: String

    /// `./Rules`, or `$CREDIT_RULES` when set.
    static var defaultPath: String { ProcessInfo.processInfo.environment["CREDIT_RULES"] ?? "Rules" }

    func text(_ name: String) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError("cannot read \(file) (run from the repository root or pass --rules DIR)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    func calendar() throws -> WorkingDayCalendar {
        do { return try CalendarLoader.load(try text("calendar.yaml"), file: "calendar.yaml") } catch let error as RuleFileError {
            throw CLIError(error.description)
        }
    }

    /// Codes listed in `uscc-allowlist.txt` (comments after `#`).
    func allowList() throws -> Set<String> {
        guard let text = try? text("uscc-allowlist.txt") else { return [] }
        return Set(text.split(separator: "\n").compactMap { line in
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first?
                .trimmingDataWhitespace().uppercased() ?? ""
            return code.isEmpty ? nil : code
        })
    }
}

extension Timestamp {
    /// The current time: only adapters read the clock.
    static var now: Timestamp { Timestamp(millisecondsSince1970: Int64((Date().timeIntervalSince1970 * 1000).rounded())) }
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Whether standard output/error is a terminal (progress is shown only then).
var stderrIsTerminal: Bool { isatty(2) == 1 }
