-- Appeal documents live in the database with their appeal, so that every process serves them
-- (NULL: a document an older version kept on disk).
ALTER TABLE appeals ADD COLUMN document BLOB;

-- Scheduled work claims each run here; the one process whose insert succeeds does it.
CREATE TABLE job_runs (
    name TEXT NOT NULL,
    slot INTEGER NOT NULL,
    at   TEXT NOT NULL,
    PRIMARY KEY (name, slot)
);
