use crate::error::AppError;
use leptos::prelude::*;

/// Partner University access (L-2) with its own credentials; when the same credentials open a
/// certification profile, "Use name@address" associates it later with one click (L-3). Wrong
/// passwords are throttled as for certification profiles.
#[server(endpoint = "university_access")]
pub async fn university_access(email: String, password: String) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_core::provider::CertificationProvider;
    use partnerhub_domain::Problem;
    with_flash("university_access", vec![("email", email.clone())], true, async move {
        let user = company_user().await?;
        let email = partnerhub_domain::email::parse_address(&email).map_err(|p| AppError::field("email", p))?;
        if password.is_empty() {
            return Err(AppError::field("password", Problem::Required));
        }
        let state = state()?;
        let attempt = state.store.begin_credentials_check(user.id, &email, chrono::Utc::now()).await?;
        let provider = state.provider();
        let account = provider.university_by_credentials(&email, &password).await?.ok_or_else(|| AppError::form(Problem::ProviderCredentialsWrong))?;
        state.store.attempt_succeeded(attempt).await?;
        let shared = provider.profile_by_credentials(&email, &password).await?.map(|p| p.mcid);
        state.store.link_university(&user, &account.email, shared.as_deref(), chrono::Utc::now()).await?;
        Ok(())
    })
    .await
}

/// "Remove access" for Partner University.
#[server(endpoint = "remove_university")]
pub async fn remove_university() -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    with_flash("remove_university", vec![], true, async move {
        let user = company_user().await?;
        state()?.store.remove_university(&user, chrono::Utc::now()).await?;
        Ok(())
    })
    .await
}

/// "Use name@address": associates the profile that shares the Partner University credentials.
#[server(endpoint = "associate_shared")]
pub async fn associate_shared() -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_domain::Problem;
    with_flash("associate_shared", vec![], true, async move {
        let user = company_user().await?;
        let state = state()?;
        let (_, shared) = state.store.university_link(user.id).await?.ok_or_else(|| AppError::form(Problem::NotLinked))?;
        let mcid = shared.ok_or_else(|| AppError::form(Problem::NoSharedProfile))?;
        state.store.link_profile(&user, &mcid, chrono::Utc::now()).await?;
        Ok(())
    })
    .await
}
