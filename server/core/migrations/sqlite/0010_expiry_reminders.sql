-- Reminders of expiring certifications: for each person, exam and expiry date, the closest
-- reminder sent (90, 30 or 7 days before). A renewed certification has a new expiry date and
-- so its own reminders.
CREATE TABLE expiry_reminders (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    exam       TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    days       INTEGER NOT NULL,
    sent_at    TEXT NOT NULL,
    PRIMARY KEY (user_id, exam, expires_on)
);
