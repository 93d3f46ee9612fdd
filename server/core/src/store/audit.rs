//! The append-only audit log (L-10): who did what to whom, when and why. Written inside the
//! transaction of the change it records; triggers refuse edits and deletions. Read a page at a
//! time or streamed whole for a download, narrowed by an [`AuditFilter`], for one company or
//! (reviewers) every entry.

use super::db::{query, query_as, Tx};
use super::{Store, StoreResult};
use chrono::{DateTime, Utc};
use futures_util::Stream;
use partnerhub_domain::audit::AuditFilter;
use serde::{Deserialize, Serialize};

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
    tx: &mut Tx,
    company_id: Option<i64>,
    actor: &Actor,
    action: &str,
    subject: &str,
    reason: Option<&str>,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    query(
        "INSERT INTO audit_log (company_id, actor_kind, actor_id, actor_name, action, subject, reason, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(company_id)
    .bind(actor.kind)
    .bind(actor.id)
    .bind(&actor.name)
    .bind(action)
    .bind(subject)
    .bind(reason)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

const COLUMNS: &str = "id, company_id, actor_kind, actor_name, action, subject, reason, at";

/// Whose entries: one company's (its Global admins), or every entry (the programme's
/// reviewers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditScope {
    Company(i64),
    Everything,
}

/// Entries of a scope that match a filter, newest first, older than an entry number.
const FILTERED: &str = "
    SELECT id, company_id, actor_kind, actor_name, action, subject, reason, at FROM audit_log
    WHERE ($1 IS NULL OR company_id = $1)
      AND ($2 IS NULL OR at >= $2) AND ($3 IS NULL OR at < $3)
      AND ($4 IS NULL OR action = $4)
      AND ($5 IS NULL OR instr(lower(actor_name), lower($5)) > 0 OR instr(lower(subject), lower($5)) > 0)
      AND ($6 IS NULL OR id < $6)
    ORDER BY id DESC LIMIT $7";

fn filtered(scope: AuditScope, filter: &AuditFilter, before: Option<i64>, limit: i64) -> super::db::QueryAs<'static, AuditEntry> {
    let company = match scope {
        AuditScope::Company(id) => Some(id),
        AuditScope::Everything => None,
    };
    let (from, until) = filter.bounds();
    query_as(FILTERED).bind(company).bind(from).bind(until).bind(&filter.action).bind(&filter.person).bind(before).bind(limit)
}

impl Store {
    /// A company's audit records, newest first.
    pub async fn company_audit(&self, company_id: i64, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        Ok(query_as(&format!("SELECT {COLUMNS} FROM audit_log WHERE company_id = $1 ORDER BY id DESC LIMIT $2"))
            .bind(company_id)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?)
    }

    /// A page of entries: at most `limit`, newest first, older than entry `before` if given.
    pub async fn audit_page(&self, scope: AuditScope, filter: &AuditFilter, before: Option<i64>, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        Ok(filtered(scope, filter, before, limit).fetch_all(&self.pool).await?)
    }

    /// Every matching entry, newest first, as a [download stream](Store::download_stream).
    pub async fn audit_stream(
        &self,
        scope: AuditScope,
        filter: AuditFilter,
    ) -> StoreResult<impl Stream<Item = Result<Vec<AuditEntry>, sqlx::Error>> + Send + 'static> {
        self.download_stream(filtered(scope, &filter, None, i64::MAX), None).await
    }

    /// Review decisions and appeals across companies, newest first (what reviewers see).
    pub async fn review_audit(&self, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        Ok(query_as(&format!(
            "SELECT {COLUMNS} FROM audit_log
             WHERE action IN ('company_authorized', 'company_rejected', 'company_challenged', 'company_appealed')
             ORDER BY id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}
