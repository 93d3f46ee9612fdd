use super::{DraftNotice, SubmitButton, WizardPage};
use crate::components::{draft, AddressFields, AddressInputs, ErrorSummary, Field, FormState, TextInput};
use crate::enrollment::api::{lookup_duns, SaveCompany};
use crate::enrollment::{DirectoryMatch, EnrollmentView};
use crate::flash::Flash;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use partnerhub_domain::company::AddressInput;
use partnerhub_domain::{CompanySource, Duns, LegalName, Problem, Step};

/// Step 4: legal details by DUNS lookup (`?mode=duns&duns=…`) or by hand (`?mode=manual`).
/// Both the lookup and the tabs are plain links and GET forms, so they work without JavaScript.
#[component]
pub fn CompanyPage() -> impl IntoView {
    view! { <WizardPage step=Step::Company forms="save_company" body=|enrollment, flash| {
        view! { <CompanyStep enrollment flash/> }
    }/> }
}

#[component]
fn CompanyStep(enrollment: Option<EnrollmentView>, flash: Option<Flash>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let saved = enrollment.and_then(|e| e.company);
    let saved_manual = saved.as_ref().map(|c| c.source == CompanySource::Manual).unwrap_or(false);
    let mode = Memo::new(move |_| match query.with(|q| q.get("mode")).as_deref() {
        Some("manual") => "manual",
        Some("duns") => "duns",
        _ if saved_manual => "manual",
        _ => "duns",
    });
    let duns_query = Memo::new(move |_| query.with(|q| q.get("duns")).filter(|d| !d.trim().is_empty()));
    let lookup = Resource::new(
        move || duns_query.get(),
        |duns| async move {
            match duns {
                Some(duns) => Some(lookup_duns(duns).await),
                None => None,
            }
        },
    );
    let tab = move |which: &'static str, label: &'static str| {
        let href = format!("{}?mode={which}", Step::Company.path());
        view! {
            <a href=href class="tab" class:tab-active=move || mode.get() == which
               aria-current=move || (mode.get() == which).then_some("page")>{label}</a>
        }
    };
    view! {
        <h1>{t!(i18n, enroll.company_title)}</h1>
        <p class="lead">{t!(i18n, enroll.company_lead)}</p>
        <nav class="tabs" aria-label=move || t_string!(i18n, enroll.mode_label)>
            {move || tab("duns", t_string!(i18n, enroll.mode_duns))}
            {move || tab("manual", t_string!(i18n, enroll.mode_manual))}
        </nav>
        <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
            {move || {
                let saved = saved.clone();
                let flash = flash.clone();
                let mode = mode.get();
                Suspend::new(async move {
                    let found = lookup.await;
                    view! { <CompanyForms mode found saved flash duns_query=duns_query.get_untracked()/> }
                })
            }}
        </Suspense>
    }
}

#[component]
fn CompanyForms(
    mode: &'static str,
    found: Option<Result<DirectoryMatch, crate::error::AppError>>,
    saved: Option<partnerhub_domain::CompanyDetails>,
    flash: Option<Flash>,
    duns_query: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let by_duns = mode == "duns";
    let lookup_state = FormState::new();
    let state = FormState::new();
    if let Some(Err(e)) = &found {
        lookup_state.answer::<()>(&Err(e.clone()));
    }
    let matched = found.and_then(|r| r.ok());
    // Initial values: the directory match, else what was saved, else nothing; a flash wins.
    let initial: (String, String, AddressInput) = match (&matched, &saved) {
        (Some(m), _) if by_duns => (m.duns.clone(), m.legal_name.clone(), m.address.clone()),
        (_, Some(c)) if (c.source == CompanySource::Duns) == by_duns => {
            let a = &c.address;
            (
                c.duns.as_ref().map(|d| d.formatted()).unwrap_or_default(),
                c.legal_name.as_str().to_owned(),
                AddressInput {
                    country: a.country.clone(),
                    line1: a.line1.clone(),
                    line2: a.line2.clone().unwrap_or_default(),
                    city: a.city.clone(),
                    region: a.region.clone().unwrap_or_default(),
                    postal_code: a.postal_code.clone(),
                },
            )
        }
        _ => (duns_query.clone().unwrap_or_default(), String::new(), AddressInput::default()),
    };
    let (duns_value, name_value, address) = initial;
    let has_details = !by_duns || matched.is_some() || !name_value.is_empty() || flash.is_some();
    let duns = Field::new("duns", duns_value, Some(|s| Duns::parse(s).map(|_| ())));
    let legal_name = Field::new("legal_name", name_value, Some(|s| LegalName::parse(s).map(|_| ())));
    let address = AddressFields::new(address);
    let [country, line1, line2, city, region, postal] = address.all();
    let fields = [legal_name, country, line1, line2, city, region, postal];
    if let Some(flash) = &flash {
        state.restore(flash, &fields);
        if let Some(d) = flash.value("duns") {
            duns.value.set(d);
        }
    }
    let action = ServerAction::<SaveCompany>::new();
    state.follow(action);
    let restored = if by_duns { signal(false).0 } else { draft::keep("enroll_company", fields.to_vec()) };
    let duplicate_in = |state: FormState| move || state.problems.with(|ps| ps.iter().any(|p| p.problem == Problem::CompanyDuplicate));
    let duplicate = duplicate_in(state);
    let lookup_duns_field = duns;
    view! {
        {by_duns.then(|| view! {
            <ErrorSummary state=lookup_state/>
            <Show when=duplicate_in(lookup_state)>
                <p class="help">{t!(i18n, enroll.duplicate_help)} " " <a href="/signin">{t!(i18n, nav.sign_in)}</a></p>
            </Show>
            <form method="get" action=Step::Company.path() class="form lookup" novalidate>
                <input type="hidden" name="mode" value="duns"/>
                <div class="lookup-row">
                    <TextInput state=lookup_state field=lookup_duns_field inputmode="numeric"
                        label=move || t_string!(i18n, enroll.duns_label).to_string()
                        hint=move || t_string!(i18n, enroll.duns_hint).to_string()/>
                    <button type="submit" class="button secondary">{t!(i18n, enroll.duns_lookup)}</button>
                </div>
            </form>
        })}
        {matched.is_some().then(|| view! { <p class="notice" role="status">{t!(i18n, enroll.duns_found)}</p> })}
        {has_details.then(|| view! {
            <DraftNotice restored/>
            <ErrorSummary state/>
            <Show when=duplicate>
                <p class="help">{t!(i18n, enroll.duplicate_help)} " " <a href="/signin">{t!(i18n, nav.sign_in)}</a></p>
            </Show>
            <ActionForm action attr:novalidate=true attr:class="form">
                <input type="hidden" name="mode" value=mode/>
                {by_duns.then(|| view! { <input type="hidden" name="duns" value=move || duns.value.get()/> })}
                <TextInput state field=legal_name autocomplete="organization"
                    label=move || t_string!(i18n, enroll.legal_name).to_string()/>
                <AddressInputs state fields=address/>
                <div class="actions">
                    <a href=Step::Account.path() class="button link">{t!(i18n, form.back)}</a>
                    <SubmitButton label=move || t_string!(i18n, form.save_continue).to_string() pending=action.pending().into()/>
                </div>
            </ActionForm>
        })}
    }
}
