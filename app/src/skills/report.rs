use super::RemoveFromReport;
use crate::company::CompanyFrame;
use crate::components::SignInFirst;
use crate::components::{ErrorSummary, FormState};
use crate::error::AppError;
use crate::flash::take_flash;
use crate::i18n::*;
use crate::text::failure_text;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// One certification or assessment: (kind, code, title, passed on, expires on or score).
pub type SkillItem = (String, String, String, String, String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSkills {
    pub user_id: i64,
    pub full_name: String,
    pub email: String,
    pub mcid: String,
    /// The day linked, `YYYY-MM-DD`.
    pub linked_on: String,
    pub items: Vec<SkillItem>,
}

/// The most report rows (a person with one certification or assessment) a page shows; the
/// CSV download has everyone, and the page says when it shows only the first ones.
pub const PAGE_ROWS: i64 = 2000;

/// The report as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillsReportView {
    pub people: Vec<PersonSkills>,
    /// More people match than the page shows.
    pub truncated: bool,
}

/// The skills report of the caller's company, filtered (Global and Partner admins).
#[server(endpoint = "skills_report")]
pub async fn skills_report(
    #[server(default)] name: Option<String>,
    #[server(default)] exam: Option<String>,
    #[server(default)] expires_by: Option<String>,
) -> Result<SkillsReportView, AppError> {
    use crate::server::*;
    use partnerhub_core::store::SkillsFilter;
    respond(
        async {
            let admin = user_who_can(partnerhub_domain::Capability::ViewSkills).await?;
            let filter = SkillsFilter::from_form(name, exam, expires_by);
            let mut rows = state()?.store.skills_report(admin.company_id, &filter, PAGE_ROWS + 1).await?;
            let truncated = rows.len() as i64 > PAGE_ROWS;
            if truncated {
                // The person of the last row may be cut short: the page ends before them.
                let last = rows.last().map(|r| r.user_id);
                rows.retain(|r| Some(r.user_id) != last);
            }
            let mut people: Vec<PersonSkills> = Vec::new();
            for r in rows {
                if people.last().is_none_or(|p| p.user_id != r.user_id) {
                    people.push(PersonSkills {
                        user_id: r.user_id,
                        full_name: r.full_name,
                        email: r.email,
                        mcid: r.mcid,
                        linked_on: r.linked_on,
                        items: Vec::new(),
                    });
                }
                if !r.kind.is_empty() {
                    people.last_mut().expect("pushed above").items.push((r.kind, r.code, r.title, r.passed_on, r.expires_or_score));
                }
            }
            Ok(SkillsReportView { people, truncated })
        }
        .await,
    )
    .await
}

#[component]
pub fn SkillsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k)).unwrap_or_default();
    let remove = ServerAction::<RemoveFromReport>::new();
    let data = Resource::new(
        move || (param("name"), param("exam"), param("expires_by"), remove.version().get()),
        |(name, exam, expires_by, _)| skills_report(Some(name), Some(exam), Some(expires_by)),
    );
    let flash = Resource::new(|| (), |_| take_flash("remove_from_report".into()));
    let state = FormState::new();
    state.follow(remove);
    let download = move |extension: &str| {
        let q: Vec<String> = ["name", "exam", "expires_by"]
            .iter()
            .map(|k| (k, param(k)))
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", partnerhub_domain::access::query_value(&v)))
            .collect();
        if q.is_empty() {
            format!("/company/skills.{extension}")
        } else {
            format!("/company/skills.{extension}?{}", q.join("&"))
        }
    };
    view! {
        <CompanyFrame>
            <header class="page-header">
                <p class="eyebrow">{t!(i18n, menu.label)}</p>
                <h1>{t!(i18n, skills.title)}</h1>
                <p class="muted">{t!(i18n, skills.lead)}</p>
            </header>
            <section class="card" aria-labelledby="filter-heading">
                <h2 id="filter-heading" class="label">{t!(i18n, skills.filter)}</h2>
                <form method="get" action="/company/skills" class="form filter-row">
                    <div class="field">
                        <label for="filter-name">{t!(i18n, skills.name)}</label>
                        <input id="filter-name" type="search" name="name" value=move || param("name")/>
                    </div>
                    <div class="field">
                        <label for="filter-exam">{t!(i18n, skills.exam)}</label>
                        <input id="filter-exam" type="text" name="exam" value=move || param("exam")/>
                    </div>
                    <div class="field">
                        <label for="filter-expires">{t!(i18n, skills.expires_by)}</label>
                        <input id="filter-expires" type="date" name="expires_by" value=move || param("expires_by")/>
                    </div>
                    <div class="actions">
                        <button type="submit" class="button secondary">{t!(i18n, skills.apply)}</button>
                    </div>
                </form>
                <p class="downloads">
                    <a class="button primary" href=move || download("csv") download>{t!(i18n, skills.download)}</a>
                    <a class="button secondary" href=move || download("xlsx") download>{t!(i18n, skills.download_xlsx)}</a>
                </p>
            </section>
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || Suspend::new(async move {
                    if let Ok(Some(f)) = flash.await {
                        state.restore(&f, &[]);
                    }
                    let (people, truncated) = match data.await {
                        Ok(report) => (report.people, report.truncated),
                        Err(AppError::SignInRequired) => return view! { <SignInFirst/> }.into_any(),
                        Err(e) => return view! { <p class="error-summary" role="alert">{move || failure_text(i18n.get_locale(), &e)}</p> }.into_any(),
                    };
                    let count = people.len();
                    view! {
                        <section class="card" aria-labelledby="people-heading">
                            <h2 id="people-heading">{t!(i18n, skills.people, count = count)}</h2>
                            <Show when=move || state.succeeded.get()>
                                <p class="notice notice-ok" role="status">{t!(i18n, skills.removed)}</p>
                            </Show>
                            <ErrorSummary state/>
                            {truncated.then(|| view! { <p class="notice" role="status">{move || crate::plural_text!(i18n.get_locale(), skills.truncated, count as u64)}</p> })}
                            {(count == 0).then(|| view! { <p class="muted">{t!(i18n, skills.empty)}</p> })}
                            <ul class="user-list">
                                {people.into_iter().map(|p| {
                                    let name = p.full_name.clone();
                                    let since = p.linked_on.clone();
                                    view! {
                                        <li class="user-item skills-item">
                                            <div class="user-main">
                                                <strong>{p.full_name.clone()}</strong><br/>
                                                <span class="muted">{p.email.clone()} {(!p.mcid.is_empty()).then(|| view! { " · " {t!(i18n, csv.mcid)} " " {p.mcid.clone()} })}</span><br/>
                                                <span class="muted">{move || t_string!(i18n, skills.linked_since, date = crate::text::iso_date_text(i18n.get_locale(), &since)).to_string()}</span>
                                                <ul class="skill-list">
                                                    {p.items.iter().map(|(kind, code, title, passed, extra)| {
                                                        let (kind, code, title, passed, extra) = (kind.clone(), code.clone(), title.clone(), passed.clone(), extra.clone());
                                                        let line = move || {
                                                            let locale = i18n.get_locale();
                                                            let passed = crate::text::iso_date_text(locale, &passed);
                                                            if kind == "certification" {
                                                                let until = if extra.is_empty() { String::new() } else { format!(" → {}", crate::text::iso_date_text(locale, &extra)) };
                                                                format!("{code} {title} · {passed}{until}")
                                                            } else {
                                                                format!("{title} · {passed} · {extra}%")
                                                            }
                                                        };
                                                        view! { <li>{line}</li> }
                                                    }).collect_view()}
                                                </ul>
                                            </div>
                                            <div class="user-actions">
                                                <details>
                                                    <summary>{t!(i18n, skills.remove)}</summary>
                                                    <ActionForm action=remove attr:class="form compact">
                                                        <input type="hidden" name="user_id" value=p.user_id/>
                                                        <p class="hint">{t!(i18n, skills.remove_hint)}</p>
                                                        <button type="submit" class="button danger">{move || t_string!(i18n, skills.remove_named, name = name.clone()).to_string()}</button>
                                                    </ActionForm>
                                                </details>
                                            </div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                    }.into_any()
                })}
            </Suspense>
        </CompanyFrame>
    }
}
