-- Partner profile: locations with their own partner IDs (E-11) and one registry of partner
-- IDs, so that a company's and a location's IDs never collide.

CREATE TABLE partner_ids (
    value INTEGER PRIMARY KEY
);
INSERT INTO partner_ids (value) SELECT partner_id FROM companies;

CREATE TABLE locations (
    id             INTEGER PRIMARY KEY,
    company_id     INTEGER NOT NULL REFERENCES companies (id),
    partner_id     INTEGER NOT NULL UNIQUE REFERENCES partner_ids (value),
    head_office    INTEGER NOT NULL DEFAULT 0,
    country        TEXT NOT NULL,
    line1          TEXT NOT NULL,
    line2          TEXT,
    city           TEXT NOT NULL,
    region         TEXT,
    postal_code    TEXT NOT NULL,
    -- The head office's contact is the company's primary contact (primary_contacts).
    contact_name   TEXT,
    contact_email  TEXT,
    contact_locale TEXT,
    token_hash     TEXT UNIQUE,
    sent_at        TEXT,
    verified_at    TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX locations_company ON locations (company_id, id);
CREATE UNIQUE INDEX locations_one_head_office ON locations (company_id) WHERE head_office = 1;

-- Locations are never removed (E-11).
CREATE TRIGGER locations_no_delete BEFORE DELETE ON locations
BEGIN SELECT RAISE(ABORT, 'locations cannot be removed'); END;
