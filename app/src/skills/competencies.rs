//! Competencies (L-9) for Global and Partner admins: each level of the catalogue, met or not,
//! who counts, and what would close the gap or keep it met.

use crate::company::CompanyFrame;
use crate::components::{SignInFirst, TableWrap};
use crate::error::AppError;
use crate::i18n::*;
use crate::text::{date_text, failure_text};
use leptos::prelude::*;
use partnerhub_domain::skills::CompetencyStatus;

/// Each competency level: met or not, who counts, what is missing (L-9), from active links.
#[server(endpoint = "competencies")]
pub async fn competencies() -> Result<Vec<CompetencyStatus>, AppError> {
    use crate::server::*;
    use partnerhub_domain::skills::{evaluate, Certified};
    respond(
        async {
            let admin = user_who_can(partnerhub_domain::Capability::ViewSkills).await?;
            let state = state()?;
            let company = state.store.company_view(admin.company_id).await?.ok_or(AppError::Internal)?;
            partnerhub_domain::roles::unlocked(company.status).map_err(AppError::form)?;
            let people = Certified::group(state.store.linked_certifications(admin.company_id).await?);
            Ok(evaluate(&state.catalogue, &people, chrono::Utc::now().date_naive()))
        }
        .await,
    )
    .await
}

/// What would close a level's gap or keep it met: how many more people with which exams, whom
/// a renewal would count, whom one more exam would count, and who counts only for the next 90
/// days.
fn help_text(locale: Locale, s: &CompetencyStatus) -> String {
    let mut parts = Vec::new();
    if s.missing > 0 {
        let exams = s.level.exams.join(td_string!(locale, competencies.or));
        parts.push(crate::plural_text!(locale, competencies.needs, u32::try_from(s.missing).unwrap_or(u32::MAX), exams = exams));
    }
    if !s.renewable.is_empty() {
        parts.push(td_string!(locale, competencies.renew, names = s.renewable.join(", ")).to_string());
    }
    if !s.one_exam_away.is_empty() {
        let shown = s.one_exam_away.join(", ");
        let others = s.one_exam_away_total.saturating_sub(s.one_exam_away.len());
        let names =
            if others == 0 { shown } else { crate::plural_text!(locale, competencies.and_others, u32::try_from(others).unwrap_or(u32::MAX), names = shown) };
        parts.push(td_string!(locale, competencies.one_exam, names = names).to_string());
    }
    if !s.expiring.is_empty() {
        let list: Vec<String> = s.expiring.iter().map(|(name, exam, last)| format!("{name} ({exam}, {})", date_text(locale, *last))).collect();
        parts.push(td_string!(locale, competencies.expiring, list = list.join("; ")).to_string());
    }
    if parts.is_empty() {
        "—".to_owned()
    } else {
        parts.join(" ")
    }
}

#[component]
pub fn CompetenciesPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| competencies());
    view! {
        <CompanyFrame>
            <header class="page-header">
                <p class="eyebrow">{t!(i18n, menu.label)}</p>
                <h1>{t!(i18n, competencies.title)}</h1>
                <p class="muted">{t!(i18n, competencies.lead)}</p>
            </header>
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || Suspend::new(async move {
                    let levels = match data.await {
                        Ok(l) => l,
                        Err(AppError::SignInRequired) => return view! { <SignInFirst/> }.into_any(),
                        Err(e) => return view! { <p class="notice" role="alert">{move || failure_text(i18n.get_locale(), &e)}</p> }.into_any(),
                    };
                    view! {
                        <section class="card">
                            <TableWrap label=move || t_string!(i18n, table.competencies).to_string()><table class="table">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, competencies.competency)}</th>
                                    <th scope="col">{t!(i18n, competencies.level)}</th>
                                    <th scope="col">{t!(i18n, competencies.status)}</th>
                                    <th scope="col">{t!(i18n, competencies.who)}</th>
                                    <th scope="col">{t!(i18n, competencies.exams)}</th>
                                    <th scope="col">{t!(i18n, competencies.help)}</th>
                                </tr></thead>
                                <tbody>
                                    {levels.into_iter().map(|s| {
                                        let (met, missing, needed) = (s.met, s.missing, s.level.needed);
                                        view! {
                                            <tr>
                                                <td>{let (en, nl) = (s.level.competency.clone(), s.level.competency_nl.clone()); move || if i18n.get_locale() == Locale::nl { nl.clone() } else { en.clone() }}</td>
                                                <td>{let (en, nl) = (s.level.level.clone(), s.level.level_nl.clone()); move || if i18n.get_locale() == Locale::nl { nl.clone() } else { en.clone() }}</td>
                                                <td>{move || if met {
                                                    view! { <span class="badge badge-ok">{t!(i18n, competencies.met)}</span> }.into_any()
                                                } else {
                                                    view! { <span class="badge badge-wait">{t_string!(i18n, competencies.missing, missing = missing, needed = needed).to_string()}</span> }.into_any()
                                                }}</td>
                                                <td>{if s.counted.is_empty() { "—".to_owned() } else { s.counted.join(", ") }}</td>
                                                <td>{s.level.exams.join(", ")}</td>
                                                <td>{let s = s.clone(); move || help_text(i18n.get_locale(), &s)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table></TableWrap>
                        </section>
                    }.into_any()
                })}
            </Suspense>
        </CompanyFrame>
    }
}
