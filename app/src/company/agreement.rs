use super::CompanyFrame;
use crate::agreement::agreement_text;
use crate::components::SignInFirst;
use crate::components::{field_id, ErrorSummary, FormState};
use crate::error::AppError;
use crate::flash::take_flash;
use crate::i18n::*;
use crate::text::{date_text, failure_text, problem_text};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use partnerhub_domain::enrollment::CURRENT_AGREEMENT_VERSION;
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
    pub accepted: Option<Acceptance>,
    /// The accepted version is not the current one (E-7, E-12).
    pub outdated: bool,
    /// The signed-in user is a Global admin, who accepts for the company.
    pub can_accept: bool,
}

/// The accepted agreement: version, who, when; any user of the company.
#[server(endpoint = "company_agreement")]
pub async fn company_agreement() -> Result<AgreementView, AppError> {
    use crate::server::*;
    use partnerhub_domain::profile::agreement_outdated;
    respond(
        async {
            let user = company_user().await?;
            let record = state()?.store.agreement_record(user.company_id).await?;
            let accepted = record.map(|r| Acceptance { version: r.version, user_name: r.user_name, user_email: r.user_email, accepted_at: r.accepted_at });
            Ok(AgreementView {
                outdated: agreement_outdated(accepted.as_ref().map(|a| a.version.as_str())),
                accepted,
                can_accept: partnerhub_domain::roles::can(&user.roles, partnerhub_domain::Capability::AcceptAgreement),
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

/// The agreement as a PDF: the same text as the page, with the acceptance record.
#[cfg(feature = "ssr")]
pub async fn agreement_pdf(state: &partnerhub_core::AppState, company_id: i64, locale: Locale) -> Result<Vec<u8>, AppError> {
    use partnerhub_core::pdf::{document, Block};
    let company = state.store.company_view(company_id).await?.ok_or(AppError::Forbidden)?;
    let record = state.store.agreement_record(company_id).await?;
    let mut paragraphs = agreement_text(locale).split("\n\n").map(|p| p.trim().to_owned()).filter(|p| !p.is_empty());
    let mut blocks = vec![Block::Title(paragraphs.next().unwrap_or_default())];
    blocks.extend(paragraphs.map(Block::Paragraph));
    blocks.push(Block::Heading(td_string!(locale, agreement.record_title).to_string()));
    blocks.push(Block::Paragraph(
        td_string!(locale, agreement.record_company, company = company.legal_name.clone(), partner_id = company.partner_id).to_string(),
    ));
    match &record {
        Some(r) => {
            blocks.push(Block::Paragraph(td_string!(locale, agreement.record_version, version = r.version.clone()).to_string()));
            blocks.push(Block::Paragraph(td_string!(locale, agreement.record_by, name = r.user_name.clone(), email = r.user_email.clone()).to_string()));
            let (date, time) = (date_text(locale, r.accepted_at.date_naive()), r.accepted_at.format("%H:%M UTC").to_string());
            blocks.push(Block::Paragraph(td_string!(locale, agreement.record_on, date = date, time = time).to_string()));
        }
        None => blocks.push(Block::Paragraph(td_string!(locale, agreement.not_accepted).to_string())),
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
    let accept = ServerAction::<AcceptAgreement>::new();
    let data = Resource::new(move || accept.version().get(), |_| company_agreement());
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
                    view! {
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
                            <p><a href="/company/agreement.pdf" class="button secondary" download>{t!(i18n, agreement.download)}</a></p>
                            {(view.outdated && view.can_accept).then(|| view! { <AcceptForm state accept/> })}
                            {(view.outdated && !view.can_accept).then(|| view! { <p class="notice">{t!(i18n, agreement.ask_global_admin)}</p> })}
                        </section>
                        <article class="card agreement agreement-full" aria-labelledby="agreement-text">
                            <h2 id="agreement-text" class="visually-hidden">{t!(i18n, agreement.text_title)}</h2>
                            {move || agreement_text(i18n.get_locale()).split("\n\n").map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}
                        </article>
                    }.into_any()
                })}
            </Suspense>
        </CompanyFrame>
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
