use super::{CompanyFrame, LocationList};
use crate::components::draft;
use crate::components::SignInFirst;
use crate::error::AppError;
use crate::i18n::*;
use crate::text::{date_text, failure_text};
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use partnerhub_domain::country::country_name;
use partnerhub_domain::ReviewWindow;
use serde::{Deserialize, Serialize};

pub use partnerhub_domain::Status;

/// What the status page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyStatusView {
    pub legal_name: String,
    pub partner_id: u32,
    pub status: Status,
    pub review: Option<ReviewWindow>,
    pub address_lines: Vec<String>,
    pub country: String,
    pub duns: Option<String>,
    pub contact_name: String,
    pub contact_email: String,
    /// The last mail with the contact's link could not be sent.
    pub contact_mail_failed: bool,
    pub agreement: Option<(String, NaiveDate)>,
    /// The reason of a standing rejection or challenge.
    pub decision_reason: Option<String>,
    /// How many more times the company may answer (E-9).
    pub appeals_left: u32,
    /// Whether the signed-in user may correct the profile and answer a review (Global and
    /// Account admins).
    pub can_edit: bool,
    pub locations: Vec<super::LocationView>,
    pub events: Vec<TimelineEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub kind: String,
    pub detail: Option<String>,
    pub at: DateTime<Utc>,
}

/// The signed-in user's company.
#[server(endpoint = "company_status")]
pub async fn company_status() -> Result<CompanyStatusView, AppError> {
    crate::server::respond(load_company_status().await).await
}

#[cfg(feature = "ssr")]
async fn load_company_status() -> Result<CompanyStatusView, AppError> {
    use crate::server::{company_user, state};
    use partnerhub_domain::verification::MAX_APPEALS;
    use partnerhub_domain::{review_window, Capability};
    let user = company_user().await?;
    let state = state()?;
    let c = state.store.company_view(user.company_id).await?.ok_or(AppError::Forbidden)?;
    let review = c.review_started_at.filter(|_| c.status == Status::Pending).map(|t| review_window(t.date_naive(), &state.config.holidays));
    Ok(CompanyStatusView {
        address_lines: c.address_lines(),
        legal_name: c.legal_name,
        partner_id: c.partner_id,
        status: c.status,
        review,
        country: c.country,
        duns: c.duns.map(|d| partnerhub_domain::Duns::parse(&d).map(|d| d.formatted()).unwrap_or(d)),
        contact_name: c.contact_name,
        contact_email: c.contact_email,
        contact_mail_failed: c.contact_send_failed,
        agreement: c.agreement_version.zip(c.agreement_accepted_at.map(|t| t.date_naive())),
        decision_reason: c.decision_reason,
        appeals_left: MAX_APPEALS.saturating_sub(c.appeals),
        can_edit: partnerhub_domain::roles::can(&user.roles, Capability::EditProfile),
        events: c.events.into_iter().map(|e| TimelineEvent { kind: e.kind, detail: e.detail, at: e.at }).collect(),
        locations: state.store.locations(user.company_id).await?.into_iter().map(super::LocationView::from).collect(),
    })
}

fn event_text(i18n: I18nContext<Locale>, kind: &str) -> String {
    match kind {
        "enrolled" => t_string!(i18n, company.event_enrolled).to_string(),
        "agreement_accepted" => t_string!(i18n, company.event_agreement_accepted).to_string(),
        "contact_invited" => t_string!(i18n, company.event_contact_invited).to_string(),
        "contact_verified" => t_string!(i18n, company.event_contact_verified).to_string(),
        "company_authorized" => t_string!(i18n, company.event_authorized).to_string(),
        "company_rejected" => t_string!(i18n, company.event_rejected).to_string(),
        "company_challenged" => t_string!(i18n, company.event_challenged).to_string(),
        "company_appealed" => t_string!(i18n, company.event_appealed).to_string(),
        "details_corrected" => t_string!(i18n, company.event_details_corrected).to_string(),
        "details_corrected_kept" => t_string!(i18n, company.event_details_corrected_kept).to_string(),
        "location_added" => t_string!(i18n, company.event_location_added).to_string(),
        "contact_changed" => t_string!(i18n, company.event_contact_changed).to_string(),
        other => other.to_owned(),
    }
}

#[component]
pub fn CompanyStatusPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| company_status());
    // Taken here, at the page's top, so that the browser reuses the server's answer.
    let appeal_flash = Resource::new(|| (), |_| crate::flash::take_flash("appeal,resend_contact_link".into()));
    Effect::new(|_| draft::clear_all());
    view! {
        <CompanyFrame>
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(AppError::SignInRequired) => view! { <SignInFirst/> }.into_any(),
                        Err(e) => view! { <p class="error-summary" role="alert">{move || failure_text(i18n.get_locale(), &e)}</p> }.into_any(),
                        Ok(c) => {
                            let flash = appeal_flash.await.ok().flatten();
                            view! { <StatusView c flash/> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </CompanyFrame>
    }
}

#[component]
fn StatusView(c: CompanyStatusView, flash: Option<crate::flash::Flash>) -> impl IntoView {
    let i18n = use_i18n();
    let status = c.status;
    let (contact_name, contact_email) = (c.contact_name.clone(), c.contact_email.clone());
    let review = c.review;
    let headline = move || match status {
        Status::AwaitingContact => t_string!(i18n, company.status_awaiting_contact).to_string(),
        Status::Pending => t_string!(i18n, company.status_pending).to_string(),
        Status::Authorized => t_string!(i18n, company.status_authorized).to_string(),
        Status::Rejected => t_string!(i18n, company.status_rejected).to_string(),
        Status::Challenged => t_string!(i18n, company.status_challenged).to_string(),
    };
    let detail = move || {
        let locale = i18n.get_locale();
        match (status, review) {
            (Status::AwaitingContact, _) => {
                t_string!(i18n, company.status_awaiting_contact_detail, name = contact_name.clone(), email = contact_email.clone()).to_string()
            }
            (Status::Pending, Some(w)) => {
                t_string!(i18n, company.status_pending_detail, from = date_text(locale, w.earliest), to = date_text(locale, w.latest)).to_string()
            }
            _ => String::new(),
        }
    };
    let badge = match status {
        Status::AwaitingContact | Status::Pending | Status::Challenged => "badge badge-wait",
        Status::Authorized => "badge badge-ok",
        Status::Rejected => "badge badge-bad",
    };
    let country = c.country.clone();
    let agreement = c.agreement.clone();
    let events = c.events.clone();
    view! {
        <header class="page-header">
            <p class="eyebrow">{t!(i18n, menu.label)}</p>
            <h1>{c.legal_name.clone()}</h1>
        </header>
        <section class="card status-card" aria-labelledby="status-heading">
            <div class="status-grid">
                <div>
                    <h2 id="status-heading" class="label">{t!(i18n, company.status)}</h2>
                    <p><span class=badge>{headline}</span></p>
                    <p class="status-detail">{detail}</p>
                </div>
                <div>
                    <h2 class="label">{t!(i18n, company.partner_id)}</h2>
                    <p class="partner-id">{c.partner_id}</p>
                </div>
            </div>
            {c.decision_reason.clone().map(|reason| view! {
                <div class="decision-reason">
                    <h2 class="label">{t!(i18n, company.reason)}</h2>
                    <blockquote>{reason}</blockquote>
                </div>
            })}
            {(status != Status::Authorized).then(|| view! { <p class="notice">{t!(i18n, company.locked)}</p> })}
        </section>
        {(matches!(status, Status::Rejected | Status::Challenged) && c.can_edit).then(|| {
            let flash = flash.clone().filter(|f| f.form == "appeal");
            view! { <super::AppealForm left=c.appeals_left flash/> }
        })}
        {(status == Status::AwaitingContact && c.can_edit).then(|| {
            let flash = flash.clone().filter(|f| f.form == "resend_contact_link");
            view! { <super::ContactWaiting name=c.contact_name.clone() email=c.contact_email.clone() mail_failed=c.contact_mail_failed flash/> }
        })}
        <div class="columns">
            <section class="card">
                <h2>{t!(i18n, company.legal_details)}</h2>
                <p>
                    <strong>{c.legal_name.clone()}</strong>
                    {c.address_lines.iter().map(|l| view! { <br/>{l.clone()} }).collect_view()}
                    <br/>{move || country_name(&country, i18n.get_locale() == Locale::nl).unwrap_or_default()}
                </p>
                <p class="muted">
                    {match c.duns.clone() {
                        Some(d) => view! { {t!(i18n, company.duns)} ": " {d} }.into_any(),
                        None => view! { {t!(i18n, company.manual)} }.into_any(),
                    }}
                </p>
                <h2>{t!(i18n, company.primary_contact)}</h2>
                <p>{c.contact_name.clone()}<br/>{c.contact_email.clone()}</p>
                <h2>{t!(i18n, company.agreement)}</h2>
                <p>{agreement.map(|(version, date)| move || t_string!(i18n, company.agreement_accepted,
                    version = version.clone(), date = date_text(i18n.get_locale(), date)).to_string())}
                    <br/><a href="/company/agreement">{t!(i18n, company.view_agreement)}</a></p>
                {c.can_edit.then(|| view! {
                    <p><a href="/company/details" class="button secondary">{t!(i18n, company.correct_details)}</a></p>
                })}
            </section>
            <section class="card">
                <h2>{t!(i18n, company.timeline)}</h2>
                <ol class="timeline">
                    {events.into_iter().map(|TimelineEvent { kind, detail, at }| view! {
                        <li>
                            <span class="timeline-what">{move || event_text(i18n, &kind)}</span>
                            {detail.map(|d| view! { <span class="timeline-detail">{d}</span> })}
                            <time datetime=at.to_rfc3339()>{move || date_text(i18n.get_locale(), at.date_naive())} " " {at.format("%H:%M UTC").to_string()}</time>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        </div>
        <section class="card" aria-labelledby="profile-locations">
            <h2 id="profile-locations">{t!(i18n, locations.title)}</h2>
            <LocationList locations=c.locations.clone()/>
            <p><a href="/company/locations">{t!(i18n, company.manage_locations)}</a></p>
        </section>
    }
}
