//! Housekeeping: what has outlived its use is deleted on a schedule (`Store::purge`), so that
//! visitors who never come back cannot fill the disk: expired sessions, old verification codes
//! and unfinished enrollments, used or expired reset links, and counted attempts and sent mail
//! older than any limit looks back.

use super::{Store, StoreResult};
use chrono::{DateTime, Duration, Utc};
use partnerhub_domain::access::RESET_VALID_MINUTES;

/// An enrollment nobody finished is deleted this long after it started (with its codes).
pub const ABANDONED_ENROLLMENT_DAYS: i64 = 30;
/// Counted attempts and the mail log are kept this long (every limit looks back less far).
pub const ATTEMPTS_KEPT_DAYS: i64 = 2;

/// How many rows one purge deleted, by kind, for the log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub enrollments: u64,
    pub codes: u64,
    pub reset_links: u64,
    pub attempts: u64,
}

impl Purged {
    pub fn total(&self) -> u64 {
        self.sessions + self.enrollments + self.codes + self.reset_links + self.attempts
    }
}

impl Store {
    /// Deletes what has expired at `now`.
    pub async fn purge(&self, now: DateTime<Utc>) -> StoreResult<Purged> {
        let mut tx = self.begin_write().await?;
        // The session store keeps its expiry in a format of its own; SQLite's `datetime()`
        // reads it, as the session store's own clean-up does.
        let sessions = sqlx::query("DELETE FROM tower_sessions WHERE datetime(expiry_date) < datetime(?)")
            .bind(now.format("%Y-%m-%d %H:%M:%S").to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let codes = sqlx::query("DELETE FROM verification_codes WHERE sent_at < ?")
            .bind(now - Duration::days(ATTEMPTS_KEPT_DAYS))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let enrollments = sqlx::query("DELETE FROM enrollments WHERE completed_at IS NULL AND created_at < ?")
            .bind(now - Duration::days(ABANDONED_ENROLLMENT_DAYS))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let reset_links = sqlx::query("DELETE FROM password_resets WHERE sent_at < ?")
            .bind(now - Duration::minutes(RESET_VALID_MINUTES))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let old = now - Duration::days(ATTEMPTS_KEPT_DAYS);
        let mut attempts = 0;
        for table in ["sign_in_failures", "credential_failures", "mail_log"] {
            attempts += sqlx::query(&format!("DELETE FROM {table} WHERE at < ?")).bind(old).execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok(Purged { sessions, enrollments, codes, reset_links, attempts })
    }
}
