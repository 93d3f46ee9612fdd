//! The partner profile (E-11, E-12): locations with their own partner IDs and contacts,
//! corrections of the legal details (a changed name or address goes back to review), and
//! acceptances of the partner agreement.

use super::audit::audit;
use super::db::{query, query_as, query_scalar, Tx};
use super::enrollment::{add_event, unused_partner_id, CONTACT_CONTEXT, CONTACT_LINK_VALID_DAYS};
use super::users::UserRecord;
use super::{Store, StoreError, StoreResult};
use crate::credentials::secret_hash;
use chrono::{DateTime, Duration, Utc};
use partnerhub_domain::company::{Address, LegalName};
use partnerhub_domain::profile::{status_after, Correction};
use partnerhub_domain::{Problem, Status};
use serde::{Deserialize, Serialize};

/// A location as the profile shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct LocationRecord {
    pub id: i64,
    pub partner_id: i64,
    pub head_office: bool,
    pub country: String,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub region: Option<String>,
    pub postal_code: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// The accepted agreement: which version, who accepted it, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct AgreementRecord {
    pub version: String,
    pub user_name: String,
    pub user_email: String,
    pub accepted_at: DateTime<Utc>,
}

/// Where a new location's contact is asked to confirm.
#[derive(Debug, Clone)]
pub struct NewLocation {
    pub partner_id: u32,
    pub company_name: String,
}

/// The head office: the first location, at the company's address, with the primary contact.
pub(super) async fn add_head_office(tx: &mut Tx, company_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let partner_id = unused_partner_id(tx).await?;
    query(
        "INSERT INTO locations (company_id, partner_id, head_office, country, line1, line2, city, region, postal_code, created_at)
         SELECT id, $1, TRUE, country, line1, line2, city, region, postal_code, $2 FROM companies WHERE id = $3",
    )
    .bind(partner_id as i64)
    .bind(now)
    .bind(company_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A location contact opened their link (the primary contact's link is checked first).
pub(super) async fn verify_location_contact(tx: &mut Tx, token_hash: &str, now: DateTime<Utc>) -> StoreResult<i64> {
    let found: Option<(i64, i64, DateTime<Utc>, Option<DateTime<Utc>>)> =
        query_as("SELECT id, company_id, sent_at, verified_at FROM locations WHERE token_hash = $1").bind(token_hash).fetch_optional(&mut *tx).await?;
    match found {
        Some((id, company_id, sent_at, None)) if now < sent_at + Duration::days(CONTACT_LINK_VALID_DAYS) => {
            query("UPDATE locations SET verified_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *tx).await?;
            Ok(company_id)
        }
        _ => Err(StoreError::form(Problem::LinkInvalid)),
    }
}

fn address_text(a: &Address) -> String {
    let mut parts = vec![a.line1.clone()];
    parts.extend(a.line2.clone());
    parts.push(format!("{} {}", a.postal_code, a.city));
    parts.extend(a.region.clone());
    parts.push(a.country.clone());
    parts.join(", ")
}

impl Store {
    /// Creates the head office of companies enrolled before locations existed.
    pub async fn ensure_head_offices(&self, now: DateTime<Utc>) -> StoreResult<usize> {
        let mut tx = self.begin_write().await?;
        let missing: Vec<i64> =
            query_scalar("SELECT id FROM companies c WHERE NOT EXISTS (SELECT 1 FROM locations l WHERE l.company_id = c.id AND l.head_office = TRUE)")
                .fetch_all(&mut tx)
                .await?;
        for id in &missing {
            add_head_office(&mut tx, *id, now).await?;
        }
        tx.commit().await?;
        Ok(missing.len())
    }

    /// The company's locations, head office first.
    pub async fn locations(&self, company_id: i64) -> StoreResult<Vec<LocationRecord>> {
        Ok(query_as(
            "SELECT l.id, l.partner_id, l.head_office, l.country, l.line1, l.line2, l.city, l.region, l.postal_code,
                    COALESCE(l.contact_name, p.name) AS contact_name, COALESCE(l.contact_email, p.email) AS contact_email,
                    CASE WHEN l.head_office = TRUE THEN p.verified_at ELSE l.verified_at END AS contact_verified_at,
                    l.created_at
             FROM locations l JOIN primary_contacts p ON p.company_id = l.company_id
             WHERE l.company_id = $1 ORDER BY l.head_office DESC, l.id",
        )
        .bind(company_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Adds a location with its own partner ID; its contact gets a link (`token`) to confirm.
    pub async fn add_location(
        &self,
        user: &UserRecord,
        address: &Address,
        contact_name: &str,
        contact_email: &str,
        token: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<NewLocation> {
        let mut tx = self.begin_write().await?;
        let partner_id = unused_partner_id(&mut tx).await?;
        query(
            "INSERT INTO locations (company_id, partner_id, country, line1, line2, city, region, postal_code,
                                    contact_name, contact_email, contact_locale, token_hash, sent_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(user.company_id)
        .bind(partner_id as i64)
        .bind(&address.country)
        .bind(&address.line1)
        .bind(&address.line2)
        .bind(&address.city)
        .bind(&address.region)
        .bind(&address.postal_code)
        .bind(contact_name)
        .bind(contact_email)
        .bind(&user.locale)
        .bind(secret_hash(CONTACT_CONTEXT, token))
        .bind(now)
        .bind(now)
        .execute(&mut tx)
        .await?;
        let company_name: String = query_scalar("SELECT legal_name FROM companies WHERE id = $1").bind(user.company_id).fetch_one(&mut tx).await?;
        add_event(&mut tx, user.company_id, "location_added", Some(&address_text(address)), now).await?;
        let reason = format!("partner ID {partner_id}; contact {contact_name} <{contact_email}>");
        audit(&mut tx, Some(user.company_id), &user.actor(), "location_added", &address_text(address), Some(&reason), now).await?;
        tx.commit().await?;
        Ok(NewLocation { partner_id, company_name })
    }

    /// Corrects the legal name and address. A change sends the company back to review (E-12);
    /// a name or address that another company has is refused as a duplicate.
    pub async fn correct_legal_details(&self, user: &UserRecord, name: &LegalName, address: &Address, now: DateTime<Utc>) -> StoreResult<Status> {
        let mut tx = self.begin_write().await?;
        let taken: Option<i64> = query_scalar("SELECT id FROM companies WHERE name_key = $1 AND country = $2 AND id <> $3")
            .bind(name.key())
            .bind(&address.country)
            .bind(user.company_id)
            .fetch_optional(&mut tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::field("legal_name", Problem::CompanyDuplicate));
        }
        let (old_name, country, line1, line2, city, region, postal_code): (String, String, String, Option<String>, String, Option<String>, String) =
            query_as("SELECT legal_name, country, line1, line2, city, region, postal_code FROM companies WHERE id = $1")
                .bind(user.company_id)
                .fetch_one(&mut tx)
                .await?;
        let old_address = Address { country, line1, line2, city, region, postal_code };
        let correction = Correction::between(&old_name, &old_address, name, address);
        let status = super::status_of_existing(&mut tx, user.company_id).await?;
        let after = status_after(status, correction);
        if !correction.changes_anything() {
            return Ok(status);
        }
        query(
            "UPDATE companies SET legal_name = $1, name_key = $2, country = $3, line1 = $4, line2 = $5, city = $6, region = $7, postal_code = $8,
                    status = $9, decision_reason = CASE WHEN $10 THEN NULL ELSE decision_reason END,
                    review_started_at = CASE WHEN $11 THEN $12 ELSE review_started_at END
             WHERE id = $13",
        )
        .bind(name.as_str())
        .bind(name.key())
        .bind(&address.country)
        .bind(&address.line1)
        .bind(&address.line2)
        .bind(&address.city)
        .bind(&address.region)
        .bind(&address.postal_code)
        .bind(after.as_str())
        .bind(after == Status::Pending)
        .bind(after == Status::Pending)
        .bind(now)
        .bind(user.company_id)
        .execute(&mut tx)
        .await?;
        query(
            "UPDATE locations SET country = $1, line1 = $2, line2 = $3, city = $4, region = $5, postal_code = $6 WHERE company_id = $7 AND head_office = TRUE",
        )
        .bind(&address.country)
        .bind(&address.line1)
        .bind(&address.line2)
        .bind(&address.city)
        .bind(&address.region)
        .bind(&address.postal_code)
        .bind(user.company_id)
        .execute(&mut tx)
        .await?;
        let mut changes = Vec::new();
        if correction.name {
            changes.push(format!("{old_name} → {}", name.as_str()));
        }
        if correction.address {
            changes.push(format!("{} → {}", address_text(&old_address), address_text(address)));
        }
        let detail = changes.join("; ");
        let event = if after == Status::Pending { "details_corrected" } else { "details_corrected_kept" };
        add_event(&mut tx, user.company_id, event, Some(&detail), now).await?;
        audit(&mut tx, Some(user.company_id), &user.actor(), "details_corrected", name.as_str(), Some(&detail), now).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Every acceptance of the partner agreement by the company, newest first.
    pub async fn agreement_records(&self, company_id: i64) -> StoreResult<Vec<AgreementRecord>> {
        Ok(query_as("SELECT version, user_name, user_email, accepted_at FROM agreement_acceptances WHERE company_id = $1 ORDER BY id DESC")
            .bind(company_id)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Keeps a version's text as published; once kept, it never changes. When a different text
    /// was published under `version` in `language` before, nothing is written and the day it
    /// was published is returned.
    pub async fn publish_agreement(&self, version: &str, language: &str, body: &str, now: DateTime<Utc>) -> StoreResult<Option<DateTime<Utc>>> {
        let mut tx = self.begin_write().await?;
        query("INSERT INTO agreement_texts (version, language, body, published_at) VALUES ($1, $2, $3, $4) ON CONFLICT (version, language) DO NOTHING")
            .bind(version)
            .bind(language)
            .bind(body)
            .bind(now)
            .execute(&mut tx)
            .await?;
        let (kept, published_at): (String, DateTime<Utc>) = query_as("SELECT body, published_at FROM agreement_texts WHERE version = $1 AND language = $2")
            .bind(version)
            .bind(language)
            .fetch_one(&mut tx)
            .await?;
        tx.commit().await?;
        Ok((kept != body).then_some(published_at))
    }

    /// A published version's text in `language`, as it was published.
    pub async fn agreement_body(&self, version: &str, language: &str) -> StoreResult<Option<String>> {
        Ok(query_scalar("SELECT body FROM agreement_texts WHERE version = $1 AND language = $2")
            .bind(version)
            .bind(language)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// A Global admin accepts the current agreement version, once: a company whose latest
    /// acceptance is of this version already is refused (`AgreementAlreadyAccepted`).
    pub async fn accept_agreement(&self, user: &UserRecord, version: &str, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let latest = latest_acceptance(&mut tx, user.company_id).await?;
        partnerhub_domain::profile::check_new_acceptance(latest.as_ref().map(|(version, _)| version.as_str())).map_err(StoreError::form)?;
        query("INSERT INTO agreement_acceptances (company_id, user_id, user_name, user_email, version, accepted_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(user.company_id)
            .bind(user.id)
            .bind(&user.full_name)
            .bind(&user.email)
            .bind(version)
            .bind(now)
            .execute(&mut tx)
            .await?;
        add_event(&mut tx, user.company_id, "agreement_accepted", Some(version), now).await?;
        let name: String = query_scalar("SELECT legal_name FROM companies WHERE id = $1").bind(user.company_id).fetch_one(&mut tx).await?;
        audit(&mut tx, Some(user.company_id), &user.actor(), "agreement_accepted", &name, Some(version), now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The company's latest acceptance of the partner agreement: its version and when.
pub(super) async fn latest_acceptance<'a>(on: impl Into<super::db::On<'a>>, company_id: i64) -> Result<Option<(String, DateTime<Utc>)>, sqlx::Error> {
    query_as("SELECT version, accepted_at FROM agreement_acceptances WHERE company_id = $1 ORDER BY id DESC LIMIT 1").bind(company_id).fetch_optional(on).await
}
