import ArgumentParser
import CreditCore
import CreditIngest
import CreditStore
import Foundation

struct ImportCommand: ParsableCommand {
    /// One progress line on standard error: rows, rows/s, percent and ETA.
    @Sendable static func showProgress(_ p: ImportProgress) {
        let rate = p.elapsedSeconds > 0 ? Double(p.rows) / p.elapsedSeconds : 0
        let fraction = p.bytesTotal > 0 ? Double(p.bytesRead) / Double(p.bytesTotal) : 0
        let eta = fraction > 0 ? p.elapsedSeconds * (1 - fraction) / fraction : 0
        let line = "\r\(p.file): \(p.rows) rows, \(Int(rate)) rows/s, \(Int(fraction * 100))%, ETA \(Int(eta))s   "
        FileHandle.standardError.write(Data(line.utf8))
    }

    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load data files (CSV or Excel .xlsx; a directory or files) into the database, validating every field.",
        discussion: """
            Registers (enterprises, inspectors, conflicts) load before records. One transaction per file:
            an interrupted import leaves the database as it was before that file. A file whose content was
            imported before (under any name) changes nothing; a changed row with an existing key is stored
            as a correction, history kept; a row equal to a version a later correction superseded, or older
            than the stored one, is not stored (a warning names the newer version; --allow-revert stores it).
            Real exports in other shapes are read through an import profile (Rules/import-profiles/ and
            ./import-profiles/), chosen by the header or forced with --profile; see `credit profiles`.
            Exit code 3 when any row or file was rejected.
            """)

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "Files or directories of CSV files.")
    var paths: [String]

    @Option(help: "Treat every file as this category (行政处罚 or penalty, …, enterprises, inspectors, conflicts, triggers).")
    var category: String?

    @Option(help: "Source encoding (default: detected).")
    var encoding: SourceEncodingArgument?

    @Flag(help: "Load nothing from a file that has any rejected row.")
    var strict = false

    @Option(help: "Read every file with this import profile (its name, or a profile YAML file), whatever its header.")
    var profile: String?

    @Option(help: "The worksheet to read from Excel workbooks (default: the first).")
    var sheet: String?

    @Flag(name: .customLong("allow-revert"), help: "Store rows equal to a version a later correction superseded (or older than the stored one) as corrections.")
    var allowRevert = false

    @Option(help: "Output format: table, json or csv (the per-file report; rejected rows go to standard error).")
    var format: OutputFormat = .table

    func validate() throws {
        if let category, DataFileKind(name: category) == nil {
            throw ValidationError("unknown category '\(category)'")
        }
    }

    func run() throws {
        let catalog = options.rulesDirectory.profiles()
        for problem in catalog.errors { printError("warning: import profile skipped: \(problem)") }
        var forced: ImportProfile?
        if let profile { forced = try ProfilesCommand.resolve(profile, in: catalog) }
        let importOptions = ImportOptions(
            kind: category.flatMap(DataFileKind.init(name:)), encoding: encoding?.value, strict: strict,
            knownAt: .now, allowList: try options.rulesDirectory.allowList(), allowRevert: allowRevert,
            profiles: catalog.profiles, profile: forced, sheet: sheet)
        // Progress on a terminal only; CREDIT_PROGRESS=1 forces it (used by the crash test to
        // know the transaction is under way).
        let showProgress = (stderrIsTerminal && format == .table) || ProcessInfo.processInfo.environment["CREDIT_PROGRESS"] == "1"
        let report = try options.loading { database in
            Importer(database: database).importPaths(paths, options: importOptions, progress: showProgress ? Self.showProgress : nil)
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        switch format {
        case .json:
            try printJSON(ImportJSON(files: report.files, errors: report.errors, warnings: report.warnings))
        case .csv, .table:
            let files = Self.fileTable(report.files)
            if format == .csv { printCSV(files) } else { print(files.render()) }
            for w in report.warnings.prefix(50) { printError("warning: \(w)") }
            if report.warnings.count > 50 { printError("warning: … and \(report.warnings.count - 50) more warnings") }
            for e in report.errors { printError("\(e)") }
        }
        if report.hasRejections { throw exitRejectedInput }
    }
}

extension ImportCommand {
    /// The per-file table, rendered.
    static func table(_ files: [FileImportReport]) -> String { fileTable(files).render() }

    /// The per-file table: the same counts and states as `--format json`.
    static func fileTable(_ files: [FileImportReport]) -> TextTable {
        var table = TextTable(["文件", "类别", "导入配置", "行数", "已导入", "未变", "更正", "保留较新", "拒绝",
                               "跳过", "重复"], rightAligned: [3, 4, 5, 6, 7, 8, 9, 10])
        for f in files {
            table.add([f.file + (f.status.map { " (\($0))" } ?? ""), f.category, f.profile ?? "-", "\(f.rows)", "\(f.loaded)",
                       "\(f.unchanged)", "\(f.corrected)", "\(f.keptNewer)", "\(f.rejected)", "\(f.skipped)", "\(f.duplicates)"])
        }
        return table
    }
}

/// `--format json` shape: `{"files":[…],"errors":[…],"warnings":[…]}`.
struct ImportJSON: Encodable {
    var files: [FileImportReport]
    var errors: [ImportIssue]
    var warnings: [ImportIssue]
}

struct SourceEncodingArgument: ExpressibleByArgument {
    var value: SourceEncoding
    init?(argument: String) {
        switch argument.lowercased() {
        case "utf8", "utf-8": value = .utf8
        case "gb18030", "gbk", "gb2312": value = .gb18030
        default: return nil
        }
    }
}
