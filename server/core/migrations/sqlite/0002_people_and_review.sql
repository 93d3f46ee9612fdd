-- People and verification: platform reviewers, invitations, password resets, deleted users,
-- review decisions and appeals, sign-in failures with device cookies, and the audit log.

CREATE TABLE reviewers (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

-- A deleted user keeps their row (history and audit refer to it); their address is freed.
ALTER TABLE users ADD COLUMN deleted_at TEXT;
-- Invited users have no password until they accept (password_hash is then '').
ALTER TABLE users ADD COLUMN invited_by INTEGER REFERENCES users (id);

CREATE TABLE invitations (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id),
    token_hash  TEXT NOT NULL UNIQUE,
    sent_at     TEXT NOT NULL,
    accepted_at TEXT
);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    sent_at    TEXT NOT NULL,
    used_at    TEXT
);

ALTER TABLE companies ADD COLUMN decision_reason TEXT;
ALTER TABLE company_events ADD COLUMN detail TEXT;

CREATE TABLE appeals (
    id            INTEGER PRIMARY KEY,
    company_id    INTEGER NOT NULL REFERENCES companies (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    note          TEXT NOT NULL,
    document_file TEXT NOT NULL,
    document_type TEXT NOT NULL,
    document_name TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX appeals_company ON appeals (company_id);

CREATE TABLE sign_in_failures (
    id     INTEGER PRIMARY KEY,
    email  TEXT NOT NULL,
    client TEXT NOT NULL,
    device TEXT,
    at     TEXT NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, at);
CREATE INDEX sign_in_failures_client ON sign_in_failures (client, at);

-- Device cookies: a browser that signed in to an account before (hash of the cookie).
CREATE TABLE known_devices (
    token_hash TEXT NOT NULL,
    email      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (token_hash, email)
);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER REFERENCES companies (id),
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'reviewer', 'system', 'anonymous')),
    actor_id   INTEGER,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    reason     TEXT,
    at         TEXT NOT NULL
);
CREATE INDEX audit_log_company ON audit_log (company_id, id);

-- Records are never edited (L-10).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
