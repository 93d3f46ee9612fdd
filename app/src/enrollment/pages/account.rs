use super::{SubmitButton, WizardPage};
use crate::components::{draft, ErrorSummary, Field, FormState, TextInput};
use crate::enrollment::api::SaveAccount;
use crate::i18n::*;
use leptos::prelude::*;
use partnerhub_domain::{Password, PersonName, Problem, Step};

/// Step 3: the enroller's name and password.
#[component]
pub fn AccountPage() -> impl IntoView {
    view! { <WizardPage step=Step::Account forms="save_account" body=|enrollment, flash| {
        let i18n = use_i18n();
        let state = FormState::new();
        let email = enrollment.as_ref().map(|e| e.email.clone()).unwrap_or_default();
        let full_name = Field::new(
            "full_name",
            enrollment.and_then(|e| e.full_name).unwrap_or_default(),
            Some(|s| PersonName::parse(s).map(|_| ())),
        );
        let password = Field::new("password", String::new(), Some(|s| Password::parse(s).map(|_| ())));
        let repeat = Field::new("password_repeat", String::new(), None);
        if let Some(flash) = &flash {
            state.restore(flash, &[full_name]);
        }
        let mismatch = Signal::derive(move || {
            Password::parse_confirmed(&password.value.get(), &repeat.value.get())
                .err()
                .filter(|(field, _)| *field == "password_repeat")
                .map(|(_, p): (&str, Problem)| p)
        });
        let action = ServerAction::<SaveAccount>::new();
        state.follow(action);
        let restored = draft::keep("enroll_account", vec![full_name]);
        view! {
            <h1>{t!(i18n, enroll.account_title)}</h1>
            <p class="lead">{t!(i18n, enroll.account_lead, email = email.clone())}</p>
            <super::DraftNotice restored/>
            <ErrorSummary state/>
            <ActionForm action attr:novalidate=true attr:class="form">
                <TextInput state field=full_name autocomplete="name"
                    label=move || t_string!(i18n, enroll.full_name).to_string()/>
                <TextInput state field=password kind="password" autocomplete="new-password"
                    label=move || t_string!(i18n, enroll.password).to_string()
                    hint=move || t_string!(i18n, enroll.password_hint).to_string()/>
                <TextInput state field=repeat kind="password" autocomplete="new-password" also=mismatch
                    label=move || t_string!(i18n, enroll.password_repeat).to_string()/>
                <div class="actions">
                    <SubmitButton label=move || t_string!(i18n, form.save_continue).to_string() pending=action.pending().into()/>
                </div>
            </ActionForm>
        }
    }/> }
}
