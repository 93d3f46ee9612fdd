//! Links of certification profiles to companies (L-1 … L-7). The rules L-4 and L-5 are the
//! domain's, evaluated inside the write transaction that inserts the link (serialized: see `db`),
//! with a unique index allowing one active link per profile as the backstop. Refusals are
//! ordinary answers.

use super::audit::audit;
use super::db::{query, query_as, query_scalar, Tx};
use super::users::UserRecord;
use super::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use partnerhub_domain::linking::may_link;
use partnerhub_domain::roles::unlocked;
use partnerhub_domain::Problem;
use serde::{Deserialize, Serialize};

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

async fn starts_of(tx: &mut Tx, mcid: &str) -> StoreResult<Vec<DateTime<Utc>>> {
    Ok(query_scalar("SELECT started_at FROM links WHERE mcid = $1").bind(mcid).fetch_all(&mut *tx).await?)
}

impl Store {
    /// Links `mcid` to the user's company. Refused when the company is not authorized (E-10),
    /// when the user has it linked here already, or by L-5; a link elsewhere ends ("moved").
    pub async fn link_profile(&self, user: &UserRecord, mcid: &str, now: DateTime<Utc>) -> StoreResult<Linked> {
        // The rules read and write this profile's links only (and the company's status, which
        // changes in transactions that run alone).
        let mut tx = self.pool.begin_write_on(&format!("profile:{mcid}")).await?;
        unlocked(super::status_of_existing(&mut tx, user.company_id).await?).map_err(StoreError::form)?;
        let active: Option<(i64, i64, i64, String)> = query_as(
            "SELECT l.id, l.company_id, l.user_id, c.legal_name FROM links l JOIN companies c ON c.id = l.company_id
             WHERE l.mcid = $1 AND l.ended_at IS NULL",
        )
        .bind(mcid)
        .fetch_optional(&mut tx)
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
                query("UPDATE links SET ended_at = $1, end_reason = 'moved' WHERE id = $2").bind(now).bind(id).execute(&mut tx).await?;
                audit(&mut tx, Some(company_id), &user.actor(), "link_moved", mcid, Some("moved to another company"), now).await?;
                Some(name)
            }
            None => None,
        };
        query("INSERT INTO links (mcid, user_id, company_id, started_at) VALUES ($1, $2, $3, $4)")
            .bind(mcid)
            .bind(user.id)
            .bind(user.company_id)
            .bind(now)
            .execute(&mut tx)
            .await?;
        query("INSERT INTO user_profiles (user_id, mcid) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET mcid = excluded.mcid")
            .bind(user.id)
            .bind(mcid)
            .execute(&mut tx)
            .await?;
        audit(&mut tx, Some(user.company_id), &user.actor(), "profile_linked", mcid, None, now).await?;
        tx.commit().await?;
        Ok(Linked { moved_from })
    }

    /// "Can I link now?": the same rule as `link_profile`, without linking.
    pub async fn may_link_now(&self, user: &UserRecord, mcid: &str, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        unlocked(super::status_of_existing(&mut tx, user.company_id).await?).map_err(StoreError::form)?;
        let here: Option<i64> = query_scalar("SELECT id FROM links WHERE mcid = $1 AND ended_at IS NULL AND user_id = $2 AND company_id = $3")
            .bind(mcid)
            .bind(user.id)
            .bind(user.company_id)
            .fetch_optional(&mut tx)
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
            query_as("SELECT id, mcid FROM links WHERE user_id = $1 AND ended_at IS NULL").bind(user.id).fetch_optional(&mut tx).await?;
        let Some((id, mcid)) = active else { return Err(StoreError::form(Problem::NotLinked)) };
        query("UPDATE links SET ended_at = $1, end_reason = 'unlinked' WHERE id = $2").bind(now).bind(id).execute(&mut tx).await?;
        audit(&mut tx, Some(user.company_id), &user.actor(), "profile_unlinked", &mcid, None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The profile the user associated last, if any.
    pub async fn user_profile(&self, user_id: i64) -> StoreResult<Option<String>> {
        Ok(query_scalar("SELECT mcid FROM user_profiles WHERE user_id = $1").bind(user_id).fetch_optional(&self.pool).await?)
    }

    /// Every link of a profile, newest first.
    pub async fn link_history(&self, mcid: &str) -> StoreResult<Vec<LinkRecord>> {
        Ok(query_as(
            "SELECT c.legal_name AS company_name, l.user_id, l.company_id, l.started_at, l.ended_at, l.end_reason
             FROM links l JOIN companies c ON c.id = l.company_id WHERE l.mcid = $1 ORDER BY l.started_at DESC, l.id DESC",
        )
        .bind(mcid)
        .fetch_all(&self.pool)
        .await?)
    }

    /// How many links of the profile are active (the concurrency backstop's promise: 0 or 1).
    pub async fn active_links(&self, mcid: &str) -> StoreResult<i64> {
        Ok(query_scalar("SELECT COUNT(*) FROM links WHERE mcid = $1 AND ended_at IS NULL").bind(mcid).fetch_one(&self.pool).await?)
    }

    /// Partner University access (L-2): the account, and the profile it shares credentials with.
    pub async fn link_university(&self, user: &UserRecord, email: &str, shared_mcid: Option<&str>, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let taken: Option<i64> =
            query_scalar("SELECT user_id FROM university_links WHERE email = $1 AND user_id <> $2").bind(email).bind(user.id).fetch_optional(&mut tx).await?;
        if taken.is_some() {
            return Err(StoreError::form(Problem::UniversityTaken));
        }
        query(
            "INSERT INTO university_links (user_id, email, shared_mcid, linked_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, shared_mcid = excluded.shared_mcid, linked_at = excluded.linked_at",
        )
        .bind(user.id)
        .bind(email)
        .bind(shared_mcid)
        .bind(now)
        .execute(&mut tx)
        .await?;
        audit(&mut tx, Some(user.company_id), &user.actor(), "university_linked", email, None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn remove_university(&self, user: &UserRecord, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let email: Option<String> =
            query_scalar("DELETE FROM university_links WHERE user_id = $1 RETURNING email").bind(user.id).fetch_optional(&mut tx).await?;
        let Some(email) = email else { return Err(StoreError::form(Problem::NotLinked)) };
        audit(&mut tx, Some(user.company_id), &user.actor(), "university_removed", &email, None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user's Partner University access: the account's address and the shared profile.
    pub async fn university_link(&self, user_id: i64) -> StoreResult<Option<(String, Option<String>)>> {
        Ok(query_as("SELECT email, shared_mcid FROM university_links WHERE user_id = $1").bind(user_id).fetch_optional(&self.pool).await?)
    }
}
