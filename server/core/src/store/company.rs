//! A company as its own users (and reviewers) see it: status, partner ID, primary contact,
//! the standing decision and the timeline.

use super::db::{query_as, query_scalar};
use super::{Store, StoreResult};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use partnerhub_domain::Status as CompanyStatus;

/// One entry of the company's timeline: what happened, the reason or note given, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct CompanyEvent {
    pub kind: String,
    pub detail: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct CompanyView {
    pub id: i64,
    pub partner_id: u32,
    pub legal_name: String,
    pub country: String,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub region: Option<String>,
    pub postal_code: String,
    pub duns: Option<String>,
    pub status: CompanyStatus,
    pub review_started_at: Option<DateTime<Utc>>,
    pub contact_name: String,
    pub contact_email: String,
    pub agreement_version: Option<String>,
    pub agreement_accepted_at: Option<DateTime<Utc>>,
    pub contact_verified_at: Option<DateTime<Utc>>,
    /// The last mail with the contact's link could not be sent.
    pub contact_send_failed: bool,
    /// The reason of the latest rejection or challenge, while it stands.
    pub decision_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    /// How many times the company answered a decision (E-9).
    pub appeals: u32,
    /// Oldest first.
    pub events: Vec<CompanyEvent>,
}

impl CompanyView {
    /// The postal address as lines (street, extra line, postal code and city, region).
    pub fn address_lines(&self) -> Vec<String> {
        let mut lines = vec![self.line1.clone()];
        lines.extend(self.line2.clone());
        lines.push(format!("{} {}", self.postal_code, self.city));
        lines.extend(self.region.clone());
        lines
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    partner_id: i64,
    legal_name: String,
    country: String,
    line1: String,
    line2: Option<String>,
    city: String,
    region: Option<String>,
    postal_code: String,
    duns: Option<String>,
    status: String,
    review_started_at: Option<DateTime<Utc>>,
    contact_name: String,
    contact_email: String,
    contact_verified_at: Option<DateTime<Utc>>,
    contact_send_failed: bool,
    decision_reason: Option<String>,
    created_at: DateTime<Utc>,
}

impl Store {
    pub async fn company_view(&self, company_id: i64) -> StoreResult<Option<CompanyView>> {
        let row: Option<Row> = query_as(
            "SELECT c.id, c.partner_id, c.legal_name, c.country, c.line1, c.line2, c.city, c.region,
                    c.postal_code, c.duns, c.status, c.review_started_at, c.decision_reason, c.created_at,
                    p.name AS contact_name, p.email AS contact_email, p.verified_at AS contact_verified_at,
                    p.send_failed AS contact_send_failed
             FROM companies c JOIN primary_contacts p ON p.company_id = c.id
             WHERE c.id = $1",
        )
        .bind(company_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let events: Vec<CompanyEvent> =
            query_as("SELECT kind, detail, at FROM company_events WHERE company_id = $1 ORDER BY at, id").bind(company_id).fetch_all(&self.pool).await?;
        let agreement = super::profile::latest_acceptance(&self.pool, company_id).await?;
        let appeals: i64 = query_scalar("SELECT COUNT(*) FROM appeals WHERE company_id = $1").bind(company_id).fetch_one(&self.pool).await?;
        let status = CompanyStatus::parse(&row.status).ok_or_else(|| super::StoreError::Corrupt(format!("company status {}", row.status)))?;
        Ok(Some(CompanyView {
            id: row.id,
            partner_id: row.partner_id as u32,
            legal_name: row.legal_name,
            country: row.country,
            line1: row.line1,
            line2: row.line2,
            city: row.city,
            region: row.region,
            postal_code: row.postal_code,
            duns: row.duns,
            status,
            review_started_at: row.review_started_at,
            contact_name: row.contact_name,
            contact_email: row.contact_email,
            agreement_version: agreement.as_ref().map(|a| a.0.clone()),
            agreement_accepted_at: agreement.map(|a| a.1),
            contact_verified_at: row.contact_verified_at,
            contact_send_failed: row.contact_send_failed,
            decision_reason: row.decision_reason,
            created_at: row.created_at,
            appeals: appeals as u32,
            events,
        }))
    }
}
