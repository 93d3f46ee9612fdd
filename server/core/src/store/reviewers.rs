//! Platform reviewers (the programme's staff): created from the command line, not company
//! users, signing in on the same page.

use super::audit::{audit, Actor};
use super::db::{query_as, query_scalar};
use super::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use partnerhub_domain::Problem;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReviewerRecord {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub password_hash: String,
}

impl ReviewerRecord {
    pub fn actor(&self) -> Actor {
        Actor::reviewer(self.id, &self.full_name, &self.email)
    }
}

impl Store {
    /// Adds a reviewer; an address that already signs in (user or reviewer) is refused.
    pub async fn create_reviewer(&self, email: &str, full_name: &str, password_hash: &str, now: DateTime<Utc>) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let taken: Option<bool> =
            query_scalar("SELECT TRUE FROM users WHERE email = $1 AND deleted_at IS NULL UNION SELECT TRUE FROM reviewers WHERE email = $2")
                .bind(email)
                .bind(email)
                .fetch_optional(&mut tx)
                .await?;
        if taken.is_some() {
            return Err(StoreError::field("email", Problem::EmailHasAccount));
        }
        let id = query_scalar("INSERT INTO reviewers (email, full_name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(email)
            .bind(full_name)
            .bind(password_hash)
            .bind(now)
            .fetch_one(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Gives a reviewer a new password (from the command line); their sessions end, as the
    /// session remembers the old hash. `None` when no reviewer has this address.
    pub async fn set_reviewer_password(&self, email: &str, password_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<ReviewerRecord>> {
        let mut tx = self.begin_write().await?;
        let found: Option<ReviewerRecord> = query_as("UPDATE reviewers SET password_hash = $1 WHERE email = $2 RETURNING id, email, full_name, password_hash")
            .bind(password_hash)
            .bind(email)
            .fetch_optional(&mut tx)
            .await?;
        if let Some(reviewer) = &found {
            let subject = format!("{} <{}>", reviewer.full_name, reviewer.email);
            audit(&mut tx, None, &reviewer.actor(), "reviewer_password_set", &subject, None, now).await?;
        }
        tx.commit().await?;
        Ok(found)
    }

    pub async fn reviewer_by_email(&self, email: &str) -> StoreResult<Option<ReviewerRecord>> {
        Ok(query_as("SELECT id, email, full_name, password_hash FROM reviewers WHERE email = $1").bind(email).fetch_optional(&self.pool).await?)
    }

    pub async fn reviewer_by_id(&self, id: i64) -> StoreResult<Option<ReviewerRecord>> {
        Ok(query_as("SELECT id, email, full_name, password_hash FROM reviewers WHERE id = $1").bind(id).fetch_optional(&self.pool).await?)
    }
}
