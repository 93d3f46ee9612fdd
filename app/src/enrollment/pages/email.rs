use super::{DraftNotice, SubmitButton, WizardPage};
use crate::components::{draft, ErrorSummary, Field, FormState, TextInput};
use crate::enrollment::api::StartEnrollment;
use crate::i18n::*;
use leptos::prelude::*;
use partnerhub_domain::{Problem, Step};

/// Step 1: the work email.
#[component]
pub fn EmailPage() -> impl IntoView {
    view! { <WizardPage step=Step::Email forms="start_enrollment" body=|enrollment, flash| {
        let i18n = use_i18n();
        let state = FormState::new();
        let initial = enrollment.map(|e| e.email).unwrap_or_default();
        let email = Field::new("email", initial, Some(crate::email_policy::check_work_email));
        if let Some(flash) = &flash {
            state.restore(flash, &[email]);
        }
        let action = ServerAction::<StartEnrollment>::new();
        state.follow(action);
        let restored = draft::keep("enroll_email", vec![email]);
        let has_account = move || state.server_problem("email") == Some(Problem::EmailHasAccount);
        view! {
            <h1>{t!(i18n, enroll.email_title)}</h1>
            <p class="lead">{t!(i18n, enroll.email_lead)}</p>
            <DraftNotice restored/>
            <ErrorSummary state/>
            <ActionForm action attr:novalidate=true attr:class="form">
                <TextInput state field=email kind="email" autocomplete="email"
                    label=move || t_string!(i18n, enroll.email_label).to_string()
                    hint=move || t_string!(i18n, enroll.email_hint).to_string()/>
                <Show when=has_account>
                    <p class="inline-action"><a href="/signin" class="button secondary">{t!(i18n, enroll.sign_in_instead)}</a></p>
                </Show>
                <div class="actions">
                    <SubmitButton label=move || t_string!(i18n, enroll.email_submit).to_string() pending=action.pending().into()/>
                </div>
            </ActionForm>
        }
    }/> }
}
