-- Failed checks of certification-profile and Partner University credentials, per user and per
-- profile address (counted before the check; a success deletes its row).
CREATE TABLE credential_failures (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    email   TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX credential_failures_user ON credential_failures (user_id, at);
CREATE INDEX credential_failures_email ON credential_failures (email, at);

-- Mail a user's action sent, for the per-company and per-recipient limits.
CREATE TABLE mail_log (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER,
    recipient  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX mail_log_company ON mail_log (company_id, at);
CREATE INDEX mail_log_recipient ON mail_log (recipient, at);

CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
CREATE INDEX enrollments_created ON enrollments (created_at);

-- The primary contact's link could not be mailed: the status page says so and offers to send it
-- again (to the same or a corrected address).
ALTER TABLE primary_contacts ADD COLUMN send_failed INTEGER NOT NULL DEFAULT 0;
