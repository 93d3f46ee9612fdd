use super::{DraftNotice, SubmitButton, WizardPage};
use crate::components::{draft, ErrorSummary, Field, FormState, TextInput};
use crate::enrollment::api::SaveContact;
use crate::i18n::*;
use leptos::prelude::*;
use partnerhub_domain::{PersonName, Step};

/// Step 5: the primary contact.
#[component]
pub fn ContactPage() -> impl IntoView {
    view! { <WizardPage step=Step::Contact forms="save_contact" body=|enrollment, flash| {
        let i18n = use_i18n();
        let state = FormState::new();
        let me_name = enrollment.as_ref().and_then(|e| e.full_name.clone()).unwrap_or_default();
        let me_email = enrollment.as_ref().map(|e| e.email.clone()).unwrap_or_default();
        let saved = enrollment.and_then(|e| e.contact);
        let other = saved.as_ref().filter(|c| !c.is_self);
        let who = RwSignal::new(match &saved {
            Some(c) if !c.is_self => "other".to_string(),
            _ => "me".to_string(),
        });
        let name = Field::new("contact_name", other.map(|c| c.name.as_str().to_owned()).unwrap_or_default(),
            Some(|s| PersonName::parse(s).map(|_| ())));
        let email = Field::new("contact_email", other.map(|c| c.email.as_str().to_owned()).unwrap_or_default(),
            Some(crate::email_policy::check_work_email));
        if let Some(flash) = &flash {
            state.restore(flash, &[name, email]);
            if let Some(w) = flash.value("who").filter(|w| !w.is_empty()) {
                who.set(w);
            }
        }
        let action = ServerAction::<SaveContact>::new();
        state.follow(action);
        let restored = draft::keep("enroll_contact", vec![name, email]);
        // A choice made before the page became interactive shows its fields.
        #[cfg(feature = "hydrate")]
        if let Some(chosen) = crate::components::typed_before_hydration::take("radio:who") {
            Effect::new(move |_| who.set(chosen.clone()));
        }
        let radio = move |value: &'static str, label: String| {
            let id = format!("who-{value}");
            view! {
                <div class="radio">
                    <input type="radio" id=id.clone() name="who" value=value
                        checked=move || who.get() == value
                        on:change=move |_| who.set(value.to_string())/>
                    <label for=id>{label}</label>
                </div>
            }
        };
        let (me_name2, me_email2) = (me_name.clone(), me_email.clone());
        view! {
            <h1>{t!(i18n, enroll.contact_title)}</h1>
            <p class="lead">{t!(i18n, enroll.contact_lead)}</p>
            <DraftNotice restored/>
            <ErrorSummary state/>
            <ActionForm action attr:novalidate=true attr:class="form">
                <fieldset class="choice">
                    <legend>{t!(i18n, enroll.contact_who)}</legend>
                    {move || radio("me", t_string!(i18n, enroll.contact_me, name = me_name2.clone(), email = me_email2.clone()).to_string())}
                    {move || radio("other", t_string!(i18n, enroll.contact_other).to_string())}
                </fieldset>
                <div class="other-contact">
                    <TextInput state field=name autocomplete="off"
                        label=move || t_string!(i18n, enroll.contact_name).to_string()/>
                    <TextInput state field=email kind="email" autocomplete="off"
                        label=move || t_string!(i18n, enroll.contact_email).to_string()/>
                </div>
                <div class="actions">
                    <a href=Step::Company.path() class="button link">{t!(i18n, form.back)}</a>
                    <SubmitButton label=move || t_string!(i18n, form.save_continue).to_string() pending=action.pending().into()/>
                </div>
            </ActionForm>
        }
    }/> }
}
