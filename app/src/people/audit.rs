use crate::company::CompanyFrame;
use crate::components::{SignInFirst, TableWrap};
use crate::error::AppError;
use crate::i18n::*;
use crate::text::{audit_action_text, date_text, failure_text, role_text};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
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

/// The company's audit list, newest first (Global admins).
#[server(endpoint = "company_audit")]
pub async fn company_audit() -> Result<Vec<AuditRow>, AppError> {
    use crate::server::*;
    respond(
        async {
            let admin = user_who_can(partnerhub_domain::Capability::ViewAudit).await?;
            let entries = state()?.store.company_audit(admin.company_id, 500).await?;
            Ok(entries.into_iter().map(AuditRow::from).collect())
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

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new(|| (), |_| company_audit());
    view! {
        <CompanyFrame>
            <header class="page-header">
                <h1>{t!(i18n, audit.title)}</h1>
                <p class="muted">{t!(i18n, audit.lead)}</p>
            </header>
            <section class="card">
                <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                    {move || Suspend::new(async move {
                        match rows.await {
                            Ok(rows) => view! { <AuditTable rows/> }.into_any(),
                            Err(AppError::SignInRequired) => view! { <SignInFirst/> }.into_any(),
                            Err(e) => view! { <p class="error-summary" role="alert">{move || failure_text(i18n.get_locale(), &e)}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </CompanyFrame>
    }
}
