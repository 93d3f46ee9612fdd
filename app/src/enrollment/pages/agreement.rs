use super::{SubmitButton, WizardPage};
use crate::components::{field_id, ErrorSummary, FormState};
use crate::enrollment::api::CompleteEnrollment;
use crate::i18n::*;
use crate::text::problem_text;
use leptos::prelude::*;
use partnerhub_domain::country::country_name;
use partnerhub_domain::enrollment::CURRENT_AGREEMENT_VERSION;
use partnerhub_domain::Step;

use crate::agreement::agreement_text;

/// A checkbox whose problem is tied to it.
#[component]
fn Checkbox(state: FormState, name: &'static str, #[prop(into)] label: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let id = field_id(name);
    let error_id = format!("{id}-error");
    let problem = Memo::new(move |_| state.server_problem(name));
    view! {
        <div class="checkbox" class:field-invalid=move || problem.get().is_some()>
            <input type="checkbox" id=id.clone() name=name value="yes"
                aria-invalid=move || problem.get().is_some().then_some("true")
                aria-describedby={let e = error_id.clone(); move || problem.get().is_some().then(|| e.clone())}
                on:change=move |_| state.clear(name)/>
            <label for=id>{label}</label>
            <Show when=move || problem.get().is_some()>
                <p class="field-error" id=error_id.clone()>{move || problem.get().map(|p| problem_text(i18n.get_locale(), &p))}</p>
            </Show>
        </div>
    }
}

/// Step 6: summary, the agreement, authority and acceptance.
#[component]
pub fn AgreementPage() -> impl IntoView {
    view! { <WizardPage step=Step::Agreement forms="complete_enrollment" body=|enrollment, flash| {
        let i18n = use_i18n();
        let state = FormState::new();
        if let Some(flash) = &flash {
            state.restore(flash, &[]);
        }
        let action = ServerAction::<CompleteEnrollment>::new();
        state.follow(action);
        let company = enrollment.as_ref().and_then(|e| e.company.clone());
        let contact = enrollment.as_ref().and_then(|e| e.contact.clone());
        let company_name = company.as_ref().map(|c| c.legal_name.as_str().to_owned()).unwrap_or_default();
        let address = company.as_ref().map(|c| {
            let a = &c.address;
            (a.line1.clone(), a.line2.clone(), format!("{} {}", a.postal_code, a.city), a.country.clone())
        });
        view! {
            <h1>{t!(i18n, enroll.agreement_title)}</h1>
            <h2 class="section-title">{t!(i18n, enroll.summary)}</h2>
            <dl class="summary">
                <div>
                    <dt>{t!(i18n, enroll.summary_company)}</dt>
                    <dd>
                        <strong>{company_name.clone()}</strong>
                        {address.map(|(l1, l2, city, country)| view! {
                            <br/>{l1}{l2.map(|l| view! { <br/>{l} })}<br/>{city}<br/>
                            {move || country_name(&country, i18n.get_locale() == Locale::nl).unwrap_or_default()}
                        })}
                        {company.as_ref().and_then(|c| c.duns.as_ref()).map(|d| view! { <br/>{t!(i18n, company.duns)} " " {d.formatted()} })}
                    </dd>
                    <dd class="change"><a href=Step::Company.path()>{t!(i18n, enroll.change)}</a></dd>
                </div>
                <div>
                    <dt>{t!(i18n, enroll.summary_contact)}</dt>
                    <dd>{contact.map(|c| view! { {c.name.as_str().to_owned()} <br/> {c.email.as_str().to_owned()} })}</dd>
                    <dd class="change"><a href=Step::Contact.path()>{t!(i18n, enroll.change)}</a></dd>
                </div>
            </dl>
            <h2 class="section-title">{t!(i18n, enroll.agreement_version, version = CURRENT_AGREEMENT_VERSION)}</h2>
            <p>{t!(i18n, enroll.agreement_lead, company = company_name.clone())}</p>
            <div class="agreement" tabindex="0" role="region" aria-label=move || t_string!(i18n, enroll.agreement_title)>
                {move || agreement_text(i18n.get_locale()).split("\n\n").map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}
            </div>
            <ErrorSummary state/>
            <ActionForm action attr:novalidate=true attr:class="form">
                <input type="hidden" name="version" value=CURRENT_AGREEMENT_VERSION/>
                <Checkbox state name="authority" label=move || t_string!(i18n, enroll.authority).to_string()/>
                <Checkbox state name="accept" label=move || t_string!(i18n, enroll.accept).to_string()/>
                <div class="actions">
                    <a href=Step::Contact.path() class="button link">{t!(i18n, form.back)}</a>
                    <SubmitButton label=move || t_string!(i18n, enroll.enroll_now).to_string() pending=action.pending().into()/>
                </div>
            </ActionForm>
        }
    }/> }
}
