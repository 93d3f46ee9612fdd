//! Enrollments in progress (seed 004): the emailed code, each step's details, and the final
//! step that creates the company, its first Global admin and the primary contact's link.

use super::audit::audit;
use super::db::{query, query_as, query_scalar, Exec, On, Tx};
use super::{Store, StoreError, StoreResult};
use crate::credentials::{new_partner_id, secret_hash};
use crate::store::users::UserRecord;
use chrono::{DateTime, Duration, Utc};
use partnerhub_domain::profile::contact_link_resendable;
use partnerhub_domain::{CodeCheck, CodePolicy, CodeState, CompanyDetails, ContactDetails, PersonName, Problem, Progress, Step, VerificationCode, WorkEmail};

/// An enrollment as the wizard sees it.
#[derive(Debug, Clone)]
pub struct Enrollment {
    pub id: String,
    pub email: String,
    pub locale: String,
    pub progress: Progress,
    pub full_name: Option<String>,
    pub company: Option<CompanyDetails>,
    pub contact: Option<ContactDetails>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    email: String,
    locale: String,
    email_verified_at: Option<DateTime<Utc>>,
    full_name: Option<String>,
    password_hash: Option<String>,
    company_json: Option<String>,
    contact_json: Option<String>,
    completed_at: Option<DateTime<Utc>>,
}

impl Row {
    fn into_enrollment(self) -> StoreResult<(Enrollment, Option<String>)> {
        let company: Option<CompanyDetails> = self.company_json.as_deref().map(serde_json::from_str).transpose()?;
        let contact: Option<ContactDetails> = self.contact_json.as_deref().map(serde_json::from_str).transpose()?;
        let progress = Progress {
            started: true,
            email_verified: self.email_verified_at.is_some(),
            account: self.password_hash.is_some(),
            company: company.is_some(),
            contact: contact.is_some(),
            completed: self.completed_at.is_some(),
        };
        Ok((Enrollment { id: self.id, email: self.email, locale: self.locale, progress, full_name: self.full_name, company, contact }, self.password_hash))
    }
}

/// What finishing an enrollment created.
#[derive(Debug, Clone)]
pub struct NewCompany {
    pub company_id: i64,
    pub legal_name: String,
    pub partner_id: u32,
    pub user: UserRecord,
    pub contact: ContactDetails,
    pub contact_locale: String,
}

/// How long the primary contact's verification link works.
pub const CONTACT_LINK_VALID_DAYS: i64 = 14;

const CODE_CONTEXT: &str = "enrollment-code";

async fn load(conn: &mut impl Exec, id: &str) -> StoreResult<(Enrollment, Option<String>)> {
    let row: Option<Row> = query_as("SELECT * FROM enrollments WHERE id = $1").bind(id).fetch_optional(conn).await?;
    row.ok_or_else(|| StoreError::form(Problem::EnrollmentMissing))?.into_enrollment()
}

/// Loads the enrollment and refuses when `step` cannot be taken now.
async fn load_for_step(conn: &mut impl Exec, id: &str, step: Step) -> StoreResult<(Enrollment, Option<String>)> {
    let loaded = load(conn, id).await?;
    if loaded.0.progress.completed {
        return Err(StoreError::form(Problem::EnrollmentMissing));
    }
    if !loaded.0.progress.allows(step) {
        return Err(StoreError::form(Problem::EnrollmentStepOutOfOrder));
    }
    Ok(loaded)
}

async fn email_has_account(conn: &mut impl Exec, email: &str) -> StoreResult<bool> {
    let found: Option<i64> = query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_optional(conn).await?;
    Ok(found.is_some())
}

/// E-4's sending limits for an address, decided on what was sent to it in the last hour.
async fn check_may_send(conn: &mut impl Exec, email: &str, policy: &CodePolicy, now: DateTime<Utc>) -> StoreResult<()> {
    let sent: Vec<DateTime<Utc>> = query_scalar("SELECT sent_at FROM verification_codes WHERE email = $1 AND sent_at > $2")
        .bind(email)
        .bind(now - Duration::hours(1))
        .fetch_all(conn)
        .await?;
    policy.may_send(&sent, now).map_err(StoreError::form)
}

async fn insert_code(conn: &mut impl Exec, enrollment_id: &str, email: &str, code: &VerificationCode, now: DateTime<Utc>) -> StoreResult<()> {
    query("INSERT INTO verification_codes (enrollment_id, email, code_hash, sent_at) VALUES ($1, $2, $3, $4)")
        .bind(enrollment_id)
        .bind(email)
        .bind(secret_hash(&format!("{CODE_CONTEXT}:{enrollment_id}"), code.as_str()))
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether a company with this DUNS number is enrolled already (E-6).
pub(super) async fn duns_taken<'a>(on: impl Into<On<'a>>, duns: &str) -> StoreResult<bool> {
    let found: Option<i64> = query_scalar("SELECT id FROM companies WHERE duns = $1 LIMIT 1").bind(duns).fetch_optional(on).await?;
    Ok(found.is_some())
}

/// A duplicate is the same DUNS number, or the same normalised name in the same country (E-6).
async fn company_exists(conn: &mut impl Exec, details: &CompanyDetails) -> StoreResult<bool> {
    if let Some(duns) = &details.duns {
        if duns_taken(&mut *conn, duns.as_str()).await? {
            return Ok(true);
        }
    }
    let found: Option<i64> = query_scalar("SELECT id FROM companies WHERE name_key = $1 AND country = $2 LIMIT 1")
        .bind(details.legal_name.key())
        .bind(&details.address.country)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

impl Store {
    pub async fn enrollment(&self, id: &str) -> StoreResult<Option<Enrollment>> {
        let mut conn = self.pool.acquire().await?;
        match load(&mut conn, id).await {
            Ok((enrollment, _)) => Ok(Some(enrollment)),
            Err(StoreError::Refused(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Starts an enrollment for `email` and records the first code, unless the address has an
    /// account (E-5) or has had too many codes (E-4). Returns the enrollment id.
    pub async fn start_enrollment(
        &self,
        email: &WorkEmail,
        locale: &str,
        code: &VerificationCode,
        policy: &CodePolicy,
        now: DateTime<Utc>,
    ) -> StoreResult<String> {
        let mut tx = self.begin_write().await?;
        if email_has_account(&mut tx, email.as_str()).await? {
            return Err(StoreError::field("email", Problem::EmailHasAccount));
        }
        check_may_send(&mut tx, email.as_str(), policy, now).await?;
        let id = crate::credentials::new_token();
        query("INSERT INTO enrollments (id, email, locale, created_at) VALUES ($1, $2, $3, $4)")
            .bind(&id)
            .bind(email.as_str())
            .bind(locale)
            .bind(now)
            .execute(&mut tx)
            .await?;
        insert_code(&mut tx, &id, email.as_str(), code, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records a new code for the enrollment within E-4's limits; returns the address to send to.
    pub async fn resend_code(&self, id: &str, code: &VerificationCode, policy: &CodePolicy, now: DateTime<Utc>) -> StoreResult<String> {
        let mut tx = self.begin_write().await?;
        let (enrollment, _) = load_for_step(&mut tx, id, Step::Code).await?;
        check_may_send(&mut tx, &enrollment.email, policy, now).await?;
        insert_code(&mut tx, id, &enrollment.email, code, now).await?;
        tx.commit().await?;
        Ok(enrollment.email)
    }

    /// Checks a typed code against the latest code sent for this enrollment (E-4).
    pub async fn verify_code(&self, id: &str, code: &VerificationCode, policy: &CodePolicy, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        load_for_step(&mut tx, id, Step::Code).await?;
        let latest: Option<(i64, String, DateTime<Utc>, i64, Option<DateTime<Utc>>)> = query_as(
            "SELECT id, code_hash, sent_at, wrong_attempts, used_at FROM verification_codes
             WHERE enrollment_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(id)
        .fetch_optional(&mut tx)
        .await?;
        let Some((code_id, hash, sent_at, wrong_attempts, used_at)) = latest else {
            return Err(StoreError::form(Problem::EnrollmentMissing));
        };
        let state = CodeState { sent_at, wrong_attempts: wrong_attempts as u32, used: used_at.is_some() };
        let matches = secret_hash(&format!("{CODE_CONTEXT}:{id}"), code.as_str()) == hash;
        match policy.check(&state, matches, now) {
            CodeCheck::Accepted => {
                query("UPDATE verification_codes SET used_at = $1 WHERE id = $2").bind(now).bind(code_id).execute(&mut tx).await?;
                query("UPDATE enrollments SET email_verified_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut tx).await?;
                tx.commit().await?;
                Ok(())
            }
            CodeCheck::Refused { wrong_attempts, problem } => {
                query("UPDATE verification_codes SET wrong_attempts = $1 WHERE id = $2").bind(wrong_attempts as i64).bind(code_id).execute(&mut tx).await?;
                tx.commit().await?;
                Err(StoreError::field("code", problem))
            }
            CodeCheck::Unusable(problem) => Err(StoreError::field("code", problem)),
        }
    }

    pub async fn save_account(&self, id: &str, name: &PersonName, password_hash: &str) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        load_for_step(&mut tx, id, Step::Account).await?;
        query("UPDATE enrollments SET full_name = $1, password_hash = $2 WHERE id = $3")
            .bind(name.as_str())
            .bind(password_hash)
            .bind(id)
            .execute(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Keeps the legal details unless the company is enrolled already (E-6).
    pub async fn save_company(&self, id: &str, details: &CompanyDetails) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        load_for_step(&mut tx, id, Step::Company).await?;
        if company_exists(&mut tx, details).await? {
            return Err(StoreError::form(Problem::CompanyDuplicate));
        }
        query("UPDATE enrollments SET company_json = $1 WHERE id = $2").bind(serde_json::to_string(details)?).bind(id).execute(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn save_contact(&self, id: &str, contact: &ContactDetails) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        load_for_step(&mut tx, id, Step::Contact).await?;
        query("UPDATE enrollments SET contact_json = $1 WHERE id = $2").bind(serde_json::to_string(contact)?).bind(id).execute(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The last step (E-7, E-8, E-10, E-11): creates the company with a new partner ID, its
    /// first Global admin, the primary contact's verification link and the acceptance record,
    /// all in one transaction that re-checks E-5 and E-6.
    pub async fn complete_enrollment(&self, id: &str, agreement_version: &str, contact_token: &str, now: DateTime<Utc>) -> StoreResult<NewCompany> {
        let mut tx = self.begin_write().await?;
        let (enrollment, password_hash) = load_for_step(&mut tx, id, Step::Agreement).await?;
        let (Some(full_name), Some(password_hash), Some(company), Some(contact)) =
            (enrollment.full_name.clone(), password_hash, enrollment.company.clone(), enrollment.contact.clone())
        else {
            return Err(StoreError::form(Problem::EnrollmentStepOutOfOrder));
        };
        if email_has_account(&mut tx, &enrollment.email).await? {
            return Err(StoreError::form(Problem::EmailHasAccount));
        }
        if company_exists(&mut tx, &company).await? {
            return Err(StoreError::form(Problem::CompanyDuplicate));
        }
        let partner_id = unused_partner_id(&mut tx).await?;
        let a = &company.address;
        let company_id: i64 = query_scalar(
            "INSERT INTO companies (partner_id, legal_name, name_key, country, line1, line2, city, region,
                                    postal_code, duns, source, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'awaiting_contact', $12) RETURNING id",
        )
        .bind(partner_id as i64)
        .bind(company.legal_name.as_str())
        .bind(company.legal_name.key())
        .bind(&a.country)
        .bind(&a.line1)
        .bind(&a.line2)
        .bind(&a.city)
        .bind(&a.region)
        .bind(&a.postal_code)
        .bind(company.duns.as_ref().map(|d| d.as_str().to_owned()))
        .bind(company.source.as_str())
        .bind(now)
        .fetch_one(&mut tx)
        .await?;
        let user_id: i64 = query_scalar(
            "INSERT INTO users (company_id, email, full_name, password_hash, locale, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(company_id)
        .bind(&enrollment.email)
        .bind(&full_name)
        .bind(&password_hash)
        .bind(&enrollment.locale)
        .bind(now)
        .fetch_one(&mut tx)
        .await?;
        query("INSERT INTO user_roles (user_id, role) VALUES ($1, 'global_admin')").bind(user_id).execute(&mut tx).await?;
        let contact_locale = enrollment.locale.clone();
        query("INSERT INTO primary_contacts (company_id, name, email, locale, token_hash, sent_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(company_id)
            .bind(contact.name.as_str())
            .bind(contact.email.as_str())
            .bind(&contact_locale)
            .bind(secret_hash(CONTACT_CONTEXT, contact_token))
            .bind(now)
            .execute(&mut tx)
            .await?;
        query(
            "INSERT INTO agreement_acceptances (company_id, user_id, user_name, user_email, version, accepted_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(company_id)
        .bind(user_id)
        .bind(&full_name)
        .bind(&enrollment.email)
        .bind(agreement_version)
        .bind(now)
        .execute(&mut tx)
        .await?;
        super::profile::add_head_office(&mut tx, company_id, now).await?;
        for kind in ["enrolled", "agreement_accepted", "contact_invited"] {
            add_event(&mut tx, company_id, kind, None, now).await?;
        }
        let actor = super::audit::Actor::user(user_id, &full_name, &enrollment.email);
        let company_name = company.legal_name.as_str();
        super::audit::audit(&mut tx, Some(company_id), &actor, "company_enrolled", company_name, None, now).await?;
        super::audit::audit(&mut tx, Some(company_id), &actor, "agreement_accepted", company_name, Some(agreement_version), now).await?;
        query("UPDATE enrollments SET completed_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut tx).await?;
        tx.commit().await?;
        let user = UserRecord {
            id: user_id,
            company_id,
            email: enrollment.email,
            full_name,
            password_hash,
            locale: enrollment.locale,
            roles: vec![partnerhub_domain::Role::GlobalAdmin],
        };
        let legal_name = company.legal_name.as_str().to_owned();
        Ok(NewCompany { company_id, legal_name, partner_id, user, contact, contact_locale })
    }

    /// The primary contact opened their link: the company goes into review (E-8, E-9).
    pub async fn verify_contact(&self, token: &str, now: DateTime<Utc>) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let found: Option<(i64, DateTime<Utc>, Option<DateTime<Utc>>)> =
            query_as("SELECT company_id, sent_at, verified_at FROM primary_contacts WHERE token_hash = $1")
                .bind(secret_hash(CONTACT_CONTEXT, token))
                .fetch_optional(&mut tx)
                .await?;
        let company_id = match found {
            Some((company_id, sent_at, None)) if now < sent_at + Duration::days(CONTACT_LINK_VALID_DAYS) => company_id,
            Some(_) => return Err(StoreError::form(Problem::LinkInvalid)),
            None => {
                let company_id = super::profile::verify_location_contact(&mut tx, &secret_hash(CONTACT_CONTEXT, token), now).await?;
                tx.commit().await?;
                return Ok(company_id);
            }
        };
        query("UPDATE primary_contacts SET verified_at = $1 WHERE company_id = $2").bind(now).bind(company_id).execute(&mut tx).await?;
        query("UPDATE companies SET status = 'pending', review_started_at = $1 WHERE id = $2 AND status = 'awaiting_contact'")
            .bind(now)
            .bind(company_id)
            .execute(&mut tx)
            .await?;
        add_event(&mut tx, company_id, "contact_verified", None, now).await?;
        tx.commit().await?;
        Ok(company_id)
    }
}

/// Whom the primary contact's link goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRecipient {
    pub name: String,
    pub email: String,
    pub locale: String,
    pub company_name: String,
}

impl Store {
    /// A new link for the primary contact of the user's company (the old one stops working),
    /// to a corrected contact when `new_contact` (name, email) is given; only while the company
    /// waits for the contact (E-8).
    pub async fn renew_contact_link(
        &self,
        user: &UserRecord,
        new_contact: Option<(&str, &str)>,
        token: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<ContactRecipient> {
        let mut tx = self.begin_write().await?;
        contact_link_resendable(super::status_of_existing(&mut tx, user.company_id).await?).map_err(StoreError::form)?;
        if let Some((name, email)) = new_contact {
            query("UPDATE primary_contacts SET name = $1, email = $2 WHERE company_id = $3")
                .bind(name)
                .bind(email)
                .bind(user.company_id)
                .execute(&mut tx)
                .await?;
            let detail = format!("{name} <{email}>");
            add_event(&mut tx, user.company_id, "contact_changed", Some(&detail), now).await?;
            audit(&mut tx, Some(user.company_id), &user.actor(), "contact_changed", email, None, now).await?;
        }
        query("UPDATE primary_contacts SET token_hash = $1, sent_at = $2, send_failed = FALSE WHERE company_id = $3")
            .bind(secret_hash(CONTACT_CONTEXT, token))
            .bind(now)
            .bind(user.company_id)
            .execute(&mut tx)
            .await?;
        let (name, email, locale, company_name): (String, String, String, String) =
            query_as("SELECT p.name, p.email, p.locale, c.legal_name FROM primary_contacts p JOIN companies c ON c.id = p.company_id WHERE p.company_id = $1")
                .bind(user.company_id)
                .fetch_one(&mut tx)
                .await?;
        tx.commit().await?;
        Ok(ContactRecipient { name, email, locale, company_name })
    }

    /// The primary contact's link could not be mailed: the status page says so.
    pub async fn contact_mail_failed(&self, company_id: i64) -> StoreResult<()> {
        query("UPDATE primary_contacts SET send_failed = TRUE WHERE company_id = $1").bind(company_id).execute(&self.pool).await?;
        Ok(())
    }
}

pub(super) const CONTACT_CONTEXT: &str = "primary-contact";

/// Draws partner IDs until one is free (E-11) and claims it in the registry that companies and
/// locations share; the registry's primary key is the backstop.
pub(super) async fn unused_partner_id(tx: &mut Tx) -> StoreResult<u32> {
    for _ in 0..20 {
        let candidate = new_partner_id().value();
        let claimed =
            query("INSERT INTO partner_ids (value) VALUES ($1) ON CONFLICT DO NOTHING").bind(candidate as i64).execute(&mut *tx).await?.rows_affected();
        if claimed == 1 {
            return Ok(candidate);
        }
    }
    Err(StoreError::Corrupt("no free partner ID after 20 draws".into()))
}

pub(super) async fn add_event(tx: &mut Tx, company_id: i64, kind: &str, detail: Option<&str>, at: DateTime<Utc>) -> StoreResult<()> {
    query("INSERT INTO company_events (company_id, kind, detail, at) VALUES ($1, $2, $3, $4)")
        .bind(company_id)
        .bind(kind)
        .bind(detail)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
