import ArgumentParser
import CreditCore
import CreditIngest
import CreditRepair
import CreditSampling
import CreditRules
import CreditStore
import Foundation

/// Options every database command shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file.")
    var db: String = "credit.db"

    @Option(name: .long, help: "The rules directory (calendar, rule sets, templates).")
    var rules: String = RulesDirectory.defaultPath

    /// Opens the database, which must exist: a mistyped `--db` would otherwise create an
    /// empty database and answer "not in the register" for every enterprise.
    func open() throws -> CreditDatabase {
        guard FileManager.default.fileExists(atPath: db) else {
            throw CLIError("数据库 \(db) 不存在（检查 --db；数据库由 credit import 或 credit demo 创建）")
        }
        return try openCreating()
    }

    /// Opens the database, creating it when missing: only for commands that bring data (import, demo).
    func openCreating() throws -> CreditDatabase {
        do { return try CreditDatabase.open(path: db) } catch {
            throw CLIError("cannot open database \(db): \(error)")
        }
    }

    /// Runs an import on the database, creating it when missing (`CreditDatabase.load`: a
    /// new file is loaded through a rollback journal, each page written once).
    func loading<T>(_ load: (CreditDatabase) throws -> T) throws -> T {
        var opened = false
        do {
            return try CreditDatabase.load(path: db) { database in
                opened = true
                return try load(database)
            }
        } catch where !opened {
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

extension RulesDirectory {
    /// The classification rule files: `classification*.yaml` in the directory, or the file itself.
    func classificationFiles() throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("rules path \(path) does not exist")
        }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let files = names.filter { $0.hasPrefix("classification") && $0.hasSuffix(".yaml") }.sorted()
            .map { (path as NSString).appendingPathComponent($0) }
        guard !files.isEmpty else { throw CLIError("no classification*.yaml in \(path)") }
        return files
    }

    /// Loads one rule file, turning its errors into file:line:column messages.
    static func loadRuleSet(file: String) throws -> LoadedRuleSet {
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
        do { return try LoadedRuleSet(text: String(decoding: data, as: UTF8.self), file: (file as NSString).lastPathComponent) }
        catch { throw CLIError(error.description) }
    }

    /// The rule set in force at `asOf`: the latest effective date on or before it.
    func classificationRules(asOf: CalendarDate) throws -> LoadedRuleSet {
        let sets = try classificationFiles().map(Self.loadRuleSet(file:))
        guard let chosen = sets.filter({ $0.rules.effective <= asOf }).max(by: { $0.rules.effective < $1.rules.effective }) else {
            throw CLIError("no classification rule set in \(path) is in force on \(asOf) (effective dates: \(sets.map { $0.rules.effective.description }.joined(separator: ", ")))")
        }
        return chosen
    }
}

/// `--as-of`: a date; default today in China Standard Time.
func parseAsOf(_ text: String?) throws -> CalendarDate {
    guard let text else { return Timestamp.now.chinaDate }
    guard let date = CalendarDate(iso: text) else { throw ValidationError("--as-of '\(text)' is not a date YYYY-MM-DD") }
    return date
}

/// `--known-by`: a date (through the end of that day, China Standard Time) or a timestamp.
func parseKnownBy(_ text: String?) throws -> Timestamp? {
    guard let text else { return nil }
    if let t = Timestamp(iso: text) { return t }
    guard let date = CalendarDate(iso: text) else {
        throw ValidationError("--known-by '\(text)' is not a date YYYY-MM-DD or a timestamp YYYY-MM-DDTHH:MM:SS.sssZ")
    }
    return Timestamp(millisecondsSince1970: Timestamp(startOfChinaDay: date.adding(days: 1)).millisecondsSince1970 - 1)
}

/// Validates a code given on the command line (exit 2 with the reason when malformed).
func parseCode(_ text: String) throws -> UnifiedSocialCreditCode {
    do { return try UnifiedSocialCreditCode(text.trimmingDataWhitespace()) } catch {
        throw ValidationError("'\(text)' is not a valid 统一社会信用代码: \(error.description)")
    }
}

extension RulesDirectory {
    /// The import profiles: shipped (`import-profiles/` here) and the city's own
    /// (`$CREDIT_PROFILES`, else `import-profiles/` in the working directory).
    func profiles() -> ProfileCatalog {
        ProfileCatalog.load(folders: profileFolders)
    }

    var profileFolders: [String] {
        let shipped = (path as NSString).appendingPathComponent("import-profiles")
        let local = ProcessInfo.processInfo.environment["CREDIT_PROFILES"] ?? "import-profiles"
        let standardized = { (p: String) in URL(fileURLWithPath: p).standardizedFileURL.path }
        return standardized(local) == standardized(shipped) ? [shipped] : [shipped, local]
    }
}

extension RulesDirectory {
    /// `sampling.yaml`, or the file given.
    func samplingPlan(file: String? = nil) throws -> (plan: SamplingPlan, text: String) {
        let path = file ?? (self.path as NSString).appendingPathComponent("sampling.yaml")
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
        let text = String(decoding: data, as: UTF8.self)
        do { return (try SamplingPlanLoader.load(text, file: (path as NSString).lastPathComponent), text) }
        catch { throw CLIError(error.description) }
    }
}

extension RulesDirectory {
    /// `repair.yaml`, with the names of region and industry codes from `code-names.yaml` when
    /// the directory has one (documents print the codes alone without it).
    func repairRules() throws -> RepairRules {
        do {
            var rules = try RepairRulesLoader.load(try text("repair.yaml"), file: "repair.yaml")
            if FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("code-names.yaml")) {
                rules.codeNames = try CodeNamesLoader.load(try text("code-names.yaml"), file: "code-names.yaml")
            }
            return rules
        } catch let error as RuleFileError {
            throw CLIError(error.description)
        }
    }

    func eligibilityRules() throws -> EligibilityRules {
        do { return try EligibilityRulesLoader.load(try text("eligibility.yaml"), file: "eligibility.yaml") } catch let error as RuleFileError {
            throw CLIError(error.description)
        }
    }

    func publicServiceRules() throws -> PublicServiceRules {
        do { return try PublicServiceRulesLoader.load(try text("public-service.yaml"), file: "public-service.yaml") } catch let error as RuleFileError {
            throw CLIError(error.description)
        }
    }

    /// Every `templates/*.mustache`, parsed.
    func renderer() throws -> DocumentRenderer {
        let folder = (path as NSString).appendingPathComponent("templates")
        var texts: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".mustache") {
            texts[name] = try text("templates/\(name)")
        }
        do { return try DocumentRenderer(templates: texts) } catch { throw CLIError(error.description) }
    }
}
