//! The append-only audit log (L-10): who did what to whom, when and why. Written inside the
//! transaction of the change it records; triggers refuse edits and deletions.

use super::{Store, StoreResult};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Sqlite, Transaction};

/// Who acts: a company user, a platform reviewer, Partnerhub itself, or someone not signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub kind: &'static str,
    pub id: Option<i64>,
    pub name: String,
}

impl Actor {
    pub fn user(id: i64, name: &str, email: &str) -> Self {
        Self { kind: "user", id: Some(id), name: format!("{name} <{email}>") }
    }

    pub fn reviewer(id: i64, name: &str, email: &str) -> Self {
        Self { kind: "reviewer", id: Some(id), name: format!("{name} <{email}>") }
    }

    pub fn anonymous(client: &str) -> Self {
        Self { kind: "anonymous", id: None, name: client.to_owned() }
    }
}

/// One audit record as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub company_id: Option<i64>,
    pub actor_kind: String,
    pub actor_name: String,
    pub action: String,
    pub subject: String,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

pub(super) async fn audit(
    tx: &mut Transaction<'_, Sqlite>,
    company_id: Option<i64>,
    actor: &Actor,
    action: &str,
    subject: &str,
    reason: Option<&str>,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (company_id, actor_kind, actor_id, actor_name, action, subject, reason, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(company_id)
    .bind(actor.kind)
    .bind(actor.id)
    .bind(&actor.name)
    .bind(action)
    .bind(subject)
    .bind(reason)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const COLUMNS: &str = "id, company_id, actor_kind, actor_name, action, subject, reason, at";

impl Store {
    /// A company's audit records, newest first.
    pub async fn company_audit(&self, company_id: i64, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM audit_log WHERE company_id = ? ORDER BY id DESC LIMIT ?"))
            .bind(company_id)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Review decisions and appeals across companies, newest first (what reviewers see).
    pub async fn review_audit(&self, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM audit_log
             WHERE action IN ('company_authorized', 'company_rejected', 'company_challenged', 'company_appealed')
             ORDER BY id DESC LIMIT ?"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}
