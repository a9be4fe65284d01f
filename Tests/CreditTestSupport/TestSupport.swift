import CreditCore
import CreditIngest
import CreditStore
import Foundation
import GRDB

// Fixtures shared by the test targets (a target of its own, so they are written once).

/// A temporary folder removed when the value goes away.
public final class TemporaryFolder {
    public let url: URL
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("credit-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// The repository root, found from this file's path.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fixed knowledge time: 2026-11-20 10:00 UTC.
public let t0 = Timestamp(iso: "2026-11-20T10:00:00.000Z")!
public let t1 = Timestamp(iso: "2026-11-21T10:00:00.000Z")!

extension Importer {
    /// Imports paths at a fixed knowledge time.
    public func run(_ paths: [String], at time: Timestamp = t0, strict: Bool = false, kind: DataFileKind? = nil) -> ImportReport {
        importPaths(paths, options: ImportOptions(kind: kind, strict: strict, knownAt: time, allowList: ["91350100M0001TGQXM"]))
    }
}

/// Valid codes for fixtures.
public let codeA = "91350100M000100Y43"
public let codeB = "91110000600037341L"
public let codeC = UnifiedSocialCreditCode.completing("91130602MA0000001")!

public let enterprisesCSV = """
统一社会信用代码,企业名称,行业代码,登记状态
\(codeA),福州示例有限公司,C13,存续
\(codeB),北京示例有限公司,F5211,在业
\(codeC),保定示例有限公司,H6210,存续

"""

extension CreditDatabase {
    public func count(_ sql: String) throws -> Int { try writer.read { db in try Int.fetchOne(db, sql: sql) ?? -1 } }
}
