//! Certifications that expire, for the reminders and the admins' weekly digest: which linked
//! people hold one expiring in a window, and which reminder each was sent already, so that a
//! reminder goes once across restarts and processes.

use super::db::{query, query_as};
use super::{Store, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};

/// A certification of a person with an active link (not deleted) that expires in the window
/// asked for, with the closest reminder sent for it so far.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ExpiringCertification {
    pub user_id: i64,
    pub full_name: String,
    pub email: String,
    pub locale: String,
    pub company_id: i64,
    pub exam: String,
    pub title: String,
    pub expires_on: String,
    /// The closest reminder sent (days before), if any.
    pub reminded: Option<i64>,
}

impl Store {
    /// Certifications of linked people expiring from `from` up to and including `until`, by
    /// company, date and person.
    pub async fn expiring_certifications(&self, from: NaiveDate, until: NaiveDate) -> StoreResult<Vec<ExpiringCertification>> {
        Ok(query_as(
            "SELECT u.id AS user_id, u.full_name, u.email, u.locale, l.company_id, c.exam, c.title, c.expires_on, r.days AS reminded
             FROM links l JOIN users u ON u.id = l.user_id JOIN cert_certifications c ON c.mcid = l.mcid
             LEFT JOIN expiry_reminders r ON r.user_id = u.id AND r.exam = c.exam AND r.expires_on = c.expires_on
             WHERE l.ended_at IS NULL AND u.deleted_at IS NULL AND c.expires_on IS NOT NULL AND c.expires_on >= $1 AND c.expires_on <= $2
             ORDER BY l.company_id, c.expires_on, u.id, c.exam",
        )
        .bind(from.to_string())
        .bind(until.to_string())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Claims the reminder `days` before the expiry of `exam` on `expires_on` for `user_id`:
    /// true for exactly one caller, and only if no reminder as close was claimed before.
    pub async fn claim_reminder(&self, user_id: i64, exam: &str, expires_on: &str, days: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        let claimed = query(
            "INSERT INTO expiry_reminders (user_id, exam, expires_on, days, sent_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (user_id, exam, expires_on) DO UPDATE SET days = excluded.days, sent_at = excluded.sent_at
             WHERE expiry_reminders.days > excluded.days",
        )
        .bind(user_id)
        .bind(exam)
        .bind(expires_on)
        .bind(days)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(claimed == 1)
    }

    /// Gives a claimed reminder back when its mail could not be sent (to the one claimed
    /// before it, or none), so that the next run tries again.
    pub async fn release_reminder(&self, user_id: i64, exam: &str, expires_on: &str, previous: Option<i64>) -> StoreResult<()> {
        match previous {
            Some(days) => query("UPDATE expiry_reminders SET days = $4 WHERE user_id = $1 AND exam = $2 AND expires_on = $3").bind(days),
            None => query("DELETE FROM expiry_reminders WHERE user_id = $1 AND exam = $2 AND expires_on = $3"),
        }
        .bind(user_id)
        .bind(exam)
        .bind(expires_on)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The people of a company who get its digest (Partner and Global admins): name, email,
    /// language.
    pub async fn digest_recipients(&self, company_id: i64) -> StoreResult<Vec<(String, String, String)>> {
        Ok(query_as(
            "SELECT DISTINCT u.full_name, u.email, u.locale FROM users u JOIN user_roles r ON r.user_id = u.id
             WHERE u.company_id = $1 AND u.deleted_at IS NULL AND r.role IN ('global_admin', 'partner_admin') ORDER BY u.email",
        )
        .bind(company_id)
        .fetch_all(&self.pool)
        .await?)
    }
}
