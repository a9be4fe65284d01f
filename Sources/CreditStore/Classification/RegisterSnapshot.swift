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
struct RegisterSnapshot: Sendable {
    /// One rowid slice of the tables, as scanned by one connection.
    private struct Part: Sendable {
        var keys: [ClassificationSource.CodeKey] = []
        var enterprises: [Enterprise] = []
        /// Position in `enterprises` by code.
        var position: [ClassificationSource.CodeKey: Int32] = [:]
        var records: [PackedRecord] = []
    }

    private let parts: [Part]
    /// The texts of every part's records.
    private let arena: [UInt8]
    /// Global enterprise id = `base[part] + index in the part`.
    private let base: [Int]
    /// Global enterprise ids in code order.
    private let visit: [Int32]
    /// Records of global enterprise g are `order[start[g]..<start[g + 1]]`, as (part, index).
    private let start: [Int]
    private let order: [(part: Int32, index: Int32)]

    var count: Int { visit.count }

    /// Loads the register. With `parallel`, the tables are read in two rowid halves at once,
    /// each on a reader connection of its own; the caller must hold the write lock (or
    /// otherwise keep writers out) so that both connections see the same committed state.
    static func load(_ db: Database, knownBy: Timestamp?, parallel pool: DatabasePool? = nil) throws -> RegisterSnapshot {
        let partCount = pool == nil ? 1 : 2
        let (enterpriseSQL, recordSQL, arguments) = ClassificationSource.queries(knownBy: knownBy, only: nil)
        let bounds = try Row.fetchOne(db, sql: """
            SELECT (SELECT IFNULL(MAX(rowid), 0) FROM enterprise), (SELECT IFNULL(MAX(rowid), 0) FROM enterprise_history),
                   (SELECT IFNULL(MAX(rowid), 0) FROM record), (SELECT IFNULL(MAX(rowid), 0) FROM record_history)
            """)!
        let ends: [Int64] = (0..<4).map { (bounds[$0] as Int64) + 1 }
        /// The rowid slice `part` of a current table and its history table.
        @Sendable func slice(_ part: Int, current: Int64, history: Int64) -> StatementArguments {
            let n = Int64(partCount), p = Int64(part)
            return ["lo": current * p / n, "hi": current * (p + 1) / n, "hlo": history * p / n, "hhi": history * (p + 1) / n]
        }

        // Enterprises, each part indexed by code.
        var parts = try inParts(db, pool, partCount) { reader, p in
            let rows = RawStatement(try reader.makeStatement(sql: enterpriseSQL))
            try rows.statement.setArguments(arguments + slice(p, current: ends[0], history: ends[1]))
            var part = Part()
            let expected = Int(ends[0] / Int64(partCount)) + 1024
            part.position.reserveCapacity(expected)
            part.keys.reserveCapacity(expected)
            part.enterprises.reserveCapacity(expected)
            while try rows.step(reader) {
                guard let key = rows.withBytes(ClassificationSource.enterpriseLayout[.uscc], ClassificationSource.CodeKey.init) else { continue }
                part.position[key] = Int32(part.keys.count)
                part.keys.append(key)
                part.enterprises.append(ClassificationSource.enterprise(rows))
            }
            return part
        }
        var base = [0]
        for part in parts { base.append(base.last! + part.keys.count) }
        let total = base.last!

        // Records, each part with its own arena; the owner is a global enterprise id.
        let indexes = parts.map(\.position), offsets = base
        let tables = PackedRecord.Tables.shared
        let scanned = try inParts(db, pool, partCount) { reader, p in
            let rows = RawStatement(try reader.makeStatement(sql: recordSQL))
            try rows.statement.setArguments(arguments + slice(p, current: ends[2], history: ends[3]))
            var records: [PackedRecord] = []
            records.reserveCapacity(Int(ends[2] / Int64(partCount)) + 1024)
            var arena: [UInt8] = []
            arena.reserveCapacity(records.capacity * 24)  // about one 决定文书号 per record
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
        // One arena for all texts: later parts' spans move up by the bytes before them.
        var arena: [UInt8] = []
        arena.reserveCapacity(scanned.reduce(0) { $0 + $1.arena.count })
        for p in parts.indices {
            parts[p].position = [:]
            parts[p].records = scanned[p].records
            let shift = Int32(arena.count)
            arena += scanned[p].arena
            if shift > 0 {
                parts[p].records.withUnsafeMutableBufferPointer { records in
                    for k in records.indices {
                        records[k].documentNumber.offset += shift
                        if records[k].violation != nil { records[k].violation!.offset += shift }
                    }
                }
            }
        }

        // Code order, and a counting sort of the records by owner.
        var keys: [ClassificationSource.CodeKey] = []
        keys.reserveCapacity(total)
        for part in parts { keys += part.keys }
        let visit = (0..<Int32(total)).sorted { keys[Int($0)] < keys[Int($1)] }
        for p in parts.indices { parts[p].keys = [] }
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
        return RegisterSnapshot(parts: parts, arena: arena, base: base, visit: visit, start: start, order: order)
    }

    /// Runs `body` for parts 0..<count at once, each on a reader connection of its own (without
    /// a pool: the one part on `db`).
    private static func inParts<T: Sendable>(_ db: Database, _ pool: DatabasePool?, _ count: Int,
                                             _ body: @escaping @Sendable (Database, Int) throws -> T) throws -> [T] {
        guard let pool else { return try (0..<count).map { try body(db, $0) } }
        let results = Mutex<[Int: Result<T, any Error>]>([:])
        let group = DispatchGroup()
        for part in 0..<count {
            DispatchQueue.global().async(group: group) {
                let result = Result { try pool.read { try body($0, part) } }
                results.withLock { $0[part] = result }
            }
        }
        group.wait()
        let all = results.withLock { $0 }
        return try (0..<count).map { try all[$0]!.get() }
    }

    /// Visits the enterprises at `positions` of the code order with their records, packed, and
    /// the arena their texts point into (both valid during the call only).
    func forEach(_ positions: Range<Int>,
                 _ body: (Enterprise, UnsafeBufferPointer<PackedRecord>, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var own: [PackedRecord] = []
        try arena.withUnsafeBufferPointer { arena in
            try parts.withUnsafeBufferPointer { parts in
                for position in positions {
                    let g = Int(visit[position])
                    let p = base[1] > g ? 0 : base.lastIndex { $0 <= g }!
                    own.removeAll(keepingCapacity: true)
                    for (part, index) in order[start[g]..<start[g + 1]] { own.append(parts[Int(part)].records[Int(index)]) }
                    try own.withUnsafeBufferPointer { try body(parts[p].enterprises[g - base[p]], $0, arena) }
                }
            }
        }
    }
}
