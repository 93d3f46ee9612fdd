//! Verification (E-9): the reviewers' queue, their decisions, and the company's answers
//! (appeals with one document). Decisions and appeals are checked by the domain rules inside
//! the write transaction, land on the company's timeline and in the audit log.

use super::audit::{audit, Actor};
use super::company::CompanyView;
use super::db::{query, query_as, query_scalar};
use super::enrollment::add_event;
use super::users::UserRecord;
use super::{status_of, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use partnerhub_domain::verification::{can_appeal, can_decide};
use partnerhub_domain::{Decision, DocumentKind, Role};
use serde::{Deserialize, Serialize};

/// A company waiting for a decision, with its answers so far.
#[derive(Debug, Clone)]
pub struct QueueItem {
    pub company: CompanyView,
    pub enroller_name: String,
    pub enroller_email: String,
    pub appeals: Vec<Appeal>,
}

/// A company's answer to a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Appeal {
    pub id: i64,
    pub note: String,
    pub document_name: String,
    pub document_type: String,
    pub at: DateTime<Utc>,
}

/// An appeal document: its stored name (a random token, never the uploader's), type, the
/// uploader's file name, and its bytes (in the database, so every process serves it; `None`
/// for a document an older version kept on disk, under `<data dir>/documents/<file>`).
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub file: String,
    pub kind: DocumentKind,
    pub name: String,
    pub bytes: Option<Vec<u8>>,
}

/// Who is told about a decision: the company's Global admins, in their language.
#[derive(Debug, Clone)]
pub struct Decided {
    pub legal_name: String,
    pub admins: Vec<(String, String, String)>,
}

impl Store {
    /// Companies in review, the longest waiting first.
    pub async fn review_queue(&self) -> StoreResult<Vec<QueueItem>> {
        let ids: Vec<i64> = query_scalar("SELECT id FROM companies WHERE status = 'pending' ORDER BY review_started_at, id").fetch_all(&self.pool).await?;
        let mut items = Vec::with_capacity(ids.len());
        for id in ids {
            let Some(company) = self.company_view(id).await? else { continue };
            let (enroller_name, enroller_email): (String, String) =
                query_as("SELECT user_name, user_email FROM agreement_acceptances WHERE company_id = $1 ORDER BY id LIMIT 1")
                    .bind(id)
                    .fetch_one(&self.pool)
                    .await?;
            let appeals = query_as("SELECT id, note, document_name, document_type, at FROM appeals WHERE company_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
            items.push(QueueItem { company, enroller_name, enroller_email, appeals });
        }
        Ok(items)
    }

    /// A reviewer decides on a company in review.
    pub async fn decide(&self, reviewer: &Actor, company_id: i64, decision: Decision, reason: Option<&str>, now: DateTime<Utc>) -> StoreResult<Decided> {
        let mut tx = self.begin_write().await?;
        let status = status_of(&mut tx, company_id).await?.ok_or_else(|| StoreError::form(partnerhub_domain::Problem::NotInReview))?;
        can_decide(status).map_err(StoreError::form)?;
        let outcome = decision.outcome();
        query("UPDATE companies SET status = $1, decision_reason = $2 WHERE id = $3")
            .bind(outcome.as_str())
            .bind(reason)
            .bind(company_id)
            .execute(&mut tx)
            .await?;
        let kind = format!("company_{}", outcome.as_str());
        add_event(&mut tx, company_id, &kind, reason, now).await?;
        let legal_name: String = query_scalar("SELECT legal_name FROM companies WHERE id = $1").bind(company_id).fetch_one(&mut tx).await?;
        audit(&mut tx, Some(company_id), reviewer, &kind, &legal_name, reason, now).await?;
        let admins = query_as(
            "SELECT u.email, u.full_name, u.locale FROM users u JOIN user_roles r ON r.user_id = u.id
             WHERE u.company_id = $1 AND u.deleted_at IS NULL AND r.role = $2 AND u.password_hash <> ''",
        )
        .bind(company_id)
        .bind(Role::GlobalAdmin.as_str())
        .fetch_all(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(Decided { legal_name, admins })
    }

    /// The company answers a rejection or challenge: a note and one stored document; it goes
    /// back into review.
    pub async fn appeal(&self, user: &UserRecord, note: &str, document: &StoredDocument, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let status = status_of(&mut tx, user.company_id).await?.ok_or_else(|| StoreError::Corrupt("user without company".into()))?;
        let used: i64 = query_scalar("SELECT COUNT(*) FROM appeals WHERE company_id = $1").bind(user.company_id).fetch_one(&mut tx).await?;
        can_appeal(status, used as u32).map_err(StoreError::form)?;
        query(
            "INSERT INTO appeals (company_id, user_id, note, document_file, document_type, document_name, at, document)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(user.company_id)
        .bind(user.id)
        .bind(note)
        .bind(&document.file)
        .bind(document.kind.media_type())
        .bind(&document.name)
        .bind(now)
        .bind(document.bytes.clone())
        .execute(&mut tx)
        .await?;
        query("UPDATE companies SET status = 'pending', review_started_at = $1, decision_reason = NULL WHERE id = $2")
            .bind(now)
            .bind(user.company_id)
            .execute(&mut tx)
            .await?;
        add_event(&mut tx, user.company_id, "company_appealed", Some(note), now).await?;
        let legal_name: String = query_scalar("SELECT legal_name FROM companies WHERE id = $1").bind(user.company_id).fetch_one(&mut tx).await?;
        audit(&mut tx, Some(user.company_id), &user.actor(), "company_appealed", &legal_name, Some(note), now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An appeal's document.
    pub async fn appeal_document(&self, appeal_id: i64) -> StoreResult<Option<StoredDocument>> {
        let row: Option<(String, String, String, Option<Vec<u8>>)> =
            query_as("SELECT document_file, document_type, document_name, document FROM appeals WHERE id = $1")
                .bind(appeal_id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(file, kind, name, bytes)| {
            let kind = DocumentKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("document type {kind}")))?;
            Ok(StoredDocument { file, kind, name, bytes })
        })
        .transpose()
    }
}
