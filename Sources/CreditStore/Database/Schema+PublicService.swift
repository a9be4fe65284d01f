extension Schema {
    /// The public credit service (item 37 and 39 of the plan): issued credit reports, files
    /// uploaded with online repair applications, and dispatched reminders.
    static let publicService = """
    -- Every credit report handed out, by number: who, when, in which format, and the SHA-256
    -- of the exact bytes, so a presented file can be checked for authenticity.
    CREATE TABLE issued_report (
        number TEXT PRIMARY KEY,
        year INTEGER NOT NULL,
        sequence INTEGER NOT NULL CHECK (sequence > 0),
        uscc TEXT NOT NULL CHECK (length(uscc) = 18),
        issued_at TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('html', 'docx')),
        channel TEXT NOT NULL CHECK (channel IN ('public', 'officer')),
        verification_code TEXT NOT NULL CHECK (length(verification_code) = 8),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        UNIQUE (year, sequence)
    );
    CREATE INDEX issued_report_sha256 ON issued_report(sha256);
    CREATE TRIGGER issued_report_no_update BEFORE UPDATE ON issued_report
        BEGIN SELECT RAISE(ABORT, 'an issued report is never changed'); END;
    CREATE TRIGGER issued_report_no_delete BEFORE DELETE ON issued_report
        BEGIN SELECT RAISE(ABORT, 'an issued report is never deleted'); END;

    -- Uploaded files, content-addressed; never served publicly.
    CREATE TABLE upload (
        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        media_type TEXT NOT NULL CHECK (media_type = 'application/pdf' OR media_type = 'image/png' OR media_type = 'image/jpeg'),
        size INTEGER NOT NULL CHECK (size > 0),
        bytes BLOB NOT NULL,
        stored_at TEXT NOT NULL
    ) WITHOUT ROWID;

    -- Repair applications filed online by the enterprise itself, by tracking number.
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

    -- 信用提示 sent: what each enterprise was told, through which channel, in which batch, and
    -- what the gateway said about its delivery. One reminder is dispatched once per channel.
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
    CREATE INDEX reminder_dispatch_uscc ON reminder_dispatch(uscc);
    CREATE INDEX reminder_dispatch_batch ON reminder_dispatch(batch);
    """

    /// v14: reports issued as PDF too (converted from their HTML or DOCX): the register's format
    /// check admits `pdf`. SQLite cannot change a CHECK, so the table is rebuilt with its rows,
    /// index and immutability triggers.
    static let issuedReportsInPDF = """
    CREATE TABLE issued_report_v12 (
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
    INSERT INTO issued_report_v12 (number, year, sequence, uscc, issued_at, format, channel, verification_code, sha256)
    SELECT number, year, sequence, uscc, issued_at, format, channel, verification_code, sha256 FROM issued_report ORDER BY year, sequence;
    DROP TABLE issued_report;
    ALTER TABLE issued_report_v12 RENAME TO issued_report;
    CREATE INDEX issued_report_sha256 ON issued_report(sha256);
    CREATE TRIGGER issued_report_no_update BEFORE UPDATE ON issued_report
        BEGIN SELECT RAISE(ABORT, 'an issued report is never changed'); END;
    CREATE TRIGGER issued_report_no_delete BEFORE DELETE ON issued_report
        BEGIN SELECT RAISE(ABORT, 'an issued report is never deleted'); END;
    """
}
