extension Schema {
    /// v15 (issue 19): the 经营异常名录 and the 严重违法失信名单 as records, the commitment
    /// register (告知承诺), repair applications for listings and false commitments, and the
    /// 信用修复告知书 of listing decisions.
    ///
    /// `listing` and `commitment` are versioned like `record` (current version here, superseded
    /// ones in `*_history` with `known_until`): a later export that adds a 移出日期 or a 核查结果
    /// is a correction, and `--known-by` reproduces what the engine knew. A listing is
    /// identified by (enterprise, list, agency code or name, 决定书文号 — or `（无文书号）` and the
    /// list-in date); a commitment by (enterprise, agency, 承诺书编号 — or the item and date).
    ///
    /// `repair_application` is rebuilt (SQLite cannot change a CHECK in place) so that its
    /// category may name a list or a commitment besides a penalty, and it gains the agency key
    /// of the listing or commitment it is about. Every application is kept with its id (online
    /// submissions refer to it), and the triggers that make decisions final are recreated.
    static let listsAndCommitments = """
    CREATE TABLE listing (
        id INTEGER PRIMARY KEY,
        uscc TEXT NOT NULL CHECK (length(uscc) = 18),
        list_kind TEXT NOT NULL CHECK (list_kind = 'abnormal-list' OR list_kind = 'serious-list'),
        agency_key TEXT NOT NULL CHECK (agency_key <> ''),
        document_no TEXT NOT NULL CHECK (document_no <> ''),
        subject_name TEXT NOT NULL,
        listed_on TEXT NOT NULL CHECK (length(listed_on) = 10),
        reason_category TEXT NOT NULL CHECK (reason_category <> ''),
        reason_text TEXT,
        agency TEXT NOT NULL CHECK (agency <> ''),
        agency_code TEXT,
        removed_on TEXT CHECK (removed_on IS NULL OR (length(removed_on) = 10 AND removed_on >= listed_on)),
        removal_reason TEXT,
        removal_agency TEXT,
        report_date TEXT CHECK (report_date IS NULL OR report_date >= listed_on),
        remark TEXT,
        extra TEXT,
        version INTEGER NOT NULL CHECK (version >= 1),
        batch_id INTEGER NOT NULL REFERENCES import_batch(id),
        source_line INTEGER NOT NULL,
        known_from TEXT NOT NULL,
        UNIQUE (uscc, list_kind, agency_key, document_no)
    );
    CREATE TABLE listing_history AS SELECT *, '' AS known_until FROM listing WHERE 0;
    CREATE INDEX listing_history_key ON listing_history(uscc, list_kind, agency_key, document_no);

    CREATE TABLE commitment (
        id INTEGER PRIMARY KEY,
        uscc TEXT NOT NULL CHECK (length(uscc) = 18),
        agency_key TEXT NOT NULL CHECK (agency_key <> ''),
        document_no TEXT NOT NULL CHECK (document_no <> ''),
        subject_name TEXT NOT NULL,
        item_code TEXT NOT NULL CHECK (item_code <> ''),
        item_name TEXT NOT NULL,
        committed_on TEXT NOT NULL CHECK (length(committed_on) = 10),
        agency TEXT NOT NULL CHECK (agency <> ''),
        agency_code TEXT,
        check_due TEXT CHECK (check_due IS NULL OR check_due >= committed_on),
        checked_on TEXT CHECK (checked_on IS NULL OR checked_on >= committed_on),
        outcome TEXT CHECK (outcome IS NULL OR outcome = '履约' OR outcome = '未履约' OR outcome = '虚假承诺'),
        report_date TEXT,
        remark TEXT,
        extra TEXT,
        version INTEGER NOT NULL CHECK (version >= 1),
        batch_id INTEGER NOT NULL REFERENCES import_batch(id),
        source_line INTEGER NOT NULL,
        known_from TEXT NOT NULL,
        CHECK ((outcome IS NULL) = (checked_on IS NULL)),
        UNIQUE (uscc, agency_key, document_no)
    );
    CREATE TABLE commitment_history AS SELECT *, '' AS known_until FROM commitment WHERE 0;
    CREATE INDEX commitment_history_key ON commitment_history(uscc, agency_key, document_no);

    CREATE TABLE repair_application_lists (
        id INTEGER PRIMARY KEY,
        uscc TEXT NOT NULL CHECK (length(uscc) = 18),
        category TEXT NOT NULL CHECK (category = 'penalty' OR category = 'abnormal-list' OR category = 'serious-list' OR category = 'commitment'),
        document_no TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        materials TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status = 'pending' OR status = 'approved' OR status = 'rejected'),
        decided_at TEXT,
        decision_reason TEXT,
        decided_by TEXT,
        agency_key TEXT CHECK ((category = 'penalty') OR (agency_key IS NOT NULL AND agency_key <> '')),
        CHECK ((status = 'pending') = (decided_at IS NULL))
    );
    INSERT INTO repair_application_lists (id, uscc, category, document_no, applied_at, materials, status, decided_at, decision_reason, decided_by)
        SELECT id, uscc, category, document_no, applied_at, materials, status, decided_at, decision_reason, decided_by
        FROM repair_application ORDER BY id;
    DROP TABLE repair_application;
    ALTER TABLE repair_application_lists RENAME TO repair_application;
    CREATE INDEX repair_application_record ON repair_application(category, document_no);
    CREATE INDEX repair_application_uscc ON repair_application(uscc);
    CREATE TRIGGER repair_application_decide_once BEFORE UPDATE ON repair_application WHEN OLD.status <> 'pending'
        BEGIN SELECT RAISE(ABORT, 'a decided application is never changed'); END;
    CREATE TRIGGER repair_application_no_delete BEFORE DELETE ON repair_application
        BEGIN SELECT RAISE(ABORT, 'repair history is never deleted'); END;

    -- 信用修复告知书 of listing decisions (两书同达 with the 列入决定书), numbered per deciding
    -- agency, list and year in a sequence of their own; immutable like penalty notices.
    CREATE TABLE listing_notice (
        number TEXT PRIMARY KEY NOT NULL,
        agency TEXT NOT NULL CHECK (agency <> ''),
        list_kind TEXT NOT NULL CHECK (list_kind = 'abnormal-list' OR list_kind = 'serious-list'),
        year INTEGER NOT NULL,
        sequence INTEGER NOT NULL CHECK (sequence >= 1),
        agency_key TEXT NOT NULL,
        document_no TEXT NOT NULL,
        uscc TEXT NOT NULL CHECK (length(uscc) = 18),
        listed_on TEXT NOT NULL CHECK (length(listed_on) = 10),
        issued_at TEXT NOT NULL,
        issued_on TEXT NOT NULL,
        service TEXT NOT NULL CHECK (service = 'with_decision' OR service = 'later'),
        served_on TEXT NOT NULL,
        content TEXT NOT NULL,
        UNIQUE (agency, list_kind, year, sequence),
        UNIQUE (uscc, list_kind, agency_key, document_no)
    );
    CREATE TRIGGER listing_notice_immutable BEFORE UPDATE ON listing_notice
        BEGIN SELECT RAISE(ABORT, 'an issued notice is never changed'); END;
    CREATE TRIGGER listing_notice_no_delete BEFORE DELETE ON listing_notice
        BEGIN SELECT RAISE(ABORT, 'an issued notice is never deleted'); END;
    """
}
