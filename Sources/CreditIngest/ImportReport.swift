import CreditCore
import Foundation

/// Options of one import run.
public struct ImportOptions: Sendable {
    /// Forces every file to this kind (`--category`); otherwise the profile, the file name or
    /// the header decides.
    public var kind: DataFileKind?
    /// Forces the encoding; otherwise detected.
    public var encoding: SourceEncoding?
    /// Load nothing from a file that has any rejected row.
    public var strict: Bool
    /// Knowledge time: when the engine learns these rows. Also decides "today" for
    /// "not in the future" checks (in China Standard Time).
    public var knownAt: Timestamp
    /// Legacy codes that fail the check character but are legal.
    public var allowList: Set<String>
    /// Who runs the import, for the audit log.
    public var actor: String
    /// Store rows equal to a superseded version, or older than the stored one, as corrections
    /// (`--allow-revert`); by default the newer version is kept and a warning names it.
    public var allowRevert: Bool
    /// The profiles a file's header is matched against (`detect`).
    public var profiles: [ImportProfile]
    /// The profile every file is read with (`--profile`), whatever its header.
    public var profile: ImportProfile?
    /// The worksheet of a workbook (`--sheet`); nil: the first.
    public var sheet: String?

    public init(kind: DataFileKind? = nil, encoding: SourceEncoding? = nil, strict: Bool = false,
                knownAt: Timestamp, allowList: Set<String> = [], actor: String = "cli", allowRevert: Bool = false,
                profiles: [ImportProfile] = [], profile: ImportProfile? = nil, sheet: String? = nil) {
        self.kind = kind; self.encoding = encoding; self.strict = strict; self.knownAt = knownAt
        self.allowList = allowList; self.actor = actor; self.allowRevert = allowRevert
        self.profiles = profiles; self.profile = profile; self.sheet = sheet
    }
}

/// One problem found in a file: `file:line: field: reason`.
public struct ImportIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var field: String
    public var reason: String
    public init(file: String, line: Int, field: String, reason: String) {
        self.file = file; self.line = line; self.field = field; self.reason = reason
    }
    public var description: String { line > 0 ? "\(file):\(line): \(field): \(reason)" : "\(file): \(field): \(reason)" }
}

/// What happened to one file.
public struct FileImportReport: Sendable, Hashable, Codable {
    public var file: String
    public var category: String
    /// The import profile the file was read with (nil: the contract's own headers).
    public var profile: String?
    /// `csv` or `xlsx`.
    public var format: String?
    public var encoding: String?
    /// Data rows read (excluding the header and blank lines; for a damaged file, the lines
    /// that could not be read count one each).
    public var rows = 0
    public var loaded = 0
    public var unchanged = 0
    public var corrected = 0
    public var rejected = 0
    /// 自然人 rows, skipped by design.
    public var skipped = 0
    /// Rows repeating a key already in the same file with identical content.
    public var duplicates = 0
    /// Rows that would have reverted a later correction (or are older than the stored
    /// version): the newer version was kept, with a warning.
    public var keptNewer = 0
    /// Records whose code is not (yet) in the enterprise register.
    public var notInRegister = 0
    /// The whole file was rejected (unreadable, wrong columns, --strict): nothing loaded.
    public var fileRejected = false
    /// The file is damaged from this line on (a quote never closed, bytes of another
    /// encoding): the rows before it loaded, it and the rest were rejected.
    public var damagedFromLine: Int?
    /// Same content as an earlier import: nothing was written.
    public var alreadyImported = false

    public init(file: String, category: String, fileRejected: Bool = false) {
        self.file = file; self.category = category; self.fileRejected = fileRejected
    }

    enum CodingKeys: String, CodingKey {
        case file, category, profile, format, encoding, rows, loaded, unchanged, corrected, rejected, skipped, duplicates
        case keptNewer = "kept_newer", notInRegister = "not_in_register", fileRejected = "file_rejected"
        case damagedFromLine = "damaged_from_line", alreadyImported = "already_imported"
    }

    /// The file's state in a word, as the table shows it after the name.
    public var status: String? {
        if fileRejected { return "REJECTED" }
        if let damagedFromLine { return "DAMAGED from line \(damagedFromLine)" }
        if alreadyImported { return "already imported" }
        return nil
    }
}

/// The result of importing one or more files.
public struct ImportReport: Sendable, Codable {
    public var files: [FileImportReport] = []
    public var errors: [ImportIssue] = []
    public var warnings: [ImportIssue] = []
    public init() {}
    /// True when any row or file was rejected (exit code 3).
    public var hasRejections: Bool { files.contains { $0.rejected > 0 || $0.fileRejected } }
}

/// Progress of a long import, for a terminal display.
public struct ImportProgress: Sendable {
    public var file: String
    public var rows: Int
    public var bytesRead: Int
    public var bytesTotal: Int
    public var elapsedSeconds: Double
}
