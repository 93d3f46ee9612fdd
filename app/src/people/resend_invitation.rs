use crate::error::AppError;
use leptos::prelude::*;

/// Sends a pending invitation again with a new link; with `email`, to that corrected address
/// (the seed's "the user never answered: check the address used and resend").
#[server(endpoint = "resend_invitation")]
pub async fn resend_invitation(user_id: i64, email: Option<String>) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_domain::Capability;
    let values = vec![("email", email.clone().unwrap_or_default())];
    with_flash("resend_invitation", values, true, async move {
        let admin = user_who_can(Capability::AddUsers).await?;
        let state = state()?;
        let email = match email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            Some(e) => Some(state.config.email_policy.parse(e).map_err(|p| AppError::field("email", p))?),
            None => None,
        };
        let token = partnerhub_core::credentials::new_token();
        let new_email = email.as_ref().map(|e| e.as_str());
        let now = chrono::Utc::now();
        let to = state.store.resend_invitation(&admin, user_id, new_email, &token, now).await?;
        // The address is known once the invitation is found; a refused mail leaves the new
        // link unsent, and resending later works.
        state.store.claim_mail(admin.company_id, &to.email, "invitation", now).await?;
        let url = link(&state, &format!("/invitation?token={token}"));
        send_mail(&state, super::mail::invitation_mail(&to, &admin.full_name, &url)).await
    })
    .await
}
