//! Links of certification profiles to companies (L-1 … L-7). The rules L-4 and L-5 are the
//! domain's, evaluated inside the write transaction that inserts the link (`BEGIN IMMEDIATE`),
//! with a unique index allowing one active link per profile as the backstop. Refusals are
//! ordinary answers.

use super::audit::audit;
use super::users::UserRecord;
use super::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use partnerhub_domain::linking::may_link;
use partnerhub_domain::roles::unlocked;
use partnerhub_domain::Problem;
use serde::{Deserialize, Serialize};
use sqlx::{Sqlite, Transaction};

/// One link in a profile's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct LinkRecord {
    pub company_name: String,
    pub user_id: i64,
    pub company_id: i64,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: Option<String>,
}

/// What a link did besides linking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// The company the profile moved away from (L-4).
    pub moved_from: Option<String>,
}

async fn starts_of(tx: &mut Transaction<'_, Sqlite>, mcid: &str) -> StoreResult<Vec<DateTime<Utc>>> {
    Ok(sqlx::query_scalar("SELECT started_at FROM links WHERE mcid = ?").bind(mcid).fetch_all(&mut **tx).await?)
}

impl Store {
    /// Links `mcid` to the user's company. Refused when the company is not authorized (E-10),
    /// when the user has it linked here already, or by L-5; a link elsewhere ends ("moved").
    pub async fn link_profile(&self, user: &UserRecord, mcid: &str, now: DateTime<Utc>) -> StoreResult<Linked> {
        let mut tx = self.begin_write().await?;
        unlocked(super::status_of_existing(&mut tx, user.company_id).await?).map_err(StoreError::form)?;
        let active: Option<(i64, i64, i64, String)> = sqlx::query_as(
            "SELECT l.id, l.company_id, l.user_id, c.legal_name FROM links l JOIN companies c ON c.id = l.company_id
             WHERE l.mcid = ? AND l.ended_at IS NULL",
        )
        .bind(mcid)
        .fetch_optional(&mut *tx)
        .await?;
        // L-5 first: a repeated request inside the cooldown gets the cooldown answer.
        may_link(&starts_of(&mut tx, mcid).await?, now).map_err(StoreError::form)?;
        if let Some((_, company_id, user_id, _)) = &active {
            if *company_id == user.company_id && *user_id == user.id {
                return Err(StoreError::form(Problem::AlreadyLinked));
            }
        }
        let moved_from = match active {
            Some((id, company_id, _, name)) => {
                sqlx::query("UPDATE links SET ended_at = ?, end_reason = 'moved' WHERE id = ?").bind(now).bind(id).execute(&mut *tx).await?;
                audit(&mut tx, Some(company_id), &user.actor(), "link_moved", mcid, Some("moved to another company"), now).await?;
                Some(name)
            }
            None => None,
        };
        sqlx::query("INSERT INTO links (mcid, user_id, company_id, started_at) VALUES (?, ?, ?, ?)")
            .bind(mcid)
            .bind(user.id)
            .bind(user.company_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT OR REPLACE INTO user_profiles (user_id, mcid) VALUES (?, ?)").bind(user.id).bind(mcid).execute(&mut *tx).await?;
        audit(&mut tx, Some(user.company_id), &user.actor(), "profile_linked", mcid, None, now).await?;
        tx.commit().await?;
        Ok(Linked { moved_from })
    }

    /// "Can I link now?": the same rule as `link_profile`, without linking.
    pub async fn may_link_now(&self, user: &UserRecord, mcid: &str, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        unlocked(super::status_of_existing(&mut tx, user.company_id).await?).map_err(StoreError::form)?;
        let here: Option<i64> = sqlx::query_scalar("SELECT id FROM links WHERE mcid = ? AND ended_at IS NULL AND user_id = ? AND company_id = ?")
            .bind(mcid)
            .bind(user.id)
            .bind(user.company_id)
            .fetch_optional(&mut *tx)
            .await?;
        may_link(&starts_of(&mut tx, mcid).await?, now).map_err(StoreError::form)?;
        if here.is_some() {
            return Err(StoreError::form(Problem::AlreadyLinked));
        }
        Ok(())
    }

    /// "Remove access" (L-6): ends the user's own active link.
    pub async fn unlink(&self, user: &UserRecord, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let active: Option<(i64, String)> =
            sqlx::query_as("SELECT id, mcid FROM links WHERE user_id = ? AND ended_at IS NULL").bind(user.id).fetch_optional(&mut *tx).await?;
        let Some((id, mcid)) = active else { return Err(StoreError::form(Problem::NotLinked)) };
        sqlx::query("UPDATE links SET ended_at = ?, end_reason = 'unlinked' WHERE id = ?").bind(now).bind(id).execute(&mut *tx).await?;
        audit(&mut tx, Some(user.company_id), &user.actor(), "profile_unlinked", &mcid, None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The profile the user associated last, if any.
    pub async fn user_profile(&self, user_id: i64) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT mcid FROM user_profiles WHERE user_id = ?").bind(user_id).fetch_optional(&self.pool).await?)
    }

    /// Every link of a profile, newest first.
    pub async fn link_history(&self, mcid: &str) -> StoreResult<Vec<LinkRecord>> {
        Ok(sqlx::query_as(
            "SELECT c.legal_name AS company_name, l.user_id, l.company_id, l.started_at, l.ended_at, l.end_reason
             FROM links l JOIN companies c ON c.id = l.company_id WHERE l.mcid = ? ORDER BY l.started_at DESC, l.id DESC",
        )
        .bind(mcid)
        .fetch_all(&self.pool)
        .await?)
    }

    /// How many links of the profile are active (the concurrency backstop's promise: 0 or 1).
    pub async fn active_links(&self, mcid: &str) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM links WHERE mcid = ? AND ended_at IS NULL").bind(mcid).fetch_one(&self.pool).await?)
    }

    /// Partner University access (L-2): the account, and the profile it shares credentials with.
    pub async fn link_university(&self, user: &UserRecord, email: &str, shared_mcid: Option<&str>, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT user_id FROM university_links WHERE email = ? AND user_id <> ?")
            .bind(email)
            .bind(user.id)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::form(Problem::UniversityTaken));
        }
        sqlx::query("INSERT OR REPLACE INTO university_links (user_id, email, shared_mcid, linked_at) VALUES (?, ?, ?, ?)")
            .bind(user.id)
            .bind(email)
            .bind(shared_mcid)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, Some(user.company_id), &user.actor(), "university_linked", email, None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn remove_university(&self, user: &UserRecord, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let email: Option<String> =
            sqlx::query_scalar("DELETE FROM university_links WHERE user_id = ? RETURNING email").bind(user.id).fetch_optional(&mut *tx).await?;
        let Some(email) = email else { return Err(StoreError::form(Problem::NotLinked)) };
        audit(&mut tx, Some(user.company_id), &user.actor(), "university_removed", &email, None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user's Partner University access: the account's address and the shared profile.
    pub async fn university_link(&self, user_id: i64) -> StoreResult<Option<(String, Option<String>)>> {
        Ok(sqlx::query_as("SELECT email, shared_mcid FROM university_links WHERE user_id = ?").bind(user_id).fetch_optional(&self.pool).await?)
    }
}
