use crate::error::AppError;
use leptos::prelude::*;

/// "Send a new code", within E-4's limits.
#[server(endpoint = "resend_code")]
pub async fn resend_code() -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    with_flash("resend_code", vec![], true, async move {
        let state = state()?;
        let id = require_enrollment_id().await?;
        let code = partnerhub_core::credentials::new_code();
        let email = state.store.resend_code(&id, &code, &state.code_policy, chrono::Utc::now()).await?;
        let locale = request_locale().await;
        send_mail(&state, crate::enrollment::mail::code_mail(locale, &email, &code)).await
    })
    .await
}
