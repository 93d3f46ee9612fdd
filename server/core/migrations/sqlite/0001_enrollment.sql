-- Company directory (DUNS lookup), enrollments in progress, companies, users, primary contacts,
-- agreement acceptances and the company timeline. All instants are UTC, RFC 3339 text.

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
    created_at        TEXT NOT NULL,
    email_verified_at TEXT,
    full_name         TEXT,
    password_hash     TEXT,
    company_json      TEXT,
    contact_json      TEXT,
    completed_at      TEXT
);
CREATE INDEX enrollments_email ON enrollments (email);

CREATE TABLE verification_codes (
    id             INTEGER PRIMARY KEY,
    enrollment_id  TEXT NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
    email          TEXT NOT NULL,
    code_hash      TEXT NOT NULL,
    sent_at        TEXT NOT NULL,
    wrong_attempts INTEGER NOT NULL DEFAULT 0,
    used_at        TEXT
);
CREATE INDEX verification_codes_email ON verification_codes (email, sent_at);
CREATE INDEX verification_codes_enrollment ON verification_codes (enrollment_id, id);

CREATE TABLE companies (
    id                 INTEGER PRIMARY KEY,
    partner_id         INTEGER NOT NULL UNIQUE,
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
    created_at         TEXT NOT NULL,
    review_started_at  TEXT,
    UNIQUE (name_key, country)
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    company_id    INTEGER NOT NULL REFERENCES companies (id),
    email         TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale        TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE primary_contacts (
    company_id  INTEGER PRIMARY KEY REFERENCES companies (id),
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    locale      TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    sent_at     TEXT NOT NULL,
    verified_at TEXT
);

CREATE TABLE agreement_acceptances (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    user_name   TEXT NOT NULL,
    user_email  TEXT NOT NULL,
    version     TEXT NOT NULL,
    accepted_at TEXT NOT NULL
);

CREATE TABLE company_events (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    kind       TEXT NOT NULL,
    at         TEXT NOT NULL
);
