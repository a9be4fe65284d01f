extension Schema {
    /// v13, version-2 draws (commit, then reveal). A draw is first *prepared*: its frozen
    /// inputs, its commitment and the secret `K` are stored (`draw_commitment`,
    /// `draw_input_file`); the run then records the outputs in `draw`, `draw_task` and
    /// `draw_file` as before. `K` stays in the database: auditors get it with the bundle, the
    /// public never. Like recorded draws, commitments and their inputs are immutable; a
    /// prepared draw can only be voided, with a reason.
    static let drawCommitments = """
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
    CREATE TRIGGER draw_commitment_immutable BEFORE UPDATE OF draw_id, month, as_of, prepared_at, classification_run_id,
        plan_text, randomness_source, salt, commitment, commitment_sha256, audit_head_sha256 ON draw_commitment
        BEGIN SELECT RAISE(ABORT, 'a draw commitment is immutable'); END;
    CREATE TRIGGER draw_commitment_void_once BEFORE UPDATE OF voided_at, void_reason ON draw_commitment
        WHEN OLD.voided_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'the draw is already void'); END;
    CREATE TRIGGER draw_commitment_no_delete BEFORE DELETE ON draw_commitment
        BEGIN SELECT RAISE(ABORT, 'draws are never deleted; void them'); END;

    CREATE TABLE draw_input_file (
        draw_id TEXT NOT NULL REFERENCES draw_commitment(draw_id),
        path TEXT NOT NULL,
        content BLOB NOT NULL,
        PRIMARY KEY (draw_id, path)
    );
    CREATE TRIGGER draw_input_file_immutable BEFORE UPDATE ON draw_input_file
        BEGIN SELECT RAISE(ABORT, 'the inputs of a prepared draw are frozen'); END;
    CREATE TRIGGER draw_input_file_no_delete BEFORE DELETE ON draw_input_file
        BEGIN SELECT RAISE(ABORT, 'the inputs of a prepared draw are frozen'); END;
    """

    /// v17, the watch over the tables a prepared draw's inputs come from (`DrawInputWatch`): at most
    /// one row, the pending draw's, while it is prepared and not yet run or voided.
    static let drawInputWatch = """
    CREATE TABLE draw_input_watch (
        draw_id TEXT PRIMARY KEY NOT NULL REFERENCES draw_commitment(draw_id),
        unclassified INTEGER NOT NULL CHECK (unclassified >= 0),
        touched INTEGER NOT NULL DEFAULT 0 CHECK (touched IN (0, 1))
    );
    """
}
