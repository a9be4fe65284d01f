import CreditCore
import CreditIngest
import CreditStore
import CreditSynthetic
import CreditTestSupport
import Foundation

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
