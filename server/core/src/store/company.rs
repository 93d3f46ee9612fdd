//! A company as its own users see it: status, partner ID, primary contact and timeline.

use super::{Store, StoreResult};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The verification status of E-9, plus the state before the contact verifies (E-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompanyStatus {
    AwaitingContact,
    Pending,
    Authorized,
    Rejected,
    Challenged,
}

impl CompanyStatus {
    pub fn from_db(value: &str) -> Option<Self> {
        Some(match value {
            "awaiting_contact" => Self::AwaitingContact,
            "pending" => Self::Pending,
            "authorized" => Self::Authorized,
            "rejected" => Self::Rejected,
            "challenged" => Self::Challenged,
            _ => return None,
        })
    }
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
    /// (kind, when), oldest first.
    pub events: Vec<(String, DateTime<Utc>)>,
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
}

impl Store {
    pub async fn company_view(&self, company_id: i64) -> StoreResult<Option<CompanyView>> {
        let row: Option<Row> = sqlx::query_as(
            "SELECT c.id, c.partner_id, c.legal_name, c.country, c.line1, c.line2, c.city, c.region,
                    c.postal_code, c.duns, c.status, c.review_started_at,
                    p.name AS contact_name, p.email AS contact_email
             FROM companies c JOIN primary_contacts p ON p.company_id = c.id
             WHERE c.id = ?",
        )
        .bind(company_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let events: Vec<(String, DateTime<Utc>)> =
            sqlx::query_as("SELECT kind, at FROM company_events WHERE company_id = ? ORDER BY at, id")
                .bind(company_id)
                .fetch_all(&self.pool)
                .await?;
        let agreement: Option<(String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT version, accepted_at FROM agreement_acceptances WHERE company_id = ? ORDER BY id DESC LIMIT 1",
        )
        .bind(company_id)
        .fetch_optional(&self.pool)
        .await?;
        let status = CompanyStatus::from_db(&row.status)
            .ok_or_else(|| super::StoreError::Corrupt(format!("company status {}", row.status)))?;
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
            events,
        }))
    }
}
