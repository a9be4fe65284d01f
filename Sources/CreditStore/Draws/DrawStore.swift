import CreditCore
import CreditRules
import CreditSampling
import Foundation
import GRDB
import Synchronization

/// A draw as listed: prepared (its commitment published), valid (run and recorded) or void.
public struct DrawSummary: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable {
        case prepared, valid, void
    }
    public var id: String
    /// 1 for draws run before commit-then-reveal, 2 after.
    public var version: Int
    public var status: Status
    public var month: String
    public var asOf: String
    public var preparedAt: String?
    public var randomnessSource: String?
    public var commitmentSHA256: String?
    public var publicRandomness: String?
    /// When the draw was run and recorded.
    public var createdAt: String?
    public var tasks: Int
    public var unassigned: Int
    public var receiptSHA256: String?
    public var previousReceiptSHA256: String?
    public var voidedAt: String?
    public var voidReason: String?

    enum CodingKeys: String, CodingKey {
        case id, version, status, month, asOf = "as_of", preparedAt = "prepared_at", randomnessSource = "randomness_source"
        case commitmentSHA256 = "commitment_sha256", publicRandomness = "public_randomness", createdAt = "created_at", tasks, unassigned
        case receiptSHA256 = "receipt_sha256", previousReceiptSHA256 = "previous_receipt_sha256", voidedAt = "voided_at", voidReason = "void_reason"
    }

    /// 待抽取 / 有效 / 已作废, as the pages show it.
    public var statusText: String {
        switch status {
        case .prepared: "已承诺，待抽取"
        case .valid: "有效"
        case .void: "已作废"
        }
    }
}

/// A prepared draw: its commitment, to publish before the randomness exists.
public struct PreparedDraw: Sendable {
    public var id: String
    public var asOf: CalendarDate
    public var commitment: DrawCommitment
    public var frameCount: Int
    /// Active enterprises without a class in the run used (left out of the frame).
    public var unclassified: Int
    public var classificationRunID: Int64
    /// The same draw had been prepared before with the same date and source: nothing new was written.
    public var alreadyPrepared: Bool
    /// `public/commitment.json`.
    public var files: [String: [UInt8]] { [DrawFiles.commitment: commitment.bytes] }
}

/// A task without inspectors, and why.
public struct UnassignedTask: Sendable, Hashable {
    public var uscc: String
    public var reason: String
}

/// A run (or, for a repeated command, an already recorded) draw and its whole bundle.
public struct DrawOutcome: Sendable {
    public var id: String
    public var asOf: CalendarDate
    /// Every file of the bundle, `audit/salt.txt` (K) included: auditors' material; only
    /// `public/` is published.
    public var files: [String: [UInt8]]
    public var receiptSHA256: String
    public var commitmentSHA256: String?
    public var previousReceiptSHA256: String?
    public var tasks: Int
    public var targeted: Int
    public var unassigned: [UnassignedTask]
    /// Per-stratum counts (internal: they name classes). Empty for a recorded draw read back.
    public var strata: [StratumCount]
    public var exclusions: Int
    public var unclassified: Int
    /// The inputs came from the files prepare froze (`DrawInputWatch` proved every table they
    /// come from unwritten since), not from reading the register and the history again. False
    /// for a recorded draw read back.
    public var inputsFromPreparedFiles: Bool = false
    /// The draw had been run before with the same randomness: nothing new was recorded, the
    /// files are the recorded ones (to write again when they were lost).
    public var alreadyRecorded: Bool
}

/// The double-random draw's use cases over the store, each in one transaction: prepare
/// (freeze the inputs, draw `K`, commit), run (check that nothing changed, draw, record),
/// void, and read back. The CLI, the demo and the server all call these.
///
/// Each has an `async` form for the server: the work runs on the database's writer or
/// reader queue (GRDB's `write`/`read`), not on Swift concurrency's cooperative threads.
public struct DrawStore: Sendable {
    let database: CreditDatabase
    /// Threads for the tickets and inspector candidates of a draw.
    let parallelism: Int

    public init(database: CreditDatabase) {
        self.database = database
        parallelism = ProcessInfo.processInfo.activeProcessorCount
    }

    /// Prepares a draw: checks the id and the date, freezes every input, draws a 256-bit `K`
    /// from the system CSPRNG and records the commitment. Repeating the same command returns
    /// the recorded commitment.
    /// - Parameters:
    ///   - id: `[0-9A-Za-z._-]{1,64}` without `..`.
    ///   - asOf: the draw date: not after today, not before the latest valid draw; its month is the draw's.
    ///   - randomnessSource: which future public value the run will use.
    ///   - plan, planText: the sampling plan, frozen with the draw.
    /// - Parameter salt: K; nil (always, in a real draw) draws it from the system CSPRNG. Tests
    ///   pass a fixed K so that what they measure on the published files is reproducible.
    public func prepare(id: String, asOf: CalendarDate, randomnessSource: String, plan: SamplingPlan, planText: String,
                        now: Timestamp, actor: String, salt: DrawSalt? = nil) throws -> PreparedDraw {
        let parallelism = parallelism, pool = database.writer as? DatabasePool
        return try database.writer.write { db in
            try Self.prepare(db, id: id, asOf: asOf, randomnessSource: randomnessSource, plan: plan, planText: planText, now: now,
                             actor: actor, salt: salt, parallelism: parallelism, pool: pool)
        }
    }

    public func prepare(id: String, asOf: CalendarDate, randomnessSource: String, plan: SamplingPlan, planText: String,
                        now: Timestamp, actor: String) async throws -> PreparedDraw {
        let parallelism = parallelism, pool = database.writer as? DatabasePool
        return try await database.writer.write { db in
            try Self.prepare(db, id: id, asOf: asOf, randomnessSource: randomnessSource, plan: plan, planText: planText, now: now,
                             actor: actor, parallelism: parallelism, pool: pool)
        }
    }

    /// Runs a prepared draw with the public randomness its commitment named: refuses when any
    /// input changed since, computes the draw with seed `draw_id|R|hex(K)` and records it.
    /// Repeating the command with the same randomness returns the recorded bundle (to write
    /// its files again).
    public func run(id: String, randomness: String, now: Timestamp, actor: String) throws -> DrawOutcome {
        let parallelism = parallelism, pool = database.writer as? DatabasePool
        return try database.writer.write { db in
            try Self.run(db, id: id, randomness: randomness, now: now, actor: actor, parallelism: parallelism, pool: pool)
        }
    }

    public func run(id: String, randomness: String, now: Timestamp, actor: String) async throws -> DrawOutcome {
        let parallelism = parallelism, pool = database.writer as? DatabasePool
        return try await database.writer.write { db in
            try Self.run(db, id: id, randomness: randomness, now: now, actor: actor, parallelism: parallelism, pool: pool)
        }
    }

    /// Voids a prepared or recorded draw (logged). It stays listed, as 已作废 with the reason;
    /// its month can be drawn again with a new randomness.
    public func void(id: String, reason: String, now: Timestamp, actor: String) throws {
        try database.writer.write { db in try Self.void(db, id: id, reason: reason, now: now, actor: actor) }
    }

    public func void(id: String, reason: String, now: Timestamp, actor: String) async throws {
        try await database.writer.write { db in try Self.void(db, id: id, reason: reason, now: now, actor: actor) }
    }

    /// Every draw, prepared, valid and void, in date order.
    public func list() throws -> [DrawSummary] { try database.writer.read { db in try Self.list(db) } }
    public func list() async throws -> [DrawSummary] { try await database.writer.read { db in try Self.list(db) } }

    /// One draw. - Throws: `DrawError.notFound`.
    public func summary(id: String) throws -> DrawSummary { try database.writer.read { db in try Self.summary(db, id: id) } }
    public func summary(id: String) async throws -> DrawSummary { try await database.writer.read { db in try Self.summary(db, id: id) } }

    /// The bundle of a draw as recorded: for a run draw every file, `audit/salt.txt` (K)
    /// included; for a prepared one the commitment and the frozen inputs (K stays secret).
    public func files(drawID: String) throws -> [String: [UInt8]] { try database.writer.read { db in try Self.files(db, id: drawID) } }
    public func files(drawID: String) async throws -> [String: [UInt8]] {
        try await database.writer.read { db in try Self.files(db, id: drawID) }
    }

    /// A draw's summary and its published files (`public/…` only).
    public func publication(drawID: String) async throws -> (summary: DrawSummary, files: [String: [UInt8]]) {
        try await database.writer.read { db in
            let summary = try Self.summary(db, id: drawID)
            return (summary, try Self.files(db, id: drawID, onlyPublic: true))
        }
    }

    /// Per-stratum counts of a draw as of a date, without drawing (for the plan preview).
    public func preview(asOf: CalendarDate, plan: SamplingPlan, planText: String) throws -> (strata: [StratumCount], frame: Int, runID: Int64) {
        try database.writer.read { db in try Self.preview(db, asOf: asOf, plan: plan, planText: planText) }
    }

    public func preview(asOf: CalendarDate, plan: SamplingPlan, planText: String) async throws -> (strata: [StratumCount], frame: Int, runID: Int64) {
        try await database.writer.read { db in try Self.preview(db, asOf: asOf, plan: plan, planText: planText) }
    }

    static func preview(_ db: Database, asOf: CalendarDate, plan: SamplingPlan, planText: String) throws -> (strata: [StratumCount], frame: Int, runID: Int64) {
        let gathered = try gather(db, drawID: "preview", asOf: asOf, plan: plan, planText: planText)
        return (PlanPreview.counts(gathered.inputs), gathered.inputs.members.count, gathered.runID)
    }

    /// Writes bundle files under a directory (paths are the bundle's own: `receipt.json`, `audit/…`, `public/…`).
    /// The files are written on two threads at once, largest first: one after the other, the
    /// frame's two files (tens of megabytes) took a tenth of a city's draw run.
    public static func write(_ files: [String: [UInt8]], to directory: String) throws {
        let urls = files.keys.sorted { (files[$0]!.count, $1) > (files[$1]!.count, $0) }.map {
            ($0, URL(fileURLWithPath: directory).appendingPathComponent($0))
        }
        for folder in Set(urls.map { $0.1.deletingLastPathComponent() }) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let failures = Mutex<[String: any Error]>([:])
        DispatchQueue.concurrentPerform(iterations: urls.count) { i in
            let (path, url) = urls[i]
            do {
                // Written from the array's own bytes: `Data(bytes)` copied each file into fresh memory first.
                try files[path]!.withUnsafeBytes { buffer in
                    guard let base = buffer.baseAddress else { return try Data().write(to: url) }
                    try Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buffer.count, deallocator: .none).write(to: url)
                }
            } catch {
                failures.withLock { $0[path] = error }
            }
        }
        // The first failure by path, as writing them in path order would have thrown.
        if let failure = failures.withLock({ failures in failures.keys.min().flatMap { failures[$0] } }) { throw failure }
    }

    /// Reads a bundle directory (its top level, `audit/` and `public/`).
    public static func read(directory: String) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let base = URL(fileURLWithPath: directory)
        for sub in ["", "audit", "public"] {
            let folder = sub.isEmpty ? base : base.appendingPathComponent(sub)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
                let url = folder.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                files[sub.isEmpty ? name : "\(sub)/\(name)"] = [UInt8](try Data(contentsOf: url))
            }
        }
        return files
    }
}
