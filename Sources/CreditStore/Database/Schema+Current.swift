extension Schema {
    /// The schema every migration leads to, created in one step on an empty database
    /// (`CreditDatabase.init`). Generated from the migrations by
    /// `CREDIT_UPDATE_SCHEMA=1 swift test --filter SchemaSnapshotTests`; a test fails
    /// when it differs from them.
    static let current = #"""
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
, source_path TEXT, profile TEXT, format TEXT, rejected_whole INTEGER NOT NULL DEFAULT 0 CHECK (rejected_whole IN (0, 1)));
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
CREATE TABLE enterprise_history(
  uscc TEXT,
  name TEXT,
  kind TEXT,
  industry TEXT,
  region TEXT,
  established TEXT,
  status TEXT,
  abnormal INT,
  serious INT,
  dishonest_debtor INT,
  phone TEXT,
  legal_rep TEXT,
  extra TEXT,
  version INT,
  batch_id INT,
  source_line INT,
  known_from TEXT,
  known_until
);
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
CREATE TABLE inspector_history(
  certificate_no TEXT,
  name TEXT,
  department TEXT,
  region TEXT,
  fields TEXT,
  on_duty INT,
  extra TEXT,
  version INT,
  batch_id INT,
  source_line INT,
  known_from TEXT,
  known_until
);
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
CREATE TABLE conflict_history(
  certificate_no TEXT,
  uscc TEXT,
  reason TEXT,
  extra TEXT,
  version INT,
  batch_id INT,
  source_line INT,
  known_from TEXT,
  known_until
);
CREATE TABLE inspection_trigger (
    uscc TEXT NOT NULL,
    reference TEXT NOT NULL,
    trigger_kind TEXT NOT NULL CHECK ((trigger_kind = '投诉举报' OR trigger_kind = '大数据监测' OR trigger_kind = '转办交办' OR trigger_kind = '法律法规规定')),
    trigger_date TEXT NOT NULL,
    extra TEXT,
    version INTEGER NOT NULL CHECK (version >= 1),
    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
    source_line INTEGER NOT NULL,
    known_from TEXT NOT NULL,
    PRIMARY KEY (uscc, reference)
);
CREATE TABLE inspection_trigger_history(
  uscc TEXT,
  reference TEXT,
  trigger_kind TEXT,
  trigger_date TEXT,
  extra TEXT,
  version INT,
  batch_id INT,
  source_line INT,
  known_from TEXT,
  known_until
);
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
    class TEXT NOT NULL CHECK ((class = 'A' OR class = 'B' OR class = 'C' OR class = 'D')),
    score INTEGER NOT NULL CHECK (score >= 0),
    score_class TEXT NOT NULL CHECK ((score_class = 'A' OR score_class = 'B' OR score_class = 'C' OR score_class = 'D')),
    overrides TEXT,
    trace TEXT NOT NULL,
    PRIMARY KEY (run_id, uscc)
) WITHOUT ROWID;
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
CREATE TABLE api_token (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    role TEXT NOT NULL CHECK ((role = 'regulator' OR role = 'officer' OR role = 'auditor')),
    token_sha256 TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE VIRTUAL TABLE enterprise_fts USING fts5(name, content = 'enterprise', content_rowid = 'rowid', tokenize = 'trigram', columnsize = 0);
CREATE TABLE "audit_event" (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash TEXT NOT NULL CHECK (length(hash) = 64)
);
CREATE TABLE "repair_notice" (
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
CREATE TABLE upload (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    media_type TEXT NOT NULL CHECK (media_type = 'application/pdf' OR media_type = 'image/png' OR media_type = 'image/jpeg'),
    size INTEGER NOT NULL CHECK (size > 0),
    bytes BLOB NOT NULL,
    stored_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE repair_submission (
    tracking TEXT PRIMARY KEY,
    application_id INTEGER NOT NULL UNIQUE REFERENCES repair_application(id),
    contact TEXT NOT NULL,
    phone TEXT NOT NULL,
    submitted_at TEXT NOT NULL
);
CREATE TABLE repair_submission_file (
    tracking TEXT NOT NULL REFERENCES repair_submission(tracking),
    position INTEGER NOT NULL,
    material TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES upload(sha256),
    PRIMARY KEY (tracking, position)
);
CREATE TABLE reminder_dispatch (
    id INTEGER PRIMARY KEY,
    reminder_key TEXT NOT NULL,
    uscc TEXT NOT NULL CHECK (length(uscc) = 18),
    kind TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel = 'sms' OR channel = 'call' OR channel = 'training'),
    template TEXT NOT NULL,
    text TEXT NOT NULL,
    phone TEXT,
    batch TEXT NOT NULL,
    dispatched_at TEXT NOT NULL,
    training_date TEXT,
    status TEXT NOT NULL DEFAULT 'dispatched' CHECK (status = 'dispatched' OR status = 'delivered' OR status = 'failed'),
    status_reason TEXT,
    status_at TEXT,
    UNIQUE (reminder_key, channel)
);
CREATE TABLE "record_history"(
  id INT,
  uscc TEXT,
  category TEXT,
  agency_key TEXT,
  document_no TEXT,
  subject_name TEXT,
  subject_kind TEXT,
  decision_date TEXT,
  agency TEXT,
  agency_code TEXT,
  source_unit TEXT,
  report_date TEXT,
  remark TEXT,
  extra TEXT,
  lic_document_name TEXT,
  lic_kind TEXT,
  lic_certificate_name TEXT,
  lic_number TEXT,
  lic_content TEXT,
  lic_valid_from TEXT,
  lic_valid_to TEXT,
  lic_status TEXT,
  pen_violation TEXT,
  pen_facts TEXT,
  pen_basis TEXT,
  pen_types TEXT,
  pen_content TEXT,
  pen_fine_fen INT,
  pen_confiscation_fen INT,
  pen_licence TEXT,
  pen_procedure TEXT,
  pen_domain TEXT,
  pen_severity TEXT,
  pen_declared_end TEXT,
  pen_publication_date TEXT,
  coe_measure TEXT,
  coe_until TEXT,
  coe_status TEXT,
  rew_name TEXT,
  rew_level TEXT,
  rew_form TEXT,
  con_item TEXT,
  con_result TEXT,
  adj_matter TEXT,
  adj_result TEXT,
  adj_at_fault INT,
  ins_kind TEXT,
  ins_item TEXT,
  ins_result TEXT,
  version INT,
  batch_id INT,
  source_line INT,
  known_from TEXT,
  known_until
);
CREATE TABLE draw_commitment (
    draw_id TEXT PRIMARY KEY NOT NULL CHECK (draw_id <> ''),
    month TEXT NOT NULL CHECK (length(month) = 7),
    as_of TEXT NOT NULL CHECK (length(as_of) = 10),
    prepared_at TEXT NOT NULL,
    classification_run_id INTEGER NOT NULL REFERENCES classification_run(id),
    plan_text TEXT NOT NULL,
    randomness_source TEXT NOT NULL CHECK (randomness_source <> ''),
    salt TEXT NOT NULL CHECK (length(salt) = 64),
    commitment TEXT NOT NULL,
    commitment_sha256 TEXT NOT NULL UNIQUE CHECK (length(commitment_sha256) = 64),
    audit_head_sha256 TEXT NOT NULL CHECK (length(audit_head_sha256) = 64),
    voided_at TEXT,
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL)),
    CHECK (void_reason IS NULL OR void_reason <> '')
);
CREATE TABLE draw_input_file (
    draw_id TEXT NOT NULL REFERENCES draw_commitment(draw_id),
    path TEXT NOT NULL,
    content BLOB NOT NULL,
    PRIMARY KEY (draw_id, path)
);
CREATE TABLE "issued_report" (
    number TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    sequence INTEGER NOT NULL CHECK (sequence > 0),
    uscc TEXT NOT NULL CHECK (length(uscc) = 18),
    issued_at TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format = 'html' OR format = 'docx' OR format = 'pdf'),
    channel TEXT NOT NULL CHECK (channel IN ('public', 'officer')),
    verification_code TEXT NOT NULL CHECK (length(verification_code) = 8),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    UNIQUE (year, sequence)
);
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
CREATE TABLE listing_history(
  id INT,
  uscc TEXT,
  list_kind TEXT,
  agency_key TEXT,
  document_no TEXT,
  subject_name TEXT,
  listed_on TEXT,
  reason_category TEXT,
  reason_text TEXT,
  agency TEXT,
  agency_code TEXT,
  removed_on TEXT,
  removal_reason TEXT,
  removal_agency TEXT,
  report_date TEXT,
  remark TEXT,
  extra TEXT,
  version INT,
  batch_id INT,
  source_line INT,
  known_from TEXT,
  known_until
);
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
CREATE TABLE commitment_history(
  id INT,
  uscc TEXT,
  agency_key TEXT,
  document_no TEXT,
  subject_name TEXT,
  item_code TEXT,
  item_name TEXT,
  committed_on TEXT,
  agency TEXT,
  agency_code TEXT,
  check_due TEXT,
  checked_on TEXT,
  outcome TEXT,
  report_date TEXT,
  remark TEXT,
  extra TEXT,
  version INT,
  batch_id INT,
  source_line INT,
  known_from TEXT,
  known_until
);
CREATE TABLE "repair_application" (
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
CREATE TABLE "record" (
    id INTEGER PRIMARY KEY,
    uscc TEXT NOT NULL CHECK (length(uscc) = 18),
    category TEXT NOT NULL CHECK (category = 'licensing' OR category = 'penalty' OR category = 'coercion' OR category = 'reward' OR category = 'confirmation' OR category = 'adjudication' OR category = 'inspection'),
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
    lic_status TEXT CHECK (lic_status IS NULL OR (lic_status = '有效' OR lic_status = '撤销' OR lic_status = '注销' OR lic_status = '吊销')),
    pen_violation TEXT, pen_facts TEXT, pen_basis TEXT,
    pen_types TEXT CHECK ((category = 'penalty') = (pen_types IS NOT NULL)),
    pen_content TEXT,
    pen_fine_fen INTEGER CHECK (pen_fine_fen IS NULL OR pen_fine_fen >= 0),
    pen_confiscation_fen INTEGER CHECK (pen_confiscation_fen IS NULL OR pen_confiscation_fen >= 0),
    pen_licence TEXT,
    pen_procedure TEXT CHECK (pen_procedure IS NULL OR pen_procedure IN ('普通程序', '简易程序')),
    pen_domain TEXT CHECK (pen_domain IS NULL OR (pen_domain = '食品' OR pen_domain = '药品' OR pen_domain = '特种设备' OR pen_domain = '其他')),
    pen_severity TEXT CHECK (pen_severity IS NULL OR (pen_severity = '轻微' OR pen_severity = '一般' OR pen_severity = '严重')),
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
    known_from TEXT NOT NULL
);
CREATE TABLE draw_input_watch (
    draw_id TEXT PRIMARY KEY NOT NULL REFERENCES draw_commitment(draw_id),
    unclassified INTEGER NOT NULL CHECK (unclassified >= 0),
    touched INTEGER NOT NULL DEFAULT 0 CHECK (touched IN (0, 1))
);
CREATE TABLE "enterprise" (
    uscc TEXT NOT NULL CHECK (length(uscc) = 18),
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT,
    industry TEXT,
    region TEXT NOT NULL CHECK (length(region) = 6),
    established TEXT,
    status TEXT NOT NULL CHECK ((status = '存续' OR status = '在业' OR status = '吊销' OR status = '注销' OR status = '迁出')),
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
CREATE INDEX import_batch_sha ON import_batch(file_sha256);
CREATE INDEX rejected_row_batch ON rejected_row(batch_id);
CREATE INDEX enterprise_history_key ON enterprise_history(uscc);
CREATE INDEX repair_notice_uscc ON repair_notice(uscc);
CREATE INDEX reminder_dispatch_uscc ON reminder_dispatch(uscc);
CREATE INDEX reminder_dispatch_batch ON reminder_dispatch(batch);
CREATE INDEX record_history_key ON record_history(uscc, category, agency_key, document_no);
CREATE INDEX issued_report_sha256 ON issued_report(sha256);
CREATE INDEX listing_history_key ON listing_history(uscc, list_kind, agency_key, document_no);
CREATE INDEX commitment_history_key ON commitment_history(uscc, agency_key, document_no);
CREATE INDEX repair_application_record ON repair_application(category, document_no);
CREATE INDEX repair_application_uscc ON repair_application(uscc);
CREATE UNIQUE INDEX record_key ON record(uscc, category, agency_key, document_no);
CREATE UNIQUE INDEX enterprise_key ON enterprise(uscc);
CREATE TRIGGER draw_immutable BEFORE UPDATE OF id, sequence, month, as_of, public_randomness, created_at,
    classification_run_id, plan_text, receipt, receipt_sha256, previous_receipt_sha256 ON draw
    BEGIN SELECT RAISE(ABORT, 'a recorded draw is immutable'); END;
CREATE TRIGGER draw_void_once BEFORE UPDATE OF voided_at, void_reason ON draw WHEN OLD.voided_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'the draw is already void'); END;
CREATE TRIGGER draw_no_delete BEFORE DELETE ON draw
    BEGIN SELECT RAISE(ABORT, 'draws are never deleted; void them'); END;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER repair_notice_immutable BEFORE UPDATE ON repair_notice
    BEGIN SELECT RAISE(ABORT, 'an issued notice is never changed'); END;
CREATE TRIGGER repair_notice_no_delete BEFORE DELETE ON repair_notice
    BEGIN SELECT RAISE(ABORT, 'an issued notice is never deleted'); END;
CREATE TRIGGER draw_commitment_immutable BEFORE UPDATE OF draw_id, month, as_of, prepared_at, classification_run_id,
    plan_text, randomness_source, salt, commitment, commitment_sha256, audit_head_sha256 ON draw_commitment
    BEGIN SELECT RAISE(ABORT, 'a draw commitment is immutable'); END;
CREATE TRIGGER draw_commitment_void_once BEFORE UPDATE OF voided_at, void_reason ON draw_commitment
    WHEN OLD.voided_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'the draw is already void'); END;
CREATE TRIGGER draw_commitment_no_delete BEFORE DELETE ON draw_commitment
    BEGIN SELECT RAISE(ABORT, 'draws are never deleted; void them'); END;
CREATE TRIGGER draw_input_file_immutable BEFORE UPDATE ON draw_input_file
    BEGIN SELECT RAISE(ABORT, 'the inputs of a prepared draw are frozen'); END;
CREATE TRIGGER draw_input_file_no_delete BEFORE DELETE ON draw_input_file
    BEGIN SELECT RAISE(ABORT, 'the inputs of a prepared draw are frozen'); END;
CREATE TRIGGER issued_report_no_update BEFORE UPDATE ON issued_report
    BEGIN SELECT RAISE(ABORT, 'an issued report is never changed'); END;
CREATE TRIGGER issued_report_no_delete BEFORE DELETE ON issued_report
    BEGIN SELECT RAISE(ABORT, 'an issued report is never deleted'); END;
CREATE TRIGGER repair_application_decide_once BEFORE UPDATE ON repair_application WHEN OLD.status <> 'pending'
    BEGIN SELECT RAISE(ABORT, 'a decided application is never changed'); END;
CREATE TRIGGER repair_application_no_delete BEFORE DELETE ON repair_application
    BEGIN SELECT RAISE(ABORT, 'repair history is never deleted'); END;
CREATE TRIGGER listing_notice_immutable BEFORE UPDATE ON listing_notice
    BEGIN SELECT RAISE(ABORT, 'an issued notice is never changed'); END;
CREATE TRIGGER listing_notice_no_delete BEFORE DELETE ON listing_notice
    BEGIN SELECT RAISE(ABORT, 'an issued notice is never deleted'); END;
CREATE TRIGGER enterprise_fts_update AFTER UPDATE OF name ON enterprise
        BEGIN
            INSERT INTO enterprise_fts (enterprise_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
            INSERT INTO enterprise_fts (rowid, name) VALUES (new.rowid, new.name);
        END;

"""#
}
