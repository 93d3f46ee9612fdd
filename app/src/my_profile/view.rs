use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub company_name: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificationRow {
    pub exam: String,
    pub title: String,
    pub passed_on: String,
    pub expires_on: Option<String>,
    /// Days until it expires, when that is within 90 days (0 on the day itself).
    pub expires_in: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniversityView {
    pub email: String,
    /// The profile that shares these credentials ("Use name@address"), if any.
    pub shared_profile_email: Option<String>,
    pub assessments: Vec<(String, String, i64)>,
}

/// What "My profile" shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyProfileView {
    pub company_name: String,
    pub company_authorized: bool,
    /// The profile associated last: (MCID, name, address).
    pub profile: Option<(String, String, String)>,
    /// The company the profile is linked to now, and since when.
    pub linked: Option<(String, DateTime<Utc>)>,
    /// Whether that link is this user's, to this company.
    pub linked_here: bool,
    /// "Link n of 3 in the last 12 months".
    pub links_this_year: usize,
    /// The next instant a link may start (now or later).
    pub next_available: DateTime<Utc>,
    pub history: Vec<HistoryRow>,
    pub certifications: Vec<CertificationRow>,
    pub university: Option<UniversityView>,
}

/// The signed-in user's own certification profile, link and Partner University access.
#[server(endpoint = "my_profile")]
pub async fn my_profile() -> Result<MyProfileView, AppError> {
    use crate::server::*;
    use partnerhub_core::provider::CertificationProvider;
    use partnerhub_domain::linking::{links_this_year, next_available};
    respond(
        async {
            let user = company_user().await?;
            let state = state()?;
            let store = &state.store;
            let provider = state.provider();
            let company = store.company_view(user.company_id).await?.ok_or(AppError::Internal)?;
            let now = Utc::now();
            let mcid = store.user_profile(user.id).await?;
            let profile = match &mcid {
                Some(m) => store.cert_profile(m).await?,
                None => None,
            };
            let history = match &mcid {
                Some(m) => store.link_history(m).await?,
                None => Vec::new(),
            };
            let starts: Vec<DateTime<Utc>> = history.iter().map(|h| h.started_at).collect();
            let active = history.iter().find(|h| h.ended_at.is_none());
            let certifications = match &mcid {
                Some(m) => provider.certifications(m).await?,
                None => Vec::new(),
            };
            let university = match store.university_link(user.id).await? {
                Some((email, shared)) => {
                    let shared_profile_email = match shared {
                        Some(m) => store.cert_profile(&m).await?.map(|p| p.email),
                        None => None,
                    };
                    let assessments = provider.assessments(&email).await?.into_iter().map(|a| (a.course, a.passed_on, a.score)).collect();
                    Some(UniversityView { email, shared_profile_email, assessments })
                }
                None => None,
            };
            Ok(MyProfileView {
                company_name: company.legal_name,
                company_authorized: company.status == partnerhub_domain::Status::Authorized,
                profile: profile.map(|p| (p.mcid, p.full_name, p.email)),
                linked: active.map(|a| (a.company_name.clone(), a.started_at)),
                linked_here: active.is_some_and(|a| a.user_id == user.id && a.company_id == user.company_id),
                links_this_year: links_this_year(&starts, now),
                next_available: next_available(&starts, now),
                history: history
                    .into_iter()
                    .map(|h| HistoryRow { company_name: h.company_name, started_at: h.started_at, ended_at: h.ended_at, end_reason: h.end_reason })
                    .collect(),
                certifications: certifications
                    .into_iter()
                    .map(|c| {
                        let today = now.date_naive();
                        let expires_in = c
                            .expires_on
                            .as_deref()
                            .and_then(|e| chrono::NaiveDate::parse_from_str(e, "%Y-%m-%d").ok())
                            .filter(|e| partnerhub_domain::expiry::expiring_soon(*e, today))
                            .map(|e| partnerhub_domain::expiry::days_left(e, today));
                        CertificationRow { exam: c.exam, title: c.title, passed_on: c.passed_on, expires_on: c.expires_on, expires_in }
                    })
                    .collect(),
                university,
            })
        }
        .await,
    )
    .await
}
