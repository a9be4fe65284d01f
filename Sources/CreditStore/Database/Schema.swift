import Foundation
import GRDB

/// The SQL schema, one string per migration. Constraints live here, in SQLite: NOT NULL,
/// CHECK on value lists, UNIQUE keys and foreign keys.
///
/// Versioned registers and records keep the current version in the main table and every
/// superseded version in a `*_history` table with the interval the engine held it
/// (`known_from` ≤ t < `known_until`), so any past state can be reproduced (bitemporal:
/// `decision_date` is valid time, `known_from`/`known_until` knowledge time).
enum Schema {
    /// The audit log refuses updates and deletes (v1, and again after v9 rebuilds the table).
    static let auditAppendOnly = """
    CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    """

    /// A renamed enterprise is re-indexed for name search (v5, and again after v8 rebuilds the index).
    static let enterpriseNameIndexUpdate = """
    CREATE TRIGGER enterprise_fts_update AFTER UPDATE OF name ON enterprise
            BEGIN
                INSERT INTO enterprise_fts (enterprise_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
                INSERT INTO enterprise_fts (rowid, name) VALUES (new.rowid, new.name);
            END;
    """

    static let v1 = """
    CREATE TABLE import_batch (
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL CHECK (length(file_sha256) = 64),
        kind TEXT NOT NULL,
        encoding TEXT NOT NULL CHECK (encoding IN ('utf8', 'gb18030')),
        known_at TEXT NOT NULL,
        rows INTEGER NOT NULL CHECK (rows >= 0),
        loaded INTEGER NOT NULL, unchanged INTEGER NOT NULL, corrected INTEGER NOT NULL,
        rejected INTEGER NOT NULL, skipped INTEGER NOT NULL, duplicates INTEGER NOT NULL,
        strict INTEGER NOT NULL CHECK (strict IN (0, 1))
    );
    CREATE INDEX import_batch_sha ON import_batch(file_sha256);

    -- Rows that broke the contract (and exact duplicates inside one file): the quality
    -- report counts them per 数据来源单位 × category.
    CREATE TABLE rejected_row (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES import_batch(id),
        line INTEGER NOT NULL CHECK (line >= 1),
        field TEXT NOT NULL,
        reason TEXT NOT NULL,
        kind TEXT NOT NULL,
        source_unit TEXT,
        decision_date TEXT,
        document_no TEXT,
        is_duplicate INTEGER NOT NULL DEFAULT 0 CHECK (is_duplicate IN (0, 1))
    );
    CREATE INDEX rejected_row_batch ON rejected_row(batch_id);

    CREATE TABLE enterprise (
        uscc TEXT PRIMARY KEY NOT NULL CHECK (length(uscc) = 18),
        name TEXT NOT NULL CHECK (name <> ''),
        kind TEXT,
        industry TEXT,
        region TEXT NOT NULL CHECK (length(region) = 6),
        established TEXT,
        status TEXT NOT NULL CHECK (status IN ('存续', '在业', '吊销', '注销', '迁出')),
        abnormal INTEGER NOT NULL CHECK (abnormal IN (0, 1)),
        serious INTEGER NOT NULL CHECK (serious IN (0, 1)),
        dishonest_debtor INTEGER NOT NULL CHECK (dishonest_debtor IN (0, 1)),
        phone TEXT,
        legal_rep TEXT,
        extra TEXT,
        version INTEGER NOT NULL CHECK (version >= 1),
        batch_id INTEGER NOT NULL REFERENCES import_batch(id),
        source_line INTEGER NOT NULL,
        known_from TEXT NOT NULL
    );
    CREATE TABLE enterprise_history AS SELECT *, '' AS known_until FROM enterprise WHERE 0;
    CREATE INDEX enterprise_history_key ON enterprise_history(uscc);

    CREATE TABLE inspector (
        certificate_no TEXT PRIMARY KEY NOT NULL CHECK (certificate_no <> ''),
        name TEXT NOT NULL CHECK (name <> ''),
        department TEXT NOT NULL,
        region TEXT CHECK (region IS NULL OR length(region) = 6),
        fields TEXT NOT NULL,
        on_duty INTEGER NOT NULL CHECK (on_duty IN (0, 1)),
        extra TEXT,
        version INTEGER NOT NULL CHECK (version >= 1),
        batch_id INTEGER NOT NULL REFERENCES import_batch(id),
        source_line INTEGER NOT NULL,
        known_from TEXT NOT NULL
    );
    CREATE TABLE inspector_history AS SELECT *, '' AS known_until FROM inspector WHERE 0;

    CREATE TABLE conflict (
        certificate_no TEXT NOT NULL REFERENCES inspector(certificate_no),
        uscc TEXT NOT NULL REFERENCES enterprise(uscc),
        reason TEXT,
        extra TEXT,
        version INTEGER NOT NULL CHECK (version >= 1),
        batch_id INTEGER NOT NULL REFERENCES import_batch(id),
        source_line INTEGER NOT NULL,
        known_from TEXT NOT NULL,
        PRIMARY KEY (certificate_no, uscc)
    );
    CREATE TABLE conflict_history AS SELECT *, '' AS known_until FROM conflict WHERE 0;

    CREATE TABLE inspection_trigger (
        uscc TEXT NOT NULL,
        reference TEXT NOT NULL,
        trigger_kind TEXT NOT NULL CHECK (trigger_kind IN ('投诉举报', '大数据监测', '转办交办', '法律法规规定')),
        trigger_date TEXT NOT NULL,
        extra TEXT,
        version INTEGER NOT NULL CHECK (version >= 1),
        batch_id INTEGER NOT NULL REFERENCES import_batch(id),
        source_line INTEGER NOT NULL,
        known_from TEXT NOT NULL,
        PRIMARY KEY (uscc, reference)
    );
    CREATE TABLE inspection_trigger_history AS SELECT *, '' AS known_until FROM inspection_trigger WHERE 0;

    -- The seven categories in one table: common columns, then each category's typed
    -- columns (NULL for the other categories). Amounts are INTEGER fen (0.01 yuan).
    CREATE TABLE record (
        id INTEGER PRIMARY KEY,
        category TEXT NOT NULL CHECK (category IN ('licensing', 'penalty', 'coercion', 'reward', 'confirmation', 'adjudication', 'inspection')),
        document_no TEXT NOT NULL CHECK (document_no <> ''),
        uscc TEXT NOT NULL CHECK (length(uscc) = 18),
        subject_name TEXT NOT NULL,
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('法人及非法人组织', '个体工商户')),
        decision_date TEXT NOT NULL CHECK (length(decision_date) = 10),
        agency TEXT NOT NULL,
        agency_code TEXT,
        source_unit TEXT NOT NULL,
        report_date TEXT CHECK (report_date IS NULL OR report_date >= decision_date),
        remark TEXT,
        extra TEXT,
        lic_document_name TEXT, lic_kind TEXT, lic_certificate_name TEXT, lic_number TEXT, lic_content TEXT,
        lic_valid_from TEXT, lic_valid_to TEXT,
        lic_status TEXT CHECK (lic_status IS NULL OR lic_status IN ('有效', '撤销', '注销', '吊销')),
        pen_violation TEXT, pen_facts TEXT, pen_basis TEXT,
        pen_types TEXT CHECK ((category = 'penalty') = (pen_types IS NOT NULL)),
        pen_content TEXT,
        pen_fine_fen INTEGER CHECK (pen_fine_fen IS NULL OR pen_fine_fen >= 0),
        pen_confiscation_fen INTEGER CHECK (pen_confiscation_fen IS NULL OR pen_confiscation_fen >= 0),
        pen_licence TEXT,
        pen_procedure TEXT CHECK (pen_procedure IS NULL OR pen_procedure IN ('普通程序', '简易程序')),
        pen_domain TEXT CHECK (pen_domain IS NULL OR pen_domain IN ('食品', '药品', '特种设备', '其他')),
        pen_severity TEXT CHECK (pen_severity IS NULL OR pen_severity IN ('轻微', '一般', '严重')),
        pen_declared_end TEXT,
        coe_measure TEXT, coe_until TEXT,
        coe_status TEXT CHECK (coe_status IS NULL OR coe_status IN ('执行中', '已解除')),
        rew_name TEXT, rew_level TEXT, rew_form TEXT,
        con_item TEXT, con_result TEXT,
        adj_matter TEXT, adj_result TEXT, adj_at_fault INTEGER CHECK (adj_at_fault IS NULL OR adj_at_fault IN (0, 1)),
        ins_kind TEXT, ins_item TEXT, ins_result TEXT,
        version INTEGER NOT NULL CHECK (version >= 1),
        batch_id INTEGER NOT NULL REFERENCES import_batch(id),
        source_line INTEGER NOT NULL,
        known_from TEXT NOT NULL,
        UNIQUE (category, document_no)
    );
    CREATE INDEX record_uscc ON record(uscc);
    CREATE TABLE record_history AS SELECT *, '' AS known_until FROM record WHERE 0;
    CREATE INDEX record_history_key ON record_history(category, document_no);
    CREATE INDEX record_history_uscc ON record_history(uscc);

    -- Append-only audit log: hash = SHA-256(prev_hash ‖ canonical JSON of the event).
    CREATE TABLE audit_event (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
    );
    \(auditAppendOnly)
    """

    /// Classification runs: the rule set's text and hash, the as-of date and knowledge
    /// cut-off, and per enterprise the class, score and a compact trace.
    static let v2 = """
    CREATE TABLE classification_run (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        as_of TEXT NOT NULL CHECK (length(as_of) = 10),
        known_by TEXT NOT NULL,
        ruleset_id TEXT NOT NULL,
        ruleset_version TEXT NOT NULL,
        ruleset_sha256 TEXT NOT NULL CHECK (length(ruleset_sha256) = 64),
        ruleset_text TEXT NOT NULL,
        enterprises INTEGER NOT NULL,
        class_a INTEGER NOT NULL, class_b INTEGER NOT NULL, class_c INTEGER NOT NULL, class_d INTEGER NOT NULL
    );
    CREATE TABLE classification (
        run_id INTEGER NOT NULL REFERENCES classification_run(id),
        uscc TEXT NOT NULL CHECK (length(uscc) = 18),
        class TEXT NOT NULL CHECK (class IN ('A', 'B', 'C', 'D')),
        score INTEGER NOT NULL CHECK (score >= 0),
        score_class TEXT NOT NULL CHECK (score_class IN ('A', 'B', 'C', 'D')),
        overrides TEXT,
        trace TEXT NOT NULL,
        PRIMARY KEY (run_id, uscc)
    ) WITHOUT ROWID;
    """

    /// Double-random draws: immutable once recorded (triggers), voidable with a reason; the
    /// tasks and the bundle files the receipt commits to; imported results.
    static let v3 = """
    CREATE TABLE draw (
        id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
        sequence INTEGER NOT NULL UNIQUE,
        month TEXT NOT NULL CHECK (length(month) = 7),
        as_of TEXT NOT NULL CHECK (length(as_of) = 10),
        public_randomness TEXT NOT NULL CHECK (public_randomness <> ''),
        created_at TEXT NOT NULL,
        classification_run_id INTEGER NOT NULL REFERENCES classification_run(id),
        plan_text TEXT NOT NULL,
        receipt TEXT NOT NULL,
        receipt_sha256 TEXT NOT NULL UNIQUE CHECK (length(receipt_sha256) = 64),
        previous_receipt_sha256 TEXT,
        voided_at TEXT,
        void_reason TEXT,
        CHECK ((voided_at IS NULL) = (void_reason IS NULL)),
        CHECK (void_reason IS NULL OR void_reason <> '')
    );
    CREATE TRIGGER draw_immutable BEFORE UPDATE OF id, sequence, month, as_of, public_randomness, created_at,
        classification_run_id, plan_text, receipt, receipt_sha256, previous_receipt_sha256 ON draw
        BEGIN SELECT RAISE(ABORT, 'a recorded draw is immutable'); END;
    CREATE TRIGGER draw_void_once BEFORE UPDATE OF voided_at, void_reason ON draw WHEN OLD.voided_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'the draw is already void'); END;
    CREATE TRIGGER draw_no_delete BEFORE DELETE ON draw
        BEGIN SELECT RAISE(ABORT, 'draws are never deleted; void them'); END;

    CREATE TABLE draw_task (
        draw_id TEXT NOT NULL REFERENCES draw(id),
        position INTEGER NOT NULL,
        uscc TEXT NOT NULL CHECK (length(uscc) = 18),
        stratum TEXT NOT NULL,
        ticket TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('random', 'targeted')),
        item TEXT NOT NULL,
        inspectors TEXT,
        unassigned_reason TEXT,
        CHECK ((inspectors IS NULL) <> (unassigned_reason IS NULL)),
        PRIMARY KEY (draw_id, uscc)
    );
    CREATE INDEX draw_task_uscc ON draw_task(uscc);

    CREATE TABLE draw_file (
        draw_id TEXT NOT NULL REFERENCES draw(id),
        path TEXT NOT NULL,
        content BLOB NOT NULL,
        PRIMARY KEY (draw_id, path)
    );

    CREATE TABLE draw_result (
        draw_id TEXT NOT NULL,
        uscc TEXT NOT NULL,
        result TEXT NOT NULL,
        finished_on TEXT NOT NULL,
        inspectors TEXT NOT NULL,
        document_no TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (draw_id, uscc),
        FOREIGN KEY (draw_id, uscc) REFERENCES draw_task(draw_id, uscc)
    );
    """

    /// Credit repair: one 信用修复告知书 per published penalty (numbered per year), and repair
    /// applications whose history is never deleted.
    static let v4 = """
    CREATE TABLE repair_notice (
        number TEXT PRIMARY KEY NOT NULL,
        year INTEGER NOT NULL,
        sequence INTEGER NOT NULL CHECK (sequence >= 1),
        category TEXT NOT NULL CHECK (category = 'penalty'),
        document_no TEXT NOT NULL,
        uscc TEXT NOT NULL CHECK (length(uscc) = 18),
        issued_at TEXT NOT NULL,
        issued_on TEXT NOT NULL,
        regime TEXT NOT NULL,
        tier TEXT,
        published_until TEXT NOT NULL,
        earliest_repair TEXT,
        repairable INTEGER NOT NULL CHECK (repairable IN (0, 1)),
        content TEXT NOT NULL,
        UNIQUE (year, sequence),
        UNIQUE (category, document_no)
    );
    CREATE INDEX repair_notice_uscc ON repair_notice(uscc);
    CREATE TRIGGER repair_notice_immutable BEFORE UPDATE ON repair_notice
        BEGIN SELECT RAISE(ABORT, 'an issued notice is never changed'); END;
    CREATE TRIGGER repair_notice_no_delete BEFORE DELETE ON repair_notice
        BEGIN SELECT RAISE(ABORT, 'an issued notice is never deleted'); END;

    CREATE TABLE repair_application (
        id INTEGER PRIMARY KEY,
        uscc TEXT NOT NULL CHECK (length(uscc) = 18),
        category TEXT NOT NULL CHECK (category = 'penalty'),
        document_no TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        materials TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        decided_at TEXT,
        decision_reason TEXT,
        decided_by TEXT,
        CHECK ((status = 'pending') = (decided_at IS NULL))
    );
    CREATE INDEX repair_application_record ON repair_application(category, document_no);
    CREATE TRIGGER repair_application_decide_once BEFORE UPDATE ON repair_application WHEN OLD.status <> 'pending'
        BEGIN SELECT RAISE(ABORT, 'a decided application is never changed'); END;
    CREATE TRIGGER repair_application_no_delete BEFORE DELETE ON repair_application
        BEGIN SELECT RAISE(ABORT, 'repair history is never deleted'); END;
    """

    /// API tokens (stored hashed) and the enterprise name search index (FTS5 trigram, for
    /// Chinese substring search), kept in step with the register by triggers.
    static let v5 = """
    CREATE TABLE api_token (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (name <> ''),
        role TEXT NOT NULL CHECK (role IN ('regulator', 'officer', 'auditor')),
        token_sha256 TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );
    CREATE VIRTUAL TABLE enterprise_fts USING fts5(name, content = 'enterprise', content_rowid = 'rowid', tokenize = 'trigram');
    INSERT INTO enterprise_fts (rowid, name) SELECT rowid, name FROM enterprise;
    CREATE TRIGGER enterprise_fts_insert AFTER INSERT ON enterprise
        BEGIN INSERT INTO enterprise_fts (rowid, name) VALUES (new.rowid, new.name); END;
    \(enterpriseNameIndexUpdate)
    """

    /// New enterprises are indexed for name search in bulk by the importer (one statement per
    /// file), which costs a fraction of a trigger firing per row; renames keep their trigger.
    static let v6 = """
    DROP TRIGGER enterprise_fts_insert;
    """

    /// The name search index without per-row column sizes (`columnsize=0`): search orders by
    /// name, never by rank, so the sizes were written for nothing — 1M enterprises index in
    /// 1.7 s instead of 2.2 s. The index is derived data, rebuilt from the register.
    static let v8 = """
    DROP TRIGGER enterprise_fts_update;
    DROP TABLE enterprise_fts;
    CREATE VIRTUAL TABLE enterprise_fts USING fts5(name, content = 'enterprise', content_rowid = 'rowid', tokenize = 'trigram', columnsize = 0);
    INSERT INTO enterprise_fts (enterprise_fts) VALUES ('rebuild');
    \(enterpriseNameIndexUpdate)
    """

    /// The audit log without a uniqueness index on `hash`. Events are chained by `seq` and
    /// `prev_hash`, which `credit audit verify` checks; nothing looks an event up by its hash.
    /// The index put each event on a random page of its own, so a group commit of a few
    /// lookup events (查询留痕) wrote five or six 16 KiB pages instead of one or two. SQLite
    /// cannot drop a table constraint in place, so the table is rebuilt (events copied as they
    /// are, the append-only triggers recreated).
    static let v9 = """
    CREATE TABLE audit_event_v9 (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash TEXT NOT NULL CHECK (length(hash) = 64)
    );
    INSERT INTO audit_event_v9 (seq, at, kind, actor, payload, prev_hash, hash)
        SELECT seq, at, kind, actor, payload, prev_hash, hash FROM audit_event ORDER BY seq;
    DROP TABLE audit_event;
    ALTER TABLE audit_event_v9 RENAME TO audit_event;
    \(auditAppendOnly)
    """

    /// The lookup journal's file (`LookupJournal`): the audit log's table and triggers alone.
    static let lookupJournal = """
    CREATE TABLE audit_event (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash TEXT NOT NULL CHECK (length(hash) = 64)
    );
    \(auditAppendOnly)
    """

    /// 谁处罚、谁告知 and truthful service (issue 16). Each notice records the agency that
    /// issued and numbered it (one sequence per agency and year), the agency that decided the
    /// penalty (with 决定文书号 and code, the penalty's identity), and how and when it was
    /// served: `with_decision` (与《行政处罚决定书》一并送达) only when issued on the decision
    /// day, otherwise `later` (事后送达，补充告知). The table is rebuilt (its UNIQUE keys change);
    /// notices issued before keep their content, the city as issuer, and get the service their
    /// dates allow. The immutability triggers are recreated.
    static let v10 = """
    CREATE TABLE repair_notice_v10 (
        number TEXT PRIMARY KEY NOT NULL,
        agency TEXT NOT NULL CHECK (agency <> ''),
        year INTEGER NOT NULL,
        sequence INTEGER NOT NULL CHECK (sequence >= 1),
        category TEXT NOT NULL CHECK (category = 'penalty'),
        decision_agency TEXT NOT NULL,
        document_no TEXT NOT NULL,
        uscc TEXT NOT NULL CHECK (length(uscc) = 18),
        issued_at TEXT NOT NULL,
        issued_on TEXT NOT NULL,
        service TEXT NOT NULL CHECK (service = 'with_decision' OR service = 'later'),
        served_on TEXT NOT NULL,
        regime TEXT NOT NULL,
        tier TEXT,
        published_until TEXT NOT NULL,
        earliest_repair TEXT,
        repairable INTEGER NOT NULL CHECK (repairable IN (0, 1)),
        content TEXT NOT NULL,
        UNIQUE (agency, year, sequence),
        UNIQUE (category, decision_agency, document_no, uscc)
    );
    INSERT INTO repair_notice_v10 (number, agency, year, sequence, category, decision_agency, document_no, uscc, issued_at, issued_on,
        service, served_on, regime, tier, published_until, earliest_repair, repairable, content)
    SELECT n.number, COALESCE(json_extract(n.content, '$.agency'), '(未记录)'), n.year, n.sequence, n.category,
        COALESCE(r.agency, json_extract(n.content, '$.agency'), '(未记录)'), n.document_no, n.uscc, n.issued_at, n.issued_on,
        CASE WHEN n.issued_on <= COALESCE(r.decision_date, json_extract(n.content, '$.assessment.start'), '') THEN 'with_decision' ELSE 'later' END,
        n.issued_on, n.regime, n.tier, n.published_until, n.earliest_repair, n.repairable, n.content
    FROM repair_notice n LEFT JOIN record r ON r.category = n.category AND r.document_no = n.document_no AND r.uscc = n.uscc
    ORDER BY n.year, n.sequence;
    DROP TABLE repair_notice;
    ALTER TABLE repair_notice_v10 RENAME TO repair_notice;
    CREATE INDEX repair_notice_uscc ON repair_notice(uscc);
    CREATE TRIGGER repair_notice_immutable BEFORE UPDATE ON repair_notice
        BEGIN SELECT RAISE(ABORT, 'an issued notice is never changed'); END;
    CREATE TRIGGER repair_notice_no_delete BEFORE DELETE ON repair_notice
        BEGIN SELECT RAISE(ABORT, 'an issued notice is never deleted'); END;
    """

    /// v12: a record's identity is (enterprise, category, agency, 决定文书号): document numbers
    /// are unique only per agency, and one 双随机 task number covers many enterprises, so a
    /// second agency's 文书号 3 or a task's second enterprise is a record of its own, never a
    /// correction. `agency_key` is the agency's code, else its name (a placeholder code such as
    /// `00000000000000000X` counts as none). One unique index on the key, led by the code, also
    /// serves lookups by enterprise (the separate code index goes). Penalties gain 公示日期
    /// (`pen_publication_date`). SQLite cannot change a table's unique constraint in place, so
    /// `record` and `record_history` are rebuilt; every row is kept with its id. Import batches
    /// remember the path as given, the profile and format, and whether the file was rejected whole.
    static let recordIdentity = """
    CREATE TABLE record_v10 (
        id INTEGER PRIMARY KEY,
        uscc TEXT NOT NULL CHECK (length(uscc) = 18),
        category TEXT NOT NULL CHECK \(check("record", "category")),
        agency_key TEXT NOT NULL CHECK (agency_key <> ''),
        document_no TEXT NOT NULL CHECK (document_no <> ''),
        subject_name TEXT NOT NULL,
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('法人及非法人组织', '个体工商户')),
        decision_date TEXT NOT NULL CHECK (length(decision_date) = 10),
        agency TEXT NOT NULL,
        agency_code TEXT,
        source_unit TEXT NOT NULL,
        report_date TEXT CHECK (report_date IS NULL OR report_date >= decision_date),
        remark TEXT,
        extra TEXT,
        lic_document_name TEXT, lic_kind TEXT, lic_certificate_name TEXT, lic_number TEXT, lic_content TEXT,
        lic_valid_from TEXT, lic_valid_to TEXT,
        lic_status TEXT CHECK (lic_status IS NULL OR \(check("record", "lic_status"))),
        pen_violation TEXT, pen_facts TEXT, pen_basis TEXT,
        pen_types TEXT CHECK ((category = 'penalty') = (pen_types IS NOT NULL)),
        pen_content TEXT,
        pen_fine_fen INTEGER CHECK (pen_fine_fen IS NULL OR pen_fine_fen >= 0),
        pen_confiscation_fen INTEGER CHECK (pen_confiscation_fen IS NULL OR pen_confiscation_fen >= 0),
        pen_licence TEXT,
        pen_procedure TEXT CHECK (pen_procedure IS NULL OR pen_procedure IN ('普通程序', '简易程序')),
        pen_domain TEXT CHECK (pen_domain IS NULL OR \(check("record", "pen_domain"))),
        pen_severity TEXT CHECK (pen_severity IS NULL OR \(check("record", "pen_severity"))),
        pen_declared_end TEXT,
        pen_publication_date TEXT CHECK (pen_publication_date IS NULL OR length(pen_publication_date) = 10),
        coe_measure TEXT, coe_until TEXT,
        coe_status TEXT CHECK (coe_status IS NULL OR coe_status IN ('执行中', '已解除')),
        rew_name TEXT, rew_level TEXT, rew_form TEXT,
        con_item TEXT, con_result TEXT,
        adj_matter TEXT, adj_result TEXT, adj_at_fault INTEGER CHECK (adj_at_fault IS NULL OR adj_at_fault IN (0, 1)),
        ins_kind TEXT, ins_item TEXT, ins_result TEXT,
        version INTEGER NOT NULL CHECK (version >= 1),
        batch_id INTEGER NOT NULL REFERENCES import_batch(id),
        source_line INTEGER NOT NULL,
        known_from TEXT NOT NULL,
        UNIQUE (uscc, category, agency_key, document_no)
    );
    \(v10Copy("record", "record_v10"))
    DROP TABLE record;
    ALTER TABLE record_v10 RENAME TO record;

    CREATE TABLE record_history_v10 AS SELECT *, '' AS known_until FROM record WHERE 0;
    \(v10Copy("record_history", "record_history_v10", extra: ["known_until"]))
    DROP TABLE record_history;
    ALTER TABLE record_history_v10 RENAME TO record_history;
    CREATE INDEX record_history_key ON record_history(uscc, category, agency_key, document_no);

    ALTER TABLE import_batch ADD COLUMN source_path TEXT;
    ALTER TABLE import_batch ADD COLUMN profile TEXT;
    ALTER TABLE import_batch ADD COLUMN format TEXT;
    ALTER TABLE import_batch ADD COLUMN rejected_whole INTEGER NOT NULL DEFAULT 0 CHECK (rejected_whole IN (0, 1));
    """

    /// v16: the record key becomes a named index (`DeferredKey.record`), which a first load builds once
    /// at the end instead of row by row. A table's UNIQUE constraint cannot be dropped, so the
    /// table is rebuilt from its own SQL without it; every row keeps its id.
    static func recordKeyAsIndex(_ db: Database) throws {
        let rebuilt = try definition(db, of: "record", as: "record_v16", replacing: ",\n    UNIQUE (uscc, category, agency_key, document_no)\n",
                                     with: "\n", otherwise: "migration v16: table record does not end with the key v12 gave it")
        try db.execute(sql: """
            \(rebuilt);
            INSERT INTO record_v16 SELECT * FROM record ORDER BY id;
            DROP TABLE record;
            ALTER TABLE record_v16 RENAME TO record;
            \(DeferredKey.record.creation);
            """)
    }

    /// v18: the register's key becomes a named index (`DeferredKey.enterprise`), which a first
    /// load builds once at the end of the enterprises file instead of row by row. A rowid
    /// table's PRIMARY KEY cannot be dropped, so the table is rebuilt from its own SQL without
    /// it; every row keeps its rowid (the name index refers to them), and the trigger that
    /// re-indexes a renamed enterprise is created again.
    static func enterpriseKeyAsIndex(_ db: Database) throws {
        let rebuilt = try definition(db, of: "enterprise", as: "enterprise_v18", replacing: "uscc TEXT PRIMARY KEY NOT NULL",
                                     with: "uscc TEXT NOT NULL", otherwise: "migration v18: table enterprise does not have the key v1 gave it")
        let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('enterprise') ORDER BY cid")
            .map { "\"\($0)\"" }.joined(separator: ", ")
        try db.execute(sql: """
            \(rebuilt);
            INSERT INTO enterprise_v18 (rowid, \(columns)) SELECT rowid, \(columns) FROM enterprise ORDER BY rowid;
            DROP TABLE enterprise;
            ALTER TABLE enterprise_v18 RENAME TO enterprise;
            \(DeferredKey.enterprise.creation);
            \(enterpriseNameIndexUpdate)
            """)
    }

    /// A table's own `CREATE TABLE` statement for a new table `newName`, with `old` — which it
    /// must hold exactly once, else the migration fails with `message` — replaced by `new`: how
    /// a migration drops a constraint SQLite cannot drop in place.
    private static func definition(_ db: Database, of table: String, as newName: String, replacing old: String,
                                   with new: String, otherwise message: String) throws -> String {
        guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", arguments: [table]),
              sql.components(separatedBy: old).count == 2, let open = sql.firstIndex(of: "(") else {
            throw DatabaseError(message: message)
        }
        return "CREATE TABLE \(newName) " + sql[open...].replacingOccurrences(of: old, with: new)
    }

    /// The columns v1 gave `record`, in order (after `id`, before the bookkeeping).
    private static let v1RecordColumns = """
        subject_name, subject_kind, decision_date, agency, agency_code, source_unit, report_date, remark, extra,
        lic_document_name, lic_kind, lic_certificate_name, lic_number, lic_content, lic_valid_from, lic_valid_to, lic_status,
        pen_violation, pen_facts, pen_basis, pen_types, pen_content, pen_fine_fen, pen_confiscation_fen, pen_licence,
        pen_procedure, pen_domain, pen_severity, pen_declared_end,
        coe_measure, coe_until, coe_status, rew_name, rew_level, rew_form, con_item, con_result,
        adj_matter, adj_result, adj_at_fault, ins_kind, ins_item, ins_result,
        version, batch_id, source_line, known_from
        """

    /// v10's copy of every row of a v1-shaped record table into its rebuilt form.
    private static func v10Copy(_ from: String, _ to: String, extra: [String] = []) -> String {
        let rest = v1RecordColumns + extra.map { ", " + $0 }.joined()
        return """
            INSERT INTO \(to) (id, uscc, category, agency_key, document_no, \(rest))
                SELECT id, uscc, category,
                       CASE WHEN agency_code IS NULL OR trim(agency_code, '0X') = '' THEN agency ELSE agency_code END,
                       document_no, \(rest)
                FROM \(from) ORDER BY id;
            """
    }

    /// A value-list CHECK of `valueListChecks`, as comparisons.
    private static func check(_ table: String, _ column: String) -> String {
        valueListChecks.first { $0.table == table && $0.column == column }!.comparisons
    }

    /// A CHECK that a column holds one of a fixed list of values.
    struct ValueListCheck {
        var table: String
        var column: String
        var values: [String]

        /// How v1–v5 wrote it: `column IN ('a', 'b', 'c')`. For three or more values SQLite
        /// builds a temporary index of the list every time a statement that checks it runs —
        /// for the importer's one-row INSERTs that is every row (measured: four such checks
        /// cost 5 µs a row, more than the insert itself).
        var inList: String { "\(column) IN (\(values.map(quoted).joined(separator: ", ")))" }
        /// The same condition as comparisons, which SQLite evaluates in place:
        /// `(column = 'a' OR column = 'b' OR column = 'c')`. NULL passes both forms alike.
        var comparisons: String { "(" + values.map { "\(column) = \(quoted($0))" }.joined(separator: " OR ") + ")" }

        private func quoted(_ value: String) -> String { "'" + value.replacingOccurrences(of: "'", with: "''") + "'" }
    }

    /// Every value-list CHECK of three or more values in v1–v5 (two-value lists SQLite already
    /// compiles to comparisons).
    static let valueListChecks: [ValueListCheck] = [
        .init(table: "enterprise", column: "status", values: ["存续", "在业", "吊销", "注销", "迁出"]),
        .init(table: "inspection_trigger", column: "trigger_kind", values: ["投诉举报", "大数据监测", "转办交办", "法律法规规定"]),
        .init(table: "record", column: "category", values: ["licensing", "penalty", "coercion", "reward", "confirmation", "adjudication", "inspection"]),
        .init(table: "record", column: "lic_status", values: ["有效", "撤销", "注销", "吊销"]),
        .init(table: "record", column: "pen_domain", values: ["食品", "药品", "特种设备", "其他"]),
        .init(table: "record", column: "pen_severity", values: ["轻微", "一般", "严重"]),
        .init(table: "classification", column: "class", values: ["A", "B", "C", "D"]),
        .init(table: "classification", column: "score_class", values: ["A", "B", "C", "D"]),
        .init(table: "repair_application", column: "status", values: ["pending", "approved", "rejected"]),
        .init(table: "api_token", column: "role", values: ["regulator", "officer", "auditor"]),
    ]

    /// v7: rewrites the value-list CHECKs as comparisons. The conditions are equivalent and
    /// the stored rows do not change, so this uses SQLite's documented procedure for
    /// constraint changes that leave the file format alone ("Making Other Kinds Of Table
    /// Schema Changes", lang_altertable.html): edit the table's SQL in `sqlite_schema` and bump
    /// `schema_version`, inside the migration's transaction — instant on any size of database,
    /// where rebuilding the tables would copy every record. A table whose SQL is not what
    /// v1–v5 wrote stops the migration with the reason, changing nothing.
    static func v7(_ db: Database) throws {
        let schemaVersion = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
        try db.execute(sql: "PRAGMA writable_schema = ON")
        for (table, checks) in Dictionary(grouping: valueListChecks, by: \.table).sorted(by: { $0.key < $1.key }) {
            guard var sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", arguments: [table]) else {
                throw DatabaseError(message: "migration v7: table \(table) is missing")
            }
            for check in checks {
                // The column name begins after "(" or " ": `class IN` must not match `score_class IN`.
                let occurrences = ["(", " "].map { (sql.components(separatedBy: $0 + check.inList).count - 1, $0) }
                guard occurrences.map(\.0).reduce(0, +) == 1, let start = occurrences.first(where: { $0.0 == 1 })?.1 else {
                    throw DatabaseError(message: "migration v7: table \(table) does not hold exactly one CHECK '\(check.inList)'")
                }
                sql = sql.replacingOccurrences(of: start + check.inList, with: start + check.comparisons)
            }
            try db.execute(sql: "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?", arguments: [sql, table])
        }
        try db.execute(sql: "PRAGMA schema_version = \(schemaVersion + 1)")
        try db.execute(sql: "PRAGMA writable_schema = OFF")
        db.clearSchemaCache()
    }
}
