import CreditCore
import CreditRules
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The whole register with every record, as the engine knew it at a point in time, packed in
/// memory and grouped by enterprise, visited in code order. Immutable once loaded, so workers
/// can classify disjoint parts of it at once.
///
/// Loading reads each table by sequential scans in rowid slices, not in code order through the
/// code index: index-order reads of the record table are random page reads and took four times
/// longer. Records are grouped with a counting sort by owner.
///
/// Memory (1M enterprises, 2.65M records, realistic data): records ~190 MB packed, their texts
/// ~95 MB, enterprises ~65 MB as code keys and register columns (`RegisterEntry`); the scans
/// run with a 2 MiB page cache each. A 1M run peaks at about 440 MB resident.
struct RegisterSnapshot: Sendable {
    /// One rowid slice of the tables, as scanned by one connection.
    private struct Part: Sendable {
        var keys: [ClassificationSource.CodeKey] = []
        var entries: [RegisterEntry] = []
        /// Names by position, only when the snapshot keeps them (`withNames`).
        var names: [String] = []
        /// Position in `entries` by code.
        var position: [ClassificationSource.CodeKey: Int32] = [:]
        var records: [PackedRecord] = []
    }

    private let parts: [Part]
    /// The texts of every part's records.
    private let arena: [UInt8]
    /// Global enterprise id = `base[part] + index in the part`.
    private let base: [Int]
    /// Codes by global enterprise id.
    private let keys: [ClassificationSource.CodeKey]
    /// Global enterprise ids in code order.
    private let visit: [Int32]
    /// Records of global enterprise g are `order[start[g]..<start[g + 1]]`, as (part, index).
    private let start: [Int]
    private let order: [(part: Int32, index: Int32)]

    var count: Int { visit.count }

    /// Loads the register. With `parallel`, the tables are read in two rowid halves at once,
    /// each on a reader connection of its own; the caller must hold the write lock (or
    /// otherwise keep writers out) so that both connections see the same committed state.
    /// - Parameter withNames: keep the enterprises' names (else they are visited with an empty
    ///   name: classification does not read it, and a million names take a hundred megabytes).
    static func load(_ db: Database, knownBy: Timestamp?, parallel pool: DatabasePool? = nil,
                     withNames: Bool = false) throws -> RegisterSnapshot {
        let partCount = pool == nil ? 1 : 2
        let (enterpriseSQL, recordSQL, arguments) = ClassificationSource.queries(knownBy: knownBy, only: nil)
        let bounds = try Row.fetchOne(db, sql: """
            SELECT (SELECT IFNULL(MAX(rowid), 0) FROM enterprise), (SELECT IFNULL(MAX(rowid), 0) FROM enterprise_history),
                   (SELECT IFNULL(MAX(rowid), 0) FROM record), (SELECT IFNULL(MAX(rowid), 0) FROM record_history)
            """)!
        let ends: [Int64] = (0..<4).map { (bounds[$0] as Int64) + 1 }
        /// The rowid slice `part` of a current table and its history table.
        @Sendable func slice(_ part: Int, current: Int64, history: Int64) -> StatementArguments {
            let (lo, hi) = rowidSlice(part, of: partCount, ending: current), (hlo, hhi) = rowidSlice(part, of: partCount, ending: history)
            return ["lo": lo, "hi": hi, "hlo": hlo, "hhi": hhi]
        }

        // Enterprises, each part indexed by code.
        var parts = try inParts(db, pool, partCount) { reader, p in
            let rows = RawStatement(try reader.makeStatement(sql: enterpriseSQL))
            try rows.statement.setArguments(arguments + slice(p, current: ends[0], history: ends[1]))
            var part = Part()
            let expected = Int(ends[0] / Int64(partCount)) + 1024
            part.position.reserveCapacity(expected)
            part.keys.reserveCapacity(expected)
            part.entries.reserveCapacity(expected)
            while try rows.step(reader) {
                guard let key = rows.withBytes(ClassificationSource.enterpriseLayout[.uscc], ClassificationSource.CodeKey.init) else { continue }
                part.position[key] = Int32(part.keys.count)
                part.keys.append(key)
                part.entries.append(RegisterEntry(rows))
                if withNames { part.names.append(rows.text(ClassificationSource.enterpriseLayout[.name]) ?? "") }
            }
            return part
        }
        var base = [0]
        for part in parts { base.append(base.last! + part.keys.count) }
        let total = base.last!

        // Records, each part with its own arena; the owner is a global enterprise id.
        let indexes = parts.map(\.position), offsets = base
        let tables = PackedRecord.Tables.shared
        var scanned = try inParts(db, pool, partCount) { reader, p in
            let rows = RawStatement(try reader.makeStatement(sql: recordSQL))
            try rows.statement.setArguments(arguments + slice(p, current: ends[2], history: ends[3]))
            var records: [PackedRecord] = []
            records.reserveCapacity(Int(ends[2] / Int64(partCount)) + 1024)
            var arena: [UInt8] = []
            // About one 决定文书号 per record; the first part's arena takes in the others' after
            // the scan, so it gets room for all (address space only until written).
            arena.reserveCapacity(records.capacity * (p == 0 ? 64 * partCount : 32))
            while try rows.step(reader) {
                guard let key = rows.withBytes(ClassificationSource.recordLayout[.uscc], ClassificationSource.CodeKey.init) else { continue }
                var owner: Int?
                for (q, index) in indexes.enumerated() {
                    if let local = index[key] { owner = offsets[q] + Int(local); break }
                }
                guard let owner else { continue }
                records.append(PackedRecord(rows, owner: Int32(owner), arena: &arena, tables: tables, columns: ClassificationSource.recordLayout))
            }
            return (records: records, arena: arena)
        }
        // One arena for all texts: the first part's grows in place (it was reserved with room
        // to spare), later parts' spans move up by the bytes before them.
        for p in parts.indices { parts[p].position = [:] }
        var arena: [UInt8] = []
        swap(&arena, &scanned[0].arena)
        for p in parts.indices {
            parts[p].records = scanned[p].records
            scanned[p].records = []
            guard p > 0 else { continue }
            let shift = Int32(arena.count)
            arena += scanned[p].arena
            scanned[p].arena = []
            parts[p].records.withUnsafeMutableBufferPointer { records in
                for k in records.indices {
                    records[k].documentNumber.offset += shift
                    if records[k].violation != nil { records[k].violation!.offset += shift }
                }
            }
        }
        // Code order, and a counting sort of the records by owner.
        var keys: [ClassificationSource.CodeKey] = []
        keys.reserveCapacity(total)
        for p in parts.indices { keys += parts[p].keys; parts[p].keys = [] }
        let visit = (0..<Int32(total)).sorted { keys[Int($0)] < keys[Int($1)] }
        var start = [Int](repeating: 0, count: total + 1)
        for part in parts { for record in part.records { start[Int(record.owner) + 1] += 1 } }
        for g in 0..<total { start[g + 1] += start[g] }
        var order = [(part: Int32, index: Int32)](repeating: (0, 0), count: start[total])
        var next = start
        for (p, part) in parts.enumerated() {
            for (k, record) in part.records.enumerated() {
                order[next[Int(record.owner)]] = (Int32(p), Int32(k))
                next[Int(record.owner)] += 1
            }
        }
        return RegisterSnapshot(parts: parts, arena: arena, base: base, keys: keys, visit: visit, start: start, order: order)
    }

    /// Part `part` of `count` of a table's rowids, as inclusive bounds, for rowids mostly below
    /// `end`: even parts below `end`, the first part from the lowest rowid and the last to the
    /// highest (a rowid can be zero or negative, written so by hand; none is left out).
    static func rowidSlice(_ part: Int, of count: Int, ending end: Int64) -> (Int64, Int64) {
        let n = Int64(count), p = Int64(part)
        return (part == 0 ? Int64.min : end * p / n, part == count - 1 ? Int64.max : end * (p + 1) / n - 1)
    }

    /// Runs `body` for parts 0..<count at once, each on a reader connection of its own (without
    /// a pool: the one part on `db`), each with a small page cache: a sequential scan reads every
    /// page once, and a full cache per connection (128 MiB) would only add to resident memory.
    static func inParts<T: Sendable>(_ db: Database, _ pool: DatabasePool?, _ count: Int,
                                             _ body: @escaping @Sendable (Database, Int) throws -> T) throws -> [T] {
        guard let pool else { return try (0..<count).map { part in try withScanCache(db) { try body(db, part) } } }
        let results = Mutex<[Int: Result<T, any Error>]>([:])
        let group = DispatchGroup()
        for part in 0..<count {
            DispatchQueue.global().async(group: group) {
                let result = Result { try pool.read { reader in try withScanCache(reader) { try body(reader, part) } } }
                results.withLock { $0[part] = result }
            }
        }
        group.wait()
        let all = results.withLock { $0 }
        return try (0..<count).map { try all[$0]!.get() }
    }

    /// Page cache of a scanning connection, KiB.
    static let scanCacheKiB = 2048

    /// Runs `body` with the connection's page cache at `scanCacheKiB` (pages beyond are given
    /// back), then restores the connection's own setting.
    static func withScanCache<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        try withCacheSize(db, kibibytes: scanCacheKiB, body)
    }

    /// Runs `body` with the connection's page cache limited to `kibibytes`, then restores the
    /// connection's own setting.
    static func withCacheSize<T>(_ db: Database, kibibytes: Int, _ body: () throws -> T) throws -> T {
        let saved = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -\(kibibytes)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(saved)") }
        return try body()
    }

    /// Visits the enterprises at `positions` of the code order with their code keys, their
    /// records, packed, and the arena their texts point into (both valid during the call only).
    func forEach(_ positions: Range<Int>,
                 _ body: (Enterprise, ClassificationSource.CodeKey, UnsafeBufferPointer<PackedRecord>, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var own: [PackedRecord] = []
        try arena.withUnsafeBufferPointer { arena in
            try parts.withUnsafeBufferPointer { parts in
                for position in positions {
                    let g = Int(visit[position])
                    let p = base[1] > g ? 0 : base.lastIndex { $0 <= g }!
                    own.removeAll(keepingCapacity: true)
                    for (part, index) in order[start[g]..<start[g + 1]] { own.append(parts[Int(part)].records[Int(index)]) }
                    let k = g - base[p]
                    let enterprise = parts[p].entries[k].enterprise(uscc: keys[g].text, name: parts[p].names.isEmpty ? "" : parts[p].names[k])
                    try own.withUnsafeBufferPointer { try body(enterprise, keys[g], $0, arena) }
                }
            }
        }
    }
}

/// The register columns classification reads, without the code and name an `Enterprise`
/// keeps as heap strings (the code is the snapshot's key): a fraction of the memory, the
/// `Enterprise` made when the entry is visited.
struct RegisterEntry: Sendable {
    /// Inline: a region code is a short string.
    var region: String
    var industry: IndustryCode?
    var status: RegistrationStatus
    var abnormal: Bool, serious: Bool, dishonestDebtor: Bool

    /// A row of `ClassificationSource.enterpriseLayout`, as `ClassificationSource.enterprise` reads it.
    init(_ row: RawStatement) {
        let c = ClassificationSource.enterpriseLayout
        region = row.text(c[.region]) ?? ""
        industry = row.text(c[.industry]).flatMap { IndustryCode($0) }
        status = row.withBytes(c[.status]) { ClassificationSource.registrationStatus($0) } ?? .existing
        abnormal = row.int(c[.abnormal]) != 0
        serious = row.int(c[.serious]) != 0
        dishonestDebtor = row.int(c[.dishonestDebtor]) != 0
    }

    func enterprise(uscc: String, name: String) -> Enterprise {
        Enterprise(uscc: UnifiedSocialCreditCode(trusted: uscc), name: name, industry: industry, region: region, status: status,
                   onAbnormalList: abnormal, onSeriousList: serious, isDishonestDebtor: dishonestDebtor)
    }
}
