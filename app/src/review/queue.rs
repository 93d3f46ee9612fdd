use super::DecideCompany;
use crate::components::SignInFirst;
use crate::components::{ErrorSummary, FormState};
use crate::error::AppError;
use crate::flash::{take_flash, Flash};
use crate::i18n::*;
use crate::people::{AuditRow, AuditTable};
use crate::text::{date_text, failure_text};
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use partnerhub_domain::country::country_name;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealRow {
    pub id: i64,
    pub note: String,
    pub document_name: String,
    pub at: DateTime<Utc>,
}

/// A company waiting for a decision, as the reviewer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEntry {
    pub company_id: i64,
    pub legal_name: String,
    pub partner_id: u32,
    pub address_lines: Vec<String>,
    pub country: String,
    pub duns: Option<String>,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_verified_at: Option<DateTime<Utc>>,
    pub enroller: String,
    pub review_started: NaiveDate,
    /// Business days waited so far (E-9's business-day function).
    pub waited_days: u32,
    pub appeals: Vec<AppealRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewQueueView {
    pub entries: Vec<QueueEntry>,
    pub decisions: Vec<AuditRow>,
}

/// The review queue, longest waiting first, and the latest decisions (reviewers only).
#[server(endpoint = "review_queue")]
pub async fn review_queue() -> Result<ReviewQueueView, AppError> {
    use crate::server::*;
    use partnerhub_domain::business_days::business_days_between;
    respond(
        async {
            reviewer().await?;
            let state = state()?;
            let today = Utc::now().date_naive();
            let holidays = &state.config.holidays;
            let entries = state
                .store
                .review_queue()
                .await?
                .into_iter()
                .map(|item| {
                    let c = item.company;
                    let started = c.review_started_at.unwrap_or(c.created_at).date_naive();
                    QueueEntry {
                        company_id: c.id,
                        address_lines: c.address_lines(),
                        legal_name: c.legal_name,
                        partner_id: c.partner_id,
                        country: c.country,
                        duns: c.duns.map(|d| partnerhub_domain::Duns::parse(&d).map(|d| d.formatted()).unwrap_or(d)),
                        contact_name: c.contact_name,
                        contact_email: c.contact_email,
                        contact_verified_at: c.contact_verified_at,
                        enroller: format!("{} <{}>", item.enroller_name, item.enroller_email),
                        review_started: started,
                        waited_days: business_days_between(started, today, holidays),
                        appeals: item.appeals.into_iter().map(|a| AppealRow { id: a.id, note: a.note, document_name: a.document_name, at: a.at }).collect(),
                    }
                })
                .collect();
            let decisions = state.store.review_audit(50).await?.into_iter().map(AuditRow::from).collect();
            Ok(ReviewQueueView { entries, decisions })
        }
        .await,
    )
    .await
}

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideCompany>::new();
    let data = Resource::new(move || decide.version().get(), |_| review_queue());
    let flash = Resource::new(|| (), |_| take_flash("decide_company".into()));
    let state = FormState::new();
    state.follow(decide);
    view! {
        <div class="page">
            <header class="page-header">
                <p class="eyebrow">{t!(i18n, review.eyebrow)}</p>
                <h1>{t!(i18n, review.title)}</h1>
            </header>
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || Suspend::new(async move {
                    let flash = flash.await.ok().flatten();
                    if let Some(f) = &flash {
                        state.restore(f, &[]);
                    }
                    let view = match data.await {
                        Ok(v) => v,
                        Err(AppError::SignInRequired) => return view! { <SignInFirst/> }.into_any(),
                        Err(e) => return view! { <p class="error-summary" role="alert">{move || failure_text(i18n.get_locale(), &e)}</p> }.into_any(),
                    };
                    let count = view.entries.len();
                    view! {
                        <Show when=move || state.succeeded.get()>
                            <p class="notice notice-ok" role="status">{t!(i18n, review.recorded)}</p>
                        </Show>
                        <ErrorSummary state/>
                        <p class="lead">{move || match count {
                            0 => t_string!(i18n, review.none).to_string(),
                            n => crate::plural_text!(i18n.get_locale(), review.count, n as u64),
                        }}</p>
                        {view.entries.into_iter().map(|entry| {
                            let flash = flash.clone().filter(|f| f.value("company_id") == Some(entry.company_id.to_string()));
                            view! { <QueueCard entry decide flash/> }
                        }).collect_view()}
                        <section class="card">
                            <h2>{t!(i18n, review.decisions)}</h2>
                            <AuditTable rows=view.decisions/>
                            <p class="muted">{t!(i18n, review.whole_log)}</p>
                            <p class="downloads">
                                <a class="button secondary" href="/review/audit.csv" download>{t!(i18n, audit.download_csv)}</a>
                                <a class="button secondary" href="/review/audit.jsonl" download>{t!(i18n, audit.download_jsonl)}</a>
                            </p>
                        </section>
                    }.into_any()
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn QueueCard(entry: QueueEntry, decide: ServerAction<DecideCompany>, flash: Option<Flash>) -> impl IntoView {
    let i18n = use_i18n();
    let id = entry.company_id;
    let heading = format!("company-{id}");
    let country = entry.country.clone();
    let (started, verified) = (entry.review_started, entry.contact_verified_at);
    let reason = flash.as_ref().and_then(|f| f.value("reason")).unwrap_or_default();
    let chosen = flash.as_ref().and_then(|f| f.value("decision")).unwrap_or_default();
    let legal_name = entry.legal_name.clone();
    let radio = move |value: &'static str, label: String| {
        let input_id = format!("decision-{id}-{value}");
        view! {
            <div class="radio">
                <input type="radio" id=input_id.clone() name="decision" value=value checked=chosen == value/>
                <label for=input_id>{label}</label>
            </div>
        }
    };
    view! {
        <article class="card queue-card" aria-labelledby=heading.clone()>
            <header class="queue-head">
                <h2 id=heading.clone()>{entry.legal_name.clone()}</h2>
                <span class="badge badge-wait">{move || {
                    let date = date_text(i18n.get_locale(), started);
                    crate::plural_text!(i18n.get_locale(), review.waited, entry.waited_days as u64, date = date)
                }}</span>
            </header>
            <div class="columns">
                <div>
                    <h3 class="label">{t!(i18n, company.legal_details)}</h3>
                    <p>
                        {entry.address_lines.iter().map(|l| view! { {l.clone()}<br/> }).collect_view()}
                        {move || country_name(&country, i18n.get_locale() == Locale::nl).unwrap_or_default()}
                    </p>
                    <p>
                        {match entry.duns.clone() {
                            Some(d) => view! { <span class="badge badge-ok">{t!(i18n, review.duns_match)}</span> " " {t!(i18n, company.duns)} ": " {d} }.into_any(),
                            None => view! { <span class="badge badge-wait">{t!(i18n, company.manual)}</span> }.into_any(),
                        }}
                    </p>
                    <p class="muted">{t!(i18n, company.partner_id)} ": " {entry.partner_id}</p>
                </div>
                <div>
                    <h3 class="label">{t!(i18n, company.primary_contact)}</h3>
                    <p>{entry.contact_name.clone()}<br/>{entry.contact_email.clone()}<br/>
                        {move || match verified {
                            Some(at) => t_string!(i18n, review.contact_verified, date = date_text(i18n.get_locale(), at.date_naive())).to_string(),
                            None => t_string!(i18n, review.contact_unverified).to_string(),
                        }}
                    </p>
                    <h3 class="label">{t!(i18n, review.enroller)}</h3>
                    <p>{entry.enroller.clone()}</p>
                </div>
            </div>
            {(!entry.appeals.is_empty()).then(|| view! {
                <h3>{t!(i18n, review.appeals)}</h3>
                <ul class="appeal-list">
                    {entry.appeals.iter().map(|a| view! {
                        <li>
                            <p class="appeal-note">{a.note.clone()}</p>
                            <a href=format!("/review/documents/{}", a.id)>{a.document_name.clone()}</a>
                            " · " <span class="muted">{let at = a.at; move || date_text(i18n.get_locale(), at.date_naive())}</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <ActionForm action=decide attr:novalidate=true attr:class="form decision-form">
                <input type="hidden" name="company_id" value=id/>
                <fieldset class="field choice">
                    <legend>{t!(i18n, review.decision)}</legend>
                    {radio("authorize", t_string!(i18n, review.authorize).to_string())}
                    {radio("reject", t_string!(i18n, review.reject).to_string())}
                    {radio("challenge", t_string!(i18n, review.challenge).to_string())}
                </fieldset>
                <div class="field">
                    <label for=format!("reason-{id}")>{t!(i18n, review.reason)}</label>
                    <p class="hint" id=format!("reason-{id}-hint")>{t!(i18n, review.reason_hint)}</p>
                    <textarea id=format!("reason-{id}") name="reason" rows="3" aria-describedby=format!("reason-{id}-hint")>{reason}</textarea>
                </div>
                <div class="actions">
                    <button type="submit" class="button primary">{move || t_string!(i18n, review.record_for, company = legal_name.clone()).to_string()}</button>
                </div>
            </ActionForm>
        </article>
    }
}
