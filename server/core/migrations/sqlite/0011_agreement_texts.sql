-- Every published version of the partner agreement, in each language, exactly as published:
-- a version a company accepted stays readable after a release no longer ships its text.
CREATE TABLE agreement_texts (
    version      TEXT NOT NULL,
    language     TEXT NOT NULL,
    body         TEXT NOT NULL,
    published_at TEXT NOT NULL,
    PRIMARY KEY (version, language)
);
