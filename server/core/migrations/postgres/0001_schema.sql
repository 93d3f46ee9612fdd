-- Partnerhub's schema on PostgreSQL: the same tables, columns, indexes and rules as SQLite's
-- migrations 0001–0008 (see ../sqlite for what each table is for), with PostgreSQL's types:
-- instants are TIMESTAMPTZ, flags BOOLEAN, keys BIGINT. Dates of certifications stay ISO text,
-- as imported.

CREATE TABLE company_directory (
    duns        TEXT PRIMARY KEY,
    legal_name  TEXT NOT NULL,
    country     TEXT NOT NULL,
    line1       TEXT NOT NULL,
    line2       TEXT,
    city        TEXT NOT NULL,
    region      TEXT,
    postal_code TEXT NOT NULL
);

CREATE TABLE enrollments (
    id                TEXT PRIMARY KEY,
    email             TEXT NOT NULL,
    locale            TEXT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    email_verified_at TIMESTAMPTZ,
    full_name         TEXT,
    password_hash     TEXT,
    company_json      TEXT,
    contact_json      TEXT,
    completed_at      TIMESTAMPTZ
);
CREATE INDEX enrollments_email ON enrollments (email);
CREATE INDEX enrollments_created ON enrollments (created_at);

CREATE TABLE verification_codes (
    id             BIGSERIAL PRIMARY KEY,
    enrollment_id  TEXT NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
    email          TEXT NOT NULL,
    code_hash      TEXT NOT NULL,
    sent_at        TIMESTAMPTZ NOT NULL,
    wrong_attempts BIGINT NOT NULL DEFAULT 0,
    used_at        TIMESTAMPTZ
);
CREATE INDEX verification_codes_email ON verification_codes (email, sent_at);
CREATE INDEX verification_codes_enrollment ON verification_codes (enrollment_id, id);

CREATE TABLE companies (
    id                 BIGSERIAL PRIMARY KEY,
    partner_id         BIGINT NOT NULL UNIQUE,
    legal_name         TEXT NOT NULL,
    name_key           TEXT NOT NULL,
    country            TEXT NOT NULL,
    line1              TEXT NOT NULL,
    line2              TEXT,
    city               TEXT NOT NULL,
    region             TEXT,
    postal_code        TEXT NOT NULL,
    duns               TEXT UNIQUE,
    source             TEXT NOT NULL CHECK (source IN ('duns', 'manual')),
    status             TEXT NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    review_started_at  TIMESTAMPTZ,
    decision_reason    TEXT,
    UNIQUE (name_key, country)
);

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    company_id    BIGINT NOT NULL REFERENCES companies (id),
    email         TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale        TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    deleted_at    TIMESTAMPTZ,
    invited_by    BIGINT REFERENCES users (id)
);

CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE primary_contacts (
    company_id  BIGINT PRIMARY KEY REFERENCES companies (id),
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    locale      TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    sent_at     TIMESTAMPTZ NOT NULL,
    verified_at TIMESTAMPTZ,
    send_failed BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE agreement_acceptances (
    id          BIGSERIAL PRIMARY KEY,
    company_id  BIGINT NOT NULL REFERENCES companies (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    user_name   TEXT NOT NULL,
    user_email  TEXT NOT NULL,
    version     TEXT NOT NULL,
    accepted_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE company_events (
    id         BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id),
    kind       TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    detail     TEXT
);

CREATE TABLE reviewers (
    id            BIGSERIAL PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE invitations (
    user_id     BIGINT PRIMARY KEY REFERENCES users (id),
    token_hash  TEXT NOT NULL UNIQUE,
    sent_at     TIMESTAMPTZ NOT NULL,
    accepted_at TIMESTAMPTZ
);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    sent_at    TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

CREATE TABLE appeals (
    id            BIGSERIAL PRIMARY KEY,
    company_id    BIGINT NOT NULL REFERENCES companies (id),
    user_id       BIGINT NOT NULL REFERENCES users (id),
    note          TEXT NOT NULL,
    document_file TEXT NOT NULL,
    document_type TEXT NOT NULL,
    document_name TEXT NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    document      BYTEA
);
CREATE INDEX appeals_company ON appeals (company_id);

CREATE TABLE sign_in_failures (
    id     BIGSERIAL PRIMARY KEY,
    email  TEXT NOT NULL,
    client TEXT NOT NULL,
    device TEXT,
    at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, at);
CREATE INDEX sign_in_failures_client ON sign_in_failures (client, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);

CREATE TABLE known_devices (
    token_hash TEXT NOT NULL,
    email      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (token_hash, email)
);

CREATE TABLE audit_log (
    id         BIGSERIAL PRIMARY KEY,
    company_id BIGINT REFERENCES companies (id),
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'reviewer', 'system', 'anonymous')),
    actor_id   BIGINT,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    reason     TEXT,
    at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX audit_log_company ON audit_log (company_id, id);

-- A trigger that refuses what it guards, with the reason given as its argument.
CREATE FUNCTION partnerhub_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0];
END
$$;

-- Records are never edited (L-10).
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION partnerhub_refuse('the audit log is append-only');

CREATE TABLE partner_ids (
    value BIGINT PRIMARY KEY
);

CREATE TABLE locations (
    id             BIGSERIAL PRIMARY KEY,
    company_id     BIGINT NOT NULL REFERENCES companies (id),
    partner_id     BIGINT NOT NULL UNIQUE REFERENCES partner_ids (value),
    head_office    BOOLEAN NOT NULL DEFAULT FALSE,
    country        TEXT NOT NULL,
    line1          TEXT NOT NULL,
    line2          TEXT,
    city           TEXT NOT NULL,
    region         TEXT,
    postal_code    TEXT NOT NULL,
    contact_name   TEXT,
    contact_email  TEXT,
    contact_locale TEXT,
    token_hash     TEXT UNIQUE,
    sent_at        TIMESTAMPTZ,
    verified_at    TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX locations_company ON locations (company_id, id);
CREATE UNIQUE INDEX locations_one_head_office ON locations (company_id) WHERE head_office;

-- Locations are never removed (E-11).
CREATE TRIGGER locations_no_delete BEFORE DELETE ON locations
FOR EACH ROW EXECUTE FUNCTION partnerhub_refuse('locations cannot be removed');

CREATE TABLE cert_profiles (
    mcid          TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    password_hash TEXT NOT NULL
);

CREATE TABLE cert_certifications (
    id         BIGSERIAL PRIMARY KEY,
    mcid       TEXT NOT NULL REFERENCES cert_profiles (mcid),
    exam       TEXT NOT NULL,
    title      TEXT NOT NULL,
    passed_on  TEXT NOT NULL,
    expires_on TEXT
);
CREATE INDEX cert_certifications_mcid ON cert_certifications (mcid);
CREATE UNIQUE INDEX cert_certifications_once ON cert_certifications (mcid, exam, passed_on);

CREATE TABLE university_accounts (
    email         TEXT PRIMARY KEY,
    full_name     TEXT NOT NULL,
    password_hash TEXT NOT NULL
);

CREATE TABLE university_assessments (
    id        BIGSERIAL PRIMARY KEY,
    email     TEXT NOT NULL REFERENCES university_accounts (email),
    course    TEXT NOT NULL,
    passed_on TEXT NOT NULL,
    score     BIGINT NOT NULL
);
CREATE INDEX university_assessments_email ON university_assessments (email);
CREATE UNIQUE INDEX university_assessments_once ON university_assessments (email, course, passed_on);

CREATE TABLE links (
    id         BIGSERIAL PRIMARY KEY,
    mcid       TEXT NOT NULL REFERENCES cert_profiles (mcid),
    user_id    BIGINT NOT NULL REFERENCES users (id),
    company_id BIGINT NOT NULL REFERENCES companies (id),
    started_at TIMESTAMPTZ NOT NULL,
    ended_at   TIMESTAMPTZ,
    end_reason TEXT CHECK (end_reason IN ('moved', 'unlinked', 'removed by admin', 'user deleted'))
);
CREATE INDEX links_mcid ON links (mcid, started_at);
CREATE INDEX links_company ON links (company_id) WHERE ended_at IS NULL;
CREATE INDEX links_user ON links (user_id) WHERE ended_at IS NULL;
-- The backstop of L-4: one active link per profile.
CREATE UNIQUE INDEX links_one_active ON links (mcid) WHERE ended_at IS NULL;

CREATE TABLE user_profiles (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    mcid    TEXT NOT NULL REFERENCES cert_profiles (mcid)
);

CREATE TABLE university_links (
    user_id     BIGINT PRIMARY KEY REFERENCES users (id),
    email       TEXT NOT NULL UNIQUE REFERENCES university_accounts (email),
    shared_mcid TEXT REFERENCES cert_profiles (mcid),
    linked_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE credential_failures (
    id      BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL,
    email   TEXT NOT NULL,
    at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX credential_failures_user ON credential_failures (user_id, at);
CREATE INDEX credential_failures_email ON credential_failures (email, at);

CREATE TABLE mail_log (
    id         BIGSERIAL PRIMARY KEY,
    company_id BIGINT,
    recipient  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX mail_log_company ON mail_log (company_id, at);
CREATE INDEX mail_log_recipient ON mail_log (recipient, at);

CREATE TABLE job_runs (
    name TEXT NOT NULL,
    slot BIGINT NOT NULL,
    at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (name, slot)
);

-- SQLite's instr(), which the skills report's name filter uses (a plain substring test, no
-- pattern characters).
CREATE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS INTEGER LANGUAGE sql IMMUTABLE
AS 'SELECT strpos(haystack, needle)';

-- The session store's table (tower-sessions' own definition), created here under the
-- migrations' lock: processes starting together would otherwise race to create it.
CREATE SCHEMA IF NOT EXISTS tower_sessions;
CREATE TABLE IF NOT EXISTS tower_sessions.session (
    id          TEXT PRIMARY KEY NOT NULL,
    data        BYTEA NOT NULL,
    expiry_date TIMESTAMPTZ NOT NULL
);
