-- The built-in certification provider (profiles with their certifications, Partner University
-- accounts with their assessments) and the links of profiles to companies (L-1 … L-7).

CREATE TABLE cert_profiles (
    mcid          TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    password_hash TEXT NOT NULL
);

CREATE TABLE cert_certifications (
    id         INTEGER PRIMARY KEY,
    mcid       TEXT NOT NULL REFERENCES cert_profiles (mcid),
    exam       TEXT NOT NULL,
    title      TEXT NOT NULL,
    passed_on  TEXT NOT NULL,
    expires_on TEXT
);
CREATE INDEX cert_certifications_mcid ON cert_certifications (mcid);

CREATE TABLE university_accounts (
    email         TEXT PRIMARY KEY,
    full_name     TEXT NOT NULL,
    password_hash TEXT NOT NULL
);

CREATE TABLE university_assessments (
    id        INTEGER PRIMARY KEY,
    email     TEXT NOT NULL REFERENCES university_accounts (email),
    course    TEXT NOT NULL,
    passed_on TEXT NOT NULL,
    score     INTEGER NOT NULL
);
CREATE INDEX university_assessments_email ON university_assessments (email);

-- A link (association) of a certification profile with a company, through the user who made
-- it. History is never rewritten: ending a link sets ended_at and its reason.
CREATE TABLE links (
    id         INTEGER PRIMARY KEY,
    mcid       TEXT NOT NULL REFERENCES cert_profiles (mcid),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    company_id INTEGER NOT NULL REFERENCES companies (id),
    started_at TEXT NOT NULL,
    ended_at   TEXT,
    end_reason TEXT CHECK (end_reason IN ('moved', 'unlinked', 'removed by admin', 'user deleted'))
);
CREATE INDEX links_mcid ON links (mcid, started_at);
CREATE INDEX links_company ON links (company_id) WHERE ended_at IS NULL;
-- The backstop of L-4: one active link per profile.
CREATE UNIQUE INDEX links_one_active ON links (mcid) WHERE ended_at IS NULL;

-- The profile a user associated last (kept after unlinking, for the history and the next date).
CREATE TABLE user_profiles (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    mcid    TEXT NOT NULL REFERENCES cert_profiles (mcid)
);

-- A user's Partner University access (L-2); `shared_mcid` when the same credentials open a
-- certification profile ("Use name@address").
CREATE TABLE university_links (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id),
    email       TEXT NOT NULL UNIQUE REFERENCES university_accounts (email),
    shared_mcid TEXT REFERENCES cert_profiles (mcid),
    linked_at   TEXT NOT NULL
);
