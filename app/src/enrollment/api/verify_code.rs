use crate::error::AppError;
use leptos::prelude::*;

/// Step 2: checks the emailed code (E-4).
#[server(endpoint = "verify_code")]
pub async fn verify_code(code: String) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_domain::{Step, VerificationCode};
    with_flash("verify_code", vec![], false, async move {
        let code = VerificationCode::parse(&code).map_err(|p| AppError::field("code", p))?;
        let state = state()?;
        let id = require_enrollment_id().await?;
        state.store.verify_code(&id, &code, &state.code_policy, chrono::Utc::now()).await?;
        leptos_axum::redirect(Step::Account.path());
        Ok(())
    })
    .await
}
