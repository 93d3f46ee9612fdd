//! Housekeeping: what has outlived its use is deleted on a schedule (`Store::purge`), so that
//! visitors who never come back cannot fill the disk: expired sessions, old verification codes
//! and unfinished enrollments, used or expired reset links, and counted attempts and sent mail
//! older than any limit looks back, and the record of reminders for expiry dates already past.

use super::db::{query, Engine};
use super::{Store, StoreResult};
use chrono::{DateTime, Duration, Utc};
use partnerhub_domain::access::RESET_VALID_MINUTES;

/// An enrollment nobody finished is deleted this long after it started (with its codes).
pub const ABANDONED_ENROLLMENT_DAYS: i64 = 30;
/// Counted attempts and the mail log are kept this long (every limit looks back less far).
pub const ATTEMPTS_KEPT_DAYS: i64 = 2;
/// Claims of scheduled runs are kept longer than the longest period claimed (the reminders'
/// weekly digest), so that a run is never claimed twice.
pub const JOB_RUNS_KEPT_DAYS: i64 = 8;

/// How many rows one purge deleted, by kind, for the log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub enrollments: u64,
    pub codes: u64,
    pub reset_links: u64,
    pub attempts: u64,
    /// Reminder records of expiry dates already past (no reminder is due for them any more).
    pub reminders: u64,
}

impl Purged {
    pub fn total(&self) -> u64 {
        self.sessions + self.enrollments + self.codes + self.reset_links + self.attempts + self.reminders
    }
}

impl Store {
    /// Claims one run of scheduled work: `slot` names the period it is for (say, the hour since
    /// the epoch). True for exactly one caller per job and slot, however many processes share
    /// the database and whenever they restart; the others skip that run.
    pub async fn claim_run(&self, job: &str, slot: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        let claimed = query("INSERT INTO job_runs (name, slot, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(job)
            .bind(slot)
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(claimed == 1)
    }

    /// Deletes what has expired at `now`.
    pub async fn purge(&self, now: DateTime<Utc>) -> StoreResult<Purged> {
        let mut tx = self.begin_write().await?;
        // The session stores keep their own tables. SQLite's keeps the expiry in a format of
        // its own that `datetime()` reads, as its own clean-up does.
        let sessions = match tx.engine() {
            Engine::Sqlite => query("DELETE FROM tower_sessions WHERE datetime(expiry_date) < datetime($1)").bind(now.format("%Y-%m-%d %H:%M:%S").to_string()),
            Engine::Postgres => query("DELETE FROM tower_sessions.session WHERE expiry_date < $1").bind(now),
        }
        .execute(&mut tx)
        .await?
        .rows_affected();
        let codes =
            query("DELETE FROM verification_codes WHERE sent_at < $1").bind(now - Duration::days(ATTEMPTS_KEPT_DAYS)).execute(&mut tx).await?.rows_affected();
        let enrollments = query("DELETE FROM enrollments WHERE completed_at IS NULL AND created_at < $1")
            .bind(now - Duration::days(ABANDONED_ENROLLMENT_DAYS))
            .execute(&mut tx)
            .await?
            .rows_affected();
        let reset_links =
            query("DELETE FROM password_resets WHERE sent_at < $1").bind(now - Duration::minutes(RESET_VALID_MINUTES)).execute(&mut tx).await?.rows_affected();
        let old = now - Duration::days(ATTEMPTS_KEPT_DAYS);
        let mut attempts = 0;
        for table in ["sign_in_failures", "credential_failures", "mail_log"] {
            attempts += query(&format!("DELETE FROM {table} WHERE at < $1")).bind(old).execute(&mut tx).await?.rows_affected();
        }
        query("DELETE FROM job_runs WHERE at < $1").bind(now - Duration::days(JOB_RUNS_KEPT_DAYS)).execute(&mut tx).await?;
        let reminders = query("DELETE FROM expiry_reminders WHERE expires_on < $1").bind(now.date_naive().to_string()).execute(&mut tx).await?.rows_affected();
        tx.commit().await?;
        Ok(Purged { sessions, enrollments, codes, reset_links, attempts, reminders })
    }
}
