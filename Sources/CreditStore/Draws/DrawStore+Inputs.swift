import CreditCore
import CreditRules
import CreditSampling
import GRDB

extension DrawStore {
    /// A draw's inputs read from the store, with the classification run they come from.
    struct Gathered {
        var inputs: DrawInputs
        var runID: Int64
        /// Active enterprises the run did not classify (left out of the frame).
        var unclassified: Int
    }

    /// Reads a draw's inputs inside the caller's transaction: the active register with the
    /// classes of the latest run as of `asOf`, the previous draws (minimum interval, previous
    /// inspectors), the roster on duty, declared conflicts, open triggers and the previous receipt.
    /// - Parameters:
    ///   - pool: reads the register and the classes on reader connections at once; only inside
    ///     a write transaction that has not written yet (else the readers could see another state).
    static func gather(_ db: Database, pool: DatabasePool? = nil, drawID: String, asOf: CalendarDate, plan: SamplingPlan,
                       planText: String) throws -> Gathered {
        guard let run = try Row.fetchOne(db, sql: """
            SELECT id, ruleset_sha256 FROM classification_run WHERE as_of <= ? ORDER BY as_of DESC, id DESC LIMIT 1
            """, arguments: [asOf.description]) else {
            throw DrawError.noClassification(asOf: asOf)
        }
        let runID: Int64 = run[0]
        let (registerCount, frame) = try ActiveRegister.read(db, pool: pool, runID: runID)
        let unclassified = registerCount - frame.count
        var lastDrawn: [String: (drawID: String, asOf: CalendarDate)] = [:]
        var latestInspectors: [String: [String]] = [:]
        // Codes of valid draws dated after `asOf`, with the latest such date: they serve
        // triggers but are not previous draws (prepare refuses a date before the latest valid
        // draw, so there are none unless the table was written by other means).
        var drawnLater: [String: CalendarDate] = [:]
        // The valid draws in date order, then each one's tasks by the table's key (draw, code):
        // joined in one query, SQLite scanned every task of every draw, voided ones included,
        // and sorted them all — a cost that grew with the history at each prepare and run.
        let validDraws = try Row.fetchAll(db, sql: "SELECT id, as_of FROM draw WHERE voided_at IS NULL ORDER BY as_of, sequence")
        let tasksOfDraw = try db.cachedStatement(sql: "SELECT uscc, inspectors FROM draw_task WHERE draw_id = ?")
        for draw in validDraws {
            guard let date = CalendarDate(iso: draw[1]) else { continue }
            let drawID: String = draw[0]
            let tasks = try Row.fetchCursor(tasksOfDraw, arguments: [drawID])
            while let row = try tasks.next() {
                if date > asOf { drawnLater[row[0]] = date; continue }
                lastDrawn[row[0]] = (drawID, date)
                latestInspectors[row[0]] = (row[1] as String?)?.split(separator: ";").map(String.init) ?? []
            }
        }
        var previousInspectors: [(certificate: String, uscc: String)] = []
        for (uscc, certificates) in latestInspectors { for c in certificates { previousInspectors.append((c, uscc)) } }
        let roster = try Row.fetchAll(db, sql: "SELECT certificate_no, name, region, fields FROM inspector WHERE on_duty = 1").map {
            RosterEntry(certificateNumber: $0[0], name: $0[1], area: $0[2], fields: Array($0[3] as String))
        }
        let conflicts = try Row.fetchAll(db, sql: "SELECT certificate_no, uscc FROM conflict").map {
            (certificate: $0[0] as String, uscc: $0[1] as String)
        }
        // Triggers not yet served by a valid draw of the enterprise dated on or after the
        // trigger, from the draws just read: asked of SQLite per trigger, each one's tasks in
        // every draw were looked up by code, pages spread over the whole file.
        let triggers = try Row.fetchAll(db, sql: """
            SELECT uscc, trigger_kind, reference, trigger_date FROM inspection_trigger WHERE trigger_date <= ?
            """, arguments: [asOf.description]).compactMap { row -> InspectionTrigger? in
            guard let kind = InspectionTrigger.Kind(rawValue: row[1]), let date = CalendarDate(iso: row[3]) else { return nil }
            let uscc: String = row[0]
            if let drawn = drawnLater[uscc] ?? lastDrawn[uscc]?.asOf, drawn >= date { return nil }
            return InspectionTrigger(uscc: UnifiedSocialCreditCode(trusted: uscc), kind: kind, reference: row[2], date: date)
        }
        let previousReceipt = try String.fetchOne(db, sql: "SELECT receipt FROM draw ORDER BY sequence DESC LIMIT 1").map { Array($0.utf8) }
        let inputs = DrawInputs(drawID: drawID, asOf: asOf, plan: plan, planText: planText, rulesSHA256: run[1], members: frame,
                                lastDrawn: lastDrawn, roster: roster, declaredConflicts: conflicts, previousInspectors: previousInspectors,
                                triggers: triggers, previousReceipt: previousReceipt)
        return Gathered(inputs: inputs, runID: runID, unclassified: unclassified)
    }
}

/// The active register as the draw reads it, with the classes of a run: the register read
/// through the SQLite C API in table order, in two rowid halves, into a byte buffer per half,
/// each half's rows put in code order by the codes' first 24 bytes as integers
/// (`FrozenDraw.codeWords`); the run's classes read in code order from the classification key
/// (run_id, uscc), in code ranges; and the classified rows merged out of both halves into one buffer in code
/// order, as `PackedMembers`. Building a `FrameMember` (three Strings) per row, then sorting,
/// merging, freezing and copying them, cost more than the rest of the draw's inputs together.
///
/// With a pool, the two halves and the classes in two code ranges are read at once, each on a
/// reader connection of its own (`RegisterSnapshot.inParts`): one connection read them one
/// after the other, on one of the machine's cores. The caller holds the write lock and has
/// written nothing yet, so every reader sees the writer's state.
private enum ActiveRegister {
    /// A code's words and length, which identify a code of up to 24 bytes.
    typealias CodeKey = (words: (UInt64, UInt64, UInt64), length: Int32)

    /// A row of a half: its code's key and where its fields lie in the half's bytes — code,
    /// name, region and industry one after the other from `start`, each ending at its end
    /// (relative to `start`; SQLite's values are under 10⁹ bytes, so four fit a `UInt32`).
    /// The rows are sorted and merged with everything the merge reads in them: looked up in
    /// a separate array of ends, in code order, every row missed the cache. (The fields' order
    /// packs a row into 48 bytes: the key's 28, then `nameEnd` in its padding.)
    struct Row: Sendable {
        var key: CodeKey
        var nameEnd: UInt32
        var start: Int
        var regionEnd: UInt32
        var end: UInt32

        func code(in bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[start..<start + Int(key.length)])
        }
    }

    /// A rowid range of the register: its rows' fields in `bytes`, its rows in code order.
    struct Half: Sendable {
        var bytes: [UInt8] = []
        var rows: [Row] = []
    }

    /// The codes a run classified, in code order (code i is codes[ends[i] ..< ends[i + 1]]),
    /// with their classes.
    struct Classified: Sendable {
        var codes: [UInt8] = []
        var ends: [Int] = [0]
        var classes: [RiskClass] = []
    }

    /// What one reader read.
    enum Scan: Sendable {
        case half(Half)
        case classified(Classified)
    }

    /// The active register's size and the members of it that run `runID` classified, in code order.
    static func read(_ db: Database, pool: DatabasePool?, runID: Int64) throws -> (registerCount: Int, members: PackedMembers) {
        let rowids = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(rowid), 0) FROM enterprise") ?? 0
        // With readers, the classes are read in two code ranges too: the run holds every
        // enterprise, twice a half's rows, and read whole it was the last of the three scans by
        // a third of a second, the other core idle. The split is the median code of a sample of
        // the register (where it falls changes only how the work is shared, not the result).
        let split = pool == nil ? nil : try medianCode(db, rowids: rowids)
        let classRanges: [(from: String?, below: String?)] = split.map { [(nil, $0), ($0, nil)] } ?? [(nil, nil)]
        let scans = try RegisterSnapshot.inParts(db, pool, 2 + classRanges.count) { reader, part -> Scan in
            part < 2 ? .half(try half(reader, rowids: RegisterSnapshot.rowidSlice(part, of: 2, ending: rowids + 1), expected: Int(max(rowids, 0) / 2)))
                : .classified(try classified(reader, runID: runID, codes: classRanges[part - 2], expected: Int(max(rowids, 0)) / classRanges.count))
        }
        guard case .half(let first) = scans[0], case .half(let second) = scans[1] else { preconditionFailure("scans 0 and 1 are the halves") }
        let parts = scans.dropFirst(2).map { scan -> Classified in
            guard case .classified(let classified) = scan else { preconditionFailure("scans from 2 on are the classes") }
            return classified
        }
        return (first.rows.count + second.rows.count, merge(first, second, parts))
    }

    /// The median code of up to 1,000 register rows spread evenly over its positive rowids; nil
    /// for a register too small to split.
    private static func medianCode(_ db: Database, rowids: Int64) throws -> String? {
        guard rowids >= 100 else { return nil }
        let samples = min(rowids, 1_000), step = rowids / samples
        let next = try db.cachedStatement(sql: "SELECT uscc FROM enterprise WHERE rowid >= ? ORDER BY rowid LIMIT 1")
        var codes: [String] = []
        for k in 0..<samples { if let code = try String.fetchOne(next, arguments: [1 + k * step]) { codes.append(code) } }
        return codes.isEmpty ? nil : codes.sorted()[codes.count / 2]
    }

    /// The active rows with rowids in `rowids` (inclusive bounds), put in code order.
    private static func half(_ db: Database, rowids: (Int64, Int64), expected count: Int) throws -> Half {
        var half = Half()
        // Room for every row up front: grown by doubling, the buffers were copied and their
        // fresh pages faulted in several times over. Generous for the bytes: capacity never
        // written is never faulted in, while a buffer outgrown is copied whole into a new one.
        // (A realistic register's rows take ~60 bytes.)
        half.bytes.reserveCapacity(count * 160); half.rows.reserveCapacity(count)
        let rows = RawStatement(try db.makeStatement(sql: """
            SELECT uscc, name, region, industry FROM enterprise WHERE status IN ('存续', '在业') AND rowid >= ? AND rowid <= ?
            """))
        rows.bind([[rowids.0.databaseValue, rowids.1.databaseValue]])
        while try rows.step(db) {
            let start = half.bytes.count
            let key = rows.withBytes(0) { code in half.bytes.append(contentsOf: code); return Self.key(code) }
            /// Appends a column's bytes; where they end, relative to the row's start.
            func append(_ column: Int32) -> UInt32 {
                rows.withBytes(column) { half.bytes.append(contentsOf: $0) }
                return UInt32(half.bytes.count - start)
            }
            // Arguments are evaluated left to right: name, region, industry.
            half.rows.append(Row(key: key, nameEnd: append(1), start: start, regionEnd: append(2), end: append(3)))
        }
        half.bytes.withUnsafeBufferPointer { all in
            half.rows.sort { a, b in precedes(a.key, { a.code(in: all) }, b.key, { b.code(in: all) }) }
        }
        return half
    }

    /// The codes and classes of run `runID` in a code range (from `from`, below `below`; nil:
    /// unbounded), in code order (rows with a malformed class left out).
    private static func classified(_ db: Database, runID: Int64, codes range: (from: String?, below: String?), expected: Int) throws -> Classified {
        let classes: [UInt8: RiskClass] = Dictionary(uniqueKeysWithValues: RiskClass.allCases.map { (UInt8(ascii: $0.rawValue.unicodeScalars.first!), $0) })
        var result = Classified()
        result.codes.reserveCapacity(expected * 24); result.ends.reserveCapacity(expected + 1); result.classes.reserveCapacity(expected)
        // One statement per kind of range, each a range of the key (run_id, uscc).
        let bounds = (range.from.map { _ in " AND uscc >= ?" } ?? "") + (range.below.map { _ in " AND uscc < ?" } ?? "")
        let rows = RawStatement(try db.makeStatement(sql: "SELECT uscc, class FROM classification WHERE run_id = ?\(bounds) ORDER BY uscc"))
        rows.bind([[runID.databaseValue] + [range.from, range.below].compactMap { $0?.databaseValue }])
        while try rows.step(db) {
            guard let riskClass = rows.withBytes(1, { $0.count == 1 ? classes[$0[0]] : nil }) else { continue }
            rows.withBytes(0) { result.codes.append(contentsOf: $0) }
            result.ends.append(result.codes.count)
            result.classes.append(riskClass)
        }
        return result
    }

    /// The classified rows of both halves in code order, each row's bytes copied once into one
    /// buffer, where they lie in the order the draw reads them. The parts of the classes (code
    /// ranges one after the other) are merged at once, in two passes as `FrozenDraw.layout`
    /// writes its files: each part's rows and bytes counted, then each part's rows copied where
    /// they go. The copies are what the merge costs — the rows lie in table order, so each one
    /// misses the cache — and two cores overlap twice the misses.
    private static func merge(_ first: Half, _ second: Half, _ parts: [Classified]) -> PackedMembers {
        let pieces = parts.count
        /// Visits the matches of part `p` of the classes in code order: the class's position,
        /// the row, and its half's bytes.
        @Sendable func matches(_ p: Int, _ body: (Int, Row, UnsafeBufferPointer<UInt8>) -> Void) {
            let classified = parts[p]
            guard !classified.classes.isEmpty else { return }
            classified.codes.withUnsafeBufferPointer { codes in
                func code(_ i: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: codes[classified.ends[i]..<classified.ends[i + 1]]) }
                let lowest = code(0)
                first.withCursor(from: key(lowest), lowest) { a in
                    second.withCursor(from: key(lowest), lowest) { b in
                        for i in classified.classes.indices {
                            let wanted = code(i), wantedKey = key(wanted)
                            // A code is in one half at most (the register's key).
                            if let row = a.take(wantedKey, wanted) { body(i, row, a.bytes) } else if let row = b.take(wantedKey, wanted) { body(i, row, b.bytes) }
                        }
                    }
                }
            }
        }
        struct Count: Sendable { var rows = 0; var bytes = 0 }
        let counts = Parallel.map(count: pieces, parallelism: pieces, serialBelow: 2, placeholder: Count()) { p -> Count in
            var count = Count()
            matches(p) { _, row, _ in count.rows += 1; count.bytes += Int(row.end) }
            return count
        }
        var rowStarts = [0], byteStarts = [0]
        for count in counts { rowStarts.append(rowStarts.last! + count.rows); byteStarts.append(byteStarts.last! + count.bytes) }
        let total = rowStarts.last!, totalBytes = byteStarts.last!
        var ends: [Int] = [], riskClasses: [RiskClass] = []
        let bytes = [UInt8](unsafeUninitializedCapacity: totalBytes) { bytesOut, bytesCount in
            ends = [Int](unsafeUninitializedCapacity: 4 * total + 1) { endsOut, endsCount in
                riskClasses = [RiskClass](unsafeUninitializedCapacity: total) { classesOut, classesCount in
                    let b = UncheckedSendableBuffer(bytesOut), e = UncheckedSendableBuffer(endsOut), c = UncheckedSendableBuffer(classesOut)
                    let (rowStarts, byteStarts) = (rowStarts, byteStarts)
                    e.buffer.initializeElement(at: 0, to: 0)
                    _ = Parallel.map(count: pieces, parallelism: pieces, serialBelow: 2, placeholder: false) { p -> Bool in
                        var offset = byteStarts[p], member = rowStarts[p]
                        matches(p) { i, row, source in
                            (b.buffer.baseAddress! + offset).initialize(from: source.baseAddress! + row.start, count: Int(row.end))
                            e.buffer.initializeElement(at: 4 * member + 1, to: offset + Int(row.key.length))
                            e.buffer.initializeElement(at: 4 * member + 2, to: offset + Int(row.nameEnd))
                            e.buffer.initializeElement(at: 4 * member + 3, to: offset + Int(row.regionEnd))
                            e.buffer.initializeElement(at: 4 * member + 4, to: offset + Int(row.end))
                            c.buffer.initializeElement(at: member, to: parts[p].classes[i])
                            offset += Int(row.end); member += 1
                        }
                        precondition(offset == byteStarts[p + 1] && member == rowStarts[p + 1], "a part's rows are not what pass one counted")
                        return true
                    }
                    classesCount = total
                }
                endsCount = 4 * total + 1
            }
            bytesCount = totalBytes
        }
        return PackedMembers(bytes: bytes, ends: ends, rows: (0..<Int32(total)).map { $0 }, classes: riskClasses)
    }

    /// A half's buffers, and the next of its rows in code order not yet passed by the merge.
    final class Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        let rows: UnsafeBufferPointer<Row>
        private var next: Int

        /// At the first row whose code does not come before `code`.
        init(bytes: UnsafeBufferPointer<UInt8>, rows: UnsafeBufferPointer<Row>, from key: CodeKey, _ code: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes; self.rows = rows
            var low = 0, high = rows.count
            while low < high {
                let middle = (low + high) / 2
                if precedes(rows[middle].key, { rows[middle].code(in: bytes) }, key, { code }) { low = middle + 1 } else { high = middle }
            }
            next = low
        }

        /// Passes the rows whose codes come before `code`; the row of `code`, if it is the next.
        func take(_ key: CodeKey, _ code: UnsafeBufferPointer<UInt8>) -> Row? {
            while next < rows.count && precedes(rows[next].key, { self.rows[self.next].code(in: self.bytes) }, key, { code }) { next += 1 }
            // Not before the code and the code not before it: the same code.
            guard next < rows.count, !precedes(key, { code }, rows[next].key, { self.rows[self.next].code(in: self.bytes) }) else { return nil }
            next += 1
            return rows[next - 1]
        }
    }

    private static func key(_ code: UnsafeBufferPointer<UInt8>) -> CodeKey { (FrozenDraw.codeWords(code), Int32(code.count)) }

    /// Whether code `a` comes bytewise before code `b`, by their keys; their bytes are read
    /// only when the words tie and one of them is longer than 24 bytes.
    fileprivate static func precedes(_ a: CodeKey, _ aCode: () -> UnsafeBufferPointer<UInt8>,
                                 _ b: CodeKey, _ bCode: () -> UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.words == b.words else { return a.words < b.words }
        guard a.length > 24 || b.length > 24 else { return a.length < b.length }
        return aCode().lexicographicallyPrecedes(bCode())
    }
}

extension ActiveRegister.Half {
    /// `body` with a cursor at the first row whose code does not come before `code`.
    fileprivate func withCursor<T>(from key: ActiveRegister.CodeKey, _ code: UnsafeBufferPointer<UInt8>, _ body: (ActiveRegister.Cursor) -> T) -> T {
        bytes.withUnsafeBufferPointer { bytes in
            rows.withUnsafeBufferPointer { rows in body(ActiveRegister.Cursor(bytes: bytes, rows: rows, from: key, code)) }
        }
    }
}
