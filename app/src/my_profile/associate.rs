use crate::error::AppError;
use leptos::prelude::*;

/// Associates the user's certification profile with their company (L-3, L-4, L-5), checked
/// against the provider; with `intent=check` it only answers whether a link may start now,
/// with the same answer the link would give. Wrong passwords are throttled per user and per
/// profile address (`access::provider_check_allowed`).
#[server(endpoint = "associate_profile")]
pub async fn associate_profile(email: String, password: String, #[server(default)] intent: Option<String>) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_core::provider::CertificationProvider;
    use partnerhub_domain::Problem;
    let only_check = intent.as_deref() == Some("check");
    let values = vec![("email", email.clone()), ("intent", intent.clone().unwrap_or_default())];
    with_flash("associate_profile", values, true, async move {
        let user = company_user().await?;
        let email = partnerhub_domain::email::parse_address(&email).map_err(|p| AppError::field("email", p))?;
        if password.is_empty() {
            return Err(AppError::field("password", Problem::Required));
        }
        let state = state()?;
        let now = chrono::Utc::now();
        let attempt = state.store.begin_credentials_check(user.id, &email, now).await?;
        let profile = state.provider().profile_by_credentials(&email, &password).await?.ok_or_else(|| AppError::form(Problem::ProviderCredentialsWrong))?;
        state.store.attempt_succeeded(attempt).await?;
        if only_check {
            state.store.may_link_now(&user, &profile.mcid, now).await?;
        } else {
            state.store.link_profile(&user, &profile.mcid, now).await?;
        }
        Ok(())
    })
    .await
}
