use crate::error::AppError;
use leptos::prelude::*;

/// Step 1: checks the work email (E-1 … E-3, E-5), starts the enrollment and emails a code (E-4).
#[server(endpoint = "start_enrollment")]
pub async fn start_enrollment(email: String) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_domain::Step;
    with_flash("start_enrollment", vec![("email", email.clone())], false, async move {
        let state = state()?;
        let email = state.config.email_policy.parse(&email).map_err(|p| AppError::field("email", p))?;
        let locale = request_locale().await;
        let code = partnerhub_core::credentials::new_code();
        let id = state.store.start_enrollment(&email, crate::text::locale_tag(locale), &code, &state.code_policy, chrono::Utc::now()).await?;
        send_mail(&state, crate::enrollment::mail::code_mail(locale, email.as_str(), &code)).await?;
        session().await?.insert(ENROLLMENT_KEY, id).await.map_err(|e| internal("session write", e))?;
        leptos_axum::redirect(Step::Code.path());
        Ok(())
    })
    .await
}
