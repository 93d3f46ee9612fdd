//! The company's audit log (L-10) for its Global admins: filters (dates, action, person), a
//! page of 50 entries at a time, and downloads of what the filter matches.

use crate::company::CompanyFrame;
use crate::components::{ErrorSummary, Field, FormState, SignInFirst, TableWrap, TextInput};
use crate::error::AppError;
use crate::i18n::*;
use crate::text::{audit_action_text, date_text, failure_text, problem_text, role_text};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// One audit record as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

#[cfg(feature = "ssr")]
impl From<partnerhub_core::store::AuditEntry> for AuditRow {
    fn from(e: partnerhub_core::store::AuditEntry) -> Self {
        AuditRow { id: e.id, actor: e.actor_name, action: e.action, subject: e.subject, reason: e.reason, at: e.at }
    }
}

/// A page of the audit log: its entries, the filter as an address's query, and the entry
/// the next (older) page starts after, if there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPageView {
    pub rows: Vec<AuditRow>,
    pub query: String,
    pub older: Option<i64>,
}

/// A page of the company's audit log, newest first, narrowed by the filter (Global admins).
#[server(endpoint = "company_audit")]
pub async fn company_audit(
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
    #[server(default)] action: Option<String>,
    #[server(default)] person: Option<String>,
    #[server(default)] before: Option<String>,
) -> Result<AuditPageView, AppError> {
    use crate::server::*;
    use partnerhub_domain::audit::{parse_cursor, AuditFilter, AuditFilterInput, PAGE_SIZE};
    respond(
        async {
            let admin = user_who_can(partnerhub_domain::Capability::ViewAudit).await?;
            let filter = AuditFilter::parse(&AuditFilterInput { from, to, action, person }).map_err(AppError::Refused)?;
            let scope = partnerhub_core::store::AuditScope::Company(admin.company_id);
            let mut entries = state()?.store.audit_page(scope, &filter, parse_cursor(before.as_deref()), PAGE_SIZE as i64 + 1).await?;
            let more = entries.len() > PAGE_SIZE;
            entries.truncate(PAGE_SIZE);
            let older = if more { entries.last().map(|e| e.id) } else { None };
            Ok(AuditPageView { rows: entries.into_iter().map(AuditRow::from).collect(), query: filter.query(), older })
        }
        .await,
    )
    .await
}

/// A table of audit records (the company's list, or the reviewers' decisions).
#[component]
pub fn AuditTable(rows: Vec<AuditRow>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="muted">{t!(i18n, audit.empty)}</p> }.into_any();
    }
    view! {
        <TableWrap label=move || t_string!(i18n, table.audit).to_string()>
            <table class="table">
                <thead><tr>
                    <th scope="col">{t!(i18n, audit.when)}</th>
                    <th scope="col">{t!(i18n, audit.who)}</th>
                    <th scope="col">{t!(i18n, audit.what)}</th>
                    <th scope="col">{t!(i18n, audit.subject)}</th>
                    <th scope="col">{t!(i18n, audit.reason)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let action = r.action.clone();
                        let reason = r.reason.clone().unwrap_or_default();
                        let names_roles = matches!(r.action.as_str(), "user_invited" | "roles_changed");
                        view! {
                            <tr>
                                <td><time datetime=r.at.to_rfc3339()>{move || date_text(i18n.get_locale(), r.at.date_naive())} " " {r.at.format("%H:%M").to_string()}</time></td>
                                <td>{r.actor.clone()}</td>
                                <td>{move || audit_action_text(i18n.get_locale(), &action)}</td>
                                <td>{r.subject.clone()}</td>
                                <td>{move || if names_roles { roles_in(i18n.get_locale(), &reason) } else { reason.clone() }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </TableWrap>
    }.into_any()
}

/// Role lists as recorded (`global_admin, partner_admin → user`), in the reader's language.
fn roles_in(locale: Locale, recorded: &str) -> String {
    let list = |part: &str| {
        part.split(", ")
            .map(|name| match name.trim() {
                "user" => role_text(locale, None),
                other => partnerhub_domain::Role::parse(other).map(|r| role_text(locale, Some(r))).unwrap_or_else(|_| other.to_owned()),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    recorded.split(" → ").map(list).collect::<Vec<_>>().join(" → ")
}

/// The filter form, with the problems of the filter the page was asked with; put in place once
/// the answer is known, so that a page without JavaScript shows them too.
#[component]
fn AuditFilterForm(state: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let field = |name: &'static str| Field::new(name, query.with_untracked(|q| q.get(name).unwrap_or_default()), None);
    let (from, to, person) = (field("from"), field("to"), field("person"));
    let action = RwSignal::new(query.with_untracked(|q| q.get("action").unwrap_or_default()));
    let action_id = state.field_id("action");
    let action_error = format!("{action_id}-error");
    let action_problem = Memo::new(move |_| state.server_problem("action"));
    view! {
        <section class="card" aria-labelledby="audit-filter-heading">
            <h2 id="audit-filter-heading" class="label">{t!(i18n, audit.filter)}</h2>
            <ErrorSummary state/>
            <form method="get" action="/company/audit" class="form filter-row audit-filter">
                <TextInput state field=from kind="date" label=move || t_string!(i18n, audit.from).to_string()/>
                <TextInput state field=to kind="date" label=move || t_string!(i18n, audit.to).to_string()/>
                <div class="field" class:field-invalid=move || action_problem.get().is_some()>
                    <label for=action_id.clone()>{t!(i18n, audit.action)}</label>
                    <select id=action_id.clone() name="action"
                        aria-invalid=move || action_problem.get().is_some().then_some("true")
                        aria-describedby={let error = action_error.clone(); move || action_problem.get().is_some().then(|| error.clone())}
                        on:change=move |ev| { action.set(event_target_value(&ev)); state.clear("action"); }>
                        <option value="" selected=move || action.get().is_empty()>{t!(i18n, audit.any_action)}</option>
                        {partnerhub_domain::audit::ACTIONS.iter().map(|a| {
                            let a = *a;
                            view! { <option value=a selected=move || action.get() == a>{move || audit_action_text(i18n.get_locale(), a)}</option> }
                        }).collect_view()}
                    </select>
                    <Show when=move || action_problem.get().is_some()>
                        <p class="field-error" id=action_error.clone()>
                            {move || action_problem.get().map(|p| problem_text(i18n.get_locale(), &p))}
                        </p>
                    </Show>
                </div>
                <TextInput state field=person kind="search" optional=true label=move || t_string!(i18n, audit.person).to_string()/>
                <div class="actions">
                    <button type="submit" class="button secondary">{t!(i18n, skills.apply)}</button>
                </div>
            </form>
        </section>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let page = Resource::new(
        move || (param("from"), param("to"), param("action"), param("person"), param("before")),
        |(from, to, action, person, before)| company_audit(Some(from), Some(to), Some(action), Some(person), Some(before)),
    );
    view! {
        <CompanyFrame>
            <header class="page-header">
                <p class="eyebrow">{t!(i18n, menu.label)}</p>
                <h1>{t!(i18n, audit.title)}</h1>
                <p class="muted">{t!(i18n, audit.lead)}</p>
            </header>
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || Suspend::new(async move {
                    let result = page.await;
                    let state = FormState::named("audit");
                    let entries = match result {
                        Ok(view) => {
                            state.answer(&Ok::<(), AppError>(()));
                            let with = |path: &str| if view.query.is_empty() { path.to_owned() } else { format!("{path}?{}", view.query) };
                            let (csv, jsonl) = (with("/company/audit.csv"), with("/company/audit.jsonl"));
                            let first = param("before").is_empty();
                            let newest = with("/company/audit");
                            let older = view.older.map(|id| if view.query.is_empty() { format!("/company/audit?before={id}") } else { format!("/company/audit?{}&before={id}", view.query) });
                            view! {
                                <p class="downloads">
                                    <a class="button secondary" href=csv download>{t!(i18n, audit.download_csv)}</a>
                                    <a class="button secondary" href=jsonl download>{t!(i18n, audit.download_jsonl)}</a>
                                </p>
                                <AuditTable rows=view.rows/>
                                <nav class="pager" aria-label=move || t_string!(i18n, audit.pages).to_string()>
                                    {(!first).then(|| view! { <a href=newest.clone()>{t!(i18n, audit.newest)}</a> })}
                                    {older.map(|href| view! { <a href=href rel="next">{t!(i18n, audit.older)}</a> })}
                                </nav>
                            }.into_any()
                        }
                        Err(AppError::Refused(problems)) => {
                            state.answer(&Err::<(), AppError>(AppError::Refused(problems)));
                            view! { <p class="muted">{t!(i18n, audit.fix_filter)}</p> }.into_any()
                        }
                        Err(AppError::SignInRequired) => return view! { <SignInFirst/> }.into_any(),
                        Err(e) => return view! { <p class="error-summary" role="alert">{move || failure_text(i18n.get_locale(), &e)}</p> }.into_any(),
                    };
                    view! {
                        <AuditFilterForm state/>
                        <section class="card" aria-labelledby="audit-entries-heading">
                            <h2 id="audit-entries-heading" class="visually-hidden">{t!(i18n, audit.entries)}</h2>
                            {entries}
                        </section>
                    }.into_any()
                })}
            </Suspense>
        </CompanyFrame>
    }
}
