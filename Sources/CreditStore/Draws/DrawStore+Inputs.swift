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
    static func gather(_ db: Database, drawID: String, asOf: CalendarDate, plan: SamplingPlan, planText: String) throws -> Gathered {
        guard let run = try Row.fetchOne(db, sql: """
            SELECT id, ruleset_sha256 FROM classification_run WHERE as_of <= ? ORDER BY as_of DESC, id DESC LIMIT 1
            """, arguments: [asOf.description]) else {
            throw DrawError.noClassification(asOf: asOf)
        }
        let runID: Int64 = run[0]
        // Two whole-table scans: with the connection's 128 MiB page cache, each page read
        // would land in fresh memory the kernel faults in and zeroes, for no page read twice.
        let (registerCount, frame) = try RegisterSnapshot.withScanCache(db) {
            let register = try ActiveRegister(db)
            return (register.count, try register.classifiedMembers(db, runID: runID))
        }
        let unclassified = registerCount - frame.count
        var lastDrawn: [String: (drawID: String, asOf: CalendarDate)] = [:]
        var latestInspectors: [String: [String]] = [:]
        let previous = try Row.fetchCursor(db, sql: """
            SELECT t.uscc, d.id, d.as_of, t.inspectors FROM draw_task t JOIN draw d ON d.id = t.draw_id
            WHERE d.voided_at IS NULL AND d.as_of <= ? ORDER BY d.as_of, d.sequence
            """, arguments: [asOf.description])
        while let row = try previous.next() {
            guard let date = CalendarDate(iso: row[2]) else { continue }
            lastDrawn[row[0]] = (row[1], date)
            latestInspectors[row[0]] = (row[3] as String?)?.split(separator: ";").map(String.init) ?? []
        }
        var previousInspectors: [(certificate: String, uscc: String)] = []
        for (uscc, certificates) in latestInspectors { for c in certificates { previousInspectors.append((c, uscc)) } }
        let roster = try Row.fetchAll(db, sql: "SELECT certificate_no, name, region, fields FROM inspector WHERE on_duty = 1").map {
            RosterEntry(certificateNumber: $0[0], name: $0[1], area: $0[2], fields: Array($0[3] as String))
        }
        let conflicts = try Row.fetchAll(db, sql: "SELECT certificate_no, uscc FROM conflict").map {
            (certificate: $0[0] as String, uscc: $0[1] as String)
        }
        // Triggers not yet served by an earlier (non-void) draw of the enterprise.
        let triggers = try Row.fetchAll(db, sql: """
            SELECT g.uscc, g.trigger_kind, g.reference, g.trigger_date FROM inspection_trigger g
            WHERE g.trigger_date <= ? AND NOT EXISTS (
                SELECT 1 FROM draw_task t JOIN draw d ON d.id = t.draw_id
                WHERE t.uscc = g.uscc AND d.voided_at IS NULL AND d.as_of >= g.trigger_date)
            """, arguments: [asOf.description]).compactMap { row -> InspectionTrigger? in
            guard let kind = InspectionTrigger.Kind(rawValue: row[1]), let date = CalendarDate(iso: row[3]) else { return nil }
            return InspectionTrigger(uscc: UnifiedSocialCreditCode(trusted: row[0]), kind: kind, reference: row[2], date: date)
        }
        let previousReceipt = try String.fetchOne(db, sql: "SELECT receipt FROM draw ORDER BY sequence DESC LIMIT 1").map { Array($0.utf8) }
        let inputs = DrawInputs(drawID: drawID, asOf: asOf, plan: plan, planText: planText, rulesSHA256: run[1], members: frame,
                                lastDrawn: lastDrawn, roster: roster, declaredConflicts: conflicts, previousInspectors: previousInspectors,
                                triggers: triggers, previousReceipt: previousReceipt)
        return Gathered(inputs: inputs, runID: runID, unclassified: unclassified)
    }
}

/// The active register as the draw reads it: read through the SQLite C API in table order
/// into one byte buffer, four fields a row; put in code order by the codes' first 24 bytes as
/// integers (`FrozenDraw.codeWords`); and the run's classes merged in by one pass over the
/// classification key (run_id, uscc). The classified rows go to the draw as they lie, as
/// `PackedMembers`: building a `FrameMember` (three Strings) per row, then sorting, merging,
/// freezing and copying them, cost more than the rest of the draw's inputs together.
private struct ActiveRegister {
    /// A code's words and length, which identify a code of up to 24 bytes.
    typealias CodeKey = (words: (UInt64, UInt64, UInt64), length: Int32)

    /// Row r's field f (code, name, region, industry) is bytes[ends[4r + f] ..< ends[4r + f + 1]].
    let bytes: [UInt8]
    let ends: [Int]
    /// The rows in code order, with their codes' keys.
    let order: [(key: CodeKey, row: Int32)]

    var count: Int { order.count }

    init(_ db: Database) throws {
        var bytes: [UInt8] = []
        var ends: [Int] = [0]
        var order: [(key: CodeKey, row: Int32)] = []
        // Room for every row up front: grown by doubling, the buffers were copied and their
        // fresh pages faulted in several times over.
        let rowids = try Int.fetchOne(db, sql: "SELECT MAX(rowid) FROM enterprise") ?? 0
        // Generous for the bytes: capacity never written is never faulted in, while a buffer
        // outgrown is copied whole into a new one. (A realistic register's rows take ~60 bytes.)
        bytes.reserveCapacity(rowids * 160); ends.reserveCapacity(4 * rowids + 1); order.reserveCapacity(rowids)
        let rows = RawStatement(try db.makeStatement(sql: """
            SELECT uscc, name, region, industry FROM enterprise WHERE status IN ('存续', '在业')
            """))
        rows.bind([])
        while try rows.step(db) {
            for column in Int32(0)..<4 {
                rows.withBytes(column) { bytes.append(contentsOf: $0) }
                ends.append(bytes.count)
            }
            order.append((key: rows.withBytes(0, Self.key), row: Int32(order.count)))
        }
        bytes.withUnsafeBufferPointer { all in
            order.sort { a, b in Self.precedes(a.key, { Self.code(a.row, all, ends) }, b.key, { Self.code(b.row, all, ends) }) }
        }
        self.bytes = bytes
        self.ends = ends
        self.order = order
    }

    private static func key(_ code: UnsafeBufferPointer<UInt8>) -> CodeKey { (FrozenDraw.codeWords(code), Int32(code.count)) }

    /// Whether code `a` comes bytewise before code `b`, by their keys; their bytes are read
    /// only when the words tie and one of them is longer than 24 bytes.
    private static func precedes(_ a: CodeKey, _ aCode: () -> UnsafeBufferPointer<UInt8>,
                                 _ b: CodeKey, _ bCode: () -> UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.words == b.words else { return a.words < b.words }
        guard a.length > 24 || b.length > 24 else { return a.length < b.length }
        return aCode().lexicographicallyPrecedes(bCode())
    }

    private static func code(_ row: Int32, _ all: UnsafeBufferPointer<UInt8>, _ ends: [Int]) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: all[ends[4 * Int(row)]..<ends[4 * Int(row) + 1]])
    }

    /// The members the classification run `runID` classified, with their classes, in code
    /// order: the rows stay where they are, packed.
    func classifiedMembers(_ db: Database, runID: Int64) throws -> PackedMembers {
        let classes: [UInt8: RiskClass] = Dictionary(uniqueKeysWithValues: RiskClass.allCases.map { (UInt8(ascii: $0.rawValue.unicodeScalars.first!), $0) })
        let classified = RawStatement(try db.makeStatement(sql: "SELECT uscc, class FROM classification WHERE run_id = ? ORDER BY uscc"))
        classified.bind([[runID.databaseValue]])
        var rows: [Int32] = [], riskClasses: [RiskClass] = []
        rows.reserveCapacity(order.count); riskClasses.reserveCapacity(order.count)
        try bytes.withUnsafeBufferPointer { all in
            var next = 0
            while next < order.count, try classified.step(db) {
                let match: (row: Int32, riskClass: RiskClass)? = classified.withBytes(0) { code in
                    let key = Self.key(code)
                    func stored(_ i: Int) -> UnsafeBufferPointer<UInt8> { Self.code(order[i].row, all, ends) }
                    while next < order.count && Self.precedes(order[next].key, { stored(next) }, key, { code }) { next += 1 }
                    // Not before the code and the code not before it: the same code.
                    guard next < order.count, !Self.precedes(key, { code }, order[next].key, { stored(next) }),
                          let riskClass = classified.withBytes(1, { $0.count == 1 ? classes[$0[0]] : nil }) else { return nil }
                    return (order[next].row, riskClass)
                }
                guard let match else { continue }
                rows.append(match.row)
                riskClasses.append(match.riskClass)
                next += 1
            }
        }
        return PackedMembers(bytes: bytes, ends: ends, rows: rows, classes: riskClasses)
    }
}
