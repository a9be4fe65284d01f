import CreditCore
import CreditStore
import CreditSynthetic
import Foundation
import GRDB

/// A temporary folder removed when the value goes away.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("credit-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fixed knowledge time: 2026-11-20 10:00 UTC.
let t0 = Timestamp(iso: "2026-11-20T10:00:00.000Z")!
let t1 = Timestamp(iso: "2026-11-21T10:00:00.000Z")!

extension Importer {
    /// Imports paths at a fixed knowledge time.
    func run(_ paths: [String], at time: Timestamp = t0, strict: Bool = false, kind: DataFileKind? = nil) -> ImportReport {
        importPaths(paths, options: ImportOptions(kind: kind, strict: strict, knownAt: time, allowList: ["91350100M0001TGQXM"]))
    }
}

/// Valid codes for fixtures.
let codeA = "91350100M000100Y43"
let codeB = "91110000600037341L"
let codeC = UnifiedSocialCreditCode.completing("91130602MA0000001")!

let enterprisesCSV = """
统一社会信用代码,企业名称,行业代码,登记状态
\(codeA),福州示例有限公司,C13,存续
\(codeB),北京示例有限公司,F5211,在业
\(codeC),保定示例有限公司,H6210,存续

"""

extension CreditDatabase {
    func count(_ sql: String) throws -> Int { try writer.read { db in try Int.fetchOne(db, sql: sql) ?? -1 } }
}

/// A small synthetic city imported into `folder/name`, for tests that run the `credit` binary.
func importedSyntheticCity(into folder: TemporaryFolder, name: String, enterprises: Int, seed: UInt64) throws -> String {
    let db = folder.path(name)
    var files: [SyntheticCity.File: String] = [:]
    SyntheticCity(enterpriseCount: enterprises, seed: seed, asOf: CalendarDate(iso: "2026-10-31")!).generate { file, line in files[file, default: ""] += line }
    for (file, text) in files where file != .penaltyCorrections { try folder.write("city/\(file.rawValue)", text) }
    _ = Importer(database: try CreditDatabase.open(path: db)).run([folder.path("city")], at: t0)
    return db
}

/// Runs `credit` on `db` with the repository's rules (or `rules`), optionally with another
/// `PATH`; its exit status, standard output and standard error.
func runCredit(_ arguments: [String], db: String, rules: String? = nil, path: String? = nil) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = try creditBinary()
    process.arguments = arguments + ["--db", db, "--rules", rules ?? repositoryRoot.appendingPathComponent("Rules").path]
    if let path { process.environment = ProcessInfo.processInfo.environment.merging(["PATH": path]) { $1 } }
    let (out, err) = (Pipe(), Pipe())
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile(), error = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
}
