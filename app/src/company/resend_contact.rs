use crate::components::{ErrorSummary, Field, FormState, TextInput};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use partnerhub_domain::{PersonName, Problem};

/// The primary contact's link again (E-8), while the company waits for the contact: to the
/// same contact, or to a corrected one when both `contact_name` and `contact_email` are given.
/// The old link stops working. Global and Account admins; mail limits apply.
#[server(endpoint = "resend_contact_link")]
pub async fn resend_contact_link(#[server(default)] contact_name: Option<String>, #[server(default)] contact_email: Option<String>) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_domain::{Capability, FieldProblem};
    let (name, email) = (contact_name.unwrap_or_default(), contact_email.unwrap_or_default());
    let values = vec![("contact_name", name.clone()), ("contact_email", email.clone())];
    with_flash("resend_contact_link", values, true, async move {
        let admin = user_who_can(Capability::EditProfile).await?;
        let state = state()?;
        let new_contact = if name.trim().is_empty() && email.trim().is_empty() {
            None
        } else {
            match (PersonName::parse(&name), state.config.email_policy.parse(&email)) {
                (Ok(n), Ok(e)) => Some((n, e)),
                (n, e) => {
                    let mut problems: Vec<FieldProblem> = Vec::new();
                    problems.extend(n.err().map(|p| FieldProblem::field("contact_name", p)));
                    problems.extend(e.err().map(|p| FieldProblem::field("contact_email", p)));
                    return Err(AppError::Refused(problems));
                }
            }
        };
        let now = chrono::Utc::now();
        let token = partnerhub_core::credentials::new_token();
        let contact = new_contact.as_ref().map(|(n, e)| (n.as_str(), e.as_str()));
        let to = state.store.renew_contact_link(&admin, contact, &token, now).await?;
        state.store.claim_mail(admin.company_id, &to.email, "primary_contact", now).await?;
        let url = link(&state, &format!("/contact/verify?token={token}"));
        let locale = crate::text::locale_from_tag(&to.locale);
        let mail = crate::enrollment::mail::contact_mail(locale, &to.email, &to.name, &admin.full_name, &to.company_name, &url);
        if let Err(e) = send_mail(&state, mail).await {
            let _ = state.store.contact_mail_failed(admin.company_id).await;
            return Err(e);
        }
        Ok(())
    })
    .await
}

/// An optional field: empty is fine, anything typed must parse.
fn optional(check: fn(&str) -> Result<(), Problem>, value: &str) -> Result<(), Problem> {
    if value.trim().is_empty() {
        Ok(())
    } else {
        check(value)
    }
}

/// While the company waits for its primary contact: who was asked, whether the mail went out,
/// and the form to send the link again or to a corrected contact.
#[component]
pub fn ContactWaiting(name: String, email: String, mail_failed: bool, flash: Option<crate::flash::Flash>) -> impl IntoView {
    let i18n = use_i18n();
    let state = FormState::new();
    let contact_name = Field::new("contact_name", String::new(), Some(|s| optional(|v| PersonName::parse(v).map(|_| ()), s)));
    let contact_email = Field::new("contact_email", String::new(), Some(|s| optional(crate::email_policy::check_work_email, s)));
    if let Some(f) = &flash {
        state.restore(f, &[contact_name, contact_email]);
    }
    let action = ServerAction::<ResendContactLink>::new();
    state.follow(action);
    view! {
        <section class="card" aria-labelledby="contact-waiting-heading">
            <h2 id="contact-waiting-heading">{t!(i18n, company.contact_waiting_title)}</h2>
            <p>{move || t_string!(i18n, company.contact_waiting_lead, name = name.clone(), email = email.clone()).to_string()}</p>
            {(mail_failed && flash.is_none()).then(|| view! { <p class="notice" role="alert">{t!(i18n, company.contact_mail_failed)}</p> })}
            <Show when=move || state.succeeded.get()>
                <p class="notice notice-ok" role="status">{t!(i18n, company.contact_sent)}</p>
            </Show>
            <ErrorSummary state/>
            <ActionForm action attr:novalidate=true attr:class="form">
                <p class="hint">{t!(i18n, company.contact_change_hint)}</p>
                <TextInput state field=contact_name autocomplete="off" optional=true
                    label=move || t_string!(i18n, company.contact_name).to_string()/>
                <TextInput state field=contact_email kind="email" autocomplete="off" optional=true
                    label=move || t_string!(i18n, company.contact_email).to_string()/>
                <div class="actions">
                    <button type="submit" class="button secondary" disabled=move || action.pending().get()>
                        {t!(i18n, company.contact_resend)}
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}
