//! The "My profile" page: the link to the company, the certification profile, its
//! certifications and link history, and Partner University access.

use super::*;
use crate::components::SignInFirst;
use crate::components::{ErrorSummary, Field, FormState, TableWrap, TextInput};
use crate::error::AppError;
use crate::flash::{take_flash, Flash};
use crate::i18n::*;
use crate::text::{date_text, failure_text, instant_date_text};
use chrono::Utc;
use leptos::prelude::*;

const FORMS: &str = "associate_profile,remove_access,university_access,remove_university,associate_shared";

#[component]
pub fn MyProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let associate = ServerAction::<AssociateProfile>::new();
    let remove = ServerAction::<RemoveAccess>::new();
    let university = ServerAction::<UniversityAccess>::new();
    let remove_uni = ServerAction::<RemoveUniversity>::new();
    let shared = ServerAction::<AssociateShared>::new();
    let data = Resource::new(
        move || (associate.version().get(), remove.version().get(), university.version().get(), remove_uni.version().get(), shared.version().get()),
        |_| my_profile(),
    );
    let flash = Resource::new(|| (), |_| take_flash(FORMS.into()));
    let link_state = FormState::new();
    let uni_state = FormState::named("university");
    link_state.follow(associate);
    link_state.follow(remove);
    link_state.follow(shared);
    uni_state.follow(university);
    uni_state.follow(remove_uni);
    let checking = RwSignal::new(false);
    let email = Field::new("email", String::new(), Some(|s| partnerhub_domain::email::parse_address(s).map(|_| ())));
    let password = Field::new("password", String::new(), None);
    let uni_email = Field::new("email", String::new(), Some(|s| partnerhub_domain::email::parse_address(s).map(|_| ())));
    let uni_password = Field::new("password", String::new(), None);
    // A password is never left in the page once it has done its work.
    for (state, field) in [(link_state, password), (uni_state, uni_password)] {
        Effect::new(move |_| {
            if state.succeeded.get() {
                field.value.set(String::new());
            }
        });
    }
    view! {
        <div class="page">
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || Suspend::new(async move {
                    let flash: Option<Flash> = flash.await.ok().flatten();
                    if let Some(f) = &flash {
                        if f.form.starts_with("university") || f.form == "remove_university" {
                            uni_state.restore(f, &[uni_email]);
                        } else {
                            link_state.restore(f, &[email]);
                            checking.set(f.value("intent").as_deref() == Some("check"));
                        }
                    }
                    let v = match data.await {
                        Ok(v) => v,
                        Err(AppError::SignInRequired) => return view! { <SignInFirst/> }.into_any(),
                        Err(e) => return view! { <p class="error-summary" role="alert">{move || failure_text(i18n.get_locale(), &e)}</p> }.into_any(),
                    };
                    let company = v.company_name.clone();
                    let next = v.next_available;
                    let can_now = next <= Utc::now();
                    let authorized = v.company_authorized;
                    let linked = v.linked.clone();
                    // The same rule as the server, decided here from the profile's history: when
                    // the next link is possible and why, said plainly before anything is sent
                    // (the refusal's own words are for a refused link).
                    let starts: Vec<_> = v.history.iter().map(|h| h.started_at).collect();
                    let waiting = partnerhub_domain::linking::may_link(&starts, Utc::now()).err().filter(|_| v.profile.is_some());
                    let shared_email = v.university.as_ref().and_then(|u| u.shared_profile_email.clone()).filter(|_| !v.linked_here);
                    view! {
                        <header class="page-header">
                            <p class="eyebrow">{company.clone()}</p>
                            <h1>{t!(i18n, me.title)}</h1>
                            <p class="muted">{t!(i18n, me.lead)}</p>
                        </header>
                        {(!v.company_authorized).then(|| view! { <p class="notice">{t!(i18n, me.locked)}</p> })}
                        <section class="card" aria-labelledby="link-heading">
                            <h2 id="link-heading">{t!(i18n, me.link_title)}</h2>
                            <Show when=move || link_state.succeeded.get()>
                                <p class="notice notice-ok" role="status">
                                    {move || if checking.get() { t_string!(i18n, me.may_link_now).to_string() } else { t_string!(i18n, me.saved).to_string() }}
                                </p>
                            </Show>
                            <ErrorSummary state=link_state/>
                            <div class="status-grid">
                                <div>
                                    <h3 class="label">{t!(i18n, me.linked_to)}</h3>
                                    <p class="link-state">{match linked.clone() {
                                        Some((name, since)) => view! { <strong>{name}</strong> " " <span class="muted">{move || t_string!(i18n, me.since, date = date_text(i18n.get_locale(), since.date_naive())).to_string()}</span> }.into_any(),
                                        None => view! { <span>{t!(i18n, me.not_linked)}</span> }.into_any(),
                                    }}</p>
                                </div>
                                <div>
                                    <h3 class="label">{t!(i18n, me.this_year_label)}</h3>
                                    <p>{move || t_string!(i18n, me.this_year, n = v.links_this_year).to_string()}</p>
                                    <h3 class="label">{t!(i18n, me.next_label)}</h3>
                                    <p>{move || match (authorized, can_now) {
                                        (false, _) => t_string!(i18n, me.next_after_authorization).to_string(),
                                        (true, true) => t_string!(i18n, me.next_now).to_string(),
                                        (true, false) => instant_date_text(i18n.get_locale(), &next.to_rfc3339()),
                                    }}</p>
                                </div>
                            </div>
                            {v.linked_here.then(|| view! {
                                <ActionForm action=remove attr:class="inline-form">
                                    <button type="submit" class="button secondary">{t!(i18n, me.remove_access)}</button>
                                </ActionForm>
                            })}
                            {shared_email.map(|address| view! {
                                <ActionForm action=shared attr:class="inline-form">
                                    <button type="submit" class="button primary">{move || t_string!(i18n, me.use_shared, email = address.clone()).to_string()}</button>
                                </ActionForm>
                            })}
                            <h3>{t!(i18n, me.associate_title)}</h3>
                            <p class="muted">{t!(i18n, me.associate_lead)}</p>
                            {waiting.map(|p| view! { <p class="notice" id="link-rule">{move || next_link_text(i18n, &p)}</p> })}
                            <ActionForm action=associate attr:novalidate=true attr:class="form">
                                <fieldset class="plain" disabled=!v.company_authorized>
                                    <legend class="visually-hidden">{t!(i18n, me.associate_title)}</legend>
                                    <TextInput state=link_state field=email kind="email" autocomplete="off"
                                        label=move || t_string!(i18n, me.profile_email).to_string()/>
                                    <TextInput state=link_state field=password kind="password" autocomplete="off"
                                        label=move || t_string!(i18n, me.profile_password).to_string()/>
                                    <div class="actions">
                                        <button type="submit" name="intent" value="check" class="button secondary" on:click=move |_| checking.set(true)>
                                            {t!(i18n, me.check)}
                                        </button>
                                        <button type="submit" name="intent" value="link" class="button primary" on:click=move |_| checking.set(false)>
                                            {t!(i18n, me.associate)}
                                        </button>
                                    </div>
                                </fieldset>
                            </ActionForm>
                        </section>
                        {v.profile.clone().map(|(mcid, name, address)| view! {
                            <section class="card" aria-labelledby="certs-heading">
                                <h2 id="certs-heading">{t!(i18n, me.certifications_title)}</h2>
                                <p class="muted">{name} " · " {address} " · " {t!(i18n, csv.mcid)} " " {mcid}</p>
                                {
                                    let expiring = v.certifications.iter().filter(|c| c.expires_in.is_some()).count() as u32;
                                    (expiring > 0).then(|| view! {
                                        <p class="notice notice-wait" id="expiring-notice">{move || crate::plural_text!(i18n.get_locale(), me.expiring, expiring)}</p>
                                    })
                                }
                                <TableWrap label=move || t_string!(i18n, table.certifications).to_string()><table class="table">
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, me.exam)}</th>
                                        <th scope="col">{t!(i18n, me.exam_title)}</th>
                                        <th scope="col">{t!(i18n, me.passed)}</th>
                                        <th scope="col">{t!(i18n, me.expires)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {v.certifications.iter().map(|c| {
                                            let (passed, expires, expires_in) = (c.passed_on.clone(), c.expires_on.clone(), c.expires_in);
                                            view! {
                                                <tr><td>{c.exam.clone()}</td><td>{c.title.clone()}</td>
                                                    <td>{move || crate::text::iso_date_text(i18n.get_locale(), &passed)}</td>
                                                    <td>
                                                        {move || expires.as_deref().map(|e| crate::text::iso_date_text(i18n.get_locale(), e)).unwrap_or_else(|| "—".into())}
                                                        {expires_in.map(|days| view! { " " <span class="badge badge-wait">{move || crate::text::expires_in_text(i18n.get_locale(), days)}</span> })}
                                                    </td></tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table></TableWrap>
                                <h3>{t!(i18n, me.history_title)}</h3>
                                <ul class="history">
                                    {v.history.iter().map(|h| {
                                        let h = h.clone();
                                        view! { <li>{move || history_text(i18n, &h)}</li> }
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        <section class="card" aria-labelledby="university-heading">
                            <h2 id="university-heading">{t!(i18n, me.university_title)}</h2>
                            <Show when=move || uni_state.succeeded.get()>
                                <p class="notice notice-ok" role="status">{t!(i18n, me.saved)}</p>
                            </Show>
                            <ErrorSummary state=uni_state/>
                            {match v.university.clone() {
                                Some(u) => view! {
                                    <p>{t!(i18n, me.university_linked, email = u.email.clone())}</p>
                                    <ul>
                                        {u.assessments.iter().map(|(course, passed, score)| view! { <li>{course.clone()} " · " {passed.clone()} " · " {*score} "%"</li> }).collect_view()}
                                    </ul>
                                    <ActionForm action=remove_uni attr:class="inline-form">
                                        <button type="submit" class="button secondary">{t!(i18n, me.remove_university)}</button>
                                    </ActionForm>
                                }.into_any(),
                                None => view! {
                                    <ActionForm action=university attr:novalidate=true attr:class="form">
                                        <TextInput state=uni_state field=uni_email kind="email" autocomplete="off"
                                            label=move || t_string!(i18n, me.university_email).to_string()/>
                                        <TextInput state=uni_state field=uni_password kind="password" autocomplete="off"
                                            label=move || t_string!(i18n, me.university_password).to_string()/>
                                        <div class="actions">
                                            <button type="submit" class="button primary">{t!(i18n, me.university_submit)}</button>
                                        </div>
                                    </ActionForm>
                                }.into_any(),
                            }}
                        </section>
                    }.into_any()
                })}
            </Suspense>
        </div>
    }
}

/// When the next link is possible and which rule says so, in a plain sentence.
fn next_link_text(i18n: leptos_i18n::I18nContext<Locale>, wait: &partnerhub_domain::Problem) -> String {
    use partnerhub_domain::Problem;
    match wait {
        Problem::LinkCooldown { next_at } => t_string!(i18n, me.next_cooldown, date = instant_date_text(i18n.get_locale(), next_at)).to_string(),
        Problem::LinkYearlyLimit { next_at } => t_string!(i18n, me.next_yearly, date = instant_date_text(i18n.get_locale(), next_at)).to_string(),
        other => crate::text::problem_text(i18n.get_locale(), other),
    }
}

fn history_text(i18n: leptos_i18n::I18nContext<Locale>, h: &HistoryRow) -> String {
    let locale = i18n.get_locale();
    let started = date_text(locale, h.started_at.date_naive());
    match (h.ended_at, h.end_reason.as_deref()) {
        (None, _) => t_string!(i18n, me.history_active, company = h.company_name.clone(), from = started).to_string(),
        (Some(end), reason) => {
            let reason = match reason {
                Some("moved") => t_string!(i18n, me.reason_moved),
                Some("unlinked") => t_string!(i18n, me.reason_unlinked),
                Some("removed by admin") => t_string!(i18n, me.reason_removed),
                _ => t_string!(i18n, me.reason_deleted),
            };
            t_string!(
                i18n,
                me.history_ended,
                company = h.company_name.clone(),
                from = started,
                to = date_text(locale, end.date_naive()),
                reason = reason.to_string()
            )
            .to_string()
        }
    }
}
