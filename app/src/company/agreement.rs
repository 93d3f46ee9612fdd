use super::CompanyFrame;
use crate::agreement::{agreement_text, paragraphs};
use crate::components::SignInFirst;
use crate::components::{field_id, ErrorSummary, FormState};
use crate::error::AppError;
use crate::flash::take_flash;
use crate::i18n::*;
use crate::text::{date_text, failure_text, problem_text};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use partnerhub_domain::access::query_value;
use partnerhub_domain::enrollment::CURRENT_AGREEMENT_VERSION;
use partnerhub_domain::Problem;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acceptance {
    pub version: String,
    pub user_name: String,
    pub user_email: String,
    pub accepted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementView {
    /// The latest acceptance.
    pub accepted: Option<Acceptance>,
    /// The accepted version is not the current one (E-7, E-12).
    pub outdated: bool,
    /// The signed-in user is a Global admin, who accepts for the company.
    pub can_accept: bool,
    /// The current version, then each older version the company accepted, newest first.
    pub versions: Vec<VersionRow>,
    /// An older version asked for and shown instead of the current one, as published.
    pub older: Option<OlderText>,
    /// The version asked for is neither current nor accepted by the company (or unreadable).
    pub unknown: bool,
}

/// One version the company can read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRow {
    pub version: String,
    pub current: bool,
    /// Its latest acceptance by the company.
    pub accepted: Option<Acceptance>,
}

/// An older version's text, in both languages, exactly as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OlderText {
    pub version: String,
    pub en: String,
    pub nl: String,
}

impl OlderText {
    fn text(&self, locale: Locale) -> &str {
        match locale {
            Locale::nl => &self.nl,
            Locale::en => &self.en,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<&partnerhub_core::store::AgreementRecord> for Acceptance {
    fn from(r: &partnerhub_core::store::AgreementRecord) -> Self {
        Acceptance { version: r.version.clone(), user_name: r.user_name.clone(), user_email: r.user_email.clone(), accepted_at: r.accepted_at }
    }
}

/// The company's acceptances by version: the current version first, then each older version
/// it accepted, newest first, each with its latest acceptance.
#[cfg(feature = "ssr")]
fn version_rows(records: Vec<partnerhub_core::store::AgreementRecord>) -> Vec<VersionRow> {
    let mut rows = vec![VersionRow { version: CURRENT_AGREEMENT_VERSION.to_owned(), current: true, accepted: None }];
    for r in &records {
        let acceptance = Acceptance::from(r);
        match rows.iter_mut().find(|row| row.version == r.version) {
            Some(row) => {
                row.accepted.get_or_insert(acceptance);
            }
            None => rows.push(VersionRow { version: r.version.clone(), current: false, accepted: Some(acceptance) }),
        }
    }
    rows[1..].sort_by(|a, b| b.version.cmp(&a.version));
    rows
}

/// The text of `version` as the company may read it: the current one, or an older version it
/// accepted, as published (in both languages, or in the one it was published in). `Err` when
/// it may not, or no text was kept.
#[cfg(feature = "ssr")]
async fn older_text(state: &partnerhub_core::AppState, rows: &[VersionRow], version: &str) -> Result<Option<OlderText>, AppError> {
    use partnerhub_domain::agreement::{readable, AgreementVersion};
    let version = AgreementVersion::parse(version).map_err(AppError::form)?;
    readable(&version, rows.iter().filter(|r| r.accepted.is_some()).map(|r| r.version.as_str())).map_err(AppError::form)?;
    if version.is_current() {
        return Ok(None);
    }
    let (en, nl) = (state.store.agreement_body(version.as_str(), "en").await?, state.store.agreement_body(version.as_str(), "nl").await?);
    // A version published in one language only is shown in that one.
    match (en, nl) {
        (Some(en), Some(nl)) => Ok(Some(OlderText { version: version.as_str().to_owned(), en, nl })),
        (Some(one), None) | (None, Some(one)) => Ok(Some(OlderText { version: version.as_str().to_owned(), en: one.clone(), nl: one })),
        (None, None) => Err(AppError::form(Problem::AgreementVersionUnknown)),
    }
}

/// The agreement page: the versions the company accepted (version, who, when), the current
/// one, and the text of the version asked for; any user of the company.
#[server(endpoint = "company_agreement")]
pub async fn company_agreement(#[server(default)] version: Option<String>) -> Result<AgreementView, AppError> {
    use crate::server::*;
    use partnerhub_domain::profile::agreement_outdated;
    respond(
        async {
            let user = company_user().await?;
            let state = state()?;
            let records = state.store.agreement_records(user.company_id).await?;
            let accepted = records.first().map(Acceptance::from);
            let versions = version_rows(records);
            let (older, unknown) = match version.as_deref().filter(|v| !v.trim().is_empty()) {
                None => (None, false),
                Some(v) => match older_text(&state, &versions, v).await {
                    Ok(older) => (older, false),
                    Err(AppError::Refused(_)) => (None, true),
                    Err(e) => return Err(e),
                },
            };
            Ok(AgreementView {
                outdated: agreement_outdated(accepted.as_ref().map(|a| a.version.as_str())),
                accepted,
                can_accept: partnerhub_domain::roles::can(&user.roles, partnerhub_domain::Capability::AcceptAgreement),
                versions,
                older,
                unknown,
            })
        }
        .await,
    )
    .await
}

/// A Global admin accepts the current agreement version for the company.
#[server(endpoint = "accept_agreement")]
pub async fn accept_agreement(
    #[server(default)] authority: Option<String>,
    #[server(default)] accept: Option<String>,
    version: String,
) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_domain::enrollment::check_acceptance;
    with_flash("accept_agreement", vec![], true, async move {
        let user = user_who_can(partnerhub_domain::Capability::AcceptAgreement).await?;
        check_acceptance(authority.is_some(), accept.is_some(), &version).map_err(AppError::Refused)?;
        state()?.store.accept_agreement(&user, &version, chrono::Utc::now()).await?;
        Ok(())
    })
    .await
}

/// The agreement as a PDF: the text of `version` (the current one when none) as the page shows
/// it, with the company's acceptance of that version. A version the company may not read is
/// refused (`AgreementVersionUnknown`).
#[cfg(feature = "ssr")]
pub async fn agreement_pdf(state: &partnerhub_core::AppState, company_id: i64, locale: Locale, version: Option<&str>) -> Result<Vec<u8>, AppError> {
    use partnerhub_core::pdf::{document, Block};
    let company = state.store.company_view(company_id).await?.ok_or(AppError::Forbidden)?;
    let rows = version_rows(state.store.agreement_records(company_id).await?);
    let older = match version {
        Some(v) => older_text(state, &rows, v).await?,
        None => None,
    };
    let text = older.as_ref().map_or(agreement_text(locale), |o| o.text(locale));
    let shown = older.as_ref().map_or(CURRENT_AGREEMENT_VERSION, |o| o.version.as_str());
    let record = rows.iter().find(|r| r.version == shown).and_then(|r| r.accepted.as_ref());
    let mut paragraphs = paragraphs(text).map(str::to_owned);
    let mut blocks = vec![Block::Title(paragraphs.next().unwrap_or_default())];
    blocks.extend(paragraphs.map(Block::Paragraph));
    blocks.push(Block::Heading(td_string!(locale, agreement.record_title).to_string()));
    blocks.push(Block::Paragraph(
        td_string!(locale, agreement.record_company, company = company.legal_name.clone(), partner_id = company.partner_id).to_string(),
    ));
    match record {
        Some(r) => {
            blocks.push(Block::Paragraph(td_string!(locale, agreement.record_version, version = shown.to_owned()).to_string()));
            blocks.push(Block::Paragraph(td_string!(locale, agreement.record_by, name = r.user_name.clone(), email = r.user_email.clone()).to_string()));
            let (date, time) = (date_text(locale, r.accepted_at.date_naive()), r.accepted_at.format("%H:%M UTC").to_string());
            blocks.push(Block::Paragraph(td_string!(locale, agreement.record_on, date = date, time = time).to_string()));
        }
        None => {
            blocks.push(Block::Paragraph(td_string!(locale, agreement.version_heading, version = shown.to_owned()).to_string()));
            blocks.push(Block::Paragraph(td_string!(locale, agreement.not_accepted).to_string()));
        }
    }
    blocks.push(Block::Small(td_string!(locale, agreement.record_generated, date = date_text(locale, Utc::now().date_naive())).to_string()));
    document(&blocks, crate::text::locale_tag(locale)).map_err(|e| {
        tracing::error!(error = %e, "agreement PDF");
        AppError::Internal
    })
}

#[component]
pub fn CompanyAgreementPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let accept = ServerAction::<AcceptAgreement>::new();
    let data = Resource::new(move || (query.with(|q| q.get("version")), accept.version().get()), |(version, _)| company_agreement(version));
    let flash = Resource::new(|| (), |_| take_flash("accept_agreement".into()));
    let state = FormState::new();
    state.follow(accept);
    view! {
        <CompanyFrame>
            <header class="page-header">
                <p class="eyebrow">{t!(i18n, menu.label)}</p>
                <h1>{t!(i18n, agreement.title)}</h1>
            </header>
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || Suspend::new(async move {
                    if let Ok(Some(f)) = flash.await {
                        state.restore(&f, &[]);
                    }
                    let view = match data.await {
                        Ok(v) => v,
                        Err(AppError::SignInRequired) => return view! { <SignInFirst/> }.into_any(),
                        Err(e) => return view! { <p class="error-summary" role="alert">{move || failure_text(i18n.get_locale(), &e)}</p> }.into_any(),
                    };
                    let older = view.older.clone();
                    let shown = older.as_ref().map_or(CURRENT_AGREEMENT_VERSION.to_owned(), |o| o.version.clone());
                    view! {
                        {view.unknown.then(|| view! {
                            <p class="error-summary" role="alert">{move || problem_text(i18n.get_locale(), &Problem::AgreementVersionUnknown)}</p>
                        })}
                        <section class="card" aria-labelledby="acceptance-heading">
                            <h2 id="acceptance-heading">{t!(i18n, agreement.record_title)}</h2>
                            <Show when=move || state.succeeded.get()>
                                <p class="notice notice-ok" role="status">{t!(i18n, agreement.accepted_now)}</p>
                            </Show>
                            {view.accepted.clone().map(|a| view! {
                                <p class="lead">{move || t_string!(i18n, agreement.accepted_by,
                                    version = a.version.clone(), name = a.user_name.clone(), email = a.user_email.clone(),
                                    date = date_text(i18n.get_locale(), a.accepted_at.date_naive())).to_string()}</p>
                            })}
                            {(view.outdated && view.can_accept).then(|| view! { <AcceptForm state accept/> })}
                            {(view.outdated && !view.can_accept).then(|| view! { <p class="notice">{t!(i18n, agreement.ask_global_admin)}</p> })}
                        </section>
                        <section class="card" aria-labelledby="versions-heading">
                            <h2 id="versions-heading">{t!(i18n, agreement.versions_title)}</h2>
                            <ul class="versions">
                                {view.versions.iter().cloned().map(|row| view! { <VersionItem row shown=shown.clone()/> }).collect_view()}
                            </ul>
                        </section>
                        <article class="card agreement agreement-full" aria-labelledby="agreement-text">
                            <h2 id="agreement-text">{let v = shown.clone(); move || t_string!(i18n, agreement.version_heading, version = v.clone()).to_string()}</h2>
                            {older.clone().map(|o| view! {
                                <p class="notice">
                                    {let v = o.version.clone(); move || t_string!(i18n, agreement.showing_older, version = v.clone(), current = CURRENT_AGREEMENT_VERSION).to_string()}
                                    " " <a href="/company/agreement">{t!(i18n, agreement.show_current)}</a>
                                </p>
                            })}
                            {move || {
                                let locale = i18n.get_locale();
                                let text = older.as_ref().map_or(agreement_text(locale), |o| o.text(locale)).to_owned();
                                paragraphs(&text).map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()
                            }}
                        </article>
                    }.into_any()
                })}
            </Suspense>
        </CompanyFrame>
    }
}

/// One version in the list: whether and by whom it was accepted, a link to read it (unless it
/// is the one shown) and its PDF.
#[component]
fn VersionItem(row: VersionRow, shown: String) -> impl IntoView {
    let i18n = use_i18n();
    let page = if row.current { "/company/agreement".to_owned() } else { format!("/company/agreement?version={}", query_value(&row.version)) };
    let pdf = if row.current { "/company/agreement.pdf".to_owned() } else { format!("/company/agreement.pdf?version={}", query_value(&row.version)) };
    let (version, version_for_read, version_for_pdf) = (row.version.clone(), row.version.clone(), row.version.clone());
    view! {
        <li class="version">
            <p>
                <strong>{move || t_string!(i18n, agreement.version_heading, version = version.clone()).to_string()}</strong>
                {row.current.then(|| view! { " " <span class="badge">{t!(i18n, agreement.version_current)}</span> })}
            </p>
            <p class="muted">{move || match &row.accepted {
                Some(a) => t_string!(i18n, agreement.version_accepted, name = a.user_name.clone(), date = date_text(i18n.get_locale(), a.accepted_at.date_naive())).to_string(),
                None => t_string!(i18n, agreement.version_not_accepted).to_string(),
            }}</p>
            <p class="actions">
                {(row.version != shown).then(|| view! {
                    <a href=page>{move || t_string!(i18n, agreement.version_read, version = version_for_read.clone()).to_string()}</a>
                })}
                <a href=pdf class="button secondary" download>{move || t_string!(i18n, agreement.version_download, version = version_for_pdf.clone()).to_string()}</a>
            </p>
        </li>
    }
}

#[component]
fn AcceptForm(state: FormState, accept: ServerAction<AcceptAgreement>) -> impl IntoView {
    let i18n = use_i18n();
    let checkbox = move |name: &'static str, label: String| {
        let id = field_id(name);
        let error_id = format!("{id}-error");
        let problem = move || state.server_problem(name);
        view! {
            <div class="checkbox" class:field-invalid=move || problem().is_some()>
                <input type="checkbox" id=id.clone() name=name value="yes"
                    aria-invalid=move || problem().is_some().then_some("true")
                    aria-describedby={let e = error_id.clone(); move || problem().is_some().then(|| e.clone())}/>
                <label for=id>{label}</label>
                <p class="field-error" id=error_id>{move || problem().map(|p| problem_text(i18n.get_locale(), &p))}</p>
            </div>
        }
    };
    view! {
        <div class="notice">{t!(i18n, agreement.new_version, version = CURRENT_AGREEMENT_VERSION)}</div>
        <ErrorSummary state/>
        <ActionForm action=accept attr:novalidate=true attr:class="form">
            <input type="hidden" name="version" value=CURRENT_AGREEMENT_VERSION/>
            {checkbox("authority", t_string!(i18n, enroll.authority).to_string())}
            {checkbox("accept", t_string!(i18n, enroll.accept).to_string())}
            <div class="actions">
                <button type="submit" class="button primary">{t!(i18n, agreement.accept_submit, version = CURRENT_AGREEMENT_VERSION)}</button>
            </div>
        </ActionForm>
    }
}
