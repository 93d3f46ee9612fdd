use super::{SubmitButton, WizardPage};
use crate::components::{ErrorSummary, Field, FormState, TextInput};
use crate::enrollment::api::{ResendCode, VerifyCode};
use crate::i18n::*;
use leptos::prelude::*;
use partnerhub_domain::{Step, VerificationCode};

/// Step 2: the emailed code, and "send a new code".
#[component]
pub fn CodePage() -> impl IntoView {
    view! { <WizardPage step=Step::Code forms="verify_code,resend_code" body=|enrollment, flash| {
        let i18n = use_i18n();
        let email = enrollment.map(|e| e.email).unwrap_or_default();
        let verify_state = FormState::new();
        let resend_state = FormState::new();
        let code = Field::new("code", String::new(), Some(|s| VerificationCode::parse(s).map(|_| ())));
        match &flash {
            Some(f) if f.form == "resend_code" => resend_state.restore(f, &[]),
            Some(f) => verify_state.restore(f, &[code]),
            None => {}
        }
        let verify = ServerAction::<VerifyCode>::new();
        let resend = ServerAction::<ResendCode>::new();
        verify_state.follow(verify);
        resend_state.follow(resend);
        view! {
            <h1>{t!(i18n, enroll.code_title)}</h1>
            <p class="lead">{t!(i18n, enroll.code_lead, email = email.clone())}</p>
            <ErrorSummary state=verify_state/>
            <ErrorSummary state=resend_state/>
            <Show when=move || resend_state.succeeded.get()>
                <p class="notice" role="status">{t!(i18n, enroll.code_resent)}</p>
            </Show>
            <ActionForm action=verify attr:novalidate=true attr:class="form">
                <TextInput state=verify_state field=code autocomplete="one-time-code" inputmode="numeric"
                    label=move || t_string!(i18n, enroll.code_label).to_string()/>
                <div class="actions">
                    <SubmitButton label=move || t_string!(i18n, enroll.code_submit).to_string() pending=verify.pending().into()/>
                </div>
            </ActionForm>
            <div class="secondary-actions">
                <ActionForm action=resend attr:class="inline-form">
                    <button type="submit" class="button link" disabled=move || resend.pending().get()>
                        {t!(i18n, enroll.code_resend)}
                    </button>
                </ActionForm>
                <a href=Step::Email.path() class="button link">{t!(i18n, enroll.code_other_email)}</a>
            </div>
        }
    }/> }
}
